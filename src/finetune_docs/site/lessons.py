"""Which pages the site has: per language, a landing page and one lesson per framework.

Each language has one Markdown source, ``docs/<language>/index.md``. The site adds to mkdocs'
files, for every backend, a page ``<language>/<backend>/index.md`` that exists only in the
build: its text is read from the language's source (``source_text``), and the renderer keeps
its framework's cells alone. The source's own place (``/`` for English, ``/es/``...) becomes
the landing page that helps choose. The lessons are added before mkdocs-static-i18n sorts the
files by language, so that it finds each lesson's translations (the language switcher's links)
and puts the lessons in the sitemap as it does any page.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..backends import BACKENDS

SOURCE = "index.md"
LESSON = re.compile(r"^(?P<language>[a-z]{2})/(?P<backend>[a-z]+)/index\.md$")
LANDING = re.compile(r"^(?P<language>[a-z]{2})/index\.md$")


def lesson_uri(language: str, backend: str) -> str:
    return f"{language}/{beside_source(backend)}"


def beside_source(backend: str) -> str:
    """A lesson's path relative to its language's source page (a link from the landing page)."""
    return f"{backend}/{SOURCE}"


def source_uri(language: str) -> str:
    return f"{language}/{SOURCE}"


def lesson_of(src_uri: str) -> tuple[str, str] | None:
    """(language, backend) of a lesson page's ``src_uri``; None for any other page."""
    match = LESSON.match(src_uri)
    if match and match["backend"] in BACKENDS:
        return match["language"], match["backend"]
    return None


def landing_of(src_uri: str) -> str | None:
    """The language whose source page (its landing page on the site) ``src_uri`` is."""
    match = LANDING.match(src_uri)
    return match["language"] if match else None


def languages_in(src_uris) -> list[str]:
    """The languages that have a source page among ``src_uris``."""
    return [language for uri in src_uris if (language := landing_of(uri))]


def lesson_uris(src_uris) -> list[str]:
    """The lesson pages to add for the source pages among ``src_uris``, backends in registry order."""
    return [lesson_uri(language, backend) for language in languages_in(src_uris) for backend in BACKENDS]


def source_path(docs_dir: Path, src_uri: str) -> Path:
    """The Markdown file a lesson is made from (the page itself for any other page)."""
    lesson = lesson_of(src_uri)
    return Path(docs_dir) / (source_uri(lesson[0]) if lesson else src_uri)


def source_text(docs_dir: Path, src_uri: str) -> str:
    return source_path(docs_dir, src_uri).read_text(encoding="utf-8")
