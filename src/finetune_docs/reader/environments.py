"""The environments of a reader's run, built, or kept ones found: one per (backend, Python).

Which notebooks share one is ``groups.py``'s; this builds it (or finds a kept one that
fits, ``store.py``), runs its install cell once and says what each part took.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..execution.run import CellResult, execute, output_text
from .groups import ReaderEnvironment, install_cell
from .resolve import Resolution, resolution, update_in_place
from .runtime import pins, runtime
from .sandbox import JUPYTER_RUNTIME, ReaderError, git_redirect, kernelspec, make_venv, size_mb, venv_environment
from .store import Entry, EnvironmentStore


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
class Timings:
    """Seconds each part of an environment's run took; None where that part did not run."""
    environment: float = 0.0
    """The venv, and the runtime it starts from."""
    resolve: float = 0.0
    """The install cell's resolution (pip --dry-run), the key of a kept environment."""
    install: float | None = None
    """The install cell; None for a kept environment, whose cell did not run again."""
    update: float | None = None
    """A kept environment's ``--no-deps`` lines installed again in place."""
    execution: float | None = None
    """The step that ran every notebook of the environment."""
    notebooks: dict[str, float] = field(default_factory=dict)
    """Each notebook's own execution, by path."""

    def executed(self) -> float:
        return self.execution if self.execution is not None else sum(self.notebooks.values())


@dataclass
class BuiltEnvironment:
    """An environment built (or a kept one found) and its install cell run: what it printed, how long each part took."""
    venv: Path
    kernel: str
    lines: list[str] = field(default_factory=list)
    seconds: Timings = field(default_factory=Timings)
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


def build_environment(environment: ReaderEnvironment, python: str, root: Path, timeout: int,
                      store: EnvironmentStore | None = None, fresh: bool = False) -> BuiltEnvironment:
    """The environment and its install cell; may run beside another environment's notebooks.

    With a ``store``, the install cell is resolved against the Python's kept runtime
    (``runtime.py``) and the environment is the store's kept one when that resolution
    equals its key (``resolve.py``), unless ``fresh``; a new build is kept there once its
    install cell passed. Its kernelspec goes under ``root``/share/jupyter, where ``JUPYTER_PATH`` points."""
    home = root / environment.name
    (home / "install").mkdir(parents=True)
    done = BuiltEnvironment(home / "venv", f"reader-{environment.name}-{uuid.uuid4().hex[:8]}")
    base, found = None, None
    try:
        start = time.perf_counter()
        if store:
            base, how = runtime(store, python, environment.python, fresh)
            done.seconds.environment = time.perf_counter() - start
            done.lines.append(f"  environment: {done.seconds.environment:.1f} s ({how}; {python}, "
                              f"{', '.join(JUPYTER_RUNTIME)})")
            found = _resolve(done, environment, base.venv, timeout)
            if fresh:
                done.lines[-1] += "--fresh, building anew"
            elif kept := store.find(environment.name, found.key):
                done.lines[-1] += f"kept environment {kept.folder}"
                return _reuse(done, kept, root, store, environment.name)
            else:
                done.lines[-1] += "no kept environment of that key"
                stale = store.find_base(environment.name, found.base)
                if stale and _update(done, stale, found, _env(stale.venv), timeout):
                    return _reuse(done, stale, root, store, environment.name, "the rest of its resolution is unchanged")
                done.lines.append("  none to update in place either: building it")
            done.entry = store.new(environment.name)
            done.venv = done.entry.venv
        start = time.perf_counter()
        make_venv(done.venv, python, pins(base.venv, home) if base else None)
        kernelspec(done.venv, done.kernel, root)
        made = time.perf_counter() - start
        done.seconds.environment += made
        done.lines.append(f"  venv: {made:.1f} s ({python}, "
                          + ("the runtime's exact distributions)" if base else f"{', '.join(JUPYTER_RUNTIME)})"))
        start = time.perf_counter()
        (done.install,) = execute(environment.install(), cwd=home / "install", env=_env(done.venv), timeout=timeout,
                                  kernel_name=done.kernel)
        done.seconds.install = time.perf_counter() - start
        done.lines.append(f"  install cell: {done.seconds.install:.1f} s, once for "
                          f"{len(environment.notebooks)} notebook(s); venv {size_mb(done.venv):.0f} MB")
        done.failure = install_failure(environment, done.install)
        if store and done.entry and found and not done.failure:
            why = done.entry.keep(found, done.install, asdict(done.seconds))
            done.kept = not why
            done.lines.append(f"  {why}" if why else f"  kept in {done.entry.folder} for later runs"
                              + "".join(f"; removed {old.name}" for old in store.prune(environment.name, done.entry)))
    except ReaderError as error:
        done.failure = str(error)
    finally:
        if base:
            base.release()
    return done


def _env(venv: Path) -> dict[str, str]:
    return venv_environment(venv, {**os.environ, **git_redirect()})


def _resolve(done: BuiltEnvironment, environment: ReaderEnvironment, runtime_venv: Path, timeout: int) -> Resolution:
    """What the install cell resolves to against the runtime; its line says so, for the caller to end."""
    start = time.perf_counter()
    path = next(iter(environment.notebooks))
    found = resolution(runtime_venv, environment.install().cells[0].source, _env(runtime_venv), timeout,
                       f"{path}: install cell")
    done.seconds.resolve = time.perf_counter() - start
    done.lines.append(f"  resolution: {done.seconds.resolve:.1f} s (pip --dry-run), key {found.key[:12]}: ")
    return found


def _update(done: BuiltEnvironment, stale: Entry, found: Resolution, env: dict[str, str], timeout: int) -> bool:
    """A kept environment whose resolution differs only in the trailing ``--no-deps`` lines: those lines
    installed into it again leave what the whole install cell would (``resolve.py``). False, and
    the environment removed, when that fails: the caller then builds one anew."""
    start = time.perf_counter()
    try:
        update_in_place(stale.venv, found.updates, env, timeout)
        why = stale.keep(found, stale.install(), (stale.ready() or {}).get("seconds", {}))
    except ReaderError as error:
        why = str(error)
    done.seconds.update = time.perf_counter() - start
    if why:
        done.lines.append(f"  kept environment {stale.folder} not updated in place ({why}); building anew")
        stale.release()
        shutil.rmtree(stale.folder, ignore_errors=True)
        return False
    done.lines.append(f"  updated in place in {done.seconds.update:.1f} s: {stale.folder}, whose resolution "
                      f"differed only in the install cell's last --no-deps line(s), installed again")
    return True


def _reuse(done: BuiltEnvironment, kept: Entry, root: Path, store: EnvironmentStore, name: str,
           why: str = "its resolution is unchanged") -> BuiltEnvironment:
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
