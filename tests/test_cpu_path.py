"""The CPU path (`CPU_PATH = True`) runs every cell and still trains, in the PyTorch notebook.

The tutorial test runs the page as written, where PyTorch's `CPU_PATH` is False; MindSpore's
is True there, so its tutorial test covers that path. This runs PyTorch's with it on.
"""

import pytest

from checks import pytorch as checks
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.checks import figures
from finetune_docs.execution.tutorial import run_page

pytestmark = pytest.mark.notebook
OFF = 'CPU_PATH = False  # True:'

if not BACKENDS["pytorch"].available():
    pytest.skip(BACKENDS["pytorch"].missing_message(), allow_module_level=True)


def cpu_path(text: str) -> str:
    """The page with PyTorch's CPU_PATH cell switched on (the first such cell is PyTorch's)."""
    return text.replace(OFF, 'CPU_PATH = True  # True:', 1)


def test_the_cpu_path_runs_and_trains(tmp_path, pytestconfig, execution_cache):
    page = layout.DOCS / layout.SOURCE_LANGUAGE / "index.md"
    run = run_page(page, "pytorch", tmp_path, timeout=pytestconfig.getoption("--cell-timeout"),
                   checks=checks.CHECKS, variant=cpu_path, cache=execution_cache)
    failed = [(run.page.where(cell), result.status, result.error) for cell, result in run.cells
              if cell is not None and result.status != "ok"]
    assert failed == []
    steps = next(result.text for cell, result in run.cells if cell is not None and "num_training_steps\n" in
                 cell.source + "\n" and "get_scheduler" in cell.source)
    assert steps.strip() == "126", f"the CPU path is not 500 reviews for 2 epochs in batches of 8: {steps}"
    for check in checks.CHECKS:
        result = run.checks[check.name]
        assert result.status == "ok", f"{check.name}: {result.error}\n{result.text}"
        print(check.name, figures(result.text))
