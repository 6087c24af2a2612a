"""Align two sequences so that one change gives one report, in time linear in their length.

``pairs`` works as patience diff does, on the items' keys: the common prefix and suffix
pair up; then items whose key occurs once on each side anchor the alignment (the longest
run of them in the same order on both sides), and each stretch between two anchors is
aligned the same way. Pages repeat cells (``trainer.train()``, a page pasted twice), so
where no key is unique, keys that occur as often on both sides anchor their k-th
occurrences to each other, and failing that, keys present on both sides do. What is left
between anchors is a replaced run: items of equal-length runs pair one to one, others pair
by similarity (a monotone alignment maximising it) when the run is short, and the rest is
missing from one side or extra on the other. ``moves`` then tells which of those are the
same item in another place.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")
Pair = tuple[int | None, int | None]
"""(index in ``a`` or None if extra in ``b``, index in ``b`` or None if missing from it)."""
SIMILARITY_CELLS = 2500
"""Largest replaced run (len(a) x len(b)) paired by similarity; beyond it, missing and extra."""


def _best_pairs(a: Sequence, b: Sequence, similar: Callable) -> list[tuple[int, int]]:
    """Order-keeping pairs of a x b with the greatest total similarity (each above 0)."""
    here = [[similar(x, y) for y in b] for x in a]
    score = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            best = score[i + 1][j + 1] + here[i][j] if here[i][j] > 0 else 0
            score[i][j] = max(score[i + 1][j], score[i][j + 1], best)
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if here[i][j] > 0 and score[i][j] == score[i + 1][j + 1] + here[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs, sorted by i, whose j increase (patience sorting)."""
    tops: list[int] = []
    top_index: list[int] = []
    back: list[int] = []
    for index, (_, j) in enumerate(candidates):
        pile = bisect_left(tops, j)
        back.append(top_index[pile - 1] if pile else -1)
        if pile == len(tops):
            tops.append(j)
            top_index.append(index)
        else:
            tops[pile], top_index[pile] = j, index
    chain, index = [], top_index[-1] if top_index else -1
    while index >= 0:
        chain.append(candidates[index])
        index = back[index]
    return chain[::-1]


def _anchors(ka: Sequence[Hashable], kb: Sequence[Hashable], i1: int, i2: int, j1: int, j2: int):
    count_a, count_b = Counter(ka[i1:i2]), Counter(kb[j1:j2])
    tiers = (lambda ca, cb: ca == cb == 1, lambda ca, cb: ca == cb, lambda ca, cb: True)
    for fits in tiers:
        keys = {k for k, ca in count_a.items() if k in count_b and fits(ca, count_b[k])}
        if not keys:
            continue
        where_b: dict[Hashable, list[int]] = defaultdict(list)
        for j in range(j1, j2):
            if kb[j] in keys:
                where_b[kb[j]].append(j)
        seen: Counter = Counter()
        candidates = []
        for i in range(i1, i2):
            if ka[i] in keys and seen[ka[i]] < len(where_b[ka[i]]):
                candidates.append((i, where_b[ka[i]][seen[ka[i]]]))
                seen[ka[i]] += 1
        return _increasing(candidates)
    return []


def _replaced(a, b, i1, i2, j1, j2, similar) -> list[Pair]:
    if i2 - i1 == j2 - j1:
        return [(i1 + k, j1 + k) for k in range(i2 - i1)]
    matched = []
    if (i2 - i1) * (j2 - j1) <= SIMILARITY_CELLS:
        matched = [(p + i1, q + j1) for p, q in _best_pairs(a[i1:i2], b[j1:j2], similar)]
    found: list[Pair] = []
    i, j = i1, j1
    for pi, pj in matched + [(i2, j2)]:
        found += [(k, None) for k in range(i, pi)] + [(None, k) for k in range(j, pj)]
        if pi < i2:
            found.append((pi, pj))
        i, j = pi + 1, pj + 1
    return found


def pairs(a: Sequence[T], b: Sequence[T], key: Callable[[T], Hashable], similar: Callable[[T, T], float]) -> list[Pair]:
    """Every item of ``a`` and of ``b`` once, paired where they correspond, in order."""
    ka, kb = [key(x) for x in a], [key(x) for x in b]
    found: list[Pair] = []
    work: list[tuple[int, int, int, int] | list[Pair]] = [(0, len(a), 0, len(b))]
    while work:  # a stack, not recursion: a long page has many stretches
        task = work.pop()
        if isinstance(task, list):
            found += task
            continue
        i1, i2, j1, j2 = task
        head: list[Pair] = []
        while i1 < i2 and j1 < j2 and ka[i1] == kb[j1]:
            head.append((i1, j1))
            i1, j1 = i1 + 1, j1 + 1
        tail: list[Pair] = []
        while i1 < i2 and j1 < j2 and ka[i2 - 1] == kb[j2 - 1]:
            i2, j2 = i2 - 1, j2 - 1
            tail.append((i2, j2))
        tail.reverse()
        anchors = _anchors(ka, kb, i1, i2, j1, j2) if i1 < i2 and j1 < j2 else []
        if not anchors:
            work.append(head + _replaced(a, b, i1, i2, j1, j2, similar) + tail)
            continue
        todo: list[tuple[int, int, int, int] | list[Pair]] = [head]
        i, j = i1, j1
        for ai, aj in anchors:
            todo += [(i, ai, j, aj), [(ai, aj)]]
            i, j = ai + 1, aj + 1
        todo += [(i, i2, j, j2), tail]
        work += reversed(todo)
    return found


def moves(found: list[Pair], a: Sequence[T], b: Sequence[T], key: Callable[[T], Hashable]) -> dict[int, int]:
    """{index in ``a``: index in ``b``} of the items ``found`` has as missing and extra
    although their keys are equal: the same item, moved."""
    missing: dict[Hashable, list[int]] = defaultdict(list)
    for i, j in found:
        if j is None and i is not None:
            missing[key(a[i])].append(i)
    moved = {}
    for i, j in found:
        if i is None and j is not None and missing.get(k := key(b[j])):
            moved[missing[k].pop(0)] = j
    return moved


def ratio(a: str, b: str) -> float:
    """Similarity of two texts (0 when they share less than half)."""
    value = difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()
    return value if value >= 0.5 else 0.0
