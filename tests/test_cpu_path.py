"""The PyTorch page as written, on this CPU machine: the device cell finds no GPU and takes the
CPU path, and every cell runs and still trains.

The tutorial tests run the page as a reader on a GPU gets it (conftest's ``as_on_a_gpu``);
MindSpore's page is for a CPU, so its tutorial test covers that path. This runs PyTorch's
device cell as it is, so its CPU branch decides.
"""

import pytest

from checks import pytorch as checks
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.checks import figures
from finetune_docs.execution.tutorial import run_page

pytestmark = pytest.mark.notebook

if not BACKENDS["pytorch"].available():
    pytest.skip(BACKENDS["pytorch"].missing_message(), allow_module_level=True)


def test_without_a_gpu_the_device_cell_takes_the_cpu_path_which_runs_and_trains(tmp_path, pytestconfig,
                                                                                 execution_cache):
    page = layout.DOCS / layout.SOURCE_LANGUAGE / "index.md"
    run = run_page(page, "pytorch", tmp_path, timeout=pytestconfig.getoption("--cell-timeout"),
                   checks=checks.CHECKS, cache=execution_cache)
    failed = [(run.page.where(cell), result.status, result.error) for cell, result in run.cells
              if cell is not None and result.status != "ok"]
    assert failed == []
    device = next(result.text for cell, result in run.cells if cell is not None and "torch.backends.mps" in cell.source)
    assert device.strip() == "device: cpu, CPU path, fp32", device
    steps = next(result.text for cell, result in run.cells if cell is not None
                 and cell.source.startswith("TRAIN_ROWS, "))
    assert steps.strip() == "500 training reviews of up to 96 tokens, 2 epochs: 126 training steps", steps
    for check in checks.CHECKS:
        result = run.checks[check.name]
        assert result.status == "ok", f"{check.name}: {result.error}\n{result.text}"
        print(check.name, figures(result.text))
