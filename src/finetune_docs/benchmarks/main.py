"""Print how long things take and how much memory they need.

    finetune-docs benchmark [--backend NAME] [--language XX] [--standins]
                                      [--part cache|notebooks|threads|tree|key|languages|realsize]
                                      [--replace OLD NEW]

``--part cache`` (default, with ``notebooks``): for each backend, what the execution cache
saves, measured on the tutorial's own tests (``pytest tests/test_tutorial.py``) with a
scratch cache folder: a cold run of one language and of all of them (and their ratio:
languages whose code is equal share one execution), a warm re-run, and the cells
executed after a prose-only edit of every page (run through ``run_page``, with the same
checks, so that it hits the runs the tests stored).
``--part notebooks``: for each page and backend installed here, the wall time of the
whole run, the peak resident memory of its kernel, and the slowest cells.
``--part threads`` (not in the default): the English page per backend with its kernel's
OpenMP threads at 1 (what ``execution/environment.py`` sets) and at the machine's core
count, on an idle machine and beside one busy process, as in CI (minutes: the slow case is
the point).
``--part tree`` (not in the default): ``finetune-docs translations --tree`` on a generated
tree in the Hugging Face course's layout (``translations/sample_tree.py``: 382 page pairs
in 8 languages): its wall and CPU time in one process, and a process's start-up.
``--part key`` (not in the default): what the cache key costs for each backend installed
here: its ``installed`` part (every importable file, ``execution/cache/installed.py``) with no
index yet (cold) and with the index a previous process stored (warm), then the whole key
of each language's page in one process, with that index (the first pays the warm installed
part, the others share it). The file system's own cache is warm in both: these are the key's costs, not the disk's.
``--part languages`` (not in the default): in one process, without a cache folder, the first
language's page executed and each other language's run of it shared, as a test session
runs them: each one's seconds and the ratio of all of them to the first.
``--part realsize`` (not in the default): a model of bert-base-cased's real size per backend,
its training and evaluation steps at the page's settings and the CPU path's, padded to
MAX_LENGTH and per batch, with peak memory and the projected whole notebook (:mod:`.realsize`;
``--steps N`` steady steps per configuration, ``--lengths FILE`` real token lengths).
With ``--standins``, also the time to rebuild the Hub stand-ins (in a scratch folder;
the shipped ones are left alone). ``--replace OLD NEW`` runs a variant of the pages
(``--replace ms.GRAPH_MODE ms.PYNATIVE_MODE`` measures MindSpore's PyNative mode).
Figures, not assertions: targets are judged by people reading them, not by tests.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from ..execution.run import CELL_TIMEOUT

EXECUTED = re.compile(r"(\d+) cells executed")
PROSE = "\n\nA sentence the benchmark adds, to prove that prose costs no execution.\n\n"


def _one(page: Path, backend: str, replace: list[str] | None) -> None:
    """Run in a child process, so that its kernel is the child whose peak memory we read."""
    from ..execution.tutorial import run_page

    variant = None
    if replace:
        old, new = replace
        variant = lambda text: text.replace(old, new)  # noqa: E731
    with tempfile.TemporaryDirectory() as workdir:
        run = run_page(page, backend, Path(workdir) / "run", timeout=CELL_TIMEOUT, variant=variant)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    failed = [r for _, r in run.cells if r.status not in ("ok", "skipped")]
    slowest = sorted(((r.seconds, c) for c, r in run.cells if c is not None), key=lambda x: -x[0])[:3]
    print(f"{run.page.name} [{backend}]: {run.seconds:.1f} s, kernel peak {peak_mb:.0f} MB, "
          f"{'all cells ran' if not failed else f'{len(failed)} cell(s) did not run'}")
    for seconds, cell in slowest:
        print(f"    {seconds:6.1f} s  {run.page.where(cell)}")


def _tests(backend: str, cache: Path, languages: list[str]) -> tuple[float, int]:
    """Wall time of the backend's tutorial tests, and the cells they executed (from their summary)."""
    argv = [sys.executable, "-m", "pytest", "tests/test_tutorial.py", "-q", "--backend", backend,
            "--cache-dir", str(cache), *(f"--language={language}" for language in languages)]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=layout.ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        print(f"    ({' '.join(argv[2:])} exited {done.returncode}:\n{done.stdout[-3000:]})")
    return seconds, sum(int(n) for n in EXECUTED.findall(done.stdout))


