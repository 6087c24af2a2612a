"""Which English revision each translation follows, and whether English has moved on.

``translations/<language>/sync.json`` records, for each page, a digest of the prose of
every English section as it was when the translation was last brought up to date. When
English prose changes later, the translation is stale for the sections that changed:
tools report them and the site shows a banner. Code needs no record — parity keeps it
equal at every commit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import layout
from ..pages import Page, read
from ..report import Problem, shown
from .structure import sections

FOLDER = layout.ROOT / "translations"


def _record_path(language: str, folder: Path = FOLDER) -> Path:
    return folder / language / "sync.json"


def digests(english_page: Path) -> list[list[str]]:
    """[title, digest of the section's prose] for each section of the English page."""
    return [
        [section.title or "(introduction)", hashlib.sha256(section.prose.encode()).hexdigest()[:16]]
        for section in sections(read(english_page))
    ]


def english_of(page: Path, docs: Path = layout.DOCS) -> Path:
    return docs / layout.SOURCE_LANGUAGE / Path(page).name


def stale_sections(page: Path, folder: Path = FOLDER, docs: Path = layout.DOCS) -> list[str]:
    """English sections whose prose changed since the translation ``page`` was synced."""
    page = Path(page)
    record = _record_path(layout.language_of(page), folder)
    recorded = json.loads(record.read_text(encoding="utf-8")).get(page.name) if record.exists() else None
    current = digests(english_of(page, docs))
    if recorded is None:
        return [title for title, _ in current]
    known = {tuple(item) for item in recorded}
    return [title for title, digest in current if (title, digest) not in known]


def stale_problems(translation: Page, folder: Path = FOLDER, docs: Path = layout.DOCS) -> list[Problem]:
    """A problem at each heading of ``translation`` whose English section's prose changed since it
    was synced (at line 1 when the sections do not pair one to one: parity reports why)."""
    english = english_of(translation.path, docs)
    stale = set(stale_sections(translation.path, folder, docs))
    ours, theirs = sections(read(english)), sections(translation)
    fix = f"update it, then `finetune-docs mark-synced {shown(translation.path)}`"
    problems = []
    for index, section in enumerate(ours):
        title = section.title or "(introduction)"
        if title in stale:
            line = theirs[index].line if len(theirs) == len(ours) else 1
            heading = f"{'#' * section.level} {title}" if section.level else title
            problems.append(Problem(translation.path, line, f"stale: English {shown(english)}:{section.line} "
                                                            f"{heading!r} changed since this was synced; {fix}"))
    return problems


def mark_synced(page: Path, folder: Path = FOLDER, docs: Path = layout.DOCS) -> None:
    """Record that ``page`` now follows the current English page."""
    page = Path(page)
    record = _record_path(layout.language_of(page), folder)
    data = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    data[page.name] = digests(english_of(page, docs))
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
