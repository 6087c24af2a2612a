"""Each executed cell is placed: its page cell and line, the notebook's added cells, a check by its anchor."""

from pathlib import Path

from finetune_docs.backends import get
from finetune_docs.execution import checks, placing
from finetune_docs.execution.run import CellResult
from finetune_docs.notebooks.make import make
from finetune_docs.pages import reads

PAGE = """# A page

```python
x = 40
```

Prose.

```python
print(x + 2)
```
"""


def x_is_40(x):
    assert x == 40
    return {"x": x}


CHECK = checks.Check(name="x-is-40", function=x_is_40, after=r"x = 40")


def test_page_cells_added_cells_and_checks_are_placed_in_page_lines():
    page = reads(PAGE, "docs/en/p.md")
    notebook = make(page, get("pytorch"), Path("p.ipynb"))
    assert checks.insert(notebook, [CHECK]) == []
    results = [CellResult(i, "ok") for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    placed = placing.place(page, "pytorch", notebook, results, [CHECK])
    code = [c for c in page.cells if c.kind == "code"]
    page_cells = [o for o in placed.origins if o is not None and not isinstance(o, str)]
    assert page_cells == code
    names = [p.name for p in placed.places]
    assert names[placed.origins.index(code[0])].endswith("p.md:3")
    assert names[placed.origins.index(code[1])].endswith("p.md:9")
    check = names[placed.origins.index("x-is-40")]
    assert "x-is-40" in check and "p.md:3" in check, check
    assert all(p.startswith("the notebook's") for o, p in zip(placed.origins, names, strict=True) if o is None)
