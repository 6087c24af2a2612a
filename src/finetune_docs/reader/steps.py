"""A reader's run, past the install cell: an environment's notebooks executed in its kernels.

One execution step per environment, a process started inside the loopback-only network
namespace (``finetune-docs reader --execute=NOTEBOOK --workdir=DIR ...``):
each notebook in a new kernel, against a loopback Hub of its own, through the execution
cache (one instance for the step, so that the environment's files are keyed once and another
language's notebook replays in a fraction of a second). Then, outside, each notebook's cells
reported as the reader's run reports them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

import nbformat

from .. import layout
from ..execution.cache.executions import ExecutionCache
from ..execution.environment import kernel_environment
from ..execution.network import in_namespace
from ..execution.run import CellResult
from ..hub.server import LoopbackHub
from ..standins import FILES
from .environments import BuiltEnvironment, failure, first_line
from .groups import install_cell
from .sandbox import venv_environment

MODULE = "finetune_docs.cli"
"""What the step runs: the reader's command, told ``--execute``."""
RESULTS = "cells.json"
EXECUTION = "execution.json"
CACHE_VARIABLE = layout.EXECUTIONS_VARIABLE


def _execute_step(path: Path, venv: Path, kernel: str, workdir: Path, timeout: int,
                  executions: ExecutionCache) -> None:
    """Inside the namespace: every cell but the install cell, against a loopback Hub of its own.

    Through the execution cache: a notebook whose key (code without comments, the fresh
    environment's distributions, ...) equals an earlier one's, such as another language's
    notebook of the same backend, replays that run instead of executing it again. ``executions``
    is shared by the step's notebooks: what it found of the environment is not sought again."""
    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    hub_root, home, cwd = workdir / "hub", workdir / "home", workdir / "cwd"
    shutil.copytree(FILES, hub_root)
    cwd.mkdir()
    with LoopbackHub(hub_root) as hub:
        # No pytest_socket guard (the environment has none): the namespace is the guard.
        env = venv_environment(venv, kernel_environment(hub.endpoint, home, guard=False))
        # The environment's folder and kernel name are new on every reader run, as are the Hub's port and
        # the working folder: placeholders, so that equal environments give equal keys.
        done = executions.execute(
            notebook, cwd=cwd, env=env, timeout=timeout, kernel_name=kernel, python=str(venv / "bin" / "python"),
            keep=hub_root, origin=str(path),
            placeholders={"endpoint": hub.endpoint, "workdir": str(workdir), "venv": str(venv), "kernel": kernel})
    (workdir / RESULTS).write_text(json.dumps([asdict(r) | {"outputs": []} for r in done.results]), encoding="utf-8")
    (workdir / EXECUTION).write_text(json.dumps({"how": done.how, "key": done.key, "origin": done.origin,
                                                 "seconds": time.perf_counter() - start}), encoding="utf-8")


def execute_steps(paths: list[Path], workdirs: list[Path], venv: Path, kernel: str, timeout: int,
                   cache: Path | None) -> None:
    """One environment's notebooks, one after another in this one process: its files are keyed once."""
    executions = ExecutionCache(cache)
    for path, workdir in zip(paths, workdirs, strict=True):
        _execute_step(path, venv, kernel, workdir, timeout, executions)


def run_notebooks(notebooks: dict, installed: BuiltEnvironment, root: Path, cell_timeout: int,
                  cache: Path | None = None) -> dict[Path, bool]:
    """Every cell but the install cell of each notebook, each in a new kernel of the installed environment, in
    one execution step (a process inside the namespace); per notebook, whether it passed, having said why not."""
    workdirs = {path: root / f"{path.parent.name}-{path.stem}" for path in notebooks}
    for workdir in workdirs.values():
        workdir.mkdir(parents=True)
    start = time.perf_counter()
    # The kernel's own stderr (MindSpore logs an error line per graph-compiled cell) goes to
    # a file, shown only when the step dies without reporting; cells' output is in the results.
    log = root / "execution.log"
    with log.open("w", encoding="utf-8") as stderr:
        step = subprocess.run(in_namespace([
            sys.executable, "-m", MODULE, "reader", *(f"--execute={path}" for path in notebooks),
            *(f"--workdir={workdir}" for workdir in workdirs.values()), "--venv", str(installed.venv),
            "--kernel", installed.kernel, "--cell-timeout", str(cell_timeout),
            *(["--cache-dir", str(cache)] if cache else ["--no-cache"])]),
            stderr=stderr)
    installed.seconds.execution = time.perf_counter() - start
    passed = {}
    for path, notebook in notebooks.items():
        workdir = workdirs[path]
        print(f"== {path}", flush=True)
        if not (workdir / RESULTS).exists():
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
            print(f"{path}: the execution step ended (exit status {step.returncode}) before reporting:\n{tail}")
            passed[path] = False
            continue
        done = json.loads((workdir / EXECUTION).read_text(encoding="utf-8"))
        installed.seconds.notebooks[str(path)] = done["seconds"]
        print(f"  execution: {done['seconds']:.1f} s (fresh kernel, loopback-only network namespace){_how(done)}")
        results = [CellResult(**r) for r in json.loads((workdir / RESULTS).read_text(encoding="utf-8"))]
        index = install_cell(notebook, path)[0]
        # The install cell's result is the environment's: identical cells, run once.
        passed[path] = _report(path, notebook, [replace(installed.install, index=index) if r.index == index else r
                                                for r in results])
    return passed


def _how(done: dict) -> str:
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
