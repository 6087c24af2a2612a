"""Print what each notebook's install cell would do in each runtime (offline, from the snapshot).

    finetune-docs colab [--cells DIR] [--markdown]

``--cells DIR`` takes the install cells from DIR/<anything>-<backend>.txt instead of the
committed notebooks (``--cells src/finetune_docs/colab/data/cells`` gives the figures of
the cells before this simulation existed). Exit status 1 when a cell does on a runtime what
its backend's registry entry does not accept (the problems are listed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from ..runtimes import RUNTIMES
from .cells import install_cell_source
from .environment import SimulationError
from .outcome import Outcome, problems
from .simulate import simulate

HEADER = ("backend", "runtime", "installs", "replaces", "download", "restart", "breaks")


def notebook(backend: str) -> Path:
    return layout.notebook_path(layout.DOCS / layout.SOURCE_LANGUAGE / "index.md", backend)


def row(outcome: Outcome) -> tuple[str, ...]:
    runtime = RUNTIMES[outcome.runtime].label
    if outcome.stopped:
        return (outcome.backend, runtime, "stops: " + outcome.stopped.splitlines()[-1][:60] + "…", "", "", "", "")
    if outcome.failed:
        return (outcome.backend, runtime, "pip fails: " + outcome.failed.splitlines()[-1][:70], "", "", "", "")
    replaced = ", ".join(f"{name} {old}→{new}" for name, (old, new) in sorted(outcome.replaced.items()))
    restart = ", ".join(sorted(outcome.reloaded)) or "no"
    broken = sorted({line.split(" ", 1)[0] for line in outcome.broken})
    return (outcome.backend, runtime, str(len(outcome.installed)), replaced or "—", f"{outcome.download_mb:.0f} MB",
            restart, ", ".join(broken) or "—")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="finetune-docs colab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=Path, help="read the install cells from DIR/*-<backend>.txt")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    sources = {b: (next(args.cells.glob(f"*-{b}.txt")).read_text(encoding="utf-8") if args.cells
                   else install_cell_source(notebook(b))) for b in BACKENDS}
    rows, found = [], []
    try:
        for backend, source in sources.items():
            for runtime in RUNTIMES.values():
                outcome = simulate(backend, runtime, source)
                rows.append(row(outcome))
                found += [f"{backend} on {runtime.name}: {p}"
                          for p in problems(outcome, runtime, BACKENDS[backend].colab_exceptions)]
    except SimulationError as error:
        print(error, file=sys.stderr)
        return 2
    if args.markdown:
        print("| " + " | ".join(HEADER) + " |\n|" + " --- |" * len(HEADER))
        print("\n".join("| " + " | ".join(r) + " |" for r in rows))
    else:
        for r in rows:
            print("  ".join(r))
    if found:
        print("\nnot accepted by the registry:\n  " + "\n  ".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
