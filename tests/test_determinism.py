"""A replayed run is the truth only if the same code prints the same figures.

Per backend, the English page is executed afresh (never replayed, nothing stored) and must
print every figure of the run the other tests judged: that run was executed in this session
or replayed from an earlier one (on another day, from another clone), so this compares a
replay with the truth as well. What a figure is, and which numbers measure time instead:
``execution/determinism.py``. The same comparison, N runs at a time: ``nox -s determinism``.
"""

from __future__ import annotations

import pytest

from conftest import as_on_a_gpu, backend_checks, selected_backends
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.determinism import cell_figures, differences
from finetune_docs.execution.tutorial import run_page

pytestmark = pytest.mark.notebook


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", selected_backends(metafunc.config))


def test_a_fresh_run_prints_every_figure_of_the_run_the_tests_judged(backend, tutorial_runs, tmp_path, pytestconfig):
    if not BACKENDS[backend].available():
        pytest.skip(BACKENDS[backend].missing_message())
    page = layout.DOCS / layout.SOURCE_LANGUAGE / "index.md"
    judged = tutorial_runs(page, backend)
    if judged.failure:
        pytest.skip(f"the run the tests judged stopped ({judged.failure}): its failure is reported there")
    fresh = run_page(page, backend, tmp_path, timeout=pytestconfig.getoption("--cell-timeout"),
                     checks=backend_checks(backend).CHECKS, variant=as_on_a_gpu(backend))
    assert fresh.how == "executed" and not fresh.failure, fresh.failure
    assert differences(cell_figures(judged), cell_figures(fresh)) == [], (
        f"{page.relative_to(layout.ROOT)} [{backend}]: the same code printed other figures ({judged.how} run, "
        f"key {judged.key[:12]}, against a fresh one)")
