"""What a page is made of, once read."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..backends import TAGS
from ..report import shown

HUB_OUTPUT = "hub-output"
"""Tag of a code cell whose output shows figures of the real Hub's model (or ``...`` for
them): tests compare it with every number masked, since the stand-ins print other figures
in the same text."""
HUB_DATA = "hub-data"
"""Tag of a code cell whose output quotes the real Hub's data (a real review): readers see
it, tests do not compare it (the stand-ins hold other text)."""
SITE_ONLY = "site-only"
"""Tag of prose only the site shows (its tabs, its outputs): notebooks leave it out."""
NOTEBOOK_ONLY = "notebook-only"
"""Tag of prose only notebooks show (their install cell, their kernel): the site leaves it out."""
KNOWN_TAGS = TAGS | {HUB_OUTPUT, HUB_DATA, SITE_ONLY, NOTEBOOK_ONLY}


@dataclass(frozen=True)
class Cell:
    kind: str
    """"code" or "markdown"."""
    source: str
    tags: tuple[str, ...]
    line: int
    """Line of the page where the cell starts (1-based), for error messages."""
    output: str | None = None
    """The output the page shows right after this code cell, if any."""
    output_line: int | None = None
    end: int | None = None
    """Last line of a code cell's fence (its closing line), 1-based."""
    output_end: int | None = None
    """Last line of its ```output fence."""

    def with_output(self, output: str, line: int, end: int) -> Cell:
        return replace(self, output=output, output_line=line, output_end=end)

    @property
    def backends(self) -> frozenset[str]:
        """Backends this cell belongs to; empty means every backend."""
        return frozenset(self.tags) & TAGS

    def belongs_to(self, backend: str) -> bool:
        return not self.backends or backend in self.backends

    @property
    def compared(self) -> bool:
        """Whether tests compare the cell's output with the one the page shows."""
        return self.output is not None and HUB_DATA not in self.tags

    @property
    def numbers_compared(self) -> bool:
        """Whether that comparison includes the numbers (not for the real model's figures)."""
        return HUB_OUTPUT not in self.tags


@dataclass(frozen=True)
class Page:
    path: Path
    cells: tuple[Cell, ...]
    blocks: tuple[int, ...] = ()
    """Line (1-based) where each top-level Markdown block starts: where a translation puts
    what it lacks (``translations/place.py``)."""
    length: int = 0
    """Number of lines."""

    @property
    def title(self) -> str:
        for cell in self.cells:
            for line in cell.source.splitlines():
                if cell.kind == "markdown" and line.startswith("# "):
                    return line[2:].strip()
        return self.path.stem

    @property
    def name(self) -> str:
        """The page's path as a contributor would type it: relative to the working directory."""
        return shown(self.path)

    def where(self, cell: Cell) -> str:
        return f"{self.name}:{cell.line}"

    def for_backend(self, backend: str) -> list[Cell]:
        return [cell for cell in self.cells if cell.belongs_to(backend)]
