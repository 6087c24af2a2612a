"""A text file as the project wants it: UTF-8, no byte-order mark, one kind of line ending,
no mojibake (``mojibake.py``); and, when it is not, one line per problem saying how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..report import Problem, ProblemError, read_bytes, shown
from . import mojibake

BOM = "\ufeff"
# Codecs a non-UTF-8 text file most often turns out to be in, most likely first.
CANDIDATES = ("cp1252", "mac_roman", "latin-1")


def _plausibility(text: str) -> int:
    """How much ``text``'s non-ASCII characters read like prose: letters that fit their word
    count for it, odd symbols, letters of the wrong case and controls against it."""
    score = 0
    for before, char in zip(" " + text, text, strict=False):
        if char.isascii():
            continue
        category = unicodedata.category(char)
        if char.isalpha() and (char.islower() or not before.islower()):
            score += 1
        elif not (category.startswith("P") or category in ("Sc", "Zs")):
            score -= 1
    return score - 10 * mojibake.badness(text)


# Bytes no text file holds (tab, line feed, form feed, carriage return and escape aside).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _utf16_layout(data: bytes) -> bool:
    """Whether ``data`` looks like UTF-16: a BOM, or zero bytes on one side of the byte pairs only."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return max(even, odd) > len(data) // 4 and min(even, odd) == 0


def binary_problem(path, data: bytes) -> Problem | None:
    """"not a text file" at the line of the first byte no text has (a zero byte, or controls
    making over 5% of it), or None for text; UTF-16 counts as text (it gets its iconv advice)."""
    if _utf16_layout(data):
        return None
    controls = len(data) - len(data.translate(None, _CONTROLS))
    if b"\x00" not in data and controls * 20 <= len(data):
        return None
    first = next(i for i, byte in enumerate(data) if byte in _CONTROLS)
    return Problem(Path(path), data[:first].count(b"\n") + 1,
                   f"not a text file (byte {data[first]:#04x} is binary data); give a page or a notebook",
                   unusable=True)


def guess_codec(data: bytes) -> str:
    """The codec ``data`` (not UTF-8) looks like: of the usual candidates, the one that
    decodes it into the most plausible text."""
    if _utf16_layout(data):
        return "utf-16"
    scores = {}
    for codec in CANDIDATES:
        try:
            scores[codec] = _plausibility(data.decode(codec))
        except UnicodeDecodeError:
            continue
    return max(scores, key=lambda codec: (scores[codec], -CANDIDATES.index(codec)))


def not_utf8(path, data: bytes, error: UnicodeDecodeError) -> Problem:
    line = data[: error.start].count(b"\n") + 1
    codec = guess_codec(data)
    return Problem(Path(path), line, f"not UTF-8 (byte {data[error.start]:#04x}); it looks like {codec}: "
                   f"convert it with `iconv -f {codec} -t utf-8 {shown(path)} > utf8.md`", unusable=True)


def decode(data: bytes, path) -> str:
    """``data`` as text, without its byte-order mark if it has one; a ProblemError if not UTF-8."""
    binary = binary_problem(path, data)
    if binary:
        raise ProblemError([binary])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProblemError([not_utf8(path, data, error)]) from None
    return text.removeprefix(BOM)


def read_text(path) -> str:
    """The text of the file at ``path``, line endings as they are; ProblemError if unusable."""
    data = read_bytes(path)
    return decode(data, path)


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its own line ending ("\r\n" or "\n"; splits on "\n" only)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def line_endings(text: str) -> tuple[int, int, int | None]:
    """(lines ending in CRLF, lines ending in LF alone, first line of the rarer kind)."""
    crlf = lf = 0
    kinds: list[str | None] = []
    for line in split_lines(text):
        if line.endswith("\r\n"):
            crlf += 1
            kinds.append("crlf")
        elif line.endswith("\n"):
            lf += 1
            kinds.append("lf")
        else:
            kinds.append(None)
    rare = "crlf" if crlf <= lf else "lf"
    first = next((number for number, kind in enumerate(kinds, 1) if kind == rare), None)
    return crlf, lf, first


def newline_of(text: str) -> str:
    """The line ending most of ``text`` uses ("\\n" when it has none)."""
    crlf, lf, _ = line_endings(text)
    return "\r\n" if crlf > lf else "\n"


def problems(data: bytes, path) -> list[Problem]:
    """Everything wrong with the encoding of one file, one problem per line of it."""
    path = Path(path)
    try:
        text = decode(data, path)  # not text, or not UTF-8: unusable (exit 2) here as in every command
    except ProblemError as error:
        return error.problems
    found: list[Problem] = []
    if data.startswith(BOM.encode()):
        found.append(Problem(path, 1, "starts with a byte-order mark (U+FEFF); `finetune-docs fix-encoding` "
                                      "removes it"))
    crlf, lf, first = line_endings(text)
    if crlf and lf:
        found.append(Problem(path, first, f"mixed line endings: {crlf} line(s) end in CRLF, {lf} in LF; this is "
                                          "the first of the rarer kind (`dos2unix` or `unix2dos` makes them one)"))
    elif crlf:
        found.append(Problem(path, 1, f"CRLF line endings ({crlf} lines); the pages use LF (`dos2unix` converts)"))
    for damage in mojibake.damaged(text):
        found.append(Problem(path, damage.number, f"mojibake: {damage.preview()}"))
    return found


def repair(data: bytes, path) -> tuple[bytes, list[str]]:
    """``data`` with its mojibake and byte-order mark removed, line endings kept; and what changed."""
    text = decode(data, path)
    changes = ["removed the byte-order mark"] if data.startswith(BOM.encode()) else []
    lines = split_lines(text)
    for damage in mojibake.damaged(text):
        line = lines[damage.number - 1]
        ending = line[len(line.rstrip("\r\n")):]
        lines[damage.number - 1] = damage.fixed + ending
        changes.append(f"line {damage.number}: {damage.preview()}")
    return "".join(lines).encode("utf-8"), changes


def check_page_text(text: str, path) -> list[Problem]:
    """Mojibake in the text of a page, for the page reader."""
    return [Problem(Path(path), d.number, f"mojibake: {d.preview()}; `finetune-docs fix-encoding` repairs it")
            for d in mojibake.damaged(text)]