def _prose_edit(backend: str, cache: Path, languages: list[str]) -> int:
    """Cells executed when every page's prose changes: its runs go through the cache the tests filled."""
    from ..execution.cache.executions import ExecutionCache
    from ..execution.tutorial import run_page

    sys.path.insert(0, str(layout.ROOT / "tests"))
    checks = importlib.import_module(f"checks.{backend}").CHECKS
    shared = ExecutionCache(cache)
    executed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for language in languages:
            for page in layout.pages(language):
                workdir = Path(scratch) / f"{language}-{page.stem}"
                run = run_page(page, backend, workdir, timeout=CELL_TIMEOUT, checks=checks, cache=shared,
                               variant=lambda text: text.replace("\n\n", PROSE, 1))
                executed += run.cells_executed
    return executed


def sharing(backend: str, languages: list[str]) -> None:
    """The cache's figures for one backend, each from a scratch cache folder of its own."""
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as every:
        cold_one, cells_one = _tests(backend, Path(one), languages[:1])
        print(f"{backend}: cold, 1 language ({languages[0]}): {cold_one:.1f} s, {cells_one} cells executed")
        cold_all, cells_all = _tests(backend, Path(every), languages)
        print(f"{backend}: cold, {len(languages)} languages: {cold_all:.1f} s, {cells_all} cells executed; "
              f"ratio {cold_all / cold_one:.3f} (target <= 1.05)")
        warm, cells_warm = _tests(backend, Path(every), languages)
        print(f"{backend}: warm re-run, {len(languages)} languages: {warm:.1f} s, {cells_warm} cells executed "
              "(target <= 10 s)")
        prose = _prose_edit(backend, Path(every), languages)
        print(f"{backend}: prose-only edit of every page: {prose} cells executed (target 0)", flush=True)


def threads(backends: list[str]) -> None:
    """Each backend's English page at 1 OpenMP thread and at the core count, idle and beside a busy process."""
    page = layout.pages(layout.SOURCE_LANGUAGE)[0]
    cores = str(os.cpu_count() or 1)
    for backend in backends:
        for count in ("1", cores):
            for busy in (False, True):
                print(f"{backend}, OMP_NUM_THREADS={count}, {'beside a busy process' if busy else 'idle'}:",
                      flush=True)
                hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
                try:
                    one = [sys.executable, "-m", "finetune_docs.cli", "benchmark", "--one", str(page), backend]
                    subprocess.run(one, env=os.environ | {"OMP_NUM_THREADS": count}, check=False)
                finally:
                    if hog:
                        hog.kill()


