"""The MindSpore native loop's restart advice leads to a notebook that runs.

The page tells a reader short of memory to restart the kernel before the native loop, then
run again the cells of "Find the device" and "Prepare a data set", the first two cells of
"Fine-tune with a training API" and the `report` cell of "Measure on the test reviews".
This runs exactly that in a new kernel: those cells, then the native loop, which must
train without a name from the skipped Trainer cells.
"""

import re

import pytest

from checks import mindspore as checks
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.checks import figures
from finetune_docs.execution.tutorial import run_page

if not BACKENDS["mindspore"].available():
    pytest.skip(BACKENDS["mindspore"].missing_message(), allow_module_level=True)

# From the MindSpore prose after its first two cells (mode, one length) to the next section,
# and its test measurement: what the advice leaves out.
SKIPPED = [
    re.compile(r'<!-- #region tags=\["mindspore"\] -->\nLoad the model with a new \*classification head\*.*?'
               r"(?=\n\n## Measure on the test reviews)", re.S),
    re.compile(r'<!-- #region tags=\["mindspore"\] -->\nMeasure the trained model once.*?'
               r'(?=\n\n<!-- #region tags=\["pytorch"\] -->\n## Share your model)', re.S),
]


def after_restart(text: str) -> str:
    """The page without the MindSpore cells the advice does not name."""
    for section in SKIPPED:
        text, found = section.subn("", text, count=1)
        assert found, section.pattern
    return text


def test_the_native_loop_runs_after_a_restart(tmp_path, pytestconfig, execution_cache):
    page = layout.DOCS / layout.SOURCE_LANGUAGE / "index.md"
    run = run_page(page, "mindspore", tmp_path, timeout=pytestconfig.getoption("--cell-timeout"),
                   checks=checks.CHECKS, variant=after_restart, cache=execution_cache)
    sources = "\n".join(cell.source for cell, _ in run.cells if cell is not None)
    assert "trainer.train()" not in sources and "for epoch in range(num_epochs)" in sources
    failed = [(run.page.where(cell), result.status, result.error) for cell, result in run.cells
              if cell is not None and result.status != "ok"]
    assert failed == []
    result = run.checks[checks.NATIVE.name]
    assert result.status == "ok", f"{checks.NATIVE.name}: {result.error}"
    print(checks.NATIVE.name, figures(result.text))
