"""Run a page's notebook twice and compare every figure it printed: a replay is only the
truth if identical code prints identical figures.

    finetune-docs determinism [--backend NAME] [--language XX]
                                                  [--checks DIR] [--runs N] [--bare-last]

Each run is a fresh execution (own kernel, own stand-ins, own Hub), never a replay. The
figures of a cell are the numbers in what it printed, less those that measure time
(``12s``, ``79ms/step``, a progress bar's ``[00:25<00:00, 14.6it/s]`` or ``[00:00, 106933.90
examples/s]``, a bar's drawing (it is drawn when tqdm's clock says), a ``*_runtime`` or
``*_per_second`` metric, a log line's process and time) and those of the loopback Hub's address. With ``--checks DIR``
(``tests/checks``), the backend's training checks run too, and their figures (the model's
loss and accuracy before and after training, per epoch) are compared as well;
``--bare-last`` runs the last time without them, to show that they change none of the
page's figures. Prints, per
(page, backend), each cell whose figures differ, then the training figures of every run;
exits 1 if any figure differed or a run failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import tempfile
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from .compare import NUMBER

_CLOCK = r"(?:\d+:)?\d+:\d\d"  # tqdm's elapsed and remaining: 00:25, 1:06:40
_RATE = r"(?:\?|[\d.]+[kMGTPEZY]?)\s?[^\s\[\],]*/s|[\d.]+[kMGTPEZY]?s/\s?[^\s\[\],]+"
TIMING = [
    # tqdm's [elapsed<remaining, rate] and, when the total is unknown, [elapsed, rate]: the
    # rate in any unit (14.63it/s, 106933.90 examples/s, ?it/s, 2.10s/it). A postfix stays.
    re.compile(rf"\[{_CLOCK}(?:<(?:{_CLOCK}|\?))?,\s*(?:{_RATE})"),
    re.compile(r"'\w*(?:runtime|per_second)\w*': [\d.e+-]+"),
    re.compile(r"https?://127\.0\.0\.1:\d+"),
    # A glog line's process, thread and time (MindSpore's C++ logs: ``[ERROR] CORE(31876,7f46..,python):
    # 2026-12-03-09:36:20.255.178 [file.cc:253] ...``), and the kernel's process in a cell's file name.
    re.compile(r"(?<=\] )\w+\(\d+,\w+,[^)]*\):[\d.:-]+"),
    re.compile(r"ipykernel_\d+"),
]
BAR = re.compile(r"\d+%\|[^|\n]*\| *[\d.]+[kMGTPEZY]?/[\d.]+[kMGTPEZY]?(?= )")
"""A bar's drawing: percentage, bar, count and total. tqdm draws at most every
``mininterval``, so a bar that is never closed (the pages' training loops) shows where it
stood at a timed moment (372/375 in one run, 375/375 in the next), and its last drawing
may even reach the kernel while the next cell runs, in that cell's output. Where and when
a bar is drawn is timing; the figures it counts are the ones the cells print besides."""


def figures_of(text: str) -> list[str]:
    """The numbers ``text`` shows, less those that measure time or name the loopback Hub."""
    for pattern in TIMING:
        text = pattern.sub("", text)
    return NUMBER.findall(BAR.sub("(bar)", text))


def cell_figures(run, *, checks: bool = True) -> dict[str, list[str]]:
    """Each executed cell's figures, by where it comes from (page line, or check name)."""
    found = {}
    for cell, result in run.cells:
        if cell is not None:
            found[run.page.where(cell)] = figures_of(result.text)
    for name, result in run.checks.items() if checks else ():
        found[f"check {name}"] = figures_of(result.text)
    return found


def differences(first: dict[str, list[str]], second: dict[str, list[str]]) -> list[str]:
    """One line per cell whose figures differ between two runs."""
    lines = []
    for where in sorted(first.keys() | second.keys()):
        a, b = first.get(where), second.get(where)
        if a != b:
            changed = [(x, y) for x, y in zip(a or [], b or [], strict=False) if x != y]
            shown = ", ".join(f"{x} -> {y}" for x, y in changed[:6]) or f"{len(a or [])} -> {len(b or [])} figures"
            lines.append(f"{where}: {shown}")
    return lines


def load_checks(folder: Path | None, backend: str) -> list:
    if folder is None:
        return []
    spec = importlib.util.spec_from_file_location(f"checks_{backend}", Path(folder) / f"{backend}.py")
    if spec is None or spec.loader is None:
        raise ValueError(f"{folder}: no checks module for {backend}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CHECKS


def replay_check(page: Path, backend: str, checks: list, runs: int, *, bare_last: bool = False) -> bool:
    """Run ``page`` ``runs`` times for ``backend``; print what differs; whether all agreed.

    ``bare_last`` runs the last time without the checks, and compares the page's own cells
    only: the checks must leave the page's figures as they would be without them."""
    from .checks import figures
    from .run import CELL_TIMEOUT
    from .tutorial import run_page

    done = []
    for number in range(runs):
        these = [] if bare_last and number == runs - 1 else checks
        with tempfile.TemporaryDirectory() as workdir:
            done.append(run_page(page, backend, Path(workdir) / "run", timeout=CELL_TIMEOUT, checks=these))
    broken = [r for run in done for r in (*(r for _, r in run.cells), *run.checks.values())
              if r.status not in ("ok", "skipped")]
    first = cell_figures(done[0])
    diffs = [line for number, run in enumerate(done[1:], 2)
             for line in differences(cell_figures(done[0], checks=not (bare_last and number == runs)),
                                     cell_figures(run))]
    if broken:
        verdict = f"a run failed ({broken[0].status}): {(broken[0].error.strip().splitlines() or [''])[-1]}"
    elif diffs:
        verdict = f"{len(diffs)} cell(s) printed other figures"
    else:
        verdict = f"all {sum(len(f) for f in first.values())} figures identical"
    print(f"{done[0].page.name} [{backend}]: {runs} runs ({', '.join(f'{r.seconds:.0f} s' for r in done)}); {verdict}")
    for line in diffs:
        print(f"    differs: {line}")
    for number, run in enumerate(done, 1):
        for check, result in run.checks.items():
            print(f"    run {number} {check}: {figures(result.text)}")
    return not (broken or diffs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", action="append", choices=sorted(BACKENDS))
    parser.add_argument("--language", action="append", help="default: en")
    parser.add_argument("--checks", type=Path, help="folder of the backends' training checks (tests/checks)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--bare-last", action="store_true",
                        help="run the last time without the checks: they must not change the page's figures")
    args = parser.parse_args(argv)
    backends = args.backend or [name for name, b in BACKENDS.items() if b.available()]
    agreed = [
        replay_check(page, backend, load_checks(args.checks, backend), args.runs, bare_last=args.bare_last)
        for language in args.language or ["en"] for page in layout.pages(language) for backend in backends
    ]
    return 0 if all(agreed) else 1

