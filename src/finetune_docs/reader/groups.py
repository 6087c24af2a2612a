"""Which notebooks a reader's run serves from one environment: one per (backend, Python).

A translation's code cells equal the English page's (the parity check) and every language's
install cell is made from the same pins, so one fresh environment, built and installed once,
runs each language's notebook of a backend, each in a fresh kernel of it. The install cells
must then be identical: an environment that one notebook's cell installed would hide what
another's lacks. The Python is the backend's ``reader_python`` (``backends.py``).
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import layout
from ..backends import BACKENDS, Backend
from ..notebooks.install import installs
from ..notebooks.make import INSTALL_TAG
from .sandbox import ReaderError


@dataclass
class ReaderEnvironment:
    backend: Backend
    notebooks: dict[Path, nbformat.NotebookNode]
    """Every notebook it runs, in the order given; the first one's install cell installs it."""

    @property
    def python(self) -> str:
        return self.backend.reader_python

    @property
    def name(self) -> str:
        return f"{self.backend.name}-py{self.python}"

    def install(self) -> nbformat.NotebookNode:
        """A notebook of the (shared) install cell alone, untagged so that ``execute`` runs it."""
        path, notebook = next(iter(self.notebooks.items()))
        return install_only(notebook, path)


def install_cell(notebook: nbformat.NotebookNode, path: Path) -> tuple[int, nbformat.NotebookNode]:
    """The index and the cell tagged ``install``: there must be exactly one."""
    found = [(i, c) for i, c in enumerate(notebook.cells)
             if c.cell_type == "code" and INSTALL_TAG in c.metadata.get("tags", [])]
    if len(found) != 1:
        raise ReaderError(f"{path}: {len(found)} code cells are tagged {INSTALL_TAG!r}; a reader's run needs "
                          "exactly one, the cell that installs what the notebook imports")
    return found[0]


def install_only(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """A notebook of the install cell alone, untagged so that ``execute`` runs it."""
    cell = copy.deepcopy(install_cell(notebook, path)[1])
    cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != INSTALL_TAG]
    return nbformat.v4.new_notebook(cells=[cell])


def backend_of(notebook: nbformat.NotebookNode, path: Path) -> Backend:
    """The backend the notebook was made for, as ``finetune-docs notebooks`` recorded it."""
    name = notebook.metadata.get("finetune_docs", {}).get("backend")
    if name not in BACKENDS:
        raise ReaderError(f"{path}: its metadata names no known backend (finetune_docs.backend is {name!r}; "
                          f"known: {', '.join(BACKENDS)}); make it with `nox -s notebooks`")
    return BACKENDS[name]


def _differs(first: Path, source: str, path: Path, other: str, label: str) -> ReaderError:
    diff = difflib.unified_diff(source.splitlines(), other.splitlines(), str(first), str(path), lineterm="", n=0)
    return ReaderError(f"{path}: its install cell differs from {first}'s, and one environment serves every "
                       f"language's {label} notebook (remake them with `nox -s notebooks`):\n" + "\n".join(diff))


def environments(notebooks: dict[Path, nbformat.NotebookNode]) -> list[ReaderEnvironment]:
    """The notebooks grouped by (backend, Python), groups in the order their first notebook came."""
    groups: dict[tuple[str, str], ReaderEnvironment] = {}
    for path, notebook in notebooks.items():
        backend = backend_of(notebook, path)
        # What it installs, not what it says: its messages are in the notebook's language.
        source = installs(install_cell(notebook, path)[1].source)
        group = groups.setdefault((backend.name, backend.reader_python), ReaderEnvironment(backend, {}))
        if group.notebooks:
            first, other = next(iter(group.notebooks.items()))
            if installs(install_cell(other, first)[1].source) != source:
                raise _differs(first, installs(install_cell(other, first)[1].source), path, source, backend.label)
        group.notebooks[path] = notebook
    return list(groups.values())


def default_notebooks() -> list[Path]:
    """Every notebook: each backend's, in every language (one environment per backend runs them all)."""
    return [layout.notebook_path(page, backend) for backend in BACKENDS
            for language in layout.languages() for page in layout.pages(language)]
