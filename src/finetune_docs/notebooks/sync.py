"""Keep committed notebooks equal to what their pages make, without ever losing an edit.

A notebook records a digest of its cells when it is written. If its cells no longer
match that digest, someone edited the notebook by hand (in Jupyter or Colab, say); the
edit belongs on the page, so regeneration stops and names the edited cells instead of
overwriting them, unless told to discard them. A cell is edited when its text differs
from what the page made *then*, which its id records (``make.py`` derives each cell's id
from its position and text, and editors keep ids): a cell the page has changed since is
not the maintainer's edit, and is never named as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import layout
from ..backends import BACKENDS
from ..pages import Page, read
from ..report import Problem, ProblemError, shown
from .make import META, cell_id, cells_digest, dumps, make


class HandEditError(RuntimeError):
    pass


@dataclass(frozen=True)
class Target:
    root: Path
    page: Path
    backend: str
    notebook: Path

    def expected(self, page: Page | None = None) -> str:
        """The notebook ``page`` (read from ``self.page`` when not given) makes."""
        return dumps(make(page or read(self.page), BACKENDS[self.backend], self.notebook, self.root))


def targets(root: Path = layout.ROOT) -> list[Target]:
    docs, notebooks = root / "docs", root / "notebooks"
    return [
        Target(root, page, backend, layout.notebook_path(page, backend, notebooks))
        for language in layout.languages(docs)
        for page in layout.pages(language, docs)
        for backend in BACKENDS
    ]


def _as_made(cell, positions: range) -> bool:
    """Whether ``cell``'s text is the one its id was made from, at one of ``positions``."""
    return any(cell.get("id") == cell_id(index, cell.source) for index in positions)


def hand_edits(path: Path, expected: str, root: Path) -> list[str]:
    """Descriptions of the cells of ``path`` edited since it was written; [] if none."""
    name = path.relative_to(root)
    current = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    recorded = current.metadata.get(META, {}).get("digest")
    if recorded == cells_digest(current.cells):
        return []
    # Cells added or removed by hand move the others: an id may have been made at any position.
    positions = range(2 * (len(current.cells) + len(nbformat.reads(expected, as_version=4).cells)))
    edited = [
        f"{name}: cell {index + 1} ({cell.cell_type}) was added or edited by hand: "
        f"{cell.source.strip().splitlines()[0][:70] if cell.source.strip() else '(empty)'!r}"
        for index, cell in enumerate(current.cells)
        if not _as_made(cell, positions)
    ]
    if len(edited) == len(current.cells):
        return [f"{name}: every cell's id was changed (by the editor?), so the edited cells cannot be told "
                "apart; compare it with its page"]
    return edited or [f"{name}: cells were removed, reordered or retagged by hand"]


def _expected(targets_: list[Target], problems: list[Problem]) -> list[tuple[Target, str]]:
    """(target, the notebook its page makes) for each target whose page reads; the problems
    of the others (once per page) go to ``problems``."""
    pages: dict[Path, Page | None] = {}
    made = []
    for target in targets_:
        if target.page not in pages:
            try:
                pages[target.page] = read(target.page)
            except ProblemError as error:
                pages[target.page] = None
                problems += error.problems
        if pages[target.page] is not None:
            made.append((target, target.expected(pages[target.page])))
    return made


def check(root: Path = layout.ROOT) -> list[Problem]:
    """One problem per notebook that is missing or differs from its page, and per page problem."""
    problems: list[Problem] = []
    for target, text in _expected(targets(root), problems):
        page = shown(target.page)
        if not target.notebook.exists():
            problems.append(Problem(target.notebook, None, f"missing (made from {page})"))
        elif target.notebook.read_text(encoding="utf-8") != text:
            problems.append(Problem(target.notebook, None, f"out of date with {page}"))
    return problems


def write(root: Path = layout.ROOT, discard_edits: bool = False) -> tuple[list[Path], list[Problem]]:
    """Rewrite the notebooks that differ from their pages; return those written, and the
    problems of the pages that could not be read (their notebooks are left alone)."""
    plans, edits, problems = [], [], []  # type: tuple[list[tuple[Path, str]], list[str], list[Problem]]
    for target, text in _expected(targets(root), problems):
        if target.notebook.exists():
            if target.notebook.read_text(encoding="utf-8") == text:
                continue
            edits += hand_edits(target.notebook, text, root)
        plans.append((target.notebook, text))
    if edits and not discard_edits:
        raise HandEditError(
            "notebooks were edited by hand; move the edits to the pages (notebooks are made "
            "from them), or pass --discard-edits to drop them:\n  " + "\n  ".join(edits)
        )
    for path, text in plans:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [path for path, _ in plans], problems
