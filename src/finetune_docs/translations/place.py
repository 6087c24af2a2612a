"""Where something of the English page goes in a translation that lacks it.

Landmarks are what both pages have and the alignment paired: code cells, headings. The
place of a missing item is counted from the last landmark before it: English has ``n``
Markdown blocks (paragraphs, headings, lists...) between that landmark and the item, so
in the translation it goes before the ``n``-th block after the landmark's counterpart, as
translations keep English's paragraphs; never past the next landmark, and at the page's
end when the translation has nothing after the landmark.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..pages import Cell, Page


@dataclass(frozen=True)
class Landmark:
    english: tuple[int, int]
    """First and last line of the item in English."""
    translation: tuple[int, int]


def span(cell: Cell) -> tuple[int, int]:
    """First and last line of a code cell with its output block, or of a heading."""
    return cell.line, cell.output_end or cell.end or cell.line


class Places:
    def __init__(self, english: Page, translation: Page, landmarks: list[Landmark]):
        self.english, self.translation = english, translation
        self.marks = sorted(landmarks, key=lambda mark: mark.english)
        self.starts = [mark.english[0] for mark in self.marks]
        self.ends = [mark.english[1] for mark in self.marks]

    def line(self, english_line: int, end: int | None = None) -> int:
        """Line of the translation before which the English item at ``english_line`` goes;
        ``end`` (or the last line) when it goes at the end of the page."""
        before = bisect_left(self.ends, english_line) - 1
        after = bisect_right(self.starts, english_line)
        en_from = self.marks[before].english[1] if before >= 0 else 0
        tr_from = self.marks[before].translation[1] if before >= 0 else 0
        limit = self.marks[after].translation[0] if after < len(self.marks) else None
        blocks = self.english.blocks
        count = bisect_left(blocks, english_line) - bisect_right(blocks, en_from)
        theirs = self.translation.blocks
        index = bisect_right(theirs, tr_from) + max(count, 0)
        if index < len(theirs) and (limit is None or theirs[index] < limit):
            return theirs[index]
        if limit is not None:
            return limit
        return end if end is not None else max(self.translation.length, 1)
