"""A failure is said in page lines: the cell, the check and the page cell it follows, the
traceback's lines; every cell after it names it as the reason it did not run."""

import inspect

import pytest

from finetune_docs.backends import BACKENDS
from finetune_docs.execution.causes import Place, first_failure, on_page
from finetune_docs.execution.checks import Check
from finetune_docs.execution.run import CellResult
from finetune_docs.execution.tutorial import run_page

PAGE = """# A page

```python
def collate(rows):
    assert rows, "no rows to collate"
    return rows
```

A pipeline that re-raises its worker's traceback as text, as MindSpore's dataset does:

```python
import traceback

try:
    collate([])
except AssertionError:
    raise RuntimeError(traceback.format_exc()) from None
```

```python
print("after")
```
"""


def x_is_2(x):
    assert x == 2, f"x is {x}"
    return {"x": x}


@pytest.fixture
def page(tmp_path):
    (tmp_path / "en").mkdir()
    path = tmp_path / "en" / "index.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_an_error_names_the_page_line_that_raised_it_and_stops_the_rest(page, tmp_path):
    run = run_page(page, "pytorch", tmp_path / "run", timeout=60)
    defining, calling, after = [run.result_for(cell) for cell, _ in run.cells if cell is not None]
    assert run.failure == f"{run.page.name}:11 ended with error (raised at {run.page.name}:5, in collate)"
    assert defining.status == "ok" and calling.status == "error"
    # Line 2 of the cell at line 3, reached through the worker's own traceback.
    assert f'File {run.page.name}:5, in collate' in calling.error
    assert f'File {run.page.name}:15, in <module>' in calling.error
    assert "Cell In[" not in calling.error and "ipykernel_" not in calling.error
    assert f"\n{run.page.name}:17\n" in calling.error, "IPython's frame of the calling cell"
    assert (after.status, after.error) == ("not-run", f"not run because {run.failure}")


def test_a_failed_check_names_the_page_line_it_follows(page, tmp_path):
    page.write_text(PAGE.replace("```python\ndef collate", "```python\nx = 1\n\n\ndef collate", 1), encoding="utf-8")
    check = Check("x-is-2", x_is_2, after=r"x = 1")
    run = run_page(page, "pytorch", tmp_path / "run", timeout=60, checks=[check])
    assert run.check_places == {"x-is-2": f"the check 'x-is-2' after {run.page.name}:3"}
    assert run.checks["x-is-2"].status == "error" and "x is 1" in run.checks["x-is-2"].error
    # The check's own frames are said in its file's lines.
    raising = inspect.getsourcelines(x_is_2)[1] + 1
    assert f"tests/execution/test_execution_causes.py:{raising}" in run.checks["x-is-2"].error
    assert "Cell In[" not in run.checks["x-is-2"].error
    assert run.failure == (f"the check 'x-is-2' after {run.page.name}:3 ended with error "
                           f"(raised at tests/execution/test_execution_causes.py:{raising}, in x_is_2)")
    assert [r.status for _, r in run.cells] == ["skipped", "ok", "not-run", "not-run"]
    assert {r.error for _, r in run.cells[2:]} == {f"not run because {run.failure}"}


def test_positions_off_the_page_stay_as_they_are():
    places = [Place("the notebook's setup cell"), Place("docs/en/index.md:7", ("docs/en/index.md:8",
                                                                          "docs/en/index.md:9", "docs/en/index.md:10"))]
    results = [CellResult(0, "ok"), CellResult(1, "error")]
    text = "Cell In[1], line 2\nCell In[2], line 3\nCell In[9], line 1"
    assert on_page(text, places, ["import os", "1 / 0"], results) == (
        "Cell In[1], line 2\ndocs/en/index.md:10\nCell In[9], line 1")
    assert first_failure(results, places) == "docs/en/index.md:7 ended with error"
    assert first_failure([CellResult(0, "skipped"), CellResult(1, "ok")], places) == ""


COLLATED = """# A page

```python
import mindspore as ms
import numpy as np


def collate(features, batch_info):
    return {"x": np.stack([f["x"] for f in features]) + features[0]["missing"]}
```

```python
data = ms.dataset.GeneratorDataset([({"x": np.zeros(2)},) for _ in range(4)], column_names="item")
data = data.batch(batch_size=2, per_batch_map=collate)
for batch in data.create_dict_iterator(num_epochs=1, output_numpy=True):
    pass
```
"""


def test_a_mindspore_collator_error_names_the_collators_line(tmp_path):
    if not BACKENDS["mindspore"].available():
        pytest.skip(BACKENDS["mindspore"].missing_message())
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.md").write_text(COLLATED, encoding="utf-8")
    run = run_page(tmp_path / "en" / "index.md", "mindspore", tmp_path / "run", timeout=120)
    # MindSpore's pipeline re-raises the collator's error from the loop's cell, its traceback as text.
    assert run.failure == f"{run.page.name}:12 ended with error (raised at {run.page.name}:9, in collate)"
    assert "ipykernel_" not in run.cells[-1][1].error
