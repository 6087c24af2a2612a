"""Code blocks that wrap like code: between names, never inside one, each line hanging.

Long code lines wrap on the site (docs/assets/site.css) instead of scrolling sideways. A
browser breaks a line only at a space, so a run without one (``AutoModelForSequenceClassification
.from_pretrained("google-bert/bert-base-cased",``) used to be cut wherever the box ended,
inside a name. This adds break opportunities (``<wbr>``, which copying leaves out) after the
punctuation between names: ``.`` (not inside a number), ``,``, ``(``, ``[``, ``{``, ``=``
(not in ``==`` or ``>=``), ``/``. And it gives each line (pymdownx.highlight's ``line_spans``, one ``<span>`` per line)
its leading spaces as ``--indent``, from which the stylesheet hangs its wrapped part four
columns further in than the line itself.
"""

from __future__ import annotations

import html
import re

BLOCK = re.compile(r"(<pre[^>]*>(?:<span></span>)?<code[^>]*>)(.*?)(</code></pre>)", re.S)
LINE = re.compile(r'<span id="__span-[\d-]+">')
# A tag, an entity (one character of the text), or one character.
PIECE = re.compile(r"<[^>]*>|&#?\w+;|.", re.S)
BREAK_AFTER = set(".,([{=/")
NO_BREAK_BEFORE = BREAK_AFTER | set(")]}:;\n\t ")
COMPARISON = set("=<>!~")


def _leading_spaces(html: str) -> int:
    """Spaces before the first character of the text in ``html`` (tags skipped)."""
    count = 0
    for piece in PIECE.findall(html):
        if piece.startswith("<"):
            continue
        if piece != " ":
            break
        count += 1
    return count


def _indent_lines(code: str) -> str:
    def indent(match: re.Match) -> str:
        end = code.find("\n", match.end())
        spaces = _leading_spaces(code[match.end(): end if end >= 0 else None])
        return match.group(0)[:-1] + f' style="--indent:{spaces}">' if spaces else match.group(0)
    return LINE.sub(indent, code)


def _break_points(code: str) -> str:
    pieces = PIECE.findall(code)
    chars = [index for index, piece in enumerate(pieces) if not piece.startswith("<")]
    text = {index: html.unescape(pieces[index]) for index in chars}  # an entity is the character it stands for
    after = set()
    for before, (index, following) in enumerate(zip(chars, chars[1:], strict=False)):
        char, nxt = text[index], text[following]
        if char not in BREAK_AFTER or nxt in NO_BREAK_BEFORE:
            continue
        previous = text[chars[before - 1]] if before else ""
        if char == "." and previous.isdigit() and nxt.isdigit():
            continue  # a decimal point
        if char == "=" and previous in COMPARISON:
            continue  # a version's operator (``==1.2``, ``>=2.11``) stays with the version
        after.add(index)
    return "".join(piece + ("<wbr>" if index in after else "") for index, piece in enumerate(pieces))


def wrap(page: str) -> str:
    """``page``'s HTML with every code block's break points and line indents."""
    return BLOCK.sub(lambda m: m.group(1) + _indent_lines(_break_points(m.group(2))) + m.group(3), page)
