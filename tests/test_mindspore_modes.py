"""The MindSpore part also runs, and trains, operation by operation (PyNative mode).

The page teaches graph mode, which the tutorial test runs. Readers debugging a model
switch to PyNative, where MindSpore dispatches other kernels (the CPU stand-ins for
mint's layers differ by mode), so the same cells run once more in that mode.
"""

import pytest

from checks import mindspore as checks
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.checks import figures
from finetune_docs.execution.tutorial import run_page

if not BACKENDS["mindspore"].available():
    pytest.skip(BACKENDS["mindspore"].missing_message(), allow_module_level=True)


def pynative(text: str) -> str:
    return text.replace("mode=ms.GRAPH_MODE", "mode=ms.PYNATIVE_MODE")


def test_english_page_trains_in_pynative_mode(tmp_path, pytestconfig, execution_cache):
    page = layout.DOCS / layout.SOURCE_LANGUAGE / "index.md"
    run = run_page(page, "mindspore", tmp_path, timeout=pytestconfig.getoption("--cell-timeout"),
                   checks=checks.CHECKS, variant=pynative, cache=execution_cache)
    failed = [(run.page.where(cell), result.status, result.error) for cell, result in run.cells
              if cell is not None and result.status != "ok"]
    assert failed == []
    for check in checks.CHECKS:
        result = run.checks[check.name]
        assert result.status == "ok", f"{check.name}: {result.error}"
        print(check.name, figures(result.text))
    print(f"PyNative run: {run.seconds:.1f} s")
