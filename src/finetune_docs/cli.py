"""``finetune-docs``: the maintainers' commands.

    finetune-docs notebooks [--check] [--discard-edits]   make notebooks from pages
    finetune-docs check-encoding [FILE...]                 find mojibake (ftfy)
    finetune-docs fix-encoding FILE...                     repair it in place
    finetune-docs run PAGE --backend NAME                  run a page's cells offline
    finetune-docs translations [--language XX]             parity, glossary and staleness report
    finetune-docs propagate [--language XX]                carry English code into translations
    finetune-docs mark-synced PAGE...                      record that translations follow English
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import layout
from .execution.run import CELL_TIMEOUT


def _notebooks(args) -> int:
    layout.require("finetune-docs notebooks")
    from .notebooks import sync

    if args.check:
        problems = sync.check()
        for line in problems:
            print(line)
        if problems:
            print("run `nox -s notebooks` (or `finetune-docs notebooks`) to remake them")
        return 1 if problems else 0
    try:
        written = sync.write(discard_edits=args.discard_edits)
    except sync.HandEditError as error:
        print(error, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(layout.ROOT)}")
    print(f"{len(written)} notebook(s) written, the others were up to date")
    return 0


def _text_files(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    layout.require("check-encoding without files")
    return sorted([*layout.DOCS.rglob("*.md"), *layout.NOTEBOOKS.rglob("*.ipynb")])


def _check_encoding(args) -> int:
    from .pages.encoding import suspicious_lines

    bad = 0
    for path in _text_files(args.files):
        for number, line, fixed in suspicious_lines(path.read_text(encoding="utf-8")):
            bad += 1
            print(f"{path}:{number}: {line.strip()[:70]!r} -> {fixed.strip()[:70]!r}")
    return 1 if bad else 0


def _fix_encoding(args) -> int:
    from .pages.encoding import repair

    for path in map(Path, args.files):
        text = path.read_text(encoding="utf-8")
        fixed = repair(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            print(f"repaired {path}")
    return 0


def _run(args) -> int:
    from .execution.tutorial import run_page

    with tempfile.TemporaryDirectory() as workdir:
        run = run_page(Path(args.page), args.backend, Path(workdir) / "run", timeout=args.cell_timeout)
    failed = 0
    for cell, result in run.cells:
        where = run.page.where(cell) if cell else "install cell"
        print(f"{where}: {result.status} ({result.seconds:.1f} s)")
        if result.status not in ("ok", "skipped", "not-run"):
            failed += 1
            print(result.error)
    print(f"{run.seconds:.1f} s in all")
    return 1 if failed else 0


def _translated_pages(languages: list[str] | None) -> list[Path]:
    layout.require("finding the translated pages")
    chosen = languages or [lang for lang in layout.languages() if lang != layout.SOURCE_LANGUAGE]
    return [page for language in chosen for page in layout.pages(language)]


def _translations(args) -> int:
    from .pages import read
    from .translations import glossary, parity, status

    problems = 0
    for page in _translated_pages(args.language):
        english = status.english_of(page)
        found = parity.compare(read(english), read(page)) + glossary.violations(
            read(page), glossary.load(layout.language_of(page)))
        for line in found:
            print(line)
        problems += len(found)
        stale = status.stale_sections(page)
        if stale:
            print(f"{page.relative_to(layout.ROOT)}: stale, English changed in: {', '.join(stale)}")
    return 1 if problems else 0


def _propagate(args) -> int:
    from .pages import read
    from .translations import propagate, status

    for page in _translated_pages(args.language):
        english = status.english_of(page)
        text, changes = propagate.propagate(read(english), english.read_text(encoding="utf-8"),
                                            page.read_text(encoding="utf-8"), page.relative_to(layout.ROOT))
        for line in changes:
            print(line)
        if changes:
            page.write_text(text, encoding="utf-8")
    return 0


def _mark_synced(args) -> int:
    from .translations import status

    for page in map(Path, args.pages):
        status.mark_synced(page.resolve())
        print(f"{page}: follows {status.english_of(page).relative_to(layout.ROOT)} as it is now")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="finetune-docs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    notebooks = commands.add_parser("notebooks", help="make notebooks from pages")
    notebooks.add_argument("--check", action="store_true", help="only report notebooks that differ")
    notebooks.add_argument("--discard-edits", action="store_true", help="overwrite hand edits")
    notebooks.set_defaults(func=_notebooks)
    check = commands.add_parser("check-encoding", help="report mojibake")
    check.add_argument("files", nargs="*")
    check.set_defaults(func=_check_encoding)
    fix = commands.add_parser("fix-encoding", help="repair mojibake in place")
    fix.add_argument("files", nargs="+")
    fix.set_defaults(func=_fix_encoding)
    run = commands.add_parser("run", help="run a page's cells against the offline stand-ins")
    run.add_argument("page")
    run.add_argument("--backend", required=True)
    run.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT)
    run.set_defaults(func=_run)
    translations = commands.add_parser("translations", help="report parity, glossary and staleness problems")
    translations.add_argument("--language", action="append")
    translations.set_defaults(func=_translations)
    propagate = commands.add_parser("propagate", help="carry the English code into the translations")
    propagate.add_argument("--language", action="append")
    propagate.set_defaults(func=_propagate)
    synced = commands.add_parser("mark-synced", help="record that translated pages follow English")
    synced.add_argument("pages", nargs="+")
    synced.set_defaults(func=_mark_synced)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except layout.NoProject as error:
        print(f"finetune-docs: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
