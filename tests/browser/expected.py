"""What each page of the built site should show, read from the language's one source page.

The expectations come from the pages' cells (finetune_docs.pages), not from the site's
renderer, so that a renderer that keeps a wrong cell fails the browser tests.
"""

from __future__ import annotations

import functools
import re

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.pages import Cell, read
from finetune_docs.pages.cells import NOTEBOOK_ONLY
from finetune_docs.site import strings

LANGUAGES = layout.languages()
LESSONS = [(language, backend) for language in LANGUAGES for backend in BACKENDS]
LESSON_IDS = [f"{language}-{backend}" for language, backend in LESSONS]
# Prose lines with no inline markup read the same on the page as in the source.
MARKUP = re.compile(r"[*`\[\]_<>!|#\\]")


def root_of(language: str) -> str:
    return "" if language == layout.SOURCE_LANGUAGE else f"{language}/"


def landing_url(base_url: str, language: str) -> str:
    return base_url + root_of(language)


def lesson_url(base_url: str, language: str, backend: str) -> str:
    return f"{base_url}{root_of(language)}{backend}/"


@functools.cache
def source(language: str):
    return read(layout.DOCS / language / "index.md")


def cells(language: str, backend: str) -> list[Cell]:
    """The cells the lesson shows: its notebook's, less the notebook-only prose."""
    return [cell for cell in source(language).cells if cell.belongs_to(backend) and NOTEBOOK_ONLY not in cell.tags]


def plain(heading: str) -> str:
    """A Markdown heading's text as a reader sees it: no backticks, links as their words."""
    text = heading.replace("`", "")
    return re.sub(r"\[([^\]]*)\](?:\([^)]*\))?", r"\1", text).strip()


def headings(language: str, backend: str) -> list[str]:
    """The lesson's ``##`` and ``###`` headings in order, its install section's before the first."""
    found = []
    for cell in cells(language, backend):
        if cell.kind != "markdown":
            continue
        for line in cell.source.splitlines():
            if match := re.match(r"^(##|###) (.*)$", line):
                found.append((match[1], plain(match[2])))
    first = next((index for index, (level, _) in enumerate(found) if level == "##"), len(found))
    found.insert(first, ("##", strings.get(language, "install_heading")))
    return [text for _, text in found]


def foreign_lines(language: str, backend: str) -> list[str]:
    """Lines of other frameworks' cells that this lesson must not show: their code, their
    headings, and their plain prose, where this lesson's own cells do not say the same."""
    own = " ".join(" ".join((cell.source + "\n" + (cell.output or "")).split()) for cell in cells(language, backend))
    found = []
    for cell in source(language).cells:
        if not cell.backends or backend in cell.backends:
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            if len(line) < 20 or " ".join(line.split()) in own:
                continue
            if cell.kind == "code" or line.startswith("#"):
                found.append(plain(line.lstrip("# ")) if cell.kind == "markdown" else line)
            elif len(line) >= 40 and not MARKUP.search(line):
                found.append(line)
    return found
