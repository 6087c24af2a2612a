"""Run one page's notebook for one backend against fresh offline stand-ins.

Each run gets its own copy of the stand-in repositories behind its own loopback Hub, its
own ``HF_HOME`` and its own working directory, so that runs cannot see each other's
downloads, pushes or checkpoints. Cells run through an :class:`ExecutionCache`: the
notebook of a page whose code equals another's (a translation's) is executed once, and
each page gets that run's results and pushes in its own folder.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..backends import get
from ..hub.server import LoopbackHub
from ..hub.storage import Storage
from ..notebooks.make import make
from ..pages import Cell, Page, read, reads
from ..standins import FILES
from . import causes, placing
from . import checks as checks_module
from .cache.executions import ExecutionCache
from .environment import kernel_environment
from .run import CellResult


@dataclass
class TutorialRun:
    page: Page
    backend: str
    cells: list[tuple[Cell | None, CellResult]]
    """Each executed code cell with the page cell it came from (None for the install and
    setup cells the notebook adds)."""
    checks: dict[str, CellResult]
    missing_checks: list[str]
    hub: Storage
    workdir: Path
    seconds: float
    how: str = "executed"
    """"executed", "shared" (another page's run in this process) or "replayed" (from the cache)."""
    key: str = ""
    origin: str = ""
    """The page the shared or replayed run was executed for."""
    cells_executed: int = 0
    failure: str = ""
    """Where the run stopped, in page lines (``docs/en/index.md:176 ended with error``); empty
    when every cell passed. Each cell after it is "not run because" of it."""
    check_places: dict[str, str] = field(default_factory=dict)
    """Each check that ran, by name: how it is named, with the page line it runs after or before."""
    places: list[causes.Place] = field(default_factory=list)
    """Where each executed cell is, in order (``causes.raised_at`` reads them)."""

    def result_for(self, cell: Cell) -> CellResult:
        for page_cell, result in self.cells:
            if page_cell == cell:
                return result
        raise KeyError(f"{self.page.where(cell)} was not part of the run")


def run_page(page_path: Path, backend_name: str, workdir: Path, *, timeout: int,
             checks: Sequence[checks_module.Check] = (), variant=None,
             cache: ExecutionCache | None = None, env: dict[str, str] | None = None) -> TutorialRun:
    """Run the page's notebook for ``backend_name``; ``variant``, if given, rewrites the
    page's text first (to run it in another mode, say), and must change it; ``env`` adds
    to or overrides the kernel's environment (``HF_TOKEN=""``: a reader without a token).
    Without a ``cache``, the cells are executed."""
    backend = get(backend_name)
    page = read(page_path)
    if variant is not None:
        text = Path(page_path).read_text(encoding="utf-8")
        changed = variant(text)
        if changed == text:
            raise ValueError(f"{page.name}: the variant changes nothing; the page no longer has what it replaces")
        page = reads(changed, page.path)
    workdir = Path(workdir)
    hub_root, home, cwd = workdir / "hub", workdir / "home", workdir / "cwd"
    shutil.copytree(FILES, hub_root)
    cwd.mkdir(parents=True)
    notebook = make(page, backend, Path("notebook.ipynb"))
    missing = checks_module.insert(notebook, list(checks))
    start = time.perf_counter()
    with LoopbackHub(hub_root) as hub:
        kernel_env = kernel_environment(hub.endpoint, home, backend.kernel_env | (env or {}))
        done = (cache or ExecutionCache()).execute(
            notebook, cwd=cwd, env=kernel_env, timeout=timeout, keep=hub_root, origin=page.name,
            placeholders={"endpoint": hub.endpoint, "workdir": str(workdir)})
    results = done.results
    seconds = time.perf_counter() - start

    placed = placing.place(page, backend.name, notebook, results, checks)
    origins, places = placed.origins, placed.places
    sources = [notebook.cells[r.index].source for r in results]
    said = causes.said_on_page(results, places, sources)
    paired = [(origin, result) for origin, result in zip(origins, said, strict=True) if not isinstance(origin, str)]
    check_results = {o: r for o, r in zip(origins, said, strict=True) if isinstance(o, str)}
    check_places = {o: p.name for o, p in zip(origins, places, strict=True) if isinstance(o, str)}
    return TutorialRun(page, backend.name, paired, check_results, missing, Storage(hub_root), workdir, seconds,
                       done.how, done.key, done.origin, done.cells_executed,
                       causes.first_failure(said, places), check_places, places)
