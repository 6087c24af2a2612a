"""What translators may change in a code cell, taken out before code cells are compared.

The project declares comments translatable, and nothing else: names, strings and
outputs are code, and stay identical in every language. Comments are removed with
Python's own tokenizer, so a ``#`` inside a string is left alone. ``compared`` is what
translations must keep equal: a line that held only a comment goes with it, since
translators re-wrap comments onto more or fewer lines. ``code`` is what the execution
cache hashes: a comment-only line stays there, blank, since a traceback shows line numbers.

For ``compared``, a doctest-style cell (``>>>`` prompts, as doc-builder's pages and
``pycon`` fences have it) is its code: the prompts go, and so do the output lines it
shows, which translated pages often shorten. ``doctest.DocTestParser`` is not used: it ends an
example at a blank line and drops the ``...`` lines after it, which upstream's pages
have inside loops.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize

_PROMPT = re.compile(r"^\s*(>>>|\.\.\.)( |$)")


def doctest_code(source: str) -> str:
    """The code of a doctest-style cell, without prompts or shown output; ``source`` itself
    when no line starts with a ``>>>`` prompt."""
    lines = source.splitlines()
    if not any(line.lstrip().startswith(">>>") for line in lines):
        return source
    return "\n".join(line[match.end():] for line in lines if (match := _PROMPT.match(line)))


def _cut(source: str) -> tuple[list[str], set[int]]:
    """The lines of ``source`` with their comments cut off (rstripped), and the indexes of
    the lines that held one."""
    if "#" not in source:  # no comment to take out: spare the tokenizer
        return [line.rstrip() for line in source.splitlines()], set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line.rstrip() for line in source.splitlines()], set()
    lines = source.splitlines()
    commented = set()
    for token in reversed(tokens):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
            commented.add(row - 1)
    return [line.rstrip() for line in lines], commented


@functools.lru_cache(maxsize=1 << 16)  # alignment asks for each cell's many times; a tree's English cells, per language
def code(source: str) -> str:
    """``source`` without comments or trailing blanks; a comment-only line stays, blank, so
    that every line keeps its number (what the execution cache hashes: a traceback shows
    line numbers)."""
    return "\n".join(_cut(source)[0]).strip()


@functools.lru_cache(maxsize=1 << 16)
def compared(source: str) -> str:
    """What a translation's cell must keep equal to English's: ``source`` without doctest
    prompts and shown output, comments, comment-only lines or trailing blanks."""
    lines, commented = _cut(doctest_code(source))
    return "\n".join(line for index, line in enumerate(lines) if line or index not in commented).strip()


def comments(source: str) -> list[str]:
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source + "\n").readline)
        return [t.string for t in tokens if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
