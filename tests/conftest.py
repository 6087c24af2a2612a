"""Options and shared fixtures: which backends and languages run, and their runs."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.execution import network
from finetune_docs.execution.checks import figures
from finetune_docs.execution.run import CELL_TIMEOUT


def pytest_addoption(parser):
    group = parser.getgroup("tutorial")
    group.addoption("--backend", action="append", default=[], choices=sorted(BACKENDS),
                    help="run this backend's notebooks (repeatable); default: all, and those not installed "
                         "here are skipped, naming the nox session that runs them")
    group.addoption("--language", action="append", default=[],
                    help="run this language's pages (repeatable); default: all")
    group.addoption("--cell-timeout", type=int, default=CELL_TIMEOUT,
                    help="seconds one cell may run before it fails (default %(default)s)")
    group.addoption("--loopback-only", action="store_true",
                    help="refuse to run unless this process's only network interface is loopback (the nox "
                         "backend sessions run pytest in such a namespace and pass this)")
    group.addoption("--cache-dir", default=str(layout.executions_folder()),
                    help=f"where executed runs are kept and replayed from (default: ${CACHE_VARIABLE}, "
                         "else .cache/executions/ in the repository)")
    group.addoption("--no-cache", action="store_true",
                    help="execute every run, neither replaying nor storing any (languages whose code is "
                         "equal still share one run)")
    site = parser.getgroup("site")
    site.addoption("--site", default=None,
                   help="a built site (mkdocs build) to check in Chromium: runs tests/browser, which are "
                        "not collected without it (nox -s site_browser builds the site and passes it)")
    site.addoption("--screenshots", default="artifacts/screenshots",
                   help="where the browser tests save their screenshots (default %(default)s)")


CACHE_VARIABLE = layout.EXECUTIONS_VARIABLE


def pytest_configure(config):
    if config.getoption("--loopback-only") and not network.loopback_only():
        raise pytest.UsageError(
            f"--loopback-only: this process has network interfaces {', '.join(network.interfaces())}; run pytest "
            "through nox (it makes a loopback-only namespace), or drop --loopback-only")


def pytest_report_header(config):
    if network.loopback_only():
        return "network: loopback only (a namespace with no other interface): no connection or DNS query leaves"
    return ("network: NOT loopback only: kernels' sockets are guarded (pytest-socket) but DNS queries can leave; "
            "the nox sessions run pytest in a loopback-only namespace")


def pytest_ignore_collect(collection_path, config):
    # The browser tests need a built site and Chromium; nox's site_browser session has both.
    if collection_path.name == "browser" and not config.getoption("--site"):
        return True
    return None


def notebook(install="%pip install x==1", *sources, backend="pytorch"):
    """A small notebook as the reader's tests need one: a title, an install cell, then ``sources``."""
    from finetune_docs.notebooks.make import INSTALL_TAG

    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# Title")]
    if install is not None:
        cells.append(v4.new_code_cell(install, metadata={"tags": [INSTALL_TAG]}))
    made = v4.new_notebook(cells=cells + [v4.new_code_cell(source) for source in sources])
    made.metadata["finetune_docs"] = {"backend": backend}
    return made


def selected_backends(config) -> list[str]:
    """The backends asked for; without --backend, all (those not installed are skipped)."""
    return config.getoption("--backend") or list(BACKENDS)


def selected_pages(config) -> list:
    languages = config.getoption("--language") or layout.languages()
    return [page for language in languages for page in layout.pages(language)]


def backend_checks(backend: str):
    return importlib.import_module(f"checks.{backend}")


@pytest.fixture(scope="session")
def execution_cache(pytestconfig):
    """The session's execution cache (``--cache-dir``, or none with ``--no-cache``): the tutorial's runs and
    the page variants' (CPU path, PyNative mode, restart) replay from it when their inputs are unchanged."""
    # Imported here: it needs the ML stack, which the browser tests' environment lacks.
    from finetune_docs.execution.cache.executions import ExecutionCache

    folder = None if pytestconfig.getoption("--no-cache") else Path(pytestconfig.getoption("--cache-dir"))
    pytestconfig.stash[CACHE] = cache = ExecutionCache(folder)
    return cache


