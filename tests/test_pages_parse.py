"""Reading pages: cells, tags, outputs and line numbers; clear errors for broken pages."""

from pathlib import Path

import jupytext
import pytest

from finetune_docs import layout
from finetune_docs.pages import PageError, read, reads
from finetune_docs.report import ProblemError

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


@pytest.mark.parametrize("language", layout.languages())
def test_jupytext_reads_the_same_cells_from_the_real_pages(language):
    """The pages stay in jupytext's format: what jupytext makes of them, the reader makes too."""
    for path in layout.pages(language):
        text = path.read_text(encoding="utf-8")
        ours = read(path).cells
        theirs = jupytext.reads(text, fmt="md").cells
        assert [(c.source, tuple(c.metadata.get("tags", ()))) for c in theirs if c.cell_type == "code"] == [
            (c.source, c.tags) for c in ours if c.kind == "code"]
        # jupytext leaves an ```output block in the Markdown cell after it; the reader gives it to its code cell.
        outputs = {f"```output\n{c.output}\n```" for c in ours if c.output is not None}
        prose = [c.source for c in theirs if c.cell_type == "markdown"]
        prose = [s for text in prose for s in [_without(text, outputs)] if s]
        assert prose == [c.source for c in ours if c.kind == "markdown"], path


def _without(text: str, outputs: set[str]) -> str:
    for output in outputs:
        if text.startswith(output):
            return text[len(output):].strip("\n")
    return text


@pytest.mark.parametrize(
    "fence",
    ["```python", "```py", "```python3", "```ipython3", "~~~python", "````python", "~~~~~py"],
)
def test_code_fences_of_either_kind_any_length_and_every_python_name_are_code(fence):
    close = fence[: len(fence) - len(fence.lstrip("`~"))]
    page = reads(f"# T\n\n{fence}\nx = 1\n{close}\n\n{close[0] * 3}output\n1\n{close[0] * 3}\n", "p.md")
    assert [(c.kind, c.source, c.line, c.end, c.output, c.output_line) for c in page.cells] == [
        ("markdown", "# T", 1, None, None, None), ("code", "x = 1", 3, 5, "1", 7)]


def test_a_closing_fence_follows_commonmark():
    # A shorter run, or one with an info string, does not close; a longer one does.
    page = reads("# T\n\n````python\n```\n```output\n`````\n", "p.md")
    assert [c.source for c in page.cells if c.kind == "code"] == ["```\n```output"]


def test_only_the_exact_output_info_string_is_an_output():
    page = reads("# T\n\n```python\nx\n```\n\n```outputs\nnot ours\n```\n", "p.md")
    assert page.cells[1].output is None and "```outputs" in page.cells[2].source


def test_other_languages_are_prose():
    page = reads("# T\n\n```bash\npip install x\n```\n", "p.md")
    assert [c.kind for c in page.cells] == ["markdown"]


def test_a_bom_and_crlf_line_endings_keep_the_line_numbers():
    text = "\ufeff# T\r\n\r\nProse.\r\n\r\n```python\r\nx = 1\r\n```\r\n"
    page = reads(text, "p.md")
    assert [(c.kind, c.source, c.line) for c in page.cells] == [("markdown", "# T\n\nProse.", 1), ("code", "x = 1", 5)]


def test_doc_builder_components_are_prose_and_their_fences_code():
    text = ("# T [[t]]\n\n[[open-in-colab]]\n\n<frameworkcontent>\n<pt>\n```py\n>>> x = 1\n```\n</pt>\n"
            "</frameworkcontent>\n")
    assert [c.kind for c in reads(text, "p.md", "jupytext").cells] == ["markdown"], \
        "CommonMark reads the fence into the HTML block of <pt>"
    page = reads(text, "p.md", "doc-builder")
    assert [(c.kind, c.line) for c in page.cells] == [("markdown", 1), ("code", 7), ("markdown", 10)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# T\n\n```python\nx = 1\n", 3, "this code fence is never closed"),
        ("# T\n\n```python\nx = 1\n\nProse.\n\n```python\ny = 2\n```\n", 3,
         "this code fence is not closed before line 8 opens another"),
        ("# T\n\n```python\nx = 1\n```\n\n```output\n1\n\n## Next\n\n```python\ny\n```\n", 7,
         "this code fence is not closed before line 12 opens another"),
        ("# T\n\n<!-- #region -->\nprose\n", 3, "no <!-- #endregion -->"),
        ("# T\n\n<!-- #endregion -->\n", 3, "without a #region"),
        ('# T\n\n```python tags=["pytroch"]\nx = 1\n```\n', 3, "unknown tag"),
        ('# T\n\n```python tags=["site-only"]\nx = 1\n```\n', 3, "a code cell cannot be 'site-only'"),
        ("# T\n\n```output\n2\n```\n", 3, "must follow a code cell"),
        ("# T\n\nIt's pr√©-treinado.\n", 3, "mojibake"),
        ("# T\n\nEl n√∫mero.\n", 3, "mojibake: 'El n√∫mero.' -> 'El número.'"),
        ("\n \n", 1, "empty file"),
    ],
)
def test_broken_pages_name_file_and_line(text, line, message):
    with pytest.raises(PageError, match=message) as raised:
        reads(text, "docs/xx/broken.md")
    assert str(raised.value).startswith(f"docs/xx/broken.md:{line}: ")


