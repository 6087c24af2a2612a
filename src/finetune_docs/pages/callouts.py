"""Tips and warnings: GitHub's alert syntax in the page, an admonition on the site.

A page writes a callout as a blockquote whose first line names its kind::

    > [!WARNING]
    > **Always write the owner of a repository.** Recent releases ...

GitHub shows that as an alert; the site turns it into a Material admonition titled by the
bold lead; a notebook keeps a plain blockquote, which every notebook viewer renders.

What a newcomer can skip goes in a collapsed box, HTML's own, which GitHub, Jupyter and
Colab render as it is::

    <details>
    <summary>What a CPU costs</summary>

    Markdown, with blank lines around it (Jupyter reads Markdown inside HTML only there).

    </details>

The site makes it a collapsed admonition (``???``, pymdownx.details) with that title.
"""

from __future__ import annotations

import re

# GitHub's five alert kinds, and the admonition type Material styles each with.
KINDS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}
MARKER = re.compile(r"^> \[!(\w+)\]\s*$")
LEAD = re.compile(r"^\*\*(.+?)\*\*\s*")
OPEN, CLOSE = "<details>", "</details>"
SUMMARY = re.compile(r"^<summary>(.+)</summary>\s*$")


def unknown(markdown: str) -> list[tuple[int, str]]:
    """(line offset, kind) of each callout marker whose kind GitHub does not know."""
    return [
        (offset, match.group(1))
        for offset, line in enumerate(markdown.splitlines())
        if (match := MARKER.match(line)) and match.group(1) not in KINDS
    ]


def boxes(markdown: str) -> list[tuple[int, str]]:
    """(line offset, problem) of each collapsed box that is not one: unclosed, nested, or
    without a ``<summary>`` line right after ``<details>``."""
    problems, start = [], None
    lines = markdown.splitlines()
    for offset, line in enumerate(lines):
        if line.strip() == OPEN:
            if start is not None:
                problems.append((offset, f"{OPEN} inside the box opened at line offset {start}: boxes do not nest"))
            start = offset
            if offset + 1 >= len(lines) or not SUMMARY.match(lines[offset + 1].strip()):
                problems.append((offset, f"{OPEN} must be followed by a line <summary>title</summary>"))
        elif line.strip() == CLOSE:
            if start is None:
                problems.append((offset, f"{CLOSE} without {OPEN}"))
            start = None
    if start is not None:
        problems.append((start, f"{OPEN} is never closed by {CLOSE}"))
    return problems


def _starts(line: str) -> bool:
    return bool(MARKER.match(line)) or line.strip() == OPEN


def _callouts(markdown: str):
    """Split into ("text", lines), (kind, body lines) and ("details", [title, *body lines]) runs."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        if lines[index].strip() == OPEN:
            title = SUMMARY.match(lines[index + 1].strip()) if index + 1 < len(lines) else None
            end = next((i for i in range(index + 2, len(lines)) if lines[i].strip() == CLOSE), len(lines))
            yield "details", [title.group(1) if title else "", *lines[index + 2:end]]
            index = end + 1
            continue
        match = MARKER.match(lines[index])
        if not match:
            start = index
            while index < len(lines) and not _starts(lines[index]):
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
        if kind == "details":
            title = re.sub(r"</?code>", "`", lines[0]).replace('"', "&quot;")
            inside = "\n".join(lines[1:]).strip("\n").split("\n")
            out.append(f'??? note "{title}"')
            out.extend(f"    {line}" if line.strip() else "" for line in inside)
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
        if kind == "details":
            out.extend([OPEN, f"<summary>{lines[0]}</summary>", *lines[1:], CLOSE])
        else:
            out.extend(lines if kind == "text" else (f"> {line}" if line else ">" for line in lines))
    return "\n".join(out)
