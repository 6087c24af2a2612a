"""A page's shape as translations must keep it: its sections and its code cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pages import Cell, Page
from ..pages.markdown import fences
from . import normalise

HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    tags: tuple[str, ...]
    line: int
    codes: tuple[Cell, ...]
    prose: str
    """The section's prose, whitespace-normalised: what a translator must follow."""


def sections(page: Page) -> list[Section]:
    """Sections in order; text before the first heading is a section with level 0."""
    found: list[dict] = [{"level": 0, "title": "", "tags": (), "line": 1, "codes": [], "prose": []}]
    for cell in page.cells:
        if cell.kind == "code":
            found[-1]["codes"].append(cell)
            continue
        lines = cell.source.splitlines()
        fenced = ({index for fence in fences(lines) for index in range(fence.start, fence.end)}
                  if "```" in cell.source or "~~~" in cell.source else set())  # no fence: no parse
        for offset, text in enumerate(lines):
            match = None if offset in fenced else HEADING.match(text)
            if match:
                found.append({"level": len(match.group(1)), "title": match.group(2),
                              "tags": tuple(sorted(cell.backends)), "line": cell.line + offset,
                              "codes": [], "prose": []})
            else:
                found[-1]["prose"].append(text)
    return [
        Section(s["level"], s["title"], tuple(s["tags"]), s["line"], tuple(s["codes"]),
                " ".join(" ".join(s["prose"]).split()))
        for s in found
    ]


def code_signature(cell: Cell) -> tuple:
    """What must be equal between a translation's code cell and the English one."""
    return (normalise.compared(cell.source), tuple(sorted(cell.tags)), cell.output)
