"""Print how long parity takes on long pages of repeated content, and how much memory.

    finetune-docs benchmark --part translations [--megabytes 1 10] [--read]

A page of ``--megabytes`` is made of one short section repeated (every cell's code occurs
hundreds of times, so no cell is unique), and its translation has one change: a drifted
cell, a deleted one, two cells swapped. For each, the time and peak memory (tracemalloc,
in a second run) of ``parity.compare`` and the number of reports (one is right). With
``--read``, the time to read the two pages from their text too (the reader also looks for
mojibake on every line). Figures, not assertions: targets are judged by people.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from ..pages import Cell, Page
from ..translations import parity

UNIT = (("markdown", "## Step\n\nLoad the data, then look at it: the same two cells in every step."),
        ("code", "data = load_dataset('yelp_review_full')\ndata = data.shuffle(seed=42)\n"
                 "small = data['train'].select(range(1000))"),
        ("code", "print(small)"))
CHANGES = ("drift", "delete", "swap")


def cells(size: int, change: str | None = None) -> list[tuple[str, str]]:
    """(kind, source) of a page of about ``size`` bytes, with ``change`` made in its middle."""
    unit_size = sum(len(source) + 10 for _, source in UNIT)
    found = [("markdown", "# A long page")] + list(UNIT) * max(size // unit_size, 2)
    middle = len(found) // 2
    middle -= found[middle][0] != "code"
    if change == "drift":
        found[middle] = ("code", found[middle][1] + "\nsmall = small.select(range(10))")
    elif change == "delete":
        del found[middle]
    elif change == "swap":
        found[middle - 1], found[middle] = found[middle], found[middle - 1]
    return found


def page(name: str, found: list[tuple[str, str]]) -> Page:
    """The Page the reader would make of those cells, fenced and one blank line apart."""
    made, blocks, line = [], [], 1
    for kind, source in found:
        height = source.count("\n") + 1
        if kind == "code":
            made.append(Cell("code", source, (), line, end=line + height + 1))
            blocks.append(line)
            line += height + 3
        else:
            made.append(Cell("markdown", source, (), line))
            rows = source.split("\n")
            blocks += [line + k for k, row in enumerate(rows) if row and (k == 0 or not rows[k - 1])]  # paragraphs
            line += height + 1
    return Page(Path(name), tuple(made), tuple(blocks), line - 1)


def text(found: list[tuple[str, str]]) -> str:
    return "\n".join(f"```python\n{source}\n```\n" if kind == "code" else f"{source}\n" for kind, source in found)


def measure(size: int, change: str, read: bool) -> str:
    english_cells, translated_cells = cells(size), cells(size, change)
    start = time.perf_counter()
    if read:
        from ..pages import reads

        english, translation = reads(text(english_cells), "en.md", "jupytext"), reads(text(translated_cells), "es.md")
    else:
        english, translation = page("en.md", english_cells), page("es.md", translated_cells)
    built = time.perf_counter() - start
    start = time.perf_counter()
    problems = parity.compare(english, translation)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    parity.compare(english, translation)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    megabytes = len(text(english_cells)) / 1e6
    return (f"{megabytes:5.1f} MB, {len(english.cells):6d} cells, {change:6s}: compare {seconds:6.2f} s, "
            f"peak {peak:6.1f} MB, {len(problems)} report(s)" + (f"; reading both {built:.1f} s" if read else ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="finetune-docs benchmark --part translations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--read", action="store_true", help="read the pages from their text too")
    args = parser.parse_args(argv)
    for megabytes in args.megabytes:
        for change in CHANGES:
            print(measure(int(megabytes * 1e6), change, args.read), flush=True)

