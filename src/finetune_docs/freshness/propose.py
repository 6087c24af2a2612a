"""The proposal of a run that passed: each requirements file with its pins bumped, comments and
order kept, so that the change is one reviewed diff; the notebooks' install cells are remade from them."""

from __future__ import annotations

import re
from pathlib import Path

from packaging.utils import canonicalize_name

PIN = re.compile(r"^(\s*)([A-Za-z0-9_.\-]+)(\s*==\s*)([^\s#;]+)(.*)$")


def bumped(text: str, newest: dict[str, str]) -> str:
    """``text`` (a requirements file) with each ``name==old`` that ``newest`` names set to its version."""
    out = []
    for line in text.splitlines(keepends=True):
        match = PIN.match(line.rstrip("\n"))
        if match and canonicalize_name(match[2]) in newest:
            line = f"{match[1]}{match[2]}{match[3]}{newest[canonicalize_name(match[2])]}{match[5]}" + (
                "\n" if line.endswith("\n") else "")
        out.append(line)
    return "".join(out)


def write(path: Path, newest: dict[str, str]) -> bool:
    """Bump the file in place; whether it changed."""
    text = path.read_text(encoding="utf-8")
    new = bumped(text, newest)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def remake_notebooks(root: Path) -> tuple[list[Path], list[str]]:
    """The notebooks made again from the pages (their install cells read requirements/): those
    written, and the problems found (a notebook edited by hand is kept and reported)."""
    from ..notebooks import sync

    written, problems = sync.write(root)
    return written, [str(p) for p in problems]
