"""Every code cell of every page runs, per backend, and shows what the page says it shows.

One test per code cell, named after its page line, so a failure points at the page. The
cells of a (page, backend) pair run once, in one kernel, in order. One cause, one failure:
the cell (or check) that failed fails; every cell, check and push after it is skipped, "not
run because" that page line failed, never passed. pytest's summary (``-ra``) then shows one
FAILED line per cause and, under it, one SKIPPED line counting what it stopped. Checks prove
the run trained a model.
"""

from __future__ import annotations

import re

import pytest

from conftest import backend_checks, page_as_run, selected_backends, selected_pages
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.causes import raised_at
from finetune_docs.execution.checks import figures
from finetune_docs.execution.compare import difference, matches

pytestmark = pytest.mark.notebook


def _pairs(config):
    for page in selected_pages(config):
        for backend in selected_backends(config):
            yield page, backend


def pytest_generate_tests(metafunc):
    config = metafunc.config
    rel = lambda page: page.relative_to(layout.ROOT).as_posix()  # noqa: E731
    if "code_cell" in metafunc.fixturenames:
        params = [
            pytest.param(page, backend, cell, id=f"{backend}-{rel(page)}:{cell.line}")
            for page, backend in _pairs(config)
            for cell in page_as_run(page, backend).for_backend(backend) if cell.kind == "code"
        ]
        metafunc.parametrize(("page", "backend", "code_cell"), params)
    elif "check" in metafunc.fixturenames:
        params = [
            pytest.param(page, backend, check, id=f"{backend}-{rel(page)}-{check.name}")
            for page, backend in _pairs(config)
            for check in backend_checks(backend).CHECKS
        ]
        metafunc.parametrize(("page", "backend", "check"), params)
    elif "backend" in metafunc.fixturenames:
        params = [pytest.param(page, backend, id=f"{backend}-{rel(page)}") for page, backend in _pairs(config)]
        metafunc.parametrize(("page", "backend"), params)


@pytest.fixture
def run(page, backend, tutorial_runs):
    if not BACKENDS[backend].available():
        pytest.skip(BACKENDS[backend].missing_message())
    return tutorial_runs(page, backend)


def _not_run(result):
    # The same reason for every cell it stopped: pytest's summary counts them on one line.
    if result.status == "not-run":
        pytest.skip(result.error)


def test_setup_cells(run):
    """The cells the notebook adds before the page's (install, setup) have no page line to fail on."""
    for cell, result in run.cells:
        if cell is None:
            assert result.status in ("ok", "skipped"), f"{run.page.name}: {run.failure}\n{result.error}"


def test_cell(run, code_cell):
    result = run.result_for(code_cell)
    where = run.page.where(code_cell)
    _not_run(result)
    assert result.status == "ok", f"{where}: {result.status}{raised_at(result.error, run.places)}\n{result.error}"
    if code_cell.compared:
        numbers = code_cell.numbers_compared
        assert matches(code_cell.output, result.text, numbers=numbers), (
            f"{run.page.name}:{code_cell.output_line}: the output shown differs from the one printed\n"
            + difference(code_cell.output, result.text, numbers=numbers)
        )


def test_training_check(run, check):
    assert check.name not in run.missing_checks, (
        f"{run.page.name}: no cell matches /{check.anchor}/, so the check {check.name!r} cannot run"
    )
    result = run.checks[check.name]
    _not_run(result)
    assert result.status == "ok", f"{run.check_places[check.name]}: {result.status}\n{result.error}\n{result.text}"
    print(check.name, figures(result.text))


def test_every_report_draws_its_confusion_matrix(run):
    """The report a reader reads to tell whether training worked is a table and a plot: the plot is drawn."""
    reports = [(cell, result) for cell, result in run.cells
               if cell is not None and re.search(r"^report\(", cell.source, re.M)]
    assert reports, f"{run.page.name}: no cell of the {run.backend} part calls report()"
    for cell, result in reports:
        _not_run(result)
        images = [o for o in result.outputs if o.get("output_type") == "display_data"
                  and "image/png" in o.get("data", {})]
        assert len(images) == 1, f"{run.page.where(cell)}: report() drew {len(images)} plots, not one"


def test_pushed_to_hub(run):
    verify = getattr(backend_checks(run.backend), "verify_hub", None)
    if verify is None:
        pytest.skip(f"the {run.backend} part of the page pushes nothing to the Hub")
    pushes = re.compile(backend_checks(run.backend).PUSHED_BY)
    for cell, result in run.cells:
        if cell is not None and pushes.search(cell.source) and result.status != "ok":
            # That cell's own test (or the one that stopped the run) is the failure.
            pytest.skip(f"the push at {run.page.where(cell)} "
                        + (f"never ran because {run.failure}" if result.status == "not-run"
                           else f"ended with {result.status}"))
    print(verify(run.hub))


def test_runs_to_the_end_without_a_token(page, backend, tutorial_runs):
    """A reader with no Hugging Face account: every cell runs, and nothing is pushed."""
    verify = getattr(backend_checks(backend), "verify_hub", None)
    if verify is None:
        pytest.skip(f"the {backend} part of the page pushes nothing to the Hub, with or without a token")
    if not BACKENDS[backend].available():
        pytest.skip(BACKENDS[backend].missing_message())
    run = tutorial_runs(page, backend, token=False)
    # One failure per cause: a check that fails here and in the run with a token is reported by
    # test_training_check; the cells it stopped are not failures of this test.
    stopped_by = [name for name, result in run.checks.items() if result.status != "ok"]
    with_token = tutorial_runs(page, backend).checks
    if stopped_by and all(with_token.get(name) and with_token[name].status != "ok" for name in stopped_by):
        pytest.skip(f"the run without a token never reached its end because {run.failure}, as the run with one")
    failed = [f"{run.page.where(cell)}: {result.status}\n{result.error}" for cell, result in run.cells
              if result.status != "ok" and cell is not None]
    assert not failed, "\n".join(failed)
    with pytest.raises(AssertionError, match="nothing was pushed"):
        verify(run.hub)
