"""Reading pages: cells, tags, outputs and line numbers; clear errors for broken pages."""

import pytest

from finetune_docs import layout
from finetune_docs.pages import PageError, read, reads

PAGE = """# Title

Shared prose.

```python
print(1 + 1)
```

```output
2
```

<!-- #region tags=["pytorch"] -->
Only for PyTorch.
<!-- #endregion -->

```python tags=["pytorch", "hub-output"]
print("real data")
```

```output
whatever the Hub has
```

The end.
"""


def test_cells_carry_kind_tags_outputs_and_lines():
    page = reads(PAGE, "page.md")
    summary = [(c.kind, c.tags, c.line, c.output, c.output_line) for c in page.cells]
    assert summary == [
        ("markdown", (), 1, None, None),
        ("code", (), 5, "2", 9),
        ("markdown", ("pytorch",), 14, None, None),
        ("code", ("pytorch", "hub-output"), 17, "whatever the Hub has", 21),
        ("markdown", (), 25, None, None),
    ]
    assert page.title == "Title"
    assert [(c.compared, c.numbers_compared) for c in page.cells if c.kind == "code"] == [(True, True), (True, False)]


def test_backend_filtering_keeps_shared_cells():
    page = reads(PAGE, "page.md")
    assert [c.line for c in page.for_backend("pytorch")] == [1, 5, 14, 17, 25]
    assert [c.line for c in page.for_backend("elsewhere")] == [1, 5, 25]


@pytest.mark.parametrize("language", layout.languages())
def test_every_cell_of_the_real_pages_points_at_its_line(language):
    for path in layout.pages(language):
        lines = path.read_text(encoding="utf-8").splitlines()
        for cell in read(path).cells:
            line = lines[cell.line - 1]
            if cell.kind == "code":
                assert line.startswith("```python"), f"{path}:{cell.line}"
            else:
                assert line.strip() == cell.source.splitlines()[0].strip(), f"{path}:{cell.line}"
            if cell.output is not None:
                assert lines[cell.output_line - 1] == "```output"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# T\n\n```python\nx = 1\n", 3, "never closed"),
        ("# T\n\n<!-- #region -->\nprose\n", 3, "no <!-- #endregion -->"),
        ("# T\n\n<!-- #endregion -->\n", 3, "without a #region"),
        ('# T\n\n```python tags=["pytroch"]\nx = 1\n```\n', 3, "unknown tag"),
        ("# T\n\n```output\n2\n```\n", 3, "must follow a code cell"),
        ("# T\n\nIt's pr√©-treinado.\n", 3, "mojibake"),
    ],
)
def test_broken_pages_name_file_and_line(text, line, message):
    with pytest.raises(PageError, match=message) as raised:
        reads(text, "docs/xx/broken.md")
    assert str(raised.value).startswith(f"docs/xx/broken.md:{line}: ")


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"# T\n\nline two\ncaf\xe9\n")
    with pytest.raises(PageError, match=r"page\.md:4: not valid UTF-8"):
        read(path)
