"""Pages whose code is equal share one execution; each pairs the results with its own cells."""

import pytest

from finetune_docs.execution.cache.executions import ExecutionCache
from finetune_docs.execution.checks import Check
from finetune_docs.execution.tutorial import run_page

ENGLISH = """# A page

Some prose.

```python
x = 40  # the answer, nearly
```

More prose, then a printed value.

```python
print(x + 2)
```

```output
42
```
"""
SPANISH = ENGLISH.replace("Some prose.", "Texto.\n\n> [!NOTE]\n> **Nota.** Más texto.").replace(
    "the answer, nearly", "casi la respuesta").replace("More prose, then a printed value.", "Más texto.")


def x_is_40(x):
    assert x == 40
    return {"x": x}


CHECK = Check(name="x-is-40", function=x_is_40, after=r"x = 40")


@pytest.fixture
def pages(tmp_path):
    for language, text in (("en", ENGLISH), ("es", SPANISH)):
        (tmp_path / language).mkdir()
        (tmp_path / language / "index.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_translation_shares_the_run_and_judges_its_own_cells(pages, tmp_path):
    cache = ExecutionCache(None)
    english = run_page(pages / "en" / "index.md", "pytorch", tmp_path / "run-en", timeout=60, checks=[CHECK],
                       cache=cache)
    spanish = run_page(pages / "es" / "index.md", "pytorch", tmp_path / "run-es", timeout=60, checks=[CHECK],
                       cache=cache)
    assert (english.how, english.cells_executed) == ("executed", 3)
    assert (spanish.how, spanish.origin, spanish.cells_executed, spanish.key) == (
        "shared", english.page.name, 0, english.key)
    printed = [cell for cell in spanish.page.cells if cell.kind == "code"][1]
    assert spanish.page.where(printed) != english.page.where(
        [cell for cell in english.page.cells if cell.kind == "code"][1])
    assert spanish.result_for(printed).text == "42\n"
    assert spanish.checks["x-is-40"].status == "ok" and '"x": 40' in spanish.checks["x-is-40"].text
    assert spanish.hub.root == tmp_path / "run-es" / "hub"


def test_a_translation_whose_code_differs_runs_on_its_own(pages, tmp_path):
    (pages / "es" / "index.md").write_text(SPANISH.replace("x + 2", "x + 3"), encoding="utf-8")
    cache = ExecutionCache(None)
    run_page(pages / "en" / "index.md", "pytorch", tmp_path / "run-en", timeout=60, cache=cache)
    spanish = run_page(pages / "es" / "index.md", "pytorch", tmp_path / "run-es", timeout=60, cache=cache)
    assert spanish.how == "executed"
    assert spanish.cells[-1][1].text == "43\n"