@pytest.fixture(scope="session")
def tutorial_runs(tmp_path_factory, pytestconfig, execution_cache):
    """Runs of (page, backend), made on first use and shared by every test that needs them."""
    runs = {}
    from finetune_docs.execution.tutorial import run_page

    def get(page, backend, *, token=True):
        """The run of (page, backend); ``token=False``: a reader's run without a Hugging Face token."""
        key = (page, backend, token)
        if key not in runs:
            workdir = tmp_path_factory.mktemp(f"{layout.language_of(page)}-{backend}" + ("" if token else "-no-token"))
            runs[key] = run_page(page, backend, workdir, timeout=pytestconfig.getoption("--cell-timeout"),
                                 checks=backend_checks(backend).CHECKS, cache=execution_cache,
                                 env=None if token else NO_TOKEN, variant=as_on_a_gpu(backend))
            pytestconfig.stash.setdefault(RUNS, []).append(runs[key])
        return runs[key]

    return get


GPU_CHOICE = re.compile(r'^CPU_PATH = (?:device\.type == "cpu"|not gpus)(?=  #)', re.M)
"""The device cell's choice of recipe, which a reader may overwrite with True or False."""


def as_on_a_gpu(backend: str):
    """How the tutorial tests run the page: as a reader on the GPU it asks for, who gets the full
    recipe (``CPU_PATH = False``, the reader's own override), so that its outputs are the page's.
    MindSpore's page is for a CPU: as written. tests/test_cpu_path.py runs PyTorch's as written."""
    if backend == "mindspore":
        return None
    return lambda text: GPU_CHOICE.sub("CPU_PATH = False", text)


def page_as_run(page: Path, backend: str):
    """The page as the tutorial tests run it for ``backend`` (:func:`as_on_a_gpu`), whose cells
    are those of the run."""
    from finetune_docs.pages import read, reads

    variant = as_on_a_gpu(backend)
    return read(page) if variant is None else reads(variant(page.read_text(encoding="utf-8")), page)


NO_TOKEN = {"HF_TOKEN": ""}
"""huggingface_hub reads an empty HF_TOKEN as no token; HF_HOME is the run's own, with no saved one."""
RUNS = pytest.StashKey[list]()
CACHE = pytest.StashKey[object]()
HOW = {"executed": "executed", "shared": "shared the run of", "replayed": "replayed the run of"}


def pytest_terminal_summary(terminalreporter, config):
    runs = config.stash.get(RUNS, [])
    if runs:
        cache = config.stash[CACHE]
        where = f"cache {cache.folder}" if cache.folder else "no cache (--no-cache)"
        terminalreporter.section(f"tutorial runs ({where})")
        for run in runs:
            ok = sum(r.status == "ok" for _, r in run.cells)
            how = HOW[run.how] + (f" {run.origin}" if run.how != "executed" else "")
            terminalreporter.write_line(
                f"{run.page.name} [{run.backend}]: {how}, key {run.key[:12]}, {run.seconds:.1f} s, "
                f"{run.cells_executed} cells executed, {ok}/{len(run.cells)} code cells ok"
            )
            if run.failure:
                terminalreporter.write_line(f"    stopped: {run.failure}; every cell after it was not run", red=True)
            for name, result in run.checks.items():
                terminalreporter.write_line(f"    {name}: {result.status} {figures(result.text)}")
        for problem in cache.problems:
            terminalreporter.write_line(problem, yellow=True)


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.config.get_terminal_writer().line(
            "no tests were collected: a backend session must run its notebooks; check the "
            "arguments given after `--` and that docs/<language>/*.md exist", red=True,
        )
