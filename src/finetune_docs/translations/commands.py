"""The translation commands of ``finetune-docs``: translations, propagate, mark-synced.

Project mode takes the translated pages of ``docs/<language>/`` and their English page;
``--english A.md B.md...`` takes any files, in either dialect (``pages/dialects.py``);
``--tree EN_DIR XX_DIR...`` (or folders given to ``--english``) pairs the pages of folders
by relative path (``tree.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import layout
from ..pages import Page, PageError, dialects, encoding, read
from ..report import ProblemError, Report, read_bytes, shown, unusable
from . import glossary, parity, status, tree
from . import propagate as propagate_


def _folders(args) -> list[str] | None:
    """The folders of tree mode: ``--tree``'s, or ``--english``'s when it names only folders."""
    if getattr(args, "tree", None):
        return args.tree
    if getattr(args, "english", None) and all(Path(path).is_dir() for path in args.english):
        return args.english
    return None


def _pairs(args, report: Report) -> list[tuple[Path, Path]]:
    """(English page, translated page) to compare or propagate into."""
    folders = _folders(args)
    if folders:
        paired, problems, untranslated = tree.pairs(Path(folders[0]), [Path(f) for f in folders[1:]])
        report.add(*problems)
        for folder, count in untranslated.items():
            if count:
                print(f"{shown(folder)}: {count} English page(s) not translated yet", file=sys.stderr)
        return paired
    if getattr(args, "english", None):
        english, *translated = map(Path, args.english)
        return [(english, page) for page in translated]
    layout.require("finding the translated pages")
    languages = args.language or [lang for lang in layout.languages() if lang != layout.SOURCE_LANGUAGE]
    pages = []
    for language in languages:
        found = layout.pages(language)
        if not found:
            raise unusable(layout.DOCS / language, f"no pages for language {language!r}")
        pages += found
    return [(status.english_of(page), page) for page in pages]


class _Pages:
    """Each page read once; a page that cannot be read is reported once."""

    def __init__(self, report: Report, dialect: str | None, partial: bool = False):
        self.report, self.dialect, self.partial = report, dialect, partial
        self.read_: dict[Path, Page | None] = {}

    def __call__(self, path: Path):
        if path not in self.read_:
            self.read_[path] = None
            try:
                # Parity compares every fence a reader sees as code, a list item's too (pages.reads).
                self.read_[path] = read(path, self.dialect, shown=True)
            except PageError as error:  # mojibake, say: reported, and the cells still compared
                self.report.add(*error.problems)
                self.read_[path] = error.page if self.partial else None
            except ProblemError as error:
                self.report.add(*error.problems)
        return self.read_[path]


def translations(args, report: Report) -> None:

    project = not (args.english or args.tree)
    pages = _Pages(report, "jupytext" if project else None, partial=True)
    for english_path, path in _pairs(args, report):
        report.checked += 1
        english, translation = pages(english_path), pages(path)
        if english is None or translation is None:
            continue
        report.add(*parity.compare(english, translation))
        if project:
            report.add(*glossary.violations(translation, glossary.load(layout.language_of(path))))
            report.add(*status.stale_problems(translation))
    report.summary("page")


def propagate(args, report: Report) -> None:

    pages = _Pages(report, None if args.english else "jupytext")
    for english_path, path in _pairs(args, report):
        report.checked += 1
        english = pages(english_path)
        with report.guard():
            data = read_bytes(path)
            if english is None:
                continue
            text = encoding.decode(data, path)
            dialect = dialects.detect(text).name if args.english else "jupytext"
            new, changes = propagate_.propagate(english, encoding.read_text(english_path), text, path, dialect)
            for line in changes:
                print(line)
            if changes:
                bom = encoding.BOM.encode() if data.startswith(encoding.BOM.encode()) else b""
                path.write_bytes(bom + new.encode("utf-8"))
    report.summary("page")


def mark_synced(args, report: Report) -> None:

    for page in map(Path, args.pages):
        with report.guard():
            read(page)  # a page that cannot be read (empty, not UTF-8) follows nothing
            if page.resolve().parent.parent != layout.DOCS or layout.language_of(page) == layout.SOURCE_LANGUAGE:
                raise unusable(page, "not a translated page (docs/<language>/*.md, other than "
                                     f"{layout.SOURCE_LANGUAGE})")
            status.mark_synced(page.resolve())
            print(f"{shown(page)}: follows {shown(status.english_of(page))} as it is now")
