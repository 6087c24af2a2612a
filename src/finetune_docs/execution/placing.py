"""Which page cell, training check or added cell each executed notebook cell was, and where on
the page it is: what a run's results are said in (``causes.py``) and judged by (the tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import nbformat

from ..notebooks.make import INSTALL_TAG, SETUP_TAG
from ..pages import Cell, Page
from . import causes
from . import checks as checks_module
from .run import CellResult


@dataclass
class Placed:
    origins: list[Cell | str | None]
    """Per executed cell: its page cell, the name of the check it is, or None (install, setup)."""
    places: list[causes.Place]
    """Per executed cell: where it is, in page lines."""


def place(page: Page, backend: str, notebook: nbformat.NotebookNode, results: Sequence[CellResult],
          checks: Sequence[checks_module.Check] = ()) -> Placed:
    """Each result's origin and place; a check is placed by the page cell it runs before or after."""
    page_code = iter(c for c in page.for_backend(backend) if c.kind == "code")
    by_name = {check.name: check for check in checks}
    origins: list[Cell | str | None] = []
    places: list[causes.Place] = []
    for result in results:
        cell = notebook.cells[result.index]
        tags = set(cell.metadata.get("tags", []))
        if checks_module.MARK in cell.metadata:
            origins.append(cell.metadata[checks_module.MARK])
            places.append(causes.Place(""))  # named below, once the cell it follows or precedes is known
        elif {INSTALL_TAG, SETUP_TAG} & tags:
            origins.append(None)
            added = "install" if INSTALL_TAG in tags else "setup"
            places.append(causes.Place(f"the notebook's {added} cell (before the page's first cell)"))
        else:
            page_cell = next(page_code)
            origins.append(page_cell)
            places.append(causes.page_place(page, page_cell))
    for position, origin in enumerate(origins):
        if isinstance(origin, str):
            before = by_name[origin].before is not None
            step = 1 if before else -1
            anchor = next((places[i] for i in range(position + step, len(origins) if before else -1, step)
                           if isinstance(origins[i], Cell)), None)
            places[position] = causes.check_place(origin, before, anchor, by_name[origin].lines())
    return Placed(origins, places)
