"""Checks that run inside a tutorial's kernel, between the page's own cells.

A check proves what a cell's success alone cannot: that training really happened, on the
model the page trains. Its code is a module-level function (in ``tests/checks/``, where
linters see it), sent to the kernel with :func:`inspect.getsource` and called there on the
page's variables: each parameter without a default is the kernel variable of that name.
It runs right before (``before``) or right after (``after``) the first page cell whose
source matches, so it sees the page's state as it is at that point; it only reads that
state. What it returns (its figures, JSON) is kept in the kernel under the check's name,
for a later check to read (``recorded``), and printed as one ``FIGURES {json}`` line that
tests report. A check asserts what must hold.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat

from ..report import shown

MARK = "finetune_docs_check"
FIGURES = "FIGURES "
RECORD = "finetune_docs_figures"
"""The kernel's dict of each check's figures, by check name."""


@dataclass(frozen=True)
class Check:
    name: str
    function: Callable[..., dict]
    """Module-level; returns its figures. Defaults must be literals: they are read in the kernel."""
    before: str | None = None
    """Regular expression searched in each cell's source: the check runs right before the match."""
    after: str | None = None
    """The same, to run right after it."""
    helpers: tuple[Callable, ...] = ()
    """Module-level functions that ``function`` calls, sent along with it."""
    recorded: dict[str, str] = field(default_factory=dict)
    """Parameter -> name of an earlier check whose figures it receives."""

    def __post_init__(self):
        if (self.before is None) == (self.after is None):
            raise ValueError(f"check {self.name!r}: give exactly one of before= and after=")
        for function in (*self.helpers, self.function):
            if function.__qualname__ != function.__name__:
                raise ValueError(f"check {self.name!r}: {function.__qualname__} is not a module-level function")

    @property
    def anchor(self) -> str:
        return self.before if self.before is not None else (self.after or "")

    @property
    def code(self) -> str:
        """The cell sent to the kernel: the functions' own source, one call, its figures printed."""
        functions = (*self.helpers, self.function)
        names = [f.__name__ for f in functions]
        parameters = inspect.signature(self.function).parameters.values()
        arguments = ", ".join(
            f"{p.name}={RECORD}[{self.recorded[p.name]!r}]" if p.name in self.recorded else f"{p.name}={p.name}"
            for p in parameters if p.default is inspect.Parameter.empty
        )
        # The check's names come and go; a page variable of the same name must not be replaced.
        # Sorted: the cell's text must not change from run to run (a cache keys on it).
        listed = ", ".join(repr(name) for name in sorted(names))
        guard = f"assert not {{{listed}}} & set(globals()), 'a check would replace a variable of the page'"
        return "\n".join([
            guard,
            "import json as finetune_docs_json",
            "",
            *(inspect.getsource(f) for f in functions),
            f"{RECORD} = globals().get({RECORD!r}, {{}})",
            f"{RECORD}[{self.name!r}] = {self.function.__name__}({arguments})",
            f"print({FIGURES!r} + finetune_docs_json.dumps({RECORD}[{self.name!r}]))",
            f"del finetune_docs_json, {', '.join(names)}",
        ])


    def lines(self) -> list[str]:
        """Where each line of :attr:`code` comes from: ``tests/checks/pytorch.py:44`` for a line of
        one of its functions, ``""`` for the lines around them (a traceback names them so)."""
        lines = ["", "", ""]
        for function in (*self.helpers, self.function):
            source, start = inspect.getsourcelines(function)
            path = shown(inspect.getsourcefile(function) or "")
            lines += [f"{path}:{start + offset}" for offset in range(len(source))] + [""]
        return lines + [""] * 4


def insert(notebook: nbformat.NotebookNode, checks: list[Check]) -> list[str]:
    """Insert each check's cell before or after its cell; return the names of checks with no such cell."""
    missing = []
    for check in checks:
        pattern = re.compile(check.anchor)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and MARK not in cell.metadata and pattern.search(cell.source):
                at = index if check.before is not None else index + 1
                notebook.cells.insert(at, nbformat.v4.new_code_cell(check.code, metadata={MARK: check.name}))
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
