"""Tree mode: folders of pages paired by relative path, checked in one process (the course's layout)."""

from pathlib import Path

import pytest

from finetune_docs.cli import main
from finetune_docs.translations import sample_tree, tree


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The course's layout: 81 English pages, 382 translations in 8 languages."""
    return sample_tree.write(tmp_path_factory.mktemp("course"))


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_the_fixture_has_the_courses_layout(course):
    assert len(list((course / "en").rglob("*.mdx"))) == 81
    languages = sorted(p.name for p in course.iterdir() if p.name != "en")
    assert languages == sorted(sample_tree.COVERAGE) and "zh-CN" in languages
    found, problems, untranslated = tree.pairs(course / "en", [course / lang for lang in languages])
    assert (len(found), problems) == (382, []) and untranslated[course / "de"] == 61
    text = (course / "ko" / "chapter1" / "2.mdx").read_text(encoding="utf-8")
    assert "```python out" in text and "<CourseFloatingBanner chapter={1}\n" in text and "[[section-0]]" in text


def test_every_pair_of_a_tree_is_checked_in_one_run_and_each_change_reported_once(course, tmp_path, monkeypatch,
                                                                                    capsys):
    import shutil

    shutil.copytree(course, tmp_path / "chapters")
    monkeypatch.chdir(tmp_path)
    changed = Path("chapters/ko/chapter5/3.mdx")
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("truncation=True)", "truncation=False)", 1), encoding="utf-8")
    code_line = next(n for n, line in enumerate(lines_of(changed), 1) if "truncation=False" in line)
    old, new = text.splitlines()[code_line - 1], lines_of(changed)[code_line - 1]
    cell_line = max(n for n, line in enumerate(lines_of(changed)[:code_line], 1) if line == "```py")
    damaged = Path("chapters/es/chapter1/2.mdx")
    prose = lines_of(damaged)
    prose_line = next(n for n, line in enumerate(prose, 1) if line and line[0].isalpha() and " " in line)
    damaged.write_text(damaged.read_text(encoding="utf-8").replace(prose[prose_line - 1], "Um modelo pr√©-treinado."),
                       encoding="utf-8")
    Path("chapters/fr/chapter9/99.mdx").write_text("# Orphan\n", encoding="utf-8")

    status = main(["translations", "--tree", "chapters/en", *sorted(f"chapters/{p.name}" for p in course.iterdir())])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == [
        "chapters/fr/chapter9/99.mdx:1: no English page chapters/en/chapter9/99.mdx: renamed or removed there? "
        "(not checked)",
        f"chapters/es/chapter1/2.mdx:{prose_line}: mojibake: 'Um modelo pr√©-treinado.' -> 'Um modelo pré-treinado.' "
        "(column 13); `finetune-docs fix-encoding` repairs it",
        f"chapters/ko/chapter5/3.mdx:{cell_line}: code cell differs from English chapters/en/chapter5/3.mdx:"
        f"{cell_line}: {new.strip()!r} where English has {old.strip()!r}",
    ]
    assert err.splitlines()[-1] == "382 pages checked, 3 problems"
    assert "chapters/de: 61 English page(s) not translated yet" in err


def test_folders_given_to_english_are_a_tree(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    sample_tree.write(tmp_path, {"es": 4, "ja": 2})
    assert main(["translations", "--english", "chapters/en", "chapters/es", "chapters/ja"]) == 0
    assert capsys.readouterr() == ("", "chapters/es: 77 English page(s) not translated yet\n"
                                       "chapters/ja: 79 English page(s) not translated yet\n"
                                       "6 pages checked, 0 problems\n")
    assert main(["translations", "--tree", "chapters/en", "chapters/xx"]) == 2
    assert capsys.readouterr().out == "chapters/xx: no such folder\n"


def test_pages_pair_by_relative_path_at_any_depth(tmp_path):
    for path in ("en/a.md", "en/deep/b.mdx", "en/deep/c.mdx", "es/deep/b.mdx", "es/a.md", "es/notes.txt"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("# T\n", encoding="utf-8")
    found, problems, untranslated = tree.pairs(tmp_path / "en", [tmp_path / "es", tmp_path / "en"])
    assert found == [(tmp_path / "en/a.md", tmp_path / "es/a.md"),
                     (tmp_path / "en/deep/b.mdx", tmp_path / "es/deep/b.mdx")]
    assert problems == [] and untranslated == {tmp_path / "es": 1}
