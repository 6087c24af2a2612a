"""The environments of a reader's run: one per (backend, Python), serving that backend's notebook in every language.

A translation's code cells equal the English page's (the parity check) and every language's
install cell is made from the same pins, so one fresh environment, built and installed once,
runs each language's notebook of a backend, each in a fresh kernel of it. The install cells
must then be identical: an environment that one notebook's cell installed would hide what
another's lacks. The Python is the backend's ``reader_python`` (``backends.py``).
"""

from __future__ import annotations

import copy
import difflib
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import layout
from ..backends import BACKENDS, Backend
from ..notebooks.install import installs
from ..notebooks.make import INSTALL_TAG
from .readerresolve import Resolution, resolution, update_in_place
from .readerstore import Entry, Store
from .run import CellResult, execute, output_text
from .sandbox import JUPYTER_RUNTIME, ReaderError, git_redirect, kernelspec, make_venv, size_mb, venv_environment


@dataclass
class ReaderEnvironment:
    backend: Backend
    notebooks: dict[Path, nbformat.NotebookNode]
    """Every notebook it runs, in the order given; the first one's install cell installs it."""

    @property
    def python(self) -> str:
        return self.backend.reader_python

    @property
    def name(self) -> str:
        return f"{self.backend.name}-py{self.python}"

    def install(self) -> nbformat.NotebookNode:
        """A notebook of the (shared) install cell alone, untagged so that ``execute`` runs it."""
        path, notebook = next(iter(self.notebooks.items()))
        return install_only(notebook, path)


def install_cell(notebook: nbformat.NotebookNode, path: Path) -> tuple[int, nbformat.NotebookNode]:
    """The index and the cell tagged ``install``: there must be exactly one."""
    found = [(i, c) for i, c in enumerate(notebook.cells)
             if c.cell_type == "code" and INSTALL_TAG in c.metadata.get("tags", [])]
    if len(found) != 1:
        raise ReaderError(f"{path}: {len(found)} code cells are tagged {INSTALL_TAG!r}; a reader's run needs "
                          "exactly one, the cell that installs what the notebook imports")
    return found[0]


def install_only(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """A notebook of the install cell alone, untagged so that ``execute`` runs it."""
    cell = copy.deepcopy(install_cell(notebook, path)[1])
    cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != INSTALL_TAG]
    return nbformat.v4.new_notebook(cells=[cell])


def backend_of(notebook: nbformat.NotebookNode, path: Path) -> Backend:
    """The backend the notebook was made for, as ``finetune-docs notebooks`` recorded it."""
    name = notebook.metadata.get("finetune_docs", {}).get("backend")
    if name not in BACKENDS:
        raise ReaderError(f"{path}: its metadata names no known backend (finetune_docs.backend is {name!r}; "
                          f"known: {', '.join(BACKENDS)}); make it with `nox -s notebooks`")
    return BACKENDS[name]


def _differs(first: Path, source: str, path: Path, other: str, label: str) -> ReaderError:
    diff = difflib.unified_diff(source.splitlines(), other.splitlines(), str(first), str(path), lineterm="", n=0)
    return ReaderError(f"{path}: its install cell differs from {first}'s, and one environment serves every "
                       f"language's {label} notebook (remake them with `nox -s notebooks`):\n" + "\n".join(diff))


def environments(notebooks: dict[Path, nbformat.NotebookNode]) -> list[ReaderEnvironment]:
    """The notebooks grouped by (backend, Python), groups in the order their first notebook came."""
    groups: dict[tuple[str, str], ReaderEnvironment] = {}
    for path, notebook in notebooks.items():
        backend = backend_of(notebook, path)
        # What it installs, not what it says: its messages are in the notebook's language.
        source = installs(install_cell(notebook, path)[1].source)
        group = groups.setdefault((backend.name, backend.reader_python), ReaderEnvironment(backend, {}))
        if group.notebooks:
            first, other = next(iter(group.notebooks.items()))
            if installs(install_cell(other, first)[1].source) != source:
                raise _differs(first, installs(install_cell(other, first)[1].source), path, source, backend.label)
        group.notebooks[path] = notebook
    return list(groups.values())


def default_notebooks() -> list[Path]:
    """Every notebook: each backend's, in every language (one environment per backend runs them all)."""
    return [layout.notebook_path(page, backend) for backend in BACKENDS
            for language in layout.languages() for page in layout.pages(language)]


def pip_errors(outputs) -> list[str]:
    """pip's ``ERROR:`` lines: ``%pip`` prints them but never fails the cell."""
    return [line for line in output_text(outputs).split("\n") if line.startswith("ERROR:")]


def first_line(cell) -> str:
    return next((line for line in cell.source.splitlines() if line.strip()), "")[:70]


def failure(path: Path, notebook, index: int, status: str, error: str) -> str:
    tail = "\n".join(error.rstrip().splitlines()[-30:])
    return f"{path}: cell {index + 1} ({first_line(notebook.cells[index])!r}) failed: {status}\n{tail}"


def install_failure(environment: ReaderEnvironment, result: CellResult) -> str:
    """Why the install cell left no environment to run notebooks in ('' when it did), said of the
    notebook whose cell ran."""
    status, error = result.status, result.error
    if status == "ok" and pip_errors(result.outputs):
        status, error = "pip error", "\n".join(pip_errors(result.outputs))
    if status == "ok":
        return ""
    path, notebook = next(iter(environment.notebooks.items()))
    return failure(path, notebook, install_cell(notebook, path)[0], status, error)


