"""What translators may change in a code cell, taken out before code cells are compared.

The project declares comments translatable, and nothing else: names, strings and
outputs are code, and stay identical in every language. Comments are removed with
Python's own tokenizer, so a ``#`` inside a string is left alone.
"""

from __future__ import annotations

import functools
import io
import tokenize


@functools.lru_cache(maxsize=1 << 16)  # alignment asks for each cell's many times; a tree's English cells, per language
def code(source: str) -> str:
    """``source`` without comments or trailing blanks, for comparing cells across languages."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(line.rstrip() for line in source.splitlines()).strip()
    lines = source.splitlines()
    for token in reversed(tokens):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    kept = [line.rstrip() for line in lines]
    return "\n".join(line for line in kept if line.strip() or not line).strip()


def comments(source: str) -> list[str]:
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source + "\n").readline)
        return [t.string for t in tokens if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
