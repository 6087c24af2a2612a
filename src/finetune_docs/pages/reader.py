"""Read a page into cells, or fail naming the file and line of what is wrong.

A page is Markdown that jupytext reads as a notebook: ```` ```python ```` fences are code
cells, the rest is Markdown. On top of that the project adds two conventions:

* ``tags=[...]`` on a code fence, or on a ``<!-- #region tags=[...] -->`` block of prose,
  marks cells that belong to one backend (see ``backends.py``), or whose output comes
  from the real Hub (``hub-output``, ``hub-data``: see ``cells.py``);
* an ```` ```output ```` fence right after a code cell is the output the page shows for
  it, which tests compare with what the cell really prints;
* ``[`Name`]`` links an API to its reference (``apirefs.py``), and a blockquote opened by
  ``> [!WARNING]`` is a callout (``callouts.py``).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import jupytext

from . import apirefs, callouts, encoding
from .cells import KNOWN_TAGS, Cell, Page

FENCE = re.compile(r"^(`{3,})(.*)$")
OUTPUT_FENCE = "```output"


class PageError(ValueError):
    """A page cannot be used as it is; the message names its file and line."""

    def __init__(self, path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line = path, line


def _check_structure(path, lines: list[str]) -> None:
    fence_at = region_at = None
    for number, line in enumerate(lines, 1):
        match = FENCE.match(line)
        if match and fence_at is None:
            fence_at = number
        elif match and not match.group(2).strip():
            fence_at = None
        elif fence_at is None and line.startswith("<!-- #region"):
            if region_at is not None:
                raise PageError(path, number, f"region opened inside the region of line {region_at}")
            region_at = number
        elif fence_at is None and line.startswith("<!-- #endregion"):
            if region_at is None:
                raise PageError(path, number, "#endregion without a #region")
            region_at = None
    if fence_at is not None:
        raise PageError(path, fence_at, "this code fence is never closed")
    if region_at is not None:
        raise PageError(path, region_at, "this region has no <!-- #endregion -->")


def _locate(lines: list[str], start: int, kind: str, source: str) -> int:
    """Index of the line where a cell of ``kind`` with ``source`` starts, from ``start``.

    Code cells start at the next ```` ```python ```` fence; prose starts at the next region
    marker or at the next line equal to its own first line, whichever comes first.
    """
    first = next((line.strip() for line in source.splitlines() if line.strip()), None)
    for index in range(start, len(lines)):
        line = lines[index]
        if kind == "code" and line.startswith("```python"):
            return index
        if kind == "markdown" and (line.startswith("<!-- #region") or line.strip() == first):
            return index
    return start


def _split_output(source: str) -> tuple[str | None, int, str]:
    """(output, lines it spans, remaining prose) of a Markdown cell that opens with one."""
    if not source.startswith(OUTPUT_FENCE):
        return None, 0, source
    body = source.splitlines()
    for end in range(1, len(body)):
        if (fence := FENCE.match(body[end])) and not fence.group(2).strip():
            rest = "\n".join(body[end + 1 :]).strip("\n")
            return "\n".join(body[1:end]), end + 1, rest
    return "\n".join(body[1:]), len(body), ""


def _check_markup(path, line: int, source: str) -> None:
    for offset, name in apirefs.unknown(source):
        raise PageError(path, line + offset, f"[`{name}`] has no reference link; add it to {apirefs.TABLE.name}")
    for offset, kind in callouts.unknown(source):
        raise PageError(path, line + offset, f"unknown callout [!{kind}]; known: {', '.join(callouts.KINDS)}")


def reads(text: str, path="<page>") -> Page:
    encoding.check(text, path)
    lines = text.splitlines()
    _check_structure(path, lines)
    notebook = jupytext.reads(text, fmt="md")
    cells: list[Cell] = []
    cursor = 0
    for raw in notebook.cells:
        index = _locate(lines, cursor, raw.cell_type, raw.source)
        tags = tuple(raw.metadata.get("tags", ()))
        unknown = sorted(set(tags) - KNOWN_TAGS)
        if unknown:
            raise PageError(path, index + 1, f"unknown tag(s) {unknown}; known: {sorted(KNOWN_TAGS)}")
        body = index + 1 if lines[index].startswith(("```python", "<!-- #region")) else index
        cursor = body + max(len(raw.source.splitlines()), 1)
        source, line = raw.source, index + 1
        if raw.cell_type == "markdown":
            line = body + 1
            output, span, source = _split_output(source)
            if output is not None:
                previous = cells[-1] if cells else None
                if previous is None or previous.kind != "code" or previous.output is not None:
                    raise PageError(path, body + 1, "an ```output block must follow a code cell")
                cells[-1] = dataclasses.replace(previous, output=output, output_line=body + 1)
                line = body + span + 1
                while line <= len(lines) and not lines[line - 1].strip():
                    line += 1
            stray = next((i for i, text in enumerate(source.splitlines()) if text == OUTPUT_FENCE), None)
            if stray is not None:
                raise PageError(path, line + stray, "an ```output block must follow a code cell")
        if raw.cell_type == "markdown":
            _check_markup(path, line, source)
        if source.strip():
            cells.append(Cell(raw.cell_type, source, tags, line))
    return Page(Path(path), tuple(cells))


def read(path) -> Page:
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PageError(path, line, f"not valid UTF-8 ({error.reason} at byte {error.start})") from None
    return reads(text, path)
