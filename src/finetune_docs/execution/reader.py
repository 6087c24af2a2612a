"""Run notebooks as a reader does: a fresh environment, the notebook's own install cell, then the rest.

    python -m finetune_docs.execution.reader [--keep] [--sequential] [--fresh] [NOTEBOOK ...]

One new virtual environment per (backend, Python), of the backend's ``reader_python``,
holding only the Jupyter runtime that Colab and Studio Lab provide too (ipykernel); the
install cell, identical in every language's notebook of the backend, run once in a kernel
of it so that ``%pip`` installs from the package index into that environment; then each
notebook's other cells in a new kernel of it, on the offline stand-ins behind a loopback
Hub of its own, inside a network namespace whose only interface is loopback. The
backend's test settings (``Backend.kernel_env``) are not given: what the notebook needs,
it must set up itself. This proves that a reader lacks no package, version pin or
environment variable. While one environment's notebooks run, the next environment is
built and installed (mostly download and unpacking); ``--sequential`` builds each only
when the previous one is done.

An environment is kept between runs (``readerstore.py``, under ``--envs-dir``) and used again,
its install cell not run again, while what that cell resolves to (``pip install --dry-run``
against the index, in a fresh environment of the Jupyter runtime) is unchanged: a new release
of an unpinned dependency rebuilds it. ``--fresh`` rebuilds it regardless.

A notebook that installs this package from GitHub (MindSpore's) gets this repository
instead, through git's own ``url.<base>.insteadOf``: pip clones the local repository's
committed branch, so uncommitted changes under src/ are NOT what such a run installs.

Exit status: 0 when every notebook passed, 1 when one failed (the file, the cell and the
error are printed), 2 when refused before installing anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path

import nbformat

from .. import layout
from ..hub.server import LoopbackHub
from ..standins import FILES
from .cache import ExecutionCache
from .environment import kernel_environment
from .readerstore import Store, default_root
from .run import CELL_TIMEOUT, CellResult
from .sandbox import (
    ReaderError,
    check_branch,
    check_namespace,
    git_redirect,
    in_namespace,
    interpreter,
    venv_environment,
)
from .venvs import (
    Installed,
    ReaderEnvironment,
    build,
    default_notebooks,
    environments,
    failure,
    first_line,
    install_cell,
)

MODULE = "finetune_docs.execution.reader"
INSTALL_TIMEOUT = 1800
"""Seconds the install cell may take: it downloads a whole ML stack."""
RESULTS = "cells.json"
EXECUTION = "execution.json"
CACHE_VARIABLE = "FINETUNE_DOCS_CACHE_DIR"


def _execute_step(path: Path, venv: Path, kernel: str, workdir: Path, timeout: int, cache: Path | None = None) -> None:
    """Inside the namespace: every cell but the install cell, against a loopback Hub of its own.

    Through the execution cache: a notebook whose key (code without comments, the fresh
    environment's distributions, ...) equals an earlier one's, such as another language's
    notebook of the same backend, replays that run instead of executing it again."""
    notebook = nbformat.read(path, as_version=4)
    hub_root, home, cwd = workdir / "hub", workdir / "home", workdir / "cwd"
    shutil.copytree(FILES, hub_root)
    cwd.mkdir()
    with LoopbackHub(hub_root) as hub:
        # No pytest_socket guard (the environment has none): the namespace is the guard.
        env = venv_environment(venv, kernel_environment(hub.endpoint, home, guard=False))
        # The environment's folder and kernel name are new on every reader run, as are the Hub's port and
        # the working folder: placeholders, so that equal environments give equal keys.
        done = ExecutionCache(cache).execute(
            notebook, cwd=cwd, env=env, timeout=timeout, kernel_name=kernel, python=str(venv / "bin" / "python"),
            keep=hub_root, origin=str(path),
            placeholders={"endpoint": hub.endpoint, "workdir": str(workdir), "venv": str(venv), "kernel": kernel})
    (workdir / RESULTS).write_text(json.dumps([asdict(r) | {"outputs": []} for r in done.results]), encoding="utf-8")
    (workdir / EXECUTION).write_text(json.dumps({"how": done.how, "key": done.key, "origin": done.origin}),
                                     encoding="utf-8")


def run_notebook(path: Path, notebook, installed: Installed, workdir: Path, cell_timeout: int,
                 cache: Path | None = None) -> bool:
    """Every cell but the install cell, in a new kernel of the installed environment; False, having said why."""
    index = install_cell(notebook, path)[0]
    workdir.mkdir()
    print(f"== {path}", flush=True)
    start = time.perf_counter()
    # The kernel's own stderr (MindSpore logs an error line per graph-compiled cell) goes to
    # a file, shown only when the step dies without reporting; cells' output is in the results.
    log = workdir / "execution.log"
    with log.open("w", encoding="utf-8") as stderr:
        step = subprocess.run(in_namespace([
            sys.executable, "-m", MODULE, "--execute", str(path), "--venv", str(installed.venv),
            "--kernel", installed.kernel, "--workdir", str(workdir), "--cell-timeout", str(cell_timeout),
            *(["--cache-dir", str(cache)] if cache else ["--no-cache"])]),
            stderr=stderr)
    installed.seconds[str(path)] = time.perf_counter() - start
    print(f"  execution: {installed.seconds[str(path)]:.1f} s (fresh kernel, loopback-only network namespace)"
          f"{_how(workdir)}")
    if not (workdir / RESULTS).exists():
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
        print(f"{path}: the execution step ended (exit status {step.returncode}) before reporting:\n{tail}")
        return False
    results = [CellResult(**r) for r in json.loads((workdir / RESULTS).read_text(encoding="utf-8"))]
    # The install cell's result is the environment's: identical cells, run once.
    return _report(path, notebook, [replace(installed.install, index=index) if r.index == index else r
                                    for r in results])


def _how(workdir: Path) -> str:
    if not (workdir / EXECUTION).exists():
        return ""
    done = json.loads((workdir / EXECUTION).read_text(encoding="utf-8"))
    origin = "" if done["how"] == "executed" else f" the run of {done['origin']}"
    return f", {done['how']}{origin}, key {done['key'][:12]}"


def _report(path: Path, notebook, results: list[CellResult]) -> bool:
    for result in results:
        print(f"    cell {result.index + 1:>3} {result.status:<11} {result.seconds:7.1f} s  "
              f"{first_line(notebook.cells[result.index])}")
    print("  cells: " + ", ".join(f"{n} {status}" for status, n in Counter(r.status for r in results).items()))
    failed = next((r for r in results if r.status not in ("ok", "not-run")), None)
    if failed:
        print(failure(path, notebook, failed.index, failed.status, failed.error))
    return failed is None


def run_all(chosen: list[ReaderEnvironment], pythons: dict[str, str], *, sequential: bool, keep: bool,
            cell_timeout: int, install_timeout: int, cache: Path | None = None, store: Store | None = None,
            fresh: bool = False) -> dict[Path, bool]:
    """Each environment built once, then its notebooks run one by one while the next ones build."""
    start, root = time.perf_counter(), Path(tempfile.mkdtemp(prefix="reader-"))
    # How jupyter_client, here and in the execution step, finds every environment's kernelspec.
    os.environ["JUPYTER_PATH"] = str(root / "share" / "jupyter")
    passed: dict[Path, bool] = {}
    timings: list[tuple[ReaderEnvironment, Installed]] = []
    # Two builds at once: pip is busy on one core at a time, and the kernels beside them use
    # one OpenMP thread each (environment.py), so that none is starved.
    pool = ThreadPoolExecutor(max_workers=2)
    builds = {env.name: pool.submit(build, env, pythons[env.python], root, install_timeout, store, fresh)
              for env in ([] if sequential else chosen)}
    try:
        for environment in chosen:
            print(f"=== {environment.name}: {len(environment.notebooks)} notebook(s)", flush=True)
            installed = (builds.get(environment.name)
                         or pool.submit(build, environment, pythons[environment.python], root, install_timeout,
                                        store, fresh)).result()
            print("\n".join(installed.lines + [installed.failure]).rstrip(), flush=True)
            timings.append((environment, installed))
            for path, notebook in environment.notebooks.items():
                workdir = root / environment.name / f"{path.parent.name}-{path.stem}"
                passed[path] = not installed.failure and run_notebook(path, notebook, installed, workdir,
                                                                      cell_timeout, cache)
            installed.release(keep)
            if not keep:
                shutil.rmtree(root / environment.name, ignore_errors=True)
    finally:
        pool.shutdown(cancel_futures=True)
        print(summary(timings, time.perf_counter() - start))
        if keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return passed


def summary(timings: list[tuple[ReaderEnvironment, Installed]], wall: float) -> str:
    """Per environment: seconds to build it, to run its install cell, and to run its notebooks."""
    lines = [f"{'environment':<20} {'venv':>8} {'resolve':>8} {'install':>9} {'execution':>10}  notebooks"]
    for environment, installed in timings:
        seconds = installed.seconds
        ran = sum(seconds.get(str(p), 0.0) for p in environment.notebooks)
        # A kept environment's install cell did not run: "kept", not a time.
        install = "kept" if installed.kept and "install" not in seconds else f"{seconds.get('install', 0):.1f}s"
        lines.append(f"{environment.name:<20} {seconds.get('environment', 0):7.1f}s {seconds.get('resolve', 0):7.1f}s "
                     f"{install:>9} {ran:9.1f}s  {len(environment.notebooks)}")
    count = sum(len(environment.notebooks) for environment, _ in timings)
    return "\n".join([*lines, f"reader run: {wall:.1f} s for {count} notebook(s) in {len(timings)} environment(s)"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook (notebooks/*/*.ipynb)")
    parser.add_argument("--keep", action="store_true", help="keep the environments and working folders")
    parser.add_argument("--sequential", action="store_true",
                        help="build each environment only after the previous one's notebooks ran")
    parser.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT)
    parser.add_argument("--install-timeout", type=int, default=INSTALL_TIMEOUT)
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get(CACHE_VARIABLE, layout.ROOT / ".cache" / "executions")),
                        help=f"where runs are kept and replayed from (default: ${CACHE_VARIABLE}, else "
                             ".cache/executions/); a notebook equal to an earlier one, its environment included, "
                             "replays that run")
    parser.add_argument("--no-cache", action="store_true", help="execute every notebook; keep no run")
    parser.add_argument("--envs-dir", type=Path, default=default_root(),
                        help="where environments are kept between runs (default: $FINETUNE_DOCS_READER_ENVS, else "
                             "$XDG_CACHE_HOME/finetune-docs/reader-envs); one is used again while its install cell's "
                             "resolution is unchanged")
    parser.add_argument("--fresh", action="store_true",
                        help="build every environment anew and run its install cell, even when a kept one fits")
    parser.add_argument("--no-keep-envs", action="store_true",
                        help="neither keep nor look for kept environments (nor resolve ahead): a machine that keeps "
                             "nothing between runs, such as a CI runner, saves the resolution")
    # The execution step, which a reader's run starts inside the network namespace.
    for name in ("--execute", "--venv", "--workdir"):
        parser.add_argument(name, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kernel", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute:
        _execute_step(args.execute, args.venv, args.kernel, args.workdir, args.cell_timeout,
                      None if args.no_cache else args.cache_dir)
        return 0
    paths = args.notebooks or default_notebooks()
    published = git_redirect()["GIT_CONFIG_VALUE_0"]
    try:
        notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
        chosen = environments(notebooks)
        pythons = {env.python: interpreter(env.python) for env in chosen}
        if any(published in install_cell(nb, path)[1].source for path, nb in notebooks.items()):
            check_branch()
        check_namespace()
    except (ReaderError, OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    passed = run_all(chosen, pythons, sequential=args.sequential, keep=args.keep,
                     cell_timeout=args.cell_timeout, install_timeout=args.install_timeout,
                     cache=None if args.no_cache else args.cache_dir,
                     store=None if args.no_keep_envs else Store(args.envs_dir), fresh=args.fresh)
    for path, ok in passed.items():
        print(f"{'passed' if ok else 'FAILED'}: {path}")
    return 0 if all(passed.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
