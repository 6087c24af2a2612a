"""The ``%pip install`` lines of an install cell, as pip would receive them."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from ..reader.resolve import pip_arguments

MAGIC = "%pip install "


@dataclass(frozen=True)
class PipLine:
    flags: tuple[str, ...]
    requirements: tuple[str, ...]
    """What pip resolves from an index."""
    direct: tuple[str, ...] = ()
    """``name @ URL`` requirements (a git clone): not resolvable offline, reported as such."""


def pip_lines(source: str) -> list[PipLine]:
    """Each ``%pip install`` line of a cell, in order (one pip run each, as IPython runs them), its
    words read as a reader's run reads them (``reader.resolve.pip_arguments``)."""
    lines = []
    for words in pip_arguments(source):
        flags = tuple(w for w in words if w.startswith("-"))
        specs = [w for w in words if not w.startswith("-")]
        lines.append(PipLine(flags, tuple(s for s in specs if " @ " not in s and "://" not in s),
                             tuple(s for s in specs if " @ " in s or "://" in s)))
    return lines


def preamble(source: str) -> str:
    """The plain Python before the first ``%pip`` line (a check that the runtime can run the notebook)."""
    head = []
    for line in source.splitlines():
        if line.lstrip().startswith("%"):
            break
        head.append(line)
    return "\n".join(head)


def install_cell_source(notebook_path: Path) -> str:
    """The source of a committed notebook's install cell (``reader.groups.install_cell``)."""
    import nbformat

    from ..reader.groups import install_cell

    return install_cell(nbformat.read(notebook_path, as_version=4), notebook_path)[1].source


def repin(source: str, requirement: str) -> str:
    """``source`` with the requirement on the same distribution replaced by ``requirement``
    (``torch==2.13.0``): what a contributor re-pinning a package would commit."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    target = canonicalize_name(Requirement(requirement).name)
    out = []
    for raw in source.splitlines():
        if raw.strip().startswith(MAGIC):
            words = shlex.split(raw.strip()[len(MAGIC):])
            words = [requirement if not w.startswith("-") and " @ " not in w
                     and canonicalize_name(Requirement(w).name) == target else w for w in words]
            raw = MAGIC + " ".join(shlex.quote(w) for w in words)
        out.append(raw)
    return "\n".join(out)
