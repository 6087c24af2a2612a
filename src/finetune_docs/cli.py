"""``finetune-docs``: the maintainers' commands.

    finetune-docs notebooks [--check] [--discard-edits]   make notebooks from pages
    finetune-docs check-encoding [PATH...]                 find mojibake, non-UTF-8, BOMs, CRLF
    finetune-docs fix-encoding PATH...                     repair mojibake and BOMs in place
    finetune-docs run PAGE --backend NAME                  run a page's cells offline
    finetune-docs translations [--language XX]             parity, glossary and staleness report
    finetune-docs translations --english A.md B.md...      parity of any pages B... with A
    finetune-docs translations --tree EN_DIR XX_DIR...     parity of folders of pages, by relative path
    finetune-docs propagate [--language XX | --english A.md B.md...]  carry English code into translations
    finetune-docs mark-synced PAGE...                      record that translations follow English
    finetune-docs cache [--unused-for DAYS] [--max-size MB] [--orphans]  list or prune stored runs
    finetune-docs freshness [--backend NAME] [--resolve-only] [--propose]  newest releases, built and tested

and the maintainers' longer runs, each taking its own options (``finetune-docs NAME --help``):

    finetune-docs reader [NOTEBOOK...]                     notebooks run as a reader runs them (`nox -s reader`)
    finetune-docs determinism --backend NAME               a notebook run twice, every figure compared
    finetune-docs benchmark [--part PART] [--backend NAME] what the cache saves, step times, memory...
    finetune-docs colab [--markdown]                       what each install cell does on Colab and Studio Lab
    finetune-docs colab-snapshot [--installed]             record PyPI's metadata for that simulation
    finetune-docs standins [FOLDER]                        rebuild the offline Hub stand-ins
    finetune-docs standins-tensorflow [FOLDER]             their TensorFlow weights, from the PyTorch ones

Each problem is one line, ``path:line: message`` (paths relative to the working
directory); every problem of every file is reported, and a summary line goes to stderr.
Exit status: 0 clean, 1 problems found, 2 some input could not be used (a missing path,
a folder, a file that is not text, text not in UTF-8, an empty page), 141 when the
reader of the output went away (``| head``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# Only what every command needs: each command imports its own (jupytext, nbclient...) when it runs.
from . import layout
from .report import ProblemError, Report, read_bytes, shown

SIGPIPE_STATUS = 141
"""A shell's status for a command ended by SIGPIPE (128 + 13), as `yes | head` gives."""


DELEGATED = {
    "reader": ("finetune_docs.reader.main", "run notebooks as a reader does (an environment per install cell)"),
    "determinism": ("finetune_docs.execution.determinism", "run a notebook twice and compare every figure"),
    "benchmark": ("finetune_docs.benchmarks.main", "print what runs cost: the cache, notebooks, a real-size model"),
    "colab": ("finetune_docs.colab.__main__", "what each install cell does on each reader runtime, offline"),
    "colab-snapshot": ("finetune_docs.colab.snapshot", "record the package index's metadata for the simulation"),
    "standins": ("finetune_docs.standins.build", "rebuild the offline Hub stand-ins"),
    "standins-tensorflow": ("finetune_docs.standins.tf_checkpoint", "write the stand-in's TensorFlow weights"),
}
"""Commands whose module reads its own options: ``finetune-docs NAME ARGS`` is ``main(ARGS)`` there."""


class Unavailable(Exception):
    """The command cannot run here (no project, no backend stack): one line on stderr, exit 2."""


def _notebooks(args, report: Report) -> None:
    layout.require("finetune-docs notebooks")
    from .notebooks import sync

    if args.check:
        report.add(*sync.check(layout.ROOT))
        if report.problems:
            print("run `nox -s notebooks` (or `finetune-docs notebooks`) to remake them", file=sys.stderr)
        return
    try:
        written, problems = sync.write(layout.ROOT, discard_edits=args.discard_edits)
    except sync.HandEditError as error:
        report.failed(str(error))
        return
    report.add(*problems)
    for path in written:
        print(f"wrote {shown(path)}")
    print(f"{len(written)} notebook(s) written, the others were up to date")


