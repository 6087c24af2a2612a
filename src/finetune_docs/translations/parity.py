"""A translation has the English page's sections and code cells, in order, and nothing else.

Cells and sections are aligned first (``align.py``), as ``difflib`` aligns lines, so a
deleted cell is one "missing" report and not a shift of every cell after it. Every
problem is at the translation's line and names the English counterpart, so that a
reviewer can open both at the right place.
"""

from __future__ import annotations

from ..pages import Cell, Page
from ..report import Problem
from . import align, normalise
from .structure import Section, code_signature, sections


def _heading(section: Section) -> str:
    return f"{'#' * section.level} {section.title}" if section.level else "(text before the first heading)"


def _first_line(cell: Cell) -> str:
    return next((line.strip() for line in cell.source.splitlines() if line.strip()), "")


def _first_difference(english: Cell, translated: Cell) -> str:
    if tuple(sorted(english.tags)) != tuple(sorted(translated.tags)):
        return f"tags {list(translated.tags)} instead of {list(english.tags)}"
    if english.output != translated.output:
        return "its ```output block differs"
    a, b = normalise.code(english.source).splitlines(), normalise.code(translated.source).splitlines()
    for left, right in zip(a + [""] * len(b), b + [""] * len(a), strict=True):
        if left != right:
            if left.strip() == right.strip():  # only whitespace differs: show it ('\t', spaces)
                return f"{right!r} where English has {left!r}"
            return f"{right.strip()!r} where English has {left.strip()!r}"
    return "code differs"


def _code_pairs(english: Page, translation: Page) -> tuple[list[Cell], list[Cell], list[align.Pair]]:
    ours = [c for c in english.cells if c.kind == "code"]
    theirs = [c for c in translation.cells if c.kind == "code"]
    similar = lambda x, y: align.ratio(normalise.code(x.source), normalise.code(y.source))  # noqa: E731
    return ours, theirs, align.pairs(ours, theirs, key=code_signature, similar=similar)


def _next_line(pairs: list[align.Pair], at: int, items, fallback: int) -> int:
    """Line in the translation where the item missing at ``pairs[at]`` belongs: that of the
    next translation item that is there."""
    return next((items[j].line for _, j in pairs[at:] if j is not None), fallback)


def compare_code(english: Page, translation: Page) -> list[Problem]:
    ours, theirs, pairs = _code_pairs(english, translation)
    end = translation.cells[-1].line if translation.cells else 1
    problems: list[Problem] = []
    for at, (i, j) in enumerate(pairs):
        if i is not None and j is None:
            where = _next_line(pairs, at, theirs, end)
            problems.append(Problem(translation.path, where, f"missing code cell: English {english.where(ours[i])} "
                                                             f"{_first_line(ours[i])!r}"))
        elif i is None and j is not None:
            problems.append(Problem(translation.path, theirs[j].line,
                                    f"extra code cell {_first_line(theirs[j])!r}, not in English {english.name}"))
        elif i is not None and j is not None and code_signature(ours[i]) != code_signature(theirs[j]):
            problems.append(Problem(translation.path, theirs[j].line,
                                    f"code cell differs from English {english.where(ours[i])}: "
                                    f"{_first_difference(ours[i], theirs[j])}"))
    return problems


def compare_sections(english: Page, translation: Page) -> list[Problem]:
    ours, theirs = sections(english), sections(translation)
    _, _, code_pairs = _code_pairs(english, translation)
    home = lambda found: {id(c): index for index, s in enumerate(found) for c in s.codes}  # noqa: E731
    our_home, their_home = home(ours), home(theirs)
    en_codes = [c for c in english.cells if c.kind == "code"]
    tr_codes = [c for c in translation.cells if c.kind == "code"]
    counterpart = {id(en_codes[i]): tr_codes[j] for i, j in code_pairs if i is not None and j is not None}

    def similar(mine: Section, yours: Section) -> float:
        if (mine.level, mine.tags) != (yours.level, yours.tags):
            return 0.0
        return 1.0 + sum(id(counterpart.get(id(c))) in {id(t) for t in yours.codes} for c in mine.codes)

    key = lambda s: (s.level, s.tags, tuple(code_signature(c) for c in s.codes))  # noqa: E731
    pairs = align.pairs(ours, theirs, key=key, similar=similar)
    paired = {i: j for i, j in pairs if i is not None and j is not None}
    problems: list[Problem] = []
    for at, (i, j) in enumerate(pairs):
        if i is not None and j is None:
            first = next((counterpart[id(c)].line for c in ours[i].codes if id(c) in counterpart), None)
            where = first or _next_line(pairs, at, theirs, theirs[-1].line)
            problems.append(Problem(translation.path, where,
                                    f"missing section: {english.name}:{ours[i].line} {_heading(ours[i])!r}"))
        elif i is None and j is not None:
            problems.append(Problem(translation.path, theirs[j].line,
                                    f"extra section {_heading(theirs[j])!r}, not in {english.name}"))
        elif i is not None and j is not None and (ours[i].level, ours[i].tags) != (theirs[j].level, theirs[j].tags):
            problems.append(Problem(translation.path, theirs[j].line,
                                    f"section {_heading(theirs[j])!r} (tags {list(theirs[j].tags)}) stands for "
                                    f"{english.name}:{ours[i].line} {_heading(ours[i])!r} (tags {list(ours[i].tags)})"))
    for i, j in code_pairs:
        if i is None or j is None:
            continue
        mine, yours = our_home[id(en_codes[i])], their_home[id(tr_codes[j])]
        if mine in paired and yours in paired.values() and paired[mine] != yours:
            problems.append(Problem(translation.path, tr_codes[j].line,
                                    f"code cell is in section {_heading(theirs[yours])!r}; English "
                                    f"{english.where(en_codes[i])} has it in {_heading(ours[mine])!r}"))
    return problems


def compare(english: Page, translation: Page) -> list[Problem]:
    """Every parity problem of ``translation``, in page order; [] when it keeps the English code and shape."""
    return sorted(compare_sections(english, translation) + compare_code(english, translation),
                  key=lambda problem: problem.line or 0)
