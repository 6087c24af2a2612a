"""Tips and warnings: GitHub's alert syntax in the page, an admonition on the site.

A page writes a callout as a blockquote whose first line names its kind::

    > [!WARNING]
    > **Always write the owner of a repository.** Recent releases ...

GitHub shows that as an alert; the site turns it into a Material admonition titled by the
bold lead; a notebook keeps a plain blockquote, which every notebook viewer renders.
"""

from __future__ import annotations

import re

# GitHub's five alert kinds, and the admonition type Material styles each with.
KINDS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}
MARKER = re.compile(r"^> \[!(\w+)\]\s*$")
LEAD = re.compile(r"^\*\*(.+?)\*\*\s*")


def unknown(markdown: str) -> list[tuple[int, str]]:
    """(line offset, kind) of each callout marker whose kind GitHub does not know."""
    return [
        (offset, match.group(1))
        for offset, line in enumerate(markdown.splitlines())
        if (match := MARKER.match(line)) and match.group(1) not in KINDS
    ]


def _callouts(markdown: str):
    """Split into ("text", lines) and (kind, body lines) runs."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        match = MARKER.match(lines[index])
        if not match:
            start = index
            while index < len(lines) and not MARKER.match(lines[index]):
                index += 1
            yield "text", lines[start:index]
            continue
        index += 1
        body = []
        while index < len(lines) and lines[index].startswith(">"):
            body.append(lines[index][2:] if lines[index].startswith("> ") else lines[index][1:])
            index += 1
        yield KINDS[match.group(1)], body


def to_admonition(markdown: str) -> str:
    out = []
    for kind, lines in _callouts(markdown):
        if kind == "text":
            out.extend(lines)
            continue
        text = "\n".join(lines)
        lead = LEAD.match(text)
        title = lead.group(1).replace('"', "&quot;") if lead else ""
        body = text[lead.end():] if lead else text
        out.append(f'!!! {kind} "{title}"')
        out.extend(f"    {line}" if line.strip() else "" for line in body.split("\n"))
    return "\n".join(out)


def to_blockquote(markdown: str) -> str:
    out: list[str] = []
    for kind, lines in _callouts(markdown):
        out.extend(lines if kind == "text" else (f"> {line}" if line else ">" for line in lines))
    return "\n".join(out)
