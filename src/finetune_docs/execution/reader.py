"""Run notebooks as a reader does: a fresh environment, the notebook's own install cell, then the rest.

    python -m finetune_docs.execution.reader [--keep] [NOTEBOOK ...]

For each notebook: a new virtual environment holding only the Jupyter runtime that Colab
and Studio Lab provide too (ipykernel); the notebook's install cell, run in a kernel of it
so that ``%pip`` installs from the package index into that environment; then every other
cell in a new kernel of it, on the offline stand-ins behind a loopback Hub, inside a
network namespace whose only interface is loopback. The backend's test settings
(``Backend.kernel_env``) are not given: what the notebook needs, it must set up itself.
This proves that a reader lacks no package, version pin or environment variable.

A notebook that installs this package from GitHub (MindSpore's) gets this repository
instead, through git's own ``url.<base>.insteadOf``: pip clones the local repository's
committed branch, so uncommitted changes under src/ are NOT what such a run installs.

Exit status: 0 when every notebook passed, 1 when one failed (the file, the cell and the
error are printed), 2 when refused before installing anything.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import nbformat

from .. import layout
from ..backends import BACKENDS
from ..hub.server import LoopbackHub
from ..notebooks.make import INSTALL_TAG
from ..standins import FILES
from .cache import ExecutionCache
from .environment import kernel_environment
from .run import CELL_TIMEOUT, CellResult, execute, output_text
from .sandbox import (
    JUPYTER_RUNTIME,
    PYTHON,
    ReaderError,
    check_branch,
    check_namespace,
    git_redirect,
    in_namespace,
    make_venv,
    size_mb,
    venv_environment,
)

MODULE = "finetune_docs.execution.reader"
INSTALL_TIMEOUT = 1800
"""Seconds the install cell may take: it downloads a whole ML stack."""
RESULTS = "cells.json"
EXECUTION = "execution.json"
CACHE_VARIABLE = "FINETUNE_DOCS_CACHE_DIR"


def install_cell(notebook: nbformat.NotebookNode, path: Path) -> tuple[int, nbformat.NotebookNode]:
    """The index and the cell tagged ``install``: there must be exactly one."""
    found = [(i, c) for i, c in enumerate(notebook.cells)
             if c.cell_type == "code" and INSTALL_TAG in c.metadata.get("tags", [])]
    if len(found) != 1:
        raise ReaderError(f"{path}: {len(found)} code cells are tagged {INSTALL_TAG!r}; a reader's run needs "
                          "exactly one, the cell that installs what the notebook imports")
    return found[0]


def install_only(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """A notebook of the install cell alone, untagged so that :func:`execute` runs it."""
    cell = copy.deepcopy(install_cell(notebook, path)[1])
    cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != INSTALL_TAG]
    return nbformat.v4.new_notebook(cells=[cell])


def pip_errors(outputs) -> list[str]:
    """pip's ``ERROR:`` lines: ``%pip`` prints them but never fails the cell."""
    return [line for line in output_text(outputs).split("\n") if line.startswith("ERROR:")]


def first_line(cell) -> str:
    return next((line for line in cell.source.splitlines() if line.strip()), "")[:70]


