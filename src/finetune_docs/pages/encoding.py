"""Mojibake detection and repair, with ftfy.

Text that was UTF-8, decoded with the wrong codec and saved again (``pr√©-treinado``
for ``pré-treinado``, ``ðŸ¤—`` for the hugging-face emoji) reads as valid UTF-8, so only
a heuristic can find it: ftfy's, which is built for exactly this.
"""

from __future__ import annotations

import ftfy


def suspicious_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, line, repaired line) for each line ftfy would change."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        fixed = ftfy.fix_encoding(line)
        if fixed != line:
            found.append((number, line, fixed))
    return found


def repair(text: str) -> str:
    return ftfy.fix_encoding(text)


def check(text: str, path) -> None:
    bad = suspicious_lines(text)
    if bad:
        number, line, fixed = bad[0]
        from .reader import PageError

        raise PageError(
            path, number,
            f"mojibake: {line.strip()[:60]!r} reads as {fixed.strip()[:60]!r} "
            f"({len(bad)} line(s) in all; `finetune-docs fix-encoding` repairs them)",
        )
