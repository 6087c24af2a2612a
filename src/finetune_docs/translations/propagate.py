"""Carry the English page's code into a translation, leaving the translation's prose alone.

Code cells are aligned by their code (comments aside), as parity aligns them. A matched
cell keeps its body — and so its translated comments — and takes the English fence line
(tags) and output block. A changed cell is replaced by the English one; a new English
cell is inserted where English has it, after the prose that introduces it
(``place.py``); a cell English no longer has is removed. An output block the translation
holds under another info string (```` ```outputs ````, say) right after the cell gives way
to English's. Fixing a bug in the English code once therefore fixes it in every
language. The translation keeps its own line endings: lines taken from English get them.
"""

from __future__ import annotations

from ..pages import Cell, Page, encoding, markdown, reads
from ..pages.dialects import DIALECTS
from . import align, normalise
from .place import Landmark, Places, span


def _output_block(lines: list[str], cell: Cell) -> list[str]:
    if cell.output_line is None:
        return []
    return ["\n"] + lines[cell.output_line - 1 : cell.output_end]


def _prefix(line: str) -> str:
    """What a list item or block quote puts before a fence line."""
    return line[: len(line) - len(line.lstrip(" \t>"))]


def _block(lines: list[str], cell: Cell, prefix: str | None = None) -> list[str]:
    """The cell's lines and its output block's; with ``prefix``, re-indented to stand where
    the translation has that prefix (a cell in a list item of another depth)."""
    block = lines[cell.line - 1 : cell.end] + _output_block(lines, cell)
    ours = _prefix(lines[cell.line - 1])
    if prefix is None or prefix == ours:
        return block
    return [prefix + line[len(ours):] if line.startswith(ours) and line.strip() else line for line in block]


class _Edits:
    def __init__(self, english: Page, en_lines: list[str], translation: Page, lines: list[str], dialect: str):
        self.english, self.en_lines, self.translation, self.lines = english, en_lines, translation, lines
        stripped = [line.rstrip("\r\n") for line in lines]
        self.fences = markdown.fences(DIALECTS[dialect].parse_lines(stripped), nested=DIALECTS[dialect].nested)
        self.kind = DIALECTS[dialect].kind

    def end(self, mine: Cell, yours: Cell) -> int:
        """Line index past the translation cell: past its output block, or past a fence right
        after it that holds English's output under another info string."""
        end = yours.output_end or yours.end
        assert end is not None, "a code cell read from a page knows where its fence ends"
        if yours.output is None and mine.output is not None:
            for fence in self.fences:
                if fence.start >= end and not any(line.strip() for line in self.lines[end:fence.start]):
                    if self.kind(fence.info) is None and align.ratio("\n".join(fence.content), mine.output) > 0:
                        return fence.end
                    break
                if fence.start >= end:
                    break
        return end

    def __iter__(self):
        english, translation, lines, en_lines = self.english, self.translation, self.lines, self.en_lines
        ours = [c for c in english.cells if c.kind == "code"]
        theirs = [c for c in translation.cells if c.kind == "code"]
        similar = lambda x, y: align.ratio(normalise.compared(x.source), normalise.compared(y.source))  # noqa: E731
        pairs = align.pairs(ours, theirs, key=lambda c: normalise.compared(c.source), similar=similar)
        places = Places(english, translation, [Landmark(span(ours[i]), span(theirs[j]))
                                               for i, j in pairs if i is not None and j is not None])
        for i, j in pairs:
            if j is None:
                assert i is not None, "alignment pairs every item of either side"
                mine = ours[i]
                at = places.line(mine.line, end=len(lines) + 1) - 1
                block = _block(en_lines, mine)
                new = block + ["\n"] if at < len(lines) else ["\n", *block]
                if at >= len(lines) and lines and not lines[-1].endswith("\n"):
                    new = ["\n", *new]
                yield (at, at, new, f"{translation.name}:{at + 1}: inserted {english.where(mine)}; "
                       "translate around it")
                continue
            yours = theirs[j]
            start = yours.line - 1
            if i is None:
                end = yours.output_end or yours.end
                start -= start > 0 and not lines[start - 1].strip()  # and the blank line before it
                yield start, end, [], f"{translation.where(yours)}: removed, not in English"
                continue
            mine = ours[i]
            end = self.end(mine, yours)
            if normalise.compared(mine.source) != normalise.compared(yours.source):
                yield (start, end, _block(en_lines, mine, _prefix(lines[start])), f"{translation.where(yours)}: "
                       f"code replaced by {english.where(mine)}; translate its comments again")
            elif (mine.tags, mine.output) != (yours.tags, yours.output):
                block = _block(en_lines, mine, _prefix(lines[start]))
                fence = (mine.end or mine.line) - mine.line + 1  # English's fence lines, then its output block
                new = [block[0]] + lines[start + 1 : yours.end] + block[fence:]
                yield start, end, new, f"{translation.where(yours)}: tags/output taken from English"


def propagate(english: Page, english_text: str, text: str, path, dialect: str = "jupytext") -> tuple[str, list[str]]:
    """The translation ``text`` with English code carried in, and what was changed."""
    newline = encoding.newline_of(text)
    en_lines = [line.rstrip("\r\n") + "\n" for line in encoding.split_lines(english_text.removeprefix(encoding.BOM))]
    translation = reads(text, path, dialect)
    lines = encoding.split_lines(text)
    edits = list(_Edits(english, en_lines, translation, lines, dialect))
    order = sorted(range(len(edits)), key=lambda k: (edits[k][0], edits[k][1], k), reverse=True)
    for k in order:
        start, end, new, _ = edits[k]
        lines[start:end] = [line.replace("\n", newline) for line in new]
    return "".join(lines), [message for *_, message in edits]
