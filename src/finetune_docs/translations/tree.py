"""Tree mode: an English folder and folders of translations, pages paired by relative path.

``translations --tree docs/source/en docs/source/es docs/source/ko`` (or the folders given
to ``--english``) checks ``es/chapter1/2.mdx`` against ``en/chapter1/2.mdx`` and so on, in
one process, each English page read once. A translated page with no English page at its
path is a problem (renamed or removed upstream); an English page not translated yet is not.
"""

from __future__ import annotations

from pathlib import Path

from ..report import Problem, ProblemError, unusable

SUFFIXES = (".md", ".mdx", ".markdown")
"""The Markdown files a tree's pages are (doc-builder's are .mdx, the project's .md)."""


def _pages(folder: Path) -> dict[Path, Path]:
    """{path relative to ``folder``: path} of its Markdown files, at any depth."""
    if not folder.is_dir():
        raise unusable(folder, "no such folder" if not folder.exists() else "not a folder; give folders of pages")
    return {path.relative_to(folder): path for path in sorted(folder.rglob("*"))
            if path.suffix in SUFFIXES and path.is_file()}


def pairs(source: Path, targets: list[Path]) -> tuple[list[tuple[Path, Path]], list[Problem], dict[Path, int]]:
    """(English page, translated page) for each translated page at an English page's path; a
    problem for each translated page without one; how many English pages each target lacks."""
    source = Path(source)
    english = _pages(source)
    problems: list[Problem] = []
    found, untranslated = [], {}
    for target in map(Path, targets):
        if target.resolve() == source.resolve():
            continue  # `--tree en *` names the English folder among the others
        try:
            translated = _pages(target)
        except ProblemError as error:
            problems += error.problems
            continue
        for relative, path in translated.items():
            if relative in english:
                found.append((english[relative], path))
            else:
                problems.append(Problem(path, 1, f"no English page {(source / relative).as_posix()}: "
                                                 "renamed or removed there? (not checked)"))
        untranslated[target] = len(set(english) - set(translated))
    return found, problems, untranslated
