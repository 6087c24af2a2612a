"""Carry the English page's code into a translation, leaving the translation's prose alone.

Code cells are aligned by their code (comments aside), as parity aligns them. A matched
cell keeps its body — and so its translated comments — and takes the English fence line
(tags) and output block. A changed cell is replaced by the English one; a new English
cell is inserted after the translation's preceding code cell; a cell English no longer
has is removed. Fixing a bug in the English code once therefore fixes it in every
language. The translation keeps its own line endings: lines taken from English get them.
"""

from __future__ import annotations

from ..pages import Cell, Page, encoding, reads
from . import align, normalise


def _span(cell: Cell) -> tuple[int, int]:
    """(start, end) line indexes of the cell's fence and its output fence, if any."""
    end = cell.output_end or cell.end
    assert end is not None, "a code cell read from a page knows where its fence ends"
    return cell.line - 1, end


def _output_block(lines: list[str], cell: Cell) -> list[str]:
    if cell.output_line is None:
        return []
    return ["\n"] + lines[cell.output_line - 1 : cell.output_end]


def _block(lines: list[str], cell: Cell) -> list[str]:
    return lines[cell.line - 1 : cell.end] + _output_block(lines, cell)


def _edits(english: Page, en_lines: list[str], translation: Page, lines: list[str]):
    ours = [c for c in english.cells if c.kind == "code"]
    theirs = [c for c in translation.cells if c.kind == "code"]
    similar = lambda x, y: align.ratio(normalise.code(x.source), normalise.code(y.source))  # noqa: E731
    pairs = align.pairs(ours, theirs, key=lambda c: normalise.code(c.source), similar=similar)
    after = 0  # line index just past the last translation cell seen: where an inserted cell goes
    inserted: list[Cell] = []
    for i, j in pairs + [(None, None)]:
        if i is not None and j is None:
            inserted.append(ours[i])
            continue
        if inserted:
            at = after or (theirs[0].line - 1 if theirs else len(lines))
            new = [line for mine in inserted for line in ["\n", *_block(en_lines, mine)]]
            yield (at, at, new, f"{translation.name}:{at + 1}: inserted "
                   + ", ".join(english.where(m) for m in inserted) + "; translate around it")
            inserted = []
        if j is None:
            continue
        yours = theirs[j]
        start, end = _span(yours)
        after = end
        if i is None:
            start -= start > 0 and not lines[start - 1].strip()  # and the blank line before it
            yield start, end, [], f"{translation.where(yours)}: removed, not in English"
            continue
        mine = ours[i]
        if normalise.code(mine.source) != normalise.code(yours.source):
            yield (start, end, _block(en_lines, mine),
                   f"{translation.where(yours)}: code replaced by {english.where(mine)}; translate its comments again")
        elif (mine.tags, mine.output) != (yours.tags, yours.output):
            new = [en_lines[mine.line - 1]] + lines[start + 1 : yours.end] + _output_block(en_lines, mine)
            yield start, end, new, f"{translation.where(yours)}: tags/output taken from English"


def propagate(english: Page, english_text: str, text: str, path, dialect: str = "jupytext") -> tuple[str, list[str]]:
    """The translation ``text`` with English code carried in, and what was changed."""
    newline = encoding.newline_of(text)
    en_lines = [line.rstrip("\r\n") + "\n" for line in encoding.split_lines(english_text.removeprefix(encoding.BOM))]
    translation = reads(text, path, dialect)
    lines = encoding.split_lines(text)
    edits = list(_edits(english, en_lines, translation, lines))
    for start, end, new, _ in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = [line.replace("\n", newline) for line in new]
    return "".join(lines), [message for *_, message in edits]
