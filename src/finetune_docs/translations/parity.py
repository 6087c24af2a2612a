"""A translation has the English page's sections and code cells, in order, and nothing else.

Every problem names the translation's file and line and the English counterpart, so that
a reviewer can open both at the right place.
"""

from __future__ import annotations

import difflib

from ..pages import Cell, Page
from . import normalise
from .structure import code_signature, sections


def _heading(section) -> str:
    return f"{'#' * section.level} {section.title}"


def _first_difference(english: Cell, translated: Cell) -> str:
    if tuple(sorted(english.tags)) != tuple(sorted(translated.tags)):
        return f"tags {list(translated.tags)} instead of {list(english.tags)}"
    if english.output != translated.output:
        return "its ```output block differs"
    a, b = normalise.code(english.source).splitlines(), normalise.code(translated.source).splitlines()
    for left, right in zip(a + [""] * len(b), b + [""] * len(a), strict=True):
        if left != right:
            return f"{right.strip()!r} where English has {left.strip()!r}"
    return "code differs"


def compare_sections(english: Page, translation: Page) -> list[str]:
    ours, theirs = sections(english), sections(translation)
    keys = lambda found: [(s.level, s.tags, tuple(code_signature(c) for c in s.codes)) for s in found]  # noqa: E731
    problems = []
    matcher = difflib.SequenceMatcher(a=keys(ours), b=keys(theirs), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        left, right = list(ours[i1:i2]), list(theirs[j1:j2])
        while left and right:
            # Same kind of section in the same place: one section whose code cells differ.
            mine = left[0]
            yours = next((s for s in right if (s.level, s.tags) == (mine.level, mine.tags)), None)
            if yours is None:
                break
            for extra in right[: right.index(yours)]:
                problems.append(f"{translation.name}:{extra.line}: extra section {_heading(extra)!r}, "
                                f"not in {english.name}")
            right = right[right.index(yours) + 1 :]
            left.pop(0)
            if len(mine.codes) != len(yours.codes):
                problems.append(
                    f"{translation.name}:{yours.line}: section {_heading(yours)!r} has {len(yours.codes)} "
                    f"code cell(s); its English counterpart {english.name}:{mine.line} "
                    f"{_heading(mine)!r} has {len(mine.codes)}"
                )
        where = theirs[j1].line if j1 < len(theirs) else theirs[-1].line
        for section in left:
            problems.append(
                f"{translation.name}:{where}: missing section: {english.name}:{section.line} {_heading(section)!r}"
            )
        for section in right:
            problems.append(f"{translation.name}:{section.line}: extra section {_heading(section)!r}, "
                            f"not in {english.name}")
    return problems


def compare_code(english: Page, translation: Page) -> list[str]:
    ours = [c for c in english.cells if c.kind == "code"]
    theirs = [c for c in translation.cells if c.kind == "code"]
    problems = []
    for index in range(max(len(ours), len(theirs))):
        if index >= len(theirs):
            problems.append(f"{translation.name}: missing code cell {index + 1}, "
                            f"English {english.where(ours[index])}")
        elif index >= len(ours):
            problems.append(f"{translation.where(theirs[index])}: extra code cell {index + 1}, not in {english.name}")
        elif code_signature(ours[index]) != code_signature(theirs[index]):
            problems.append(
                f"{translation.where(theirs[index])}: code cell {index + 1} differs from English "
                f"{english.where(ours[index])}: {_first_difference(ours[index], theirs[index])}"
            )
    return problems


def compare(english: Page, translation: Page) -> list[str]:
    """Every parity problem of ``translation``; [] when it keeps the English code and shape."""
    return compare_sections(english, translation) + compare_code(english, translation)