def _text_files(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    layout.require("check-encoding without files")
    return sorted([*layout.DOCS.rglob("*.md"), *layout.DOCS.rglob("*.mdx"), *layout.NOTEBOOKS.rglob("*.ipynb")])


def _check_encoding(args, report: Report) -> None:
    from .pages import encoding

    for path in _text_files(args.files):
        report.checked += 1
        with report.guard():
            report.add(*encoding.problems(read_bytes(path), path))
    report.summary()


def _fix_encoding(args, report: Report) -> None:
    from .pages import encoding

    for path in map(Path, args.files):
        report.checked += 1
        with report.guard():
            data = read_bytes(path)
            fixed, changes = encoding.repair(data, path)
            if changes:
                path.write_bytes(fixed)
            for change in changes:
                print(f"{shown(path)}: repaired {change}")
    report.summary()


def _run(args, report: Report) -> None:
    from .backends import get
    from .execution.run import CELL_TIMEOUT
    from .execution.tutorial import run_page
    from .pages import read

    backend, page = get(args.backend), Path(args.page)
    read(page)  # the page's own problems first: they need no environment to be found
    finetune_docs = shown(layout.ROOT / ".nox" / backend.name / "bin" / "finetune-docs")
    build = (f"`nox -s {backend.name} --install-only` builds it; then run "
             f"`{finetune_docs} run {shown(page)} --backend {backend.name}`")
    if not backend.available():
        raise Unavailable(f"{backend.missing_message()} {build[0].upper()}{build[1:]}.")
    with tempfile.TemporaryDirectory() as workdir:
        run = run_page(page, backend.name, Path(workdir) / "run", timeout=args.cell_timeout or CELL_TIMEOUT)
    for cell, result in run.cells:
        where = run.page.where(cell) if cell else "install cell"
        print(f"{where}: {result.status} ({result.seconds:.1f} s)")
        if result.status not in ("ok", "skipped", "not-run"):
            report.failed(result.error)
            if "ModuleNotFoundError" in result.error:
                print(f"{where}: a module is missing from this environment, not from the page: the "
                      f"{backend.label} environment of `nox -s {backend.name}` has them all: {build}")
    print(f"{run.seconds:.1f} s in all")


def _translation_command(name: str):
    """The command ``name`` of translations/commands.py, imported when it runs."""
    def command(args, report: Report) -> None:
        from .translations import commands

        getattr(commands, name)(args, report)
    return command


PAGE_HELP = "a page: Markdown in the project's format (docs/<language>/*.md)"
LANGUAGE_HELP = "a language folder of docs/ (es, pt, it...); repeat it for several; default: every translation"
NOTEBOOKS_HELP = ("make notebooks/<language>/<backend>.ipynb from each docs/<language>/index.md "
                  "(notebooks/<language>/<page>-<backend>.ipynb from other pages)")
def _cache(args, report: Report) -> None:
    """List the execution cache's entries; remove unused ones, the least recently used beyond a size, orphans."""
    from datetime import timedelta

    from .execution.cache import store

    folder = Path(args.cache_dir)
    if not folder.is_dir():
        print(f"{folder}: no cache folder (nothing was stored there yet)")
        return
    folders, records = store.orphans(folder)
    chosen = store.prune(folder, unused_for=None if args.unused_for is None else timedelta(days=args.unused_for),
                         max_bytes=None if args.max_size is None else int(args.max_size * 1e6))
    if args.orphans:
        chosen += [r for r in records if r not in chosen]
    for entry in store.entries(folder):
        state = ("removed" if entry in chosen else "kept") + (" (no folder)" if entry in records else "")
        print(f"{state:<19} {entry.name}  {entry.size / 1e6:8.2f} MB  last used {entry.accessed:%Y-%m-%d %H:%M} "
              f"UTC  {entry.origin}")
    removed_folders = folders if args.orphans else []
    freed = store.remove(folder, chosen, removed_folders)
    kept = store.entries(folder)
    print(f"{folder}: {len(kept)} entries kept, {sum(e.size for e in kept) / 1e6:.1f} MB; removed {len(chosen)} "
          f"entries and {len(removed_folders)} orphaned folders, {freed / 1e6:.1f} MB freed")
    if not args.orphans and (folders or records):
        print(f"{folder}: {len(folders)} entry folders without a record and {len(records)} records without a "
              "folder (global.db deleted or replaced?): `finetune-docs cache --orphans` removes them")


def parser() -> argparse.ArgumentParser:
    from .backends import BACKENDS

    parser = argparse.ArgumentParser(prog="finetune-docs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    notebooks = commands.add_parser("notebooks", help="make notebooks from pages", description=NOTEBOOKS_HELP)
    notebooks.add_argument("--check", action="store_true", help="write nothing; report the notebooks that differ")
    notebooks.add_argument("--discard-edits", action="store_true",
                           help="overwrite notebooks edited by hand (otherwise they are reported and kept)")
    notebooks.set_defaults(func=_notebooks)
    check = commands.add_parser("check-encoding", help="report mojibake, non-UTF-8 text, BOMs and CRLF")
    check.add_argument("files", nargs="*", metavar="PATH",
                       help="text files to check (any, .md, .mdx, .ipynb...); default: the project's pages and "
                            "notebooks")
    check.set_defaults(func=_check_encoding)
    fix = commands.add_parser("fix-encoding", help="repair mojibake and byte-order marks in place")
    fix.add_argument("files", nargs="+", metavar="PATH", help="text files to repair; line endings are kept")
    fix.set_defaults(func=_fix_encoding)
    run = commands.add_parser("run", help="run a page's cells against the offline stand-ins")
    run.add_argument("page", metavar="PAGE", help=PAGE_HELP)
    run.add_argument("--backend", required=True, choices=list(BACKENDS),
                     help="whose cells to run; this environment must have its stack (`nox -s NAME` builds it)")
    run.add_argument("--cell-timeout", type=int, metavar="SECONDS",
                     help="seconds one cell may run before it is stopped (default: 600)")
    run.set_defaults(func=_run)
    translations = commands.add_parser("translations", help="report parity, glossary and staleness problems")
    which = translations.add_mutually_exclusive_group()
    which.add_argument("--language", action="append", help=LANGUAGE_HELP)
    which.add_argument("--english", nargs="+", metavar="PAGE",
                       help="an English page, then its translations: any Markdown files (doc-builder's too); "
                            "or folders, as --tree")
    which.add_argument("--tree", nargs="+", metavar="DIR",
                       help="the English folder, then folders of translations: pages paired by relative path "
                            "(.md, .mdx)")
    translations.set_defaults(func=_translation_command("translations"))
    propagate = commands.add_parser("propagate", help="carry the English code into the translations")
    which = propagate.add_mutually_exclusive_group()
    which.add_argument("--language", action="append", help=LANGUAGE_HELP)
    which.add_argument("--english", nargs="+", metavar="PAGE",
                       help="an English page, then the pages to carry it into (or folders, paired by relative path)")
    propagate.set_defaults(func=_translation_command("propagate"))
    synced = commands.add_parser("mark-synced", help="record that translated pages follow English")
    synced.add_argument("pages", nargs="+", metavar="PAGE",
                        help="translated pages (docs/<language>/*.md) now up to date with their English page")
    synced.set_defaults(func=_translation_command("mark_synced"))
    _cache_parser(commands)
    _freshness_parser(commands)
    for name, (_, summary) in DELEGATED.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def _cache_parser(commands) -> None:
    cache = commands.add_parser("cache", help="list the stored runs; prune them by age or size; remove orphans")
    cache.add_argument("--cache-dir", default=str(layout.executions_folder()),
                       help="the cache folder (default: $FINETUNE_DOCS_CACHE_DIR, else .cache/executions/)")
    cache.add_argument("--unused-for", type=float, metavar="DAYS", help="remove entries not used for DAYS days")
    cache.add_argument("--max-size", type=float, metavar="MB",
                       help="remove the least recently used entries until the rest take at most MB")
    cache.add_argument("--orphans", action="store_true",
                       help="remove entry folders no record names and records whose folder is gone")
    cache.set_defaults(func=_cache)


def _freshness_parser(commands) -> None:
    from . import freshness
    from .freshness import options

    fresh = commands.add_parser("freshness", help="resolve, build and test the newest releases each backend allows",
                                description=freshness.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_arguments(fresh)
    fresh.set_defaults(func=options.command)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop quietly; what is still buffered goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_STATUS


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DELEGATED:
        import importlib

        status = importlib.import_module(DELEGATED[argv[0]][0]).main(argv[1:])
        return int(status or 0)
    command = parser()
    args = command.parse_args(argv)
    for option in ("english", "tree"):
        if getattr(args, option, None) is not None and len(getattr(args, option)) < 2:
            command.error(f"--{option} takes the English {'page' if option == 'english' else 'folder'} "
                          "and at least one translation")
    report = Report()
    try:
        args.func(args, report)
    except ProblemError as error:  # input unusable before any file could be taken on its own
        report.add(*error.problems)
    except (layout.NoProject, Unavailable) as error:
        print(f"finetune-docs: {error}", file=sys.stderr)
        return 2
    sys.stdout.flush()  # a closed pipe shows here, not at exit
    return report.status


if __name__ == "__main__":
    sys.exit(main())
