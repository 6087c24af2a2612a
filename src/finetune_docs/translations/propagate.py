"""Carry the English page's code into a translation, leaving the translation's prose alone.

Code cells are matched by their code (comments aside). A matched cell keeps its body —
and so its translated comments — and takes the English fence line (tags) and output
block. A changed cell is replaced by the English one; a new English cell is inserted
after the translation's preceding code cell; a cell English no longer has is removed.
Fixing a bug in the English code once therefore fixes it in every language.
"""

from __future__ import annotations

import difflib

from ..pages import Cell, Page, reads
from . import normalise


def _fence_end(lines: list[str], start: int) -> int:
    """Index just past the fence that opens at ``start``."""
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip("\n") == "```":
            return index + 1
    return len(lines)


def _span(lines: list[str], cell: Cell) -> tuple[int, int, int | None]:
    """(start, end of the code fence, end of the output fence or None) as line indexes."""
    start = cell.line - 1
    code_end = _fence_end(lines, start)
    out_end = _fence_end(lines, cell.output_line - 1) if cell.output_line else None
    return start, code_end, out_end


def _output_block(lines: list[str], cell: Cell) -> list[str]:
    if cell.output_line is None:
        return []
    _, _, out_end = _span(lines, cell)
    return ["\n"] + lines[cell.output_line - 1 : out_end]


def _block(lines: list[str], cell: Cell) -> list[str]:
    start, code_end, _ = _span(lines, cell)
    return lines[start:code_end] + _output_block(lines, cell)


def propagate(english: Page, english_text: str, text: str, path) -> tuple[str, list[str]]:
    """The translation ``text`` with English code carried in, and what was changed."""
    en_lines, lines = english_text.splitlines(keepends=True), text.splitlines(keepends=True)
    translation = reads(text, path)
    ours = [c for c in english.cells if c.kind == "code"]
    theirs = [c for c in translation.cells if c.kind == "code"]
    edits: list[tuple[int, int, list[str], str]] = []

    def replace(mine: Cell, yours: Cell) -> None:
        start, code_end, out_end = _span(lines, yours)
        end = out_end or code_end
        if normalise.code(mine.source) == normalise.code(yours.source):
            if (mine.tags, mine.output) == (yours.tags, yours.output):
                return
            new = [en_lines[mine.line - 1]] + lines[start + 1 : code_end] + _output_block(en_lines, mine)
            edits.append((start, end, new, f"{translation.where(yours)}: tags/output taken from English"))
        else:
            edits.append((start, end, _block(en_lines, mine),
                          f"{translation.where(yours)}: code replaced by {english.where(mine)}; "
                          "translate its comments again"))

    matcher = difflib.SequenceMatcher(
        a=[normalise.code(c.source) for c in ours], b=[normalise.code(c.source) for c in theirs], autojunk=False
    )
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(ours[i1:i2], theirs[j1:j2], strict=False))
        for mine, yours in pairs:
            replace(mine, yours)
        for yours in theirs[j1 + len(pairs) : j2]:
            start, code_end, out_end = _span(lines, yours)
            start -= start > 0 and not lines[start - 1].strip()  # and the blank line before it
            edits.append((start, out_end or code_end, [], f"{translation.where(yours)}: removed, not in English"))
        extra = ours[i1 + len(pairs) : i2]
        if extra:
            anchor = theirs[j1 + len(pairs) - 1] if j1 + len(pairs) > 0 else None
            at = (lambda s: s[2] or s[1])(_span(lines, anchor)) if anchor else (
                theirs[0].line - 1 if theirs else len(lines))
            new = []
            for mine in extra:
                new += ["\n"] + _block(en_lines, mine)
            edits.append((at, at, new, f"{translation.name}:{at + 1}: inserted "
                          + ", ".join(english.where(m) for m in extra) + "; translate around it"))
    for start, end, new, _ in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = new
    return "".join(lines), [message for *_, message in edits]
