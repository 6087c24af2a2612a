"""Run notebooks as a reader does: a fresh environment, the notebook's own install cell, then the rest.

    finetune-docs reader [--keep] [--sequential] [--fresh] [NOTEBOOK ...]

One new virtual environment per (backend, Python), of the backend's ``reader_python``,
holding only the Jupyter runtime that Colab and Studio Lab provide too (Colab's pip, ipykernel); the
install cell, identical in every language's notebook of the backend, run once in a kernel
of it so that ``%pip`` installs from the package index into that environment; then each
notebook's other cells in a new kernel of it, on the offline stand-ins behind a loopback
Hub of its own, inside a network namespace whose only interface is loopback. The
backend's test settings (``Backend.kernel_env``) are not given: what the notebook needs,
it must set up itself. This proves that a reader lacks no package, version pin or
environment variable. Every environment is built at once (a build is mostly download and
unpacking), and each one's notebooks run in turn once it is built; ``--sequential`` builds
each only when the previous one is done.

An environment is kept between runs (``store.py``, under ``--envs-dir``) and used again,
its install cell not run again, while what that cell resolves to (``pip install --dry-run``
against the index, in the kept Jupyter runtime of its Python: ``runtime.py``) is unchanged: a new release
of an unpinned dependency rebuilds it. One whose resolution differs only in the cell's trailing
``--no-deps`` lines is updated in place (those lines installed again: ``environments._update``).
``--fresh`` rebuilds it regardless.

A notebook that installs this package from GitHub (MindSpore's) gets this repository
instead, through git's own ``url.<base>.insteadOf``: pip clones the local repository's
committed branch, so uncommitted changes under src/ are NOT what such a run installs. That
requirement counts in the key by the files its wheel holds (``resolve.py``), not by the
commit: a commit that changes no packaged file keeps the environment.

Exit status: 0 when every notebook passed, 1 when one failed (the file, the cell and the
error are printed), 2 when refused before installing anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from .. import layout
from ..execution.run import CELL_TIMEOUT
from .environments import BuiltEnvironment, build_environment
from .groups import ReaderEnvironment, default_notebooks, environments, install_cell
from .sandbox import ReaderError, check_helpers_commit, check_namespace, git_redirect, interpreter
from .steps import CACHE_VARIABLE, execute_steps, run_notebooks
from .store import EnvironmentStore, environments_folder

INSTALL_TIMEOUT = 1800
"""Seconds the install cell may take: it downloads a whole ML stack."""


def run_all(chosen: list[ReaderEnvironment], pythons: dict[str, str], *, sequential: bool, keep: bool,
            cell_timeout: int, install_timeout: int, cache: Path | None = None, store: EnvironmentStore | None = None,
            fresh: bool = False) -> dict[Path, bool]:
    """Each environment built once, then its notebooks run one by one while the next ones build."""
    start, root = time.perf_counter(), Path(tempfile.mkdtemp(prefix="reader-"))
    # How jupyter_client, here and in the execution step, finds every environment's kernelspec.
    os.environ["JUPYTER_PATH"] = str(root / "share" / "jupyter")
    passed: dict[Path, bool] = {}
    timings: list[tuple[ReaderEnvironment, BuiltEnvironment]] = []
    # Every build at once: each is mostly pip waiting on the index or unpacking on one core, and the
    # longest (a rebuilt environment's install cell, MindSpore's) must not
    # wait for the others' resolutions; the kernels beside them use one OpenMP thread each.
    pool = ThreadPoolExecutor(max_workers=max(1, len(chosen)))
    builds = {env.name: pool.submit(build_environment, env, pythons[env.python], root, install_timeout, store, fresh)
              for env in ([] if sequential else chosen)}
    try:
        for environment in chosen:
            print(f"=== {environment.name}: {len(environment.notebooks)} notebook(s)", flush=True)
            built = builds.get(environment.name) or pool.submit(
                build_environment, environment, pythons[environment.python], root, install_timeout, store, fresh)
            installed = built.result()
            print("\n".join(installed.lines + [installed.failure]).rstrip(), flush=True)
            timings.append((environment, installed))
            if installed.failure:
                passed.update(dict.fromkeys(environment.notebooks, False))
            else:
                passed.update(run_notebooks(environment.notebooks, installed, root / environment.name, cell_timeout,
                                            cache))
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


def summary(timings: list[tuple[ReaderEnvironment, BuiltEnvironment]], wall: float) -> str:
    """Per environment: seconds to build it, to run its install cell, and to run its notebooks."""
    lines = [f"{'environment':<20} {'venv':>8} {'resolve':>8} {'install':>9} {'execution':>10}  notebooks"]
    for environment, installed in timings:
        seconds = installed.seconds
        # A kept environment's install cell did not run: "kept", not a time.
        install = (f"{seconds.install:.1f}s" if seconds.install is not None else
                   f"upd {seconds.update:.0f}s" if seconds.update is not None else "kept" if installed.kept else "0.0s")
        lines.append(f"{environment.name:<20} {seconds.environment:7.1f}s {seconds.resolve:7.1f}s "
                     f"{install:>9} {seconds.executed():9.1f}s  {len(environment.notebooks)}")
    count = sum(len(environment.notebooks) for environment, _ in timings)
    return "\n".join([*lines, f"reader run: {wall:.1f} s for {count} notebook(s) in {len(timings)} environment(s)"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="finetune-docs reader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook (notebooks/*/*.ipynb)")
    parser.add_argument("--keep", action="store_true", help="keep the environments and working folders")
    parser.add_argument("--sequential", action="store_true",
                        help="build each environment only after the previous one's notebooks ran")
    parser.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT)
    parser.add_argument("--install-timeout", type=int, default=INSTALL_TIMEOUT)
    parser.add_argument("--cache-dir", type=Path,
                        default=layout.executions_folder(),
                        help=f"where runs are kept and replayed from (default: ${CACHE_VARIABLE}, else "
                             ".cache/executions/); a notebook equal to an earlier one, its environment included, "
                             "replays that run")
    parser.add_argument("--no-cache", action="store_true", help="execute every notebook; keep no run")
    parser.add_argument("--envs-dir", type=Path, default=environments_folder(),
                        help="where environments are kept between runs (default: $FINETUNE_DOCS_READER_ENVS, else "
                             "$XDG_CACHE_HOME/finetune-docs/reader-envs); one is used again while its install cell's "
                             "resolution is unchanged")
    parser.add_argument("--fresh", action="store_true",
                        help="build every environment anew and run its install cell, even when a kept one fits")
    parser.add_argument("--no-keep-envs", action="store_true",
                        help="neither keep nor look for kept environments (nor resolve ahead): a machine that keeps "
                             "nothing between runs, such as a CI runner, saves the resolution")
    # The execution step, which a reader's run starts inside the network namespace: notebooks and their
    # working folders, in order.
    for name in ("--execute", "--workdir"):
        parser.add_argument(name, type=Path, action="append", help=argparse.SUPPRESS)
    parser.add_argument("--venv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kernel", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute:
        execute_steps(args.execute, args.workdir or [], args.venv, args.kernel, args.cell_timeout,
                       None if args.no_cache else args.cache_dir)
        return 0
    paths = args.notebooks or default_notebooks()
    published = git_redirect()["GIT_CONFIG_VALUE_0"]
    try:
        notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
        chosen = environments(notebooks)
        pythons = {env.python: interpreter(env.python) for env in chosen}
        if any(published in install_cell(nb, path)[1].source for path, nb in notebooks.items()):
            check_helpers_commit()
        check_namespace()
    except (ReaderError, OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    passed = run_all(chosen, pythons, sequential=args.sequential, keep=args.keep,
                     cell_timeout=args.cell_timeout, install_timeout=args.install_timeout,
                     cache=None if args.no_cache else args.cache_dir,
                     store=None if args.no_keep_envs else EnvironmentStore(args.envs_dir), fresh=args.fresh)
    for path, ok in passed.items():
        print(f"{'passed' if ok else 'FAILED'}: {path}")
    return 0 if all(passed.values()) else 1