@dataclass
class Installed:
    """An environment built (or a kept one found) and its install cell run: what it printed, how long each part took."""
    venv: Path
    kernel: str
    lines: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    install: CellResult = field(default_factory=lambda: CellResult(-1, "not-run", error="not built"))
    failure: str = ""
    """Why it cannot run notebooks, said as a reader's run says it; empty when it can."""
    entry: Entry | None = None
    """Its folder in the store of kept environments, locked until :meth:`release`."""
    kept: bool = False
    """Whether it is marked ready for later runs (or came from an earlier one)."""

    def release(self, keep: bool = False) -> None:
        """Done with it: a build not kept for later runs is removed (unless ``keep``)."""
        if self.entry:
            self.entry.release()
            if not (self.kept or keep):
                shutil.rmtree(self.entry.folder, ignore_errors=True)


def build(environment: ReaderEnvironment, python: str, root: Path, timeout: int, store: Store | None = None,
          fresh: bool = False) -> Installed:
    """The environment and its install cell; may run beside another environment's notebooks.

    With a ``store``, the environment is the store's kept one when the install cell's resolution
    equals that one's key (``readerresolve.py``), unless ``fresh``; a new build is kept there once
    its install cell passed. Its kernelspec goes under ``root``/share/jupyter, where ``JUPYTER_PATH`` points."""
    home = root / environment.name
    (home / "install").mkdir(parents=True)
    entry = store.new(environment.name) if store else None
    done = Installed(entry.venv if entry else home / "venv", f"reader-{environment.name}-{uuid.uuid4().hex[:8]}",
                     entry=entry)
    try:
        start = time.perf_counter()
        make_venv(done.venv, python, done.kernel, root)
        done.seconds["environment"] = time.perf_counter() - start
        done.lines.append(f"  environment: {done.seconds['environment']:.1f} s ({python} venv, "
                          f"{', '.join(JUPYTER_RUNTIME)})")
        env = venv_environment(done.venv, {**os.environ, **git_redirect()})
        if store and entry:
            start = time.perf_counter()
            path = next(iter(environment.notebooks))
            found = resolution(done.venv, environment.install().cells[0].source, env, timeout, f"{path}: install cell")
            done.seconds["resolve"] = time.perf_counter() - start
            said = f"  resolution: {done.seconds['resolve']:.1f} s (pip --dry-run), key {found.key[:12]}: "
            if fresh:
                done.lines.append(said + "--fresh, building anew")
            elif kept := store.find(environment.name, found.key):
                done.lines.append(said + f"kept environment {kept.folder}")
                return _reuse(done, kept, root, store, environment.name)
            else:
                done.lines.append(said + "no kept environment of that key")
                stale = store.find_base(environment.name, found.base)
                if stale and _update(done, stale, found, env, timeout):
                    return _reuse(done, stale, root, store, environment.name, "the rest of its resolution is unchanged")
                done.lines.append("  none to update in place either: building it")
        start = time.perf_counter()
        (done.install,) = execute(environment.install(), cwd=home / "install", env=env, timeout=timeout,
                                  kernel_name=done.kernel)
        done.seconds["install"] = time.perf_counter() - start
        done.lines.append(f"  install cell: {done.seconds['install']:.1f} s, once for "
                          f"{len(environment.notebooks)} notebook(s); venv {size_mb(done.venv):.0f} MB")
        done.failure = install_failure(environment, done.install)
        if store and entry and not done.failure:
            why = entry.keep(found, done.install, done.seconds)
            done.kept = not why
            done.lines.append(f"  {why}" if why else f"  kept in {entry.folder} for later runs"
                              + "".join(f"; removed {old.name}" for old in store.prune(environment.name, entry)))
    except ReaderError as error:
        done.failure = str(error)
    return done


def _update(done: Installed, stale: Entry, found: Resolution, env: dict[str, str], timeout: int) -> bool:
    """A kept environment whose resolution differs only in the trailing ``--no-deps`` lines: those lines
    installed into it again leave what the whole install cell would (``readerresolve.py``). False, and
    the environment removed, when that fails: the caller then builds one anew."""
    start = time.perf_counter()
    try:
        update_in_place(stale.venv, found.updates, env, timeout)
        why = stale.keep(found, stale.install(), (stale.ready() or {}).get("seconds", {}))
    except ReaderError as error:
        why = str(error)
    done.seconds["update"] = time.perf_counter() - start
    if why:
        done.lines.append(f"  kept environment {stale.folder} not updated in place ({why}); building anew")
        stale.release()
        shutil.rmtree(stale.folder, ignore_errors=True)
        return False
    done.lines.append(f"  updated in place in {done.seconds['update']:.1f} s: {stale.folder}, whose resolution "
                      f"differed only in the install cell's last --no-deps line(s), installed again")
    return True


def _reuse(done: Installed, kept: Entry, root: Path, store: Store, name: str,
           why: str = "its resolution is unchanged") -> Installed:
    """The kept environment instead of the one just begun (removed, with any other build that no run holds,
    such as an interrupted one's): its install cell's result is the kept one."""
    if done.entry:
        done.entry.release()
    done.entry, done.venv, done.kept = kept, kept.venv, True
    kernelspec(done.venv, done.kernel, root)
    done.install = kept.install()
    done.lines.append(f"  install cell: not run again; it passed in {kept.install().seconds:.1f} s when this "
                      f"environment was built, and {why}"
                      + "".join(f"; removed {old.name}" for old in store.prune(name, kept)))
    return done
