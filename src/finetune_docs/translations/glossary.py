"""Each language's glossary: the term the pages use for a concept, and the ones they avoid.

``translations/<language>/glossary.toml`` lists ``[[term]]`` entries with ``en`` (the
English term), ``use`` (the term this language's pages use) and ``avoid`` (variants that
would make the pages inconsistent). Only prose is checked; code is the same everywhere.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..pages import Page
from ..report import Problem
from .status import FOLDER


def load(language: str, folder: Path = FOLDER) -> dict:
    path = folder / language / "glossary.toml"
    if not path.exists():
        return {"term": []}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def violations(page: Page, glossary: dict) -> list[Problem]:
    problems = []
    for cell in page.cells:
        if cell.kind != "markdown":
            continue
        for offset, line in enumerate(cell.source.splitlines()):
            prose = re.sub(r"`[^`]*`|\]\([^)]*\)", "", line)
            for term in glossary.get("term", []):
                for avoided in term.get("avoid", []):
                    if re.search(rf"(?<!\w){re.escape(avoided)}(?!\w)", prose, re.IGNORECASE):
                        problems.append(Problem(page.path, cell.line + offset, f"{avoided!r}: the glossary "
                                                f"uses {term['use']!r} for {term['en']!r}"))
    return problems
