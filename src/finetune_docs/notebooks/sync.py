"""Keep committed notebooks equal to what their pages make, without ever losing an edit.

A notebook records a digest of its cells when it is written. If its cells no longer
match that digest, someone edited the notebook by hand (in Jupyter or Colab, say); the
edit belongs on the page, so regeneration stops and names the edited cells instead of
overwriting them, unless told to discard them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import layout
from ..backends import BACKENDS
from ..pages import read
from .make import META, cells_digest, dumps, make


class HandEditError(RuntimeError):
    pass


@dataclass(frozen=True)
class Target:
    root: Path
    page: Path
    backend: str
    notebook: Path

    def expected(self) -> str:
        return dumps(make(read(self.page), BACKENDS[self.backend], self.notebook, self.root))


def targets(root: Path = layout.ROOT) -> list[Target]:
    docs, notebooks = root / "docs", root / "notebooks"
    return [
        Target(root, page, backend, layout.notebook_path(page, backend, notebooks))
        for language in layout.languages(docs)
        for page in layout.pages(language, docs)
        for backend in BACKENDS
    ]


def hand_edits(path: Path, expected: str, root: Path) -> list[str]:
    """Descriptions of the cells of ``path`` edited since it was written; [] if none."""
    name = path.relative_to(root)
    current = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    recorded = current.metadata.get(META, {}).get("digest")
    if recorded == cells_digest(current.cells):
        return []
    wanted = {cell.source for cell in nbformat.reads(expected, as_version=4).cells}
    edited = [
        f"{name}: cell {index + 1} ({cell.cell_type}) differs from the page: "
        f"{cell.source.strip().splitlines()[0][:70] if cell.source.strip() else '(empty)'!r}"
        for index, cell in enumerate(current.cells)
        if cell.source not in wanted
    ]
    return edited or [f"{name}: cells were removed or reordered by hand"]


def check(root: Path = layout.ROOT) -> list[str]:
    """One line per notebook that is missing or differs from its page."""
    problems = []
    for target in targets(root):
        notebook, page = target.notebook.relative_to(root), target.page.relative_to(root)
        if not target.notebook.exists():
            problems.append(f"{notebook}: missing (made from {page})")
        elif target.notebook.read_text(encoding="utf-8") != target.expected():
            problems.append(f"{notebook}: out of date with {page}")
    return problems


def write(root: Path = layout.ROOT, discard_edits: bool = False) -> list[Path]:
    """Rewrite the notebooks that differ from their pages; return those written."""
    plans, edits = [], []
    for target in targets(root):
        text = target.expected()
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
    return [path for path, _ in plans]
