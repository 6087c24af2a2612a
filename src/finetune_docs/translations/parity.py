"""A translation has the English page's sections and code cells, in order, and nothing else.

Cells and sections are aligned first (``align.py``), as patience diff aligns lines, so a
deleted cell is one "missing" report and not a shift of every cell after it, and a cell or
section in another place is one "moved" report. Every problem is at the translation's
line and names the English counterpart, so that a reviewer can open both at the right
place; what the translation lacks is reported where it would go (``place.py``).
"""

from __future__ import annotations

from ..pages import Cell, Page
from ..report import Problem
from . import align, normalise
from .place import Landmark, Places, span
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
    a, b = normalise.compared(english.source).splitlines(), normalise.compared(translated.source).splitlines()
    for left, right in zip(a + [""] * len(b), b + [""] * len(a), strict=True):
        if left != right:
            if left.strip() == right.strip():  # only whitespace differs: show it ('\t', spaces)
                return f"{right!r} where English has {left!r}"
            return f"{right.strip()!r} where English has {left.strip()!r}"
    return "code differs"


def _similar_code(x: Cell, y: Cell) -> float:
    return align.ratio(normalise.compared(x.source), normalise.compared(y.source))


class _Comparison:
    def __init__(self, english: Page, translation: Page):
        self.english, self.translation = english, translation
        self.ours = [c for c in english.cells if c.kind == "code"]
        self.theirs = [c for c in translation.cells if c.kind == "code"]
        self.code_pairs = align.pairs(self.ours, self.theirs, key=code_signature, similar=_similar_code)
        self.code_moves = align.moves(self.code_pairs, self.ours, self.theirs, code_signature)
        self.counterpart = {i: j for i, j in self.code_pairs if i is not None and j is not None}
        self.our_sections, self.their_sections = sections(english), sections(translation)
        self.our_home = self._homes(self.our_sections, self.ours)
        self.their_home = self._homes(self.their_sections, self.theirs)
        self.codes_of: dict[int, list[int]] = {id(s): [] for s in self.our_sections + self.their_sections}
        for found, homes in ((self.our_sections, self.our_home), (self.their_sections, self.their_home)):
            for k, home in enumerate(homes):
                self.codes_of[id(found[home])].append(k)
        self.section_pairs = align.pairs(self.our_sections, self.their_sections, key=self._section_key,
                                         similar=self._similar_sections)
        self.section_moves = align.moves(self.section_pairs, self.our_sections, self.their_sections,
                                         self._section_key)
        marks = [Landmark(span(self.ours[i]), span(self.theirs[j])) for i, j in self.counterpart.items()]
        marks += [Landmark((self.our_sections[i].line,) * 2, (self.their_sections[j].line,) * 2)
                  for i, j in self.section_pairs if i is not None and j is not None and self.our_sections[i].level]
        self.places = Places(english, translation, marks)

    @staticmethod
    def _homes(found: list[Section], codes: list[Cell]) -> list[int]:
        """Index of the section holding each code cell."""
        index = {id(cell): k for k, section in enumerate(found) for cell in section.codes}
        return [index[id(cell)] for cell in codes]

    @staticmethod
    def _section_key(section: Section) -> tuple:
        return section.level, section.tags, tuple(code_signature(c) for c in section.codes)

    def _similar_sections(self, mine: Section, yours: Section) -> float:
        """Sections of one level and tags pair; best those starting at the same code cell (a
        removed heading merges its section into the one above, which keeps its own first
        cell), then those sharing more cells."""
        if (mine.level, mine.tags) != (yours.level, yours.tags):
            return 0.0
        ours, theirs = self.codes_of[id(mine)], self.codes_of[id(yours)]
        shared = len({self.counterpart.get(i) for i in ours} & set(theirs))
        first = bool(ours and theirs and self.counterpart.get(ours[0]) == theirs[0])
        return 1.0 + shared + (len(ours) + len(theirs) + 1 if first else 0)

    def code(self) -> list[Problem]:
        en, path = self.english, self.translation.path
        moved_sections = set(self.section_moves.items())
        problems: list[Problem] = []
        for i, j in self.code_pairs:
            if i is not None and j is None and i not in self.code_moves:
                problems.append(Problem(path, self.places.line(self.ours[i].line),
                                        f"missing code cell: English {en.where(self.ours[i])} "
                                        f"{_first_line(self.ours[i])!r}"))
            elif i is None and j is not None:
                mine = next((k for k, moved in self.code_moves.items() if moved == j), None)
                if mine is None:
                    problems.append(Problem(path, self.theirs[j].line, f"extra code cell "
                                            f"{_first_line(self.theirs[j])!r}, not in English {en.name}"))
                elif (self.our_home[mine], self.their_home[j]) not in moved_sections:
                    goes = self.places.line(self.ours[mine].line)
                    problems.append(Problem(path, self.theirs[j].line, f"moved code cell: English "
                                            f"{en.where(self.ours[mine])} {_first_line(self.ours[mine])!r}; in "
                                            f"English's order it goes at line {goes}"))
            elif i is not None and j is not None and code_signature(self.ours[i]) != code_signature(self.theirs[j]):
                problems.append(Problem(path, self.theirs[j].line, f"code cell differs from English "
                                        f"{en.where(self.ours[i])}: {_first_difference(self.ours[i], self.theirs[j])}"))
        return problems

    def sections(self) -> list[Problem]:
        en, path = self.english, self.translation.path
        ours, theirs = self.our_sections, self.their_sections
        moved_to = {j: i for i, j in self.section_moves.items()}
        problems: list[Problem] = []
        for i, j in self.section_pairs:
            if i is not None and j is None and i not in self.section_moves:
                problems.append(Problem(path, self.places.line(ours[i].line),
                                        f"missing section: {en.name}:{ours[i].line} {_heading(ours[i])!r}"))
            elif i is None and j is not None and j in moved_to:
                mine = ours[moved_to[j]]
                problems.append(Problem(path, theirs[j].line, f"moved section {_heading(theirs[j])!r}: English "
                                        f"{en.name}:{mine.line} {_heading(mine)!r}; in English's order it goes "
                                        f"at line {self.places.line(mine.line)}"))
            elif i is None and j is not None:
                problems.append(Problem(path, theirs[j].line,
                                        f"extra section {_heading(theirs[j])!r}, not in {en.name}"))
            elif i is not None and j is not None and (ours[i].level, ours[i].tags) != (theirs[j].level, theirs[j].tags):
                problems.append(Problem(path, theirs[j].line,
                                        f"section {_heading(theirs[j])!r} (tags {list(theirs[j].tags)}) stands for "
                                        f"{en.name}:{ours[i].line} {_heading(ours[i])!r} (tags {list(ours[i].tags)})"))
        paired = {i: j for i, j in self.section_pairs if i is not None and j is not None}
        counterparts = set(paired.values())
        for i, j in self.counterpart.items():
            home, there = self.our_home[i], self.their_home[j]
            if home in paired and there in counterparts and paired[home] != there:
                problems.append(Problem(path, self.theirs[j].line,
                                        f"code cell is in section {_heading(theirs[there])!r}; English "
                                        f"{en.where(self.ours[i])} has it in {_heading(ours[home])!r}"))
        return problems


def compare(english: Page, translation: Page) -> list[Problem]:
    """Every parity problem of ``translation``, in page order; [] when it keeps the English code and shape."""
    comparison = _Comparison(english, translation)
    return sorted(comparison.sections() + comparison.code(), key=lambda problem: problem.line or 0)
