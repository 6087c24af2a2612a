"""Align two sequences as ``difflib`` aligns lines, so that one change gives one report.

``pairs`` walks SequenceMatcher's opcodes: equal runs pair up; inside a replaced run the
items are paired by similarity (a monotone alignment maximising it), and what is left
over is missing from one side or extra on the other.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Pair = tuple[int | None, int | None]
"""(index in ``a`` or None if extra in ``b``, index in ``b`` or None if missing from it)."""


def _best_pairs(a: Sequence, b: Sequence, similar: Callable) -> list[tuple[int, int]]:
    """Order-keeping pairs of a x b with the greatest total similarity (each above 0)."""
    score = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            here = similar(a[i], b[j])
            score[i][j] = max(score[i + 1][j], score[i][j + 1], score[i + 1][j + 1] + here if here > 0 else 0)
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        here = similar(a[i], b[j])
        if here > 0 and score[i][j] == score[i + 1][j + 1] + here:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def pairs(a: Sequence[T], b: Sequence[T], key: Callable[[T], object], similar: Callable[[T, T], float]) -> list[Pair]:
    """Every item of ``a`` and of ``b`` once, paired where they correspond, in order."""
    found: list[Pair] = []
    matcher = difflib.SequenceMatcher(a=[key(x) for x in a], b=[key(x) for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            found += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        matched = _best_pairs(a[i1:i2], b[j1:j2], similar)
        i, j = i1, j1
        for pi, pj in [(p + i1, q + j1) for p, q in matched] + [(i2, j2)]:
            found += [(k, None) for k in range(i, pi)] + [(None, k) for k in range(j, pj)]
            if pi < i2:
                found.append((pi, pj))
            i, j = pi + 1, pj + 1
    return found


def ratio(a: str, b: str) -> float:
    """Similarity of two texts (0 when they share less than half)."""
    value = difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()
    return value if value >= 0.5 else 0.0
