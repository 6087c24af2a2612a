"""Render a page's cells as mkdocs-material Markdown: one framework's lesson.

A lesson keeps the cells its notebook has, less those tagged ``notebook-only``: the untagged
cells and its backend's (site/lessons.py says where lessons live). Its outputs become titled
output blocks; the title is followed by links that open its notebook; its install section
comes before the first section. What the site adds is worded in the page's language
(``strings.toml``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from ..notebooks.make import open_urls
from ..pages import Cell, apirefs, callouts, reads
from ..pages.cells import NOTEBOOK_ONLY
from . import install, strings

# The site's own badge images (docs/assets/badges): the site loads nothing from elsewhere.
BADGES = {"Colab": "colab.svg", "SageMaker Studio Lab": "studiolab.svg"}


def _block(cell: Cell, language: str) -> str:
    if cell.kind == "markdown":
        return callouts.to_admonition(apirefs.resolve(cell.source))
    text = f"```python\n{cell.source}\n```"
    if cell.output is not None:
        text += f'\n\n```text title="{strings.get(language, "output")}"\n{cell.output}\n```'
    return text


def notebook_links(page_path: Path, root: Path = layout.ROOT, backends: tuple[str, ...] = tuple(BACKENDS),
                   at: Path | None = None) -> str:
    """A row of open-in badges per backend (of ``backends``) whose notebook of this page exists;
    the images' paths are relative to the folder ``at`` (the page's own, unless the Markdown is
    placed elsewhere, as a lesson is)."""
    page_path = Path(page_path)
    language = layout.language_of(page_path)
    images = Path(os.path.relpath(root / "docs" / "assets" / "badges", at or page_path.parent)).as_posix()
    rows = []
    for name in backends:
        backend = BACKENDS[name]
        notebook = layout.notebook_path(page_path, name, root / "notebooks")
        if not notebook.is_file():
            continue
        urls = open_urls(notebook.relative_to(root))
        badges = " | ".join(f"[![{strings.get(language, 'open_in', where=where)}]({images}/{BADGES[where]})]({url})"
                            for where, url in urls.items())
        rows.append(f"| {backend.label} | {badges} |")
    # A named first column: an empty header cell leaves screen readers nothing to announce.
    head = f"| {strings.get(language, 'framework')} | " + " | ".join(BADGES) + " |\n|---|" + "---|" * len(BADGES) + "\n"
    return head + "\n".join(rows) if rows else ""


DEFAULT_BANNER = "This translation may be behind the English page, which changed since in: {sections}."


def stale_banner(page_path: Path) -> str:
    """A warning for readers of a translation whose English page has changed since."""
    from ..translations import glossary, status

    language = layout.language_of(page_path)
    if language == layout.SOURCE_LANGUAGE:
        return ""
    stale = status.stale_sections(page_path)
    if not stale:
        return ""
    template = glossary.load(language).get("stale_banner", DEFAULT_BANNER)
    return f'!!! warning ""\n    {template.format(sections=", ".join(stale))}\n'


SECTION = re.compile(r"^## ", re.MULTILINE)


def _insert_before_first_section(blocks: list[str], text: str) -> None:
    """Put ``text`` before the page's first ``##`` heading (outside code), or at its end."""
    for index, block in enumerate(blocks):
        heading = None if block.startswith("```") else SECTION.search(block)
        if heading:
            before, after = block[:heading.start()].rstrip("\n"), block[heading.start():]
            blocks[index:index + 1] = [part for part in (before, text, after) if part]
            return
    blocks.append(text)


def render(text: str, page_path: Path, backend: str) -> str:
    """The lesson of ``backend`` made from the page ``text`` (read from ``page_path``)."""
    if backend not in BACKENDS:
        raise KeyError(f"{page_path}: no backend {backend!r}; the registry has {', '.join(BACKENDS)}")
    page = reads(text, page_path)
    language = layout.language_of(page_path)
    out = [_block(cell, language) for cell in page.cells
           if NOTEBOOK_ONLY not in cell.tags and cell.belongs_to(backend)]
    if out and out[0].startswith("# "):
        title, _, rest = out[0].partition("\n")
        links = notebook_links(page_path, backends=(backend,), at=page_path.parent / backend)
        head = [part for part in (title, stale_banner(page_path), links) if part]
        out[0] = "\n\n".join(head) + f"\n{rest}"
    # Site readers have no install cell: the lesson says how to install its framework
    # before its first section.
    _insert_before_first_section(out, install.section(language, BACKENDS[backend]))
    return "\n\n".join(out) + "\n"
