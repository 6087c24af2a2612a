"""The block structure of a Markdown page, as CommonMark (markdown-it-py) sees it.

Only what the page reader needs: the fenced code blocks, with the lines they span, their
info string, their content and whether they are closed; the top-level blocks (where each
paragraph, heading or fence starts); and jupytext's region markers (``<!-- #region ... -->``
/ ``<!-- #endregion -->``) outside those fences. Inline markup is never parsed: nothing
here needs it, and it is most of markdown-it's time on a long page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

REGION = re.compile(r"^<!--\s*#(region|markdown|md)(.*)-->\s*$")
END_REGION = re.compile(r"^<!--\s*#end(region|markdown|md)\s*-->\s*$")
_PARSER = MarkdownIt("commonmark").disable("inline")  # blocks only: fences need no inline parsing (3x faster)


@dataclass(frozen=True)
class Fence:
    start: int
    """Index (0-based) of the opening line."""
    end: int
    """Index just past the closing line (or past the last line, when never closed)."""
    info: str
    marker: str
    """The opening run of backticks or tildes: ``` or ~~~~, say."""
    closed: bool
    content: tuple[str, ...] = ()
    """The lines inside the fence, without what a list item or block quote puts before them."""
    nested: bool = False
    """Whether the fence is inside a list item or a block quote."""

    @property
    def language(self) -> str:
        return self.info.split(maxsplit=1)[0].lower() if self.info.strip() else ""

    @property
    def options(self) -> str:
        """What the info string holds after its language: ``tags=["pytorch"]``, say."""
        return self.info.strip()[len(self.language):]

    def opens_another(self, line: str) -> bool:
        """Whether ``line``, inside this fence, looks like the opening of a new fence: the
        usual sign that this one was left open (a closing fence has no info string)."""
        stripped = line.lstrip(" ")
        run = len(stripped) - len(stripped.lstrip(self.marker[0]))
        return len(line) - len(stripped) < 4 and run >= len(self.marker) and bool(stripped[run:].strip())


def parse(lines: list[str], nested: bool = False) -> tuple[list[Fence], list[int]]:
    """The fenced code blocks of the page whose lines are ``lines`` (the top-level ones, and
    with ``nested`` also those inside list items and block quotes), and the index of the
    first line of each top-level block (paragraph, heading, fence, list...)."""
    found, starts = [], []
    for token in _PARSER.parse("\n".join(lines) + "\n"):
        if token.map is None:
            continue
        if token.level == 0 and token.nesting >= 0:
            starts.append(token.map[0])
        if token.type != "fence" or (token.level and not nested):
            continue
        start, end = token.map
        content = token.content.split("\n")[:-1]
        # markdown-it's map ends past the closing line when there is one, past the content otherwise
        closed = end - start == len(content) + 2
        found.append(Fence(start, end, token.info, token.markup, closed, tuple(content), token.level > 0))
    return found, starts


def fences(lines: list[str], nested: bool = False) -> list[Fence]:
    """The fenced code blocks of ``lines`` (``parse``)."""
    return parse(lines, nested)[0]


def regions(lines: list[str], fenced: list[Fence]) -> list[tuple[int, str, str]]:
    """(index, "open" or "close", the marker's options) of each region marker outside fences."""
    inside = {index for fence in fenced for index in range(fence.start, fence.end)}
    found = []
    for index, line in enumerate(lines):
        if index in inside:
            continue
        if match := REGION.match(line):
            found.append((index, "open", match.group(2)))
        elif END_REGION.match(line):
            found.append((index, "close", ""))
    return found
