"""The block structure of a Markdown page, as CommonMark (markdown-it-py) sees it.

Only what the page reader needs: the top-level fenced code blocks, with the lines they
span, their info string and whether they are closed; and jupytext's region markers
(``<!-- #region ... -->`` / ``<!-- #endregion -->``) outside those fences.
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


def _closes(line: str, marker: str) -> bool:
    stripped = line.strip()
    return (len(line) - len(line.lstrip(" ")) < 4 and stripped.startswith(marker)
            and not stripped.strip(marker[0]))


def fences(lines: list[str]) -> list[Fence]:
    """The top-level fenced code blocks of the page whose lines are ``lines``."""
    found = []
    for token in _PARSER.parse("\n".join(lines) + "\n"):
        if token.type != "fence" or token.level != 0 or token.map is None:
            continue
        start, end = token.map
        closed = end - 1 > start and _closes(lines[end - 1], token.markup)
        found.append(Fence(start, end, token.info, token.markup, closed))
    return found


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
