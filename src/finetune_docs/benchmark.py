"""Print how long things take and how much memory they need.

    python -m finetune_docs.benchmark [--backend NAME] [--language XX] [--standins]
                                      [--replace OLD NEW]

For each page and backend installed here: the wall time of the whole run, the peak
resident memory of its kernel, and the slowest cells. With ``--standins``, also the time
to rebuild the Hub stand-ins (in a scratch folder; the shipped ones are left alone).
``--replace OLD NEW`` runs a variant of the pages (``--replace ms.GRAPH_MODE
ms.PYNATIVE_MODE`` measures MindSpore's PyNative mode).
Figures, not assertions: targets are judged by people reading them, not by tests.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from . import layout
from .backends import BACKENDS
from .execution.run import CELL_TIMEOUT


def _one(page: Path, backend: str, replace: list[str] | None) -> None:
    """Run in a child process, so that its kernel is the child whose peak memory we read."""
    from .execution.tutorial import run_page

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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", action="append", choices=sorted(BACKENDS))
    parser.add_argument("--language", action="append")
    parser.add_argument("--standins", action="store_true")
    parser.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"), help="run a variant of the pages")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return _one(Path(args.one[0]), args.one[1], args.replace)
    if args.standins:
        from .standins.build import build

        with tempfile.TemporaryDirectory() as scratch:
            timings = build(Path(scratch))
        print("stand-ins: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    backends = args.backend or [name for name, b in BACKENDS.items() if b.available()]
    for language in args.language or layout.languages():
        for page in layout.pages(language):
            for backend in backends:
                extra = ["--replace", *args.replace] if args.replace else []
                subprocess.run([sys.executable, "-m", "finetune_docs.benchmark", "--one", str(page), backend, *extra],
                               check=False)


if __name__ == "__main__":
    main()