def _seconds(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of ``command`` in a child process; its output is discarded."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def tree_speed() -> None:
    from ..translations import sample_tree, tree

    cli = [sys.executable, "-m", "finetune_docs.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        chapters = sample_tree.write(Path(scratch))
        folders = [f"chapters/{language}" for language in ("en", *sample_tree.COVERAGE)]
        pairs = len(tree.pairs(chapters / "en", [Path(scratch) / f for f in folders[1:]])[0])
        runs = [_seconds([*cli, "translations", "--tree", *folders], Path(scratch)) for _ in range(3)]
        startup = min(_seconds([*cli, "--help"], Path(scratch)) for _ in range(3))
        imports = min(_seconds([sys.executable, "-c", "import finetune_docs.translations.commands"], Path(scratch))
                      for _ in range(3))
    wall, cpu = min(runs)
    print(f"tree: {pairs} page pairs in one process: {wall:.2f} s wall, {cpu:.2f} s CPU (best of 3; "
          f"all: {', '.join(f'{w:.2f}' for w, _ in runs)} s)")
    print(f"tree: start-up of one process: {startup[0]:.2f} s wall, {startup[1]:.2f} s CPU (`finetune-docs --help`); "
          f"with the page reader imported: {imports[0]:.2f} s wall, {imports[1]:.2f} s CPU")
    print(f"tree: on {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at the end")
def key_cost(backends: list[str], languages: list[str]) -> None:
    """Seconds to compute the key: the installed part cold and warm, then every language's whole key."""
    from ..execution.cache.executions import ExecutionCache
    from ..execution.cache.installed import InstalledFiles
    from ..execution.cache.store import INDEX
    from ..execution.environment import kernel_environment
    from ..notebooks.make import make
    from ..pages import read

    for backend in backends:
        with tempfile.TemporaryDirectory() as scratch:
            env = kernel_environment("http://127.0.0.1:1", Path(scratch) / "home", BACKENDS[backend].kernel_env)
            index = Path(scratch) / "cache" / INDEX  # the cache's own: its first key below is warm
            for label in ("cold (no index)", "warm (a new process, the stored index)"):
                installed = InstalledFiles(index)
                start = time.perf_counter()
                part = installed.part(sys.executable, env, {})
                print(f"{backend}: installed part, {label}: {time.perf_counter() - start:.2f} s, "
                      f"{installed.hashed} files hashed, {len(part['paths'])} folders on the path", flush=True)
            cache = ExecutionCache(Path(scratch) / "cache")
            for language in languages:
                notebook = make(read(layout.pages(language)[0]), BACKENDS[backend], Path("notebook.ipynb"))
                start = time.perf_counter()
                cache.key(notebook, env=env, timeout=CELL_TIMEOUT, placeholders={"workdir": scratch})
                print(f"{backend}: whole key, {language}: {time.perf_counter() - start:.2f} s", flush=True)


def share_cost(backends: list[str], languages: list[str]) -> None:
    """Seconds of the first language's run and of each other language sharing it, one process."""
    from ..execution.cache.executions import ExecutionCache
    from ..execution.tutorial import run_page

    sys.path.insert(0, str(layout.ROOT / "tests"))
    for backend in backends:
        checks = importlib.import_module(f"checks.{backend}").CHECKS
        cache, seconds = ExecutionCache(None), []
        with tempfile.TemporaryDirectory() as scratch:
            for language in languages:
                start = time.perf_counter()
                run = run_page(layout.pages(language)[0], backend, Path(scratch) / language, timeout=CELL_TIMEOUT,
                               checks=checks, cache=cache)
                seconds.append(time.perf_counter() - start)
                print(f"{backend}: {language} {run.how}, {seconds[-1]:.2f} s", flush=True)
        print(f"{backend}: {len(languages)} languages {sum(seconds):.1f} s, 1 language {seconds[0]:.1f} s, ratio "
              f"{sum(seconds) / seconds[0]:.3f} (target <= 1.05; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores)", flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = list(argv or [])
    if argv[:2] == ["--part", "translations"]:
        from . import translations

        return translations.main(argv[2:])
    parser = argparse.ArgumentParser(prog="finetune-docs benchmark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", action="append", choices=sorted(BACKENDS))
    parser.add_argument("--language", action="append")
    parser.add_argument("--standins", action="store_true")
    parser.add_argument("--part", action="append",
                        choices=("cache", "notebooks", "threads", "tree", "key", "languages", "realsize"))
    parser.add_argument("--steps", type=int, default=2, help="realsize: steady steps per configuration")
    parser.add_argument("--lengths", type=Path, help="realsize: real token lengths, one per line")
    parser.add_argument("--threads", type=int, help="realsize: OMP_NUM_THREADS (default: unset, as a reader's)")
    parser.add_argument("--settings", action="append", choices=("cpu", "page"),
                        help="realsize: only the CPU path's or the page's settings (default: both)")
    parser.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"), help="run a variant of the pages")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return _one(Path(args.one[0]), args.one[1], args.replace)
    if args.standins:
        from ..standins.build import build

        with tempfile.TemporaryDirectory() as scratch:
            timings = build(Path(scratch))
        print("stand-ins: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    backends = args.backend or [name for name, b in BACKENDS.items() if b.available()]
    languages = args.language or layout.languages()
    parts = args.part or ["cache", "notebooks"]
    if "cache" in parts:
        for backend in backends:
            sharing(backend, languages)
    if "key" in parts:
        key_cost(backends, languages)
    if "languages" in parts:
        share_cost(backends, languages)
    if "threads" in parts:
        threads(backends)
    if "tree" in parts:
        tree_speed()
    if "realsize" in parts:
        from . import realsize

        real = [int(n) for n in args.lengths.read_text(encoding="utf-8").split()] if args.lengths else None
        realsize.run(backends, args.steps, real, args.threads, args.settings)
    if "notebooks" in parts:
        for language in languages:
            for page in layout.pages(language):
                for backend in backends:
                    extra = ["--replace", *args.replace] if args.replace else []
                    subprocess.run([sys.executable, "-m", "finetune_docs.cli", "benchmark", "--one", str(page), backend,
                                    *extra], check=False)

