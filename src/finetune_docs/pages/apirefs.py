"""API references in a page's prose: ``[`Trainer`]`` becomes a link to its reference docs.

Pages name an API the way upstream's docs do, in brackets, and say nothing of where its
documentation lives: one table (``api_links.toml``) does, so a moved URL is one edit, not
one per language. The reader rejects a name the table lacks; the notebook maker and the
site renderer both resolve names, so readers of either follow the same links.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

TABLE = Path(__file__).with_name("api_links.toml")
# [`Name`] that is not already part of a link: neither the label of a reference link
# ([text][`Name`]) nor followed by a target "(", a label "[" or a definition's ":".
REFERENCE = re.compile(r"(?<!\])\[`([^`\]\n]+)`\](?![(\[:])")


@functools.cache
def table() -> dict[str, str]:
    with TABLE.open("rb") as handle:
        return tomllib.load(handle)["links"]


def unknown(markdown: str) -> list[tuple[int, str]]:
    """(line offset within ``markdown``, name) of each reference the table lacks."""
    links = table()
    return [
        (offset, match.group(1))
        for offset, text in enumerate(markdown.splitlines())
        for match in REFERENCE.finditer(text)
        if match.group(1) not in links
    ]


def resolve(markdown: str) -> str:
    links = table()
    return REFERENCE.sub(lambda m: f"[`{m.group(1)}`]({links[m.group(1)]})", markdown)
