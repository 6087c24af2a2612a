"""A language's landing page: what the tutorial does, and a lesson per framework to choose.

It is made from the language's source page (its title and the prose before its first
section, less what only the site or only the notebooks say there) and from ``strings.toml``
(the choice, a line per framework). Links to the lessons are relative Markdown links, which
mkdocs checks and turns into the lessons' URLs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from ..pages import reads
from ..pages.cells import NOTEBOOK_ONLY, SITE_ONLY
from . import lessons, strings
from .render import _block, notebook_links


def _intro(text: str, page_path: Path) -> tuple[str, list[str]]:
    """The page's title, and its shared prose before the first ``##`` section."""
    page = reads(text, page_path)
    language = layout.language_of(page_path)
    title, prose = page.title, []
    for cell in page.cells:
        lines = cell.source.splitlines()
        if cell.kind == "markdown" and any(line.startswith("## ") for line in lines):
            break
        if cell.kind != "markdown" or cell.backends or {SITE_ONLY, NOTEBOOK_ONLY} & set(cell.tags):
            continue
        body = "\n".join(line for line in lines if not line.startswith("# ")).strip()
        if body:
            prose.append(_block(replace(cell, source=body), language))
    return title, prose


def transformers_version(name: str) -> str:
    """The major.minor of Transformers that ``name``'s pins install ("4.57"), for the line that says it."""
    for pin in BACKENDS[name].pins():
        if BACKENDS[name].package(pin) == "transformers" and "==" in pin:
            return ".".join(pin.split("==")[1].split(".")[:2])
    return ""


def page(text: str, page_path: Path) -> str:
    """The landing page of the language of ``page_path``, whose source is ``text``."""
    language = layout.language_of(page_path)
    title, prose = _intro(text, page_path)
    choices = [f"- **[{backend.label}]({lessons.beside_source(name)})**: "
               + strings.get(language, f"lesson_{name}", transformers=transformers_version(name))
               for name, backend in BACKENDS.items()]
    parts = [f"# {title}", *prose, f"## {strings.get(language, 'choose_heading')}",
             strings.get(language, "choose_intro"), "\n".join(choices), strings.get(language, "choose_default")]
    badges = notebook_links(page_path)
    if badges:
        parts += [strings.get(language, "choose_notebooks"), badges]
    return "\n\n".join(parts) + "\n"