def _execute_step(path: Path, venv: Path, kernel: str, workdir: Path, timeout: int, cache: Path | None = None) -> None:
    """Inside the namespace: every cell but the install cell, against a loopback Hub.

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


def run_notebook(path: Path, notebook: nbformat.NotebookNode, *, cell_timeout: int, install_timeout: int,
                 keep: bool, cache: Path | None = None) -> bool:
    """Install and run one notebook in an environment of its own; False, having said why, if it fails."""
    index, _ = install_cell(notebook, path)
    temp = Path(tempfile.mkdtemp(prefix="reader-"))
    venv, workdir, kernel = temp / "venv", temp / "run", f"reader-{uuid.uuid4().hex[:8]}"
    workdir.mkdir()
    # How jupyter_client, here and in the execution step, finds the kernelspec inside the venv.
    os.environ["JUPYTER_PATH"] = str(venv / "share" / "jupyter")
    print(f"== {path}", flush=True)
    try:
        start = time.perf_counter()
        make_venv(venv, kernel)
        print(f"  environment: {time.perf_counter() - start:.1f} s ({PYTHON} venv, {', '.join(JUPYTER_RUNTIME)})")
        start = time.perf_counter()
        env = venv_environment(venv, {**os.environ, **git_redirect()})
        (installed,) = execute(install_only(notebook, path), cwd=workdir, env=env, timeout=install_timeout,
                               kernel_name=kernel)
        installed.index = index
        print(f"  install cell: {time.perf_counter() - start:.1f} s", flush=True)
        if installed.status != "ok":
            return _failed(path, notebook, index, installed.status, installed.error)
        errors = pip_errors(installed.outputs)
        if errors:
            return _failed(path, notebook, index, "pip error", "\n".join(errors))
        start = time.perf_counter()
        # The kernel's own stderr (MindSpore logs an error line per graph-compiled cell) goes to
        # a file, shown only when the step dies without reporting; cells' output is in the results.
        log = temp / "execution.log"
        with log.open("w", encoding="utf-8") as stderr:
            step = subprocess.run(in_namespace([
                sys.executable, "-m", MODULE, "--execute", str(path), "--venv", str(venv), "--kernel", kernel,
                "--workdir", str(workdir), "--cell-timeout", str(cell_timeout),
                *(["--cache-dir", str(cache)] if cache else ["--no-cache"])]), stderr=stderr)
        print(f"  execution: {time.perf_counter() - start:.1f} s (loopback-only network namespace){_how(workdir)}")
        print(f"  venv: {size_mb(venv):.0f} MB")
        if not (workdir / RESULTS).exists():
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
            print(f"{path}: the execution step ended (exit status {step.returncode}) before reporting:\n{tail}")
            return False
        results = [CellResult(**r) for r in json.loads((workdir / RESULTS).read_text(encoding="utf-8"))]
        return _report(path, notebook, [installed if r.index == index else r for r in results])
    except ReaderError as error:
        print(error)
        return False
    finally:
        if keep:
            print(f"  kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


def _how(workdir: Path) -> str:
    if not (workdir / EXECUTION).exists():
        return ""
    done = json.loads((workdir / EXECUTION).read_text(encoding="utf-8"))
    origin = "" if done["how"] == "executed" else f" the run of {done['origin']}"
    return f", {done['how']}{origin}, key {done['key'][:12]}"


def _failed(path: Path, notebook, index: int, status: str, error: str) -> bool:
    tail = "\n".join(error.rstrip().splitlines()[-30:])
    print(f"{path}: cell {index + 1} ({first_line(notebook.cells[index])!r}) failed: {status}\n{tail}")
    return False


def _report(path: Path, notebook, results: list[CellResult]) -> bool:
    for result in results:
        print(f"    cell {result.index + 1:>3} {result.status:<11} {result.seconds:7.1f} s  "
              f"{first_line(notebook.cells[result.index])}")
    print("  cells: " + ", ".join(f"{n} {status}" for status, n in Counter(r.status for r in results).items()))
    failed = next((r for r in results if r.status not in ("ok", "not-run")), None)
    return failed is None or _failed(path, notebook, failed.index, failed.status, failed.error)


def default_notebooks() -> list[Path]:
    """Every language's notebook for the first backend, and one notebook of each other backend.

    A translation's code cells equal the English ones (the parity check), so its notebooks
    install and run the same code: one language per backend proves the install cells, and
    every language of one backend proves each translation's notebook runs as a reader gets it."""
    first, *others = BACKENDS
    pages = [page for language in layout.languages() for page in layout.pages(language)]
    source = layout.pages(layout.SOURCE_LANGUAGE)
    return ([layout.notebook_path(page, first) for page in pages]
            + [layout.notebook_path(page, backend) for backend in others for page in source])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: each language's notebook of the first backend, and the source language's "
                             "notebook of every other backend (what CI runs); notebooks/*/*.ipynb: all")
    parser.add_argument("--keep", action="store_true", help="keep each notebook's environment and working folder")
    parser.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT)
    parser.add_argument("--install-timeout", type=int, default=INSTALL_TIMEOUT)
    # The execution step, which a reader's run starts inside the network namespace.
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get(CACHE_VARIABLE, layout.ROOT / ".cache" / "executions")),
                        help=f"where runs are kept and replayed from (default: ${CACHE_VARIABLE}, else "
                             ".cache/executions/); a notebook equal to an earlier one, its environment included, "
                             "replays that run")
    parser.add_argument("--no-cache", action="store_true", help="execute every notebook; keep no run")
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
        if any(published in install_cell(nb, path)[1].source for path, nb in notebooks.items()):
            check_branch()
        check_namespace()
    except (ReaderError, OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    passed = {path: run_notebook(path, nb, cell_timeout=args.cell_timeout, install_timeout=args.install_timeout,
                                 keep=args.keep, cache=None if args.no_cache else args.cache_dir)
              for path, nb in notebooks.items()}
    for path, ok in passed.items():
        print(f"{'passed' if ok else 'FAILED'}: {path}")
    return 0 if all(passed.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
