"""Checks that run inside a tutorial's kernel, between the page's own cells.

A check proves what a cell's success alone cannot: that training really happened. It runs
right after the first cell whose source matches ``after``, in the same kernel, so it sees
the page's variables before later cells replace them. Checks only read state; they
print their figures as one ``FIGURES {json}`` line that tests report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import nbformat

MARK = "finetune_docs_check"
FIGURES = "FIGURES "


@dataclass(frozen=True)
class Check:
    name: str
    after: str
    """Regular expression searched in each cell's source."""
    code: str


def insert(notebook: nbformat.NotebookNode, checks: list[Check]) -> list[str]:
    """Insert each check's cell after its cell; return the names of checks with no such cell."""
    missing = []
    for check in checks:
        pattern = re.compile(check.after)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and MARK not in cell.metadata and pattern.search(cell.source):
                notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(check.code, metadata={MARK: check.name}))
                break
        else:
            missing.append(check.name)
    return missing


def figures(text: str) -> dict:
    """The figures a check printed."""
    for line in text.splitlines():
        if line.startswith(FIGURES):
            return json.loads(line[len(FIGURES):])
    return {}
