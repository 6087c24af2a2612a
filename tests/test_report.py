"""The error contract: one line per problem, paths relative to the working directory, exit status."""

from pathlib import Path

import pytest

from finetune_docs.report import Problem, ProblemError, Report, read_bytes, shown


def test_paths_are_shown_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert shown(tmp_path / "docs" / "p.md") == "docs/p.md"
    assert shown("docs/p.md") == "docs/p.md"
    assert shown("/elsewhere/p.md") == "/elsewhere/p.md"
    assert str(Problem(tmp_path / "p.md", 3, "bad")) == "p.md:3: bad"
    assert str(Problem(Path("p.md"), None, "no such file")) == "p.md: no such file"


def test_the_status_is_2_for_unusable_input_1_for_problems_0_for_none(tmp_path, capsys):
    report = Report()
    assert report.status == 0
    report.add(Problem(Path("a.md"), 1, "bad"))
    assert report.status == 1
    with report.guard():
        read_bytes(tmp_path / "missing.md")
    assert report.status == 2
    assert capsys.readouterr().out.splitlines()[0] == "a.md:1: bad"


def test_unreadable_paths_raise_a_problem_not_an_os_error(tmp_path):
    with pytest.raises(ProblemError, match="is a directory"):
        read_bytes(tmp_path)