def test_every_problem_of_a_page_is_reported():
    text = "# T\n\nUse [`Trainr`].\n\n```python tags=[\"pytroch\"]\nx\n```\n\nEl n√∫mero.\n"
    with pytest.raises(PageError) as raised:
        reads(text, "p.md")
    assert [(p.line, p.message.split()[0]) for p in raised.value.problems] == [
        (3, "[`Trainr`]"), (5, "unknown"), (9, "mojibake:")]


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"# T\n\nline two\ncaf\xe9\n")
    with pytest.raises(ProblemError, match=r"page\.md:4: not UTF-8 \(byte 0xe9\); it looks like cp1252"):
        read(path)


FIXTURES = Path(__file__).parent / "fixtures"
STEPS = FIXTURES / "doc-builder" / "steps.en.md"


def test_doc_builder_code_in_numbered_steps_and_block_quotes_is_read_at_its_lines():
    text = STEPS.read_text(encoding="utf-8")
    lines = text.splitlines()
    code = [c for c in reads(text, "steps.md", "doc-builder").cells if c.kind == "code"]
    assert [lines[c.line - 1].strip() for c in code] == ["```py", "```py", "```py", "> ```py", "```pycon"]
    assert code[1].source == '>>> tokenized_datasets = tokenized_datasets.rename_column("label", "labels")', \
        "the list item's indentation is not part of the code"
    assert code[3].source.splitlines()[0] == '>>> tokenized_datasets["train"].column_names', "nor the quote's >"
    assert [lines[c.end - 1].strip() for c in code] == ["```", "```", "```", "> ```", "```"]


def test_the_jupytext_dialect_keeps_jupytexts_rule_for_nested_fences():
    text = ("# T\n\n1. Step:\n\n    ```python\n    x = 1\n    ```\n\n> ```python\n> y = 2\n> ```\n\n"
            "```python\nz = 3\n```\n")
    ours = [c.source for c in reads(text, "p.md").cells if c.kind == "code"]
    assert ours == [c.source for c in jupytext.reads(text, fmt="md").cells if c.cell_type == "code"] == ["z = 3"]


def test_a_fence_left_open_in_a_numbered_step_is_reported():
    lines = STEPS.read_text(encoding="utf-8").splitlines()
    del lines[14]  # the closing fence of step 1
    with pytest.raises(PageError, match="this code fence is never closed") as raised:
        reads("\n".join(lines) + "\n", "steps.md", "doc-builder")
    assert str(raised.value).startswith("steps.md:13: ")


def test_an_info_strings_first_word_decides_and_python_out_is_the_courses_output():
    text = "# T\n\n```py title=\"train.py\"\nx = 1\n```\n\n```python out\n1\n```\n\n```pycon\n>>> y\n```\n"
    course = reads(text, "p.mdx", "course")
    assert [(c.kind, c.source, c.output) for c in course.cells if c.kind == "code"] == [
        ("code", "x = 1", "1"), ("code", ">>> y", None)]
    plain = "# T\n\n```python\nx = 1\n```\n\n```python out\n1\n```\n"
    jupytext_cells = [c.source for c in reads(plain, "p.md").cells if c.kind == "code"]
    assert jupytext_cells == ["x = 1", "1"], "in the project's dialect a python fence is code, as jupytext has it"
    assert jupytext_cells == [c.source for c in jupytext.reads(plain, fmt="md").cells if c.cell_type == "code"]
    doc_builder = reads(text, "p.md", "doc-builder")
    assert [c.source for c in doc_builder.cells if c.kind == "code"] == ["x = 1", "1", ">>> y"]


def test_the_course_layout_is_detected_and_its_outputs_belong_to_their_cells():
    page = read(FIXTURES / "course" / "pipeline.en.mdx", None)
    assert [(c.line, c.output) for c in page.cells if c.kind == "code"] == [
        (13, "tensor([[ 101, 1045, 2293, 2023, 2607,  102]])"), (27, "{0: 'NEGATIVE', 1: 'POSITIVE'}")]
