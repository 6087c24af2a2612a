"""Where a tutorial run failed, said in page lines, and what that failure stopped.

A run executes a notebook: the page's code cells, the install and setup cells the notebook
adds, and the checks inserted between them. A position in that notebook means nothing to
whoever edits the page, so every place is said as the page says it: a page cell by its
line, a check by the page cell it runs after (or before), and a traceback's positions by
the page line of the code they point at. IPython names a cell's frames ``Cell In[7], line
3`` (its 7th execution); a traceback formatted outside IPython (MindSpore's dataset
pipeline re-raises its worker's) names the file ipykernel compiled the cell as,
``/tmp/ipykernel_<pid>/<hash of its source>.py", line 3``.

One failure has one cause: the run stops at the first cell that fails, and every cell
after it is "not run because" that cell failed, which tests report as skipped, not failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the harness's types only: tests read messages with this module, without nbclient
    from ..pages import Cell, Page
    from .run import CellResult

PASSED = ("ok", "skipped")
_CELL = re.compile(r"Cell In\[(\d+)\], line (\d+)")
_FILE = re.compile(r""""?[^\s"']*ipykernel_\d+[/\\](\d+)\.py(?:", line |:)(\d+)""")


@dataclass(frozen=True)
class Place:
    name: str
    """How a report names the cell: ``docs/en/index.md:176``, ``the check 'trainer-learns' after
    docs/en/index.md:167``, ``the notebook's setup cell``."""
    lines: tuple[str, ...] = ()
    """Where each of its lines is (``docs/en/index.md:178``, a check's ``tests/checks/pytorch.py:44``),
    for a traceback's line numbers; ``""`` or nothing where a line is on no page or file."""


def page_place(page: Page, cell: Cell) -> Place:
    count = len(cell.source.splitlines())
    return Place(page.where(cell), tuple(f"{page.name}:{cell.line + number}" for number in range(1, count + 1)))


def check_place(name: str, before: bool, anchor: Place | None, lines: list[str]) -> Place:
    side = "before" if before else "after"
    # The lines around its functions (the guard, the call) are the check's own, on no file.
    return Place(f"the check {name!r} {side} {anchor.name}" if anchor else f"the check {name!r}",
                 tuple(line or f"the check {name!r}" for line in lines))


def _file_names(sources: list[str]) -> dict[str, int]:
    """The number ipykernel names each cell's file by (its source's murmur2 hash), to its position."""
    try:
        from ipykernel.compiler import get_tmp_hash_seed, murmur2_x86
    except ImportError:  # no ipykernel, no such files in tracebacks either
        return {}
    return {str(murmur2_x86(source, get_tmp_hash_seed())): i for i, source in enumerate(sources)}


def on_page(text: str, places: list[Place], sources: list[str], results: list[CellResult]) -> str:
    """``text`` with every traceback position of a cell of the run said as a page line.

    ``places``, ``sources`` and ``results`` are parallel: one entry per code cell of the run."""
    executed = [i for i, r in enumerate(results) if r.status not in ("skipped", "not-run")]
    files = _file_names(sources)

    def line_of(position: int | None, line: str) -> str | None:
        lines = places[position].lines if position is not None else ()
        return lines[int(line) - 1] or None if 0 < int(line) <= len(lines) else None

    def by_count(match: re.Match) -> str:
        count = int(match.group(1))
        position = executed[count - 1] if 0 < count <= len(executed) else None
        return line_of(position, match.group(2)) or match.group(0)

    def by_file(match: re.Match) -> str:
        return line_of(files.get(match.group(1)), match.group(2)) or match.group(0)

    return _FILE.sub(by_file, _CELL.sub(by_count, text))


def raised_at(error: str, places: list[Place]) -> str:
    """`` (raised at docs/en/index.md:715, in collate)``: the innermost frame of ``error`` (said
    on the page already) in a function of the page or of a check, which may be another cell's
    (a collator that a training loop's data pipeline calls); empty when there is none."""
    known = {line for place in places for line in place.lines if line}
    frames = [f"{where}, in {name}" for where, name in re.findall(r"(\S+:\d+), in ([\w<>]+)", error)
              if where in known and name != "<module>"]
    return f" (raised at {frames[-1]})" if frames else ""


def first_failure(results: list[CellResult], places: list[Place]) -> str:
    """``"docs/en/index.md:797 ended with error (raised at docs/en/index.md:715, in collate)"``;
    empty when every cell passed. ``results`` are said on the page already."""
    for result, place in zip(results, places, strict=True):
        if result.status not in PASSED + ("not-run",):
            return f"{place.name} ended with {result.status}{raised_at(result.error, places)}"
    return ""


def said_on_page(results: list[CellResult], places: list[Place], sources: list[str]) -> list[CellResult]:
    """The results with their errors in page lines, and each cell not run naming why."""
    said = [r if r.status in PASSED + ("not-run",) else replace(
        r, error=on_page(r.error, places, sources, results), text=on_page(r.text, places, sources, results))
        for r in results]
    cause = first_failure(said, places)
    return [replace(r, error=f"not run because {cause}") if r.status == "not-run" and cause else r for r in said]
