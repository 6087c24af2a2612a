"""Read a page into cells, or fail naming the file and line of everything that is wrong.

A page is Markdown parsed by CommonMark's rules (markdown-it-py, ``markdown.py``) in one
of the dialects of ``dialects.py``. Fences (```` ``` ```` or ``~~~``, any length) whose
info string's first word is ``python`` (or ``py``, ``python3``, ``ipython3``, and what else
the dialect runs) are code cells, wherever the dialect's renderer runs them (top level
only for jupytext; list items and block quotes too for doc-builder), the rest is prose,
cut into Markdown cells where jupytext cuts it: at region markers and at two blank
lines. The project's pages (the ``jupytext`` dialect) add:

* ``tags=[...]`` on a code fence, or on a ``<!-- #region tags=[...] -->`` block of prose,
  read by jupytext's own metadata parser: cells that belong to one backend (see
  ``backends.py``), or whose output comes from the real Hub (``hub-output``, ``hub-data``:
  see ``cells.py``);
* an ```` ```output ```` fence right after a code cell is the output the page shows for
  it, which tests compare with what the cell really prints;
* ``[`Name`]`` links an API to its reference (``apirefs.py``), and a blockquote opened by
  ``> [!WARNING]`` is a callout (``callouts.py``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..report import Problem, ProblemError
from . import apirefs, callouts, encoding, markdown
from .cells import KNOWN_TAGS, NOTEBOOK_ONLY, SITE_ONLY, Cell, Page
from .dialects import DIALECTS, Dialect


class PageError(ProblemError):
    """A page cannot be used as it is; ``problems`` name its file and lines. ``page`` holds its
    cells when they could be read despite the problems (mojibake, an unknown tag), so that a
    command reports what else is wrong with the page in the same run."""

    def __init__(self, problems: list[Problem], page: Page | None = None):
        super().__init__(problems)
        self.page = page


def _lines(text: str) -> list[str]:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _prose_cells(lines: list[str], start: int, end: int, tags=(), fenced=frozenset(), cut=True) -> list[Cell]:
    """Markdown cells of lines[start:end]. Outside a region, jupytext starts a new cell after
    two blank lines in a row (not counting those inside a fence)."""
    pieces: list[list[int]] = [[]]
    blanks = 0
    for index in range(start, end):
        if not lines[index].strip() and index not in fenced:
            blanks += 1
            continue
        if cut and blanks >= 2:
            pieces.append([])
        blanks = 0
        pieces[-1].append(index)
    cells = []
    for piece in filter(None, pieces):
        source = "\n".join(lines[piece[0] : piece[-1] + 1])
        cells.append(Cell("markdown", source, tuple(tags), piece[0] + 1))
    return cells


class _Reader:
    def __init__(self, text: str, path, dialect: Dialect):
        self.path, self.dialect = Path(path), dialect
        self.lines = _lines(text.removeprefix(encoding.BOM))
        self.problems: list[Problem] = encoding.check_page_text("\n".join(self.lines), path)
        self.fences, self.blocks = markdown.parse(dialect.parse_lines(self.lines), nested=dialect.nested)
        self.fenced = frozenset(i for fence in self.fences for i in range(fence.start, fence.end))

    def problem(self, index: int, message: str) -> None:
        self.problems.append(Problem(self.path, index + 1, message))

    def fail(self, page: Page | None = None) -> PageError:
        return PageError(sorted(self.problems, key=lambda p: p.line or 0), page)

    def check_structure(self) -> bool:
        """Report unclosed fences and regions; whether the page is sound enough to cut into cells."""
        before = len(self.problems)
        for fence in self.fences:
            known = self.dialect.kind(fence.info) is not None
            stray = next((fence.start + 1 + k for k, line in enumerate(fence.content)
                          if known and fence.opens_another(line)), None)
            if stray is not None:
                self.problem(fence.start, f"this code fence is not closed before line {stray + 1} opens another")
            elif not fence.closed:
                self.problem(fence.start, "this code fence is never closed")
        if self.dialect.regions:
            opened = None
            for index, kind, _ in markdown.regions(self.lines, self.fences):
                if kind == "open" and opened is not None:
                    self.problem(index, f"region opened inside the region of line {opened + 1}")
                elif kind == "close" and opened is None:
                    self.problem(index, "#endregion without a #region")
                opened = index if kind == "open" else None
            if opened is not None:
                self.problem(opened, "this region has no <!-- #endregion -->")
        return len(self.problems) == before

    def events(self):
        """(start, end, what) of each code fence, output fence and region, in page order."""
        found: list[tuple[int, int, object]] = [
            (f.start, f.end, f) for f in self.fences if self.dialect.kind(f.info) is not None]
        if self.dialect.regions:
            markers = markdown.regions(self.lines, self.fences)
            for (start, _, options), (end, _, _) in zip(markers[::2], markers[1::2], strict=True):
                found.append((start, end + 1, options))
        found.sort(key=lambda event: event[0])
        kept, reach = [], 0
        for event in found:  # a fence inside a region is prose of that region, as in jupytext
            if event[0] >= reach:
                kept.append(event)
                reach = event[1]
        return kept

    def tags(self, index: int, options: str, allow_title: bool = False) -> tuple[str, ...]:
        if not options.strip():  # most fences: nothing for jupytext's parser to read
            return ()
        from jupytext.cell_metadata import text_to_metadata  # imports all of jupytext: 2/3 of a start-up

        try:
            _, metadata = text_to_metadata(options, allow_title=allow_title)
        except Exception as error:  # jupytext's parser raises several kinds on malformed options
            self.problem(index, f"cannot read the options {options.strip()!r}: {error}")
            return ()
        tags = tuple(metadata.get("tags", ()))
        unknown = sorted(set(tags) - KNOWN_TAGS)
        if unknown and self.dialect.conventions:
            self.problem(index, f"unknown tag(s) {unknown}; known: {sorted(KNOWN_TAGS)}")
        return tags

    def cells(self) -> list[Cell]:
        cells: list[Cell] = []
        cursor = 0
        for start, end, what in self.events():
            between = self.lines[cursor:start]
            if isinstance(what, markdown.Fence) and self.dialect.kind(what.info) == "output":
                previous = cells[-1] if cells else None
                if previous is None or previous.kind != "code" or previous.output is not None or any(
                        line.strip() for line in between):
                    self.problem(start, f"an ```{what.info.strip()} block must follow a code cell")
                else:
                    cells[-1] = previous.with_output("\n".join(what.content), start + 1, end)
                    cursor = end
                    continue
            cells += _prose_cells(self.lines, cursor, start, fenced=self.fenced)
            if isinstance(what, markdown.Fence):
                source = "\n".join(what.content)
                tags = self.tags(start, what.options)
                if {SITE_ONLY, NOTEBOOK_ONLY} & set(tags):
                    # Tests run the notebooks' code: code the site alone showed would go unchecked.
                    self.problem(start, f"a code cell cannot be {SITE_ONLY!r} or {NOTEBOOK_ONLY!r}; only prose can")
                cells.append(Cell("code", source, tags, start + 1, end=end))
            else:
                tags = self.tags(start, what, allow_title=True)
                cells += _prose_cells(self.lines, start + 1, end - 1, tags, cut=False)
            cursor = end
        cells += _prose_cells(self.lines, cursor, len(self.lines), fenced=self.fenced)
        if self.dialect.conventions:
            for cell in cells:
                if cell.kind == "markdown":
                    self.check_markup(cell)
        return cells

    def check_markup(self, cell: Cell) -> None:
        for offset, name in apirefs.unknown(cell.source):
            self.problem(cell.line - 1 + offset,
                         f"[`{name}`] has no reference link; add it to {apirefs.TABLE.name}")
        for offset, kind in callouts.unknown(cell.source):
            self.problem(cell.line - 1 + offset, f"unknown callout [!{kind}]; known: {', '.join(callouts.KINDS)}")
        for offset, message in callouts.boxes(cell.source):
            self.problem(cell.line - 1 + offset, message)


def reads(text: str, path="<page>", dialect: str | Dialect = "jupytext", shown: bool = False) -> Page:
    """The page whose text is ``text``; a PageError naming every problem found in it.

    With ``shown``, every fence a Markdown renderer shows as code is a code cell, those inside
    list items and block quotes too, whatever the dialect runs: what translation parity compares."""
    chosen = DIALECTS[dialect] if isinstance(dialect, str) else dialect
    reader = _Reader(text, path, replace(chosen, nested=True) if shown else chosen)
    if not any(line.strip() for line in reader.lines):
        raise PageError([Problem(Path(path), 1, "empty file: no page to read", unusable=True)])
    if not reader.check_structure():
        raise reader.fail()
    page = Page(Path(path), tuple(reader.cells()), tuple(start + 1 for start in reader.blocks), len(reader.lines))
    if reader.problems:
        raise reader.fail(page)
    return page


def read(path, dialect: str | Dialect | None = "jupytext", shown: bool = False) -> Page:
    """The page at ``path``; ``dialect=None`` guesses it from the text (``dialects.detect``);
    ``shown`` as :func:`reads`."""
    text = encoding.read_text(path)
    if dialect is None:
        from .dialects import detect

        dialect = detect(text)
    return reads(text, path, dialect, shown)
