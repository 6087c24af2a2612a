"""Mojibake: UTF-8 text once decoded with the wrong codec and saved again.

It reads as valid UTF-8, so only a heuristic can find it. ftfy's
(``fix_encoding_and_explain``) finds the strong forms (``pr√©-treinado``, ``ðŸ¤—``) but,
by design, leaves alone sequences that could be real text; on Mac Roman damage that lets
through ``√°``, ``√∫``, ``√£`` (á, ú, ã) and ``\\uf8ffü§ó`` (🤗). Those are found here:
a run of characters whose Mac Roman bytes form one UTF-8 character that is a Latin letter
inside a word, or an emoji, and whose repair ftfy's badness measure does not find worse.

Markdown code spans (```` `Ã©` ````) are left alone: there, a page shows mojibake on purpose.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy.badness import badness
from ftfy.chardata import CHARMAP_ENCODINGS

__all__ = ["badness", "damaged", "fix_line", "Damage"]


def _chars(low: int, high: int) -> str:
    return re.escape("".join(bytes([b]).decode("mac_roman") for b in range(low, high + 1)))


_CONT = f"[{_chars(0x80, 0xBF)}]"
MAC_ROMAN_UTF8 = re.compile(
    f"[{_chars(0xC2, 0xDF)}]{_CONT}|[{_chars(0xE0, 0xEF)}]{_CONT}{{2}}|[{_chars(0xF0, 0xF4)}]{_CONT}{{3}}"
)


def _plausible(line: str, start: int, end: int, char: str) -> bool:
    """Whether ``char`` is what the writer meant at line[start:end]."""
    if ord(char) >= 0x1F000:  # emoji: the 4-byte forms are never real text
        return True
    if not ("\u00c0" <= char <= "\u017f" and unicodedata.category(char).startswith("L")):
        return False
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    return before.isalpha() or after.isalpha()


def _weak(line: str) -> str:
    """``line`` with the Mac Roman sequences ftfy leaves alone repaired."""
    def repair(match: re.Match) -> str:
        char = match.group().encode("mac_roman").decode("utf-8", errors="replace")
        if len(char) == 1 and _plausible(line, match.start(), match.end(), char):
            return char
        return match.group()

    fixed = MAC_ROMAN_UTF8.sub(repair, line)
    return fixed if fixed != line and badness(fixed) <= badness(line) else line



def _decodings() -> str:
    """Every character a byte above 0x7f stands for in a codec ftfy undoes (it registers the sloppy ones)."""
    found: set[str] = set()
    for codec in CHARMAP_ENCODINGS:
        found.update(bytes([byte]).decode(codec, errors="ignore") for byte in range(0x80, 0x100))
    return "".join(sorted(found - {""}))


SUSPECT = re.compile(f"[{re.escape(_decodings())}]")
"""Mojibake is UTF-8 read in one of those codecs: a line without any of these characters (an
ASCII, Korean or Chinese one) has none, and skips ftfy's slower look."""
# A code span as CommonMark reads one: a run of backticks, text, a run of as many.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


def _fix(text: str) -> str:
    return _weak(ftfy.fix_encoding_and_explain(text).text) if text else text


def fix_line(line: str) -> str:
    """The line as it was written, or ``line`` itself when it is not damaged; code spans as they are."""
    if line.isascii() or not SUSPECT.search(line):
        return line
    pieces, last = [], 0
    for span in CODE_SPAN.finditer(line):
        pieces += [_fix(line[last : span.start()]), span.group()]
        last = span.end()
    return "".join([*pieces, _fix(line[last:])])


@dataclass(frozen=True)
class Damage:
    number: int
    """1-based line number."""
    line: str
    fixed: str

    def preview(self, context: int = 12) -> str:
        """The damaged span of the line and its repair, with a little context: 'n√∫mero' -> 'número'."""
        ops = [op for op in difflib.SequenceMatcher(a=self.line, b=self.fixed, autojunk=False).get_opcodes()
               if op[0] != "equal"]
        a1, a2 = max(ops[0][1] - context, 0), min(ops[-1][2] + context, len(self.line))
        b1, b2 = max(ops[0][3] - context, 0), min(ops[-1][4] + context, len(self.fixed))
        ellipsis = lambda text, cut_start, cut_end: ("…" if cut_start else "") + text + ("…" if cut_end else "")  # noqa: E731
        old = ellipsis(self.line[a1:a2], a1 > 0, a2 < len(self.line))
        new = ellipsis(self.fixed[b1:b2], b1 > 0, b2 < len(self.fixed))
        return f"{old!r} -> {new!r} (column {ops[0][1] + 1})"


def damaged(text: str) -> list[Damage]:
    """Each damaged line of ``text``, with its repair."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        fixed = fix_line(line)
        if fixed != line:
            found.append(Damage(number, line, fixed))
    return found
