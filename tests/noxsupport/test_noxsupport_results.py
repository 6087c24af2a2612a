"""A session's result is kept by its inputs: replayed while they are equal, run again when one changes."""

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from noxsupport import results as sessionresults
from noxsupport.results import Kept, Results, pytest_summary


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=cwd, check=True,
                   capture_output=True)


def checkout(root: Path) -> Path:
    """A project as a clone leaves it: committed files, an ignored folder, a venv inside it."""
    (root / "src").mkdir(parents=True)
    (root / "src" / "module.py").write_text("x = 1\n")
    (root / ".gitignore").write_text(".nox/\nartifacts/\n")
    git("init", "--quiet", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "--quiet", "-m", "first", cwd=root)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / ".nox" / "s")], check=True)
    return root


@pytest.fixture
def project(tmp_path):
    return checkout(tmp_path / "one" / "project")


def key(project: Path, results: Results, env=None, session="s") -> str:
    return results.key(session, project, project / ".nox" / "s", env or {"PATH": "/usr/bin"})


def test_equal_inputs_give_one_key_and_each_input_changes_it(project, tmp_path):
    results = Results(tmp_path / "results")
    first = key(project, results)
    assert key(project, results, {"PATH": "/bin", "TERM": "xterm", "ANYTHING": "1", "PYTHONUNBUFFERED": "1"}) == first
    assert key(project, results, {"PATH": "/usr/bin", "FINETUNE_DOCS_CACHE_DIR": "/elsewhere"}) == first
    assert key(project, results, {"PATH": "/usr/bin", "PIP_NO_CACHE_DIR": "1", "UV_CACHE_DIR": "/elsewhere"}) == first
    (project / "artifacts").mkdir()
    (project / "artifacts" / "shot.png").write_bytes(b"ignored")
    assert key(project, results) == first
    assert key(project, results, {"PATH": "/usr/bin", "PYTEST_ADDOPTS": "-k nothing"}) != first
    assert key(project, results, session="other") != first
    (project / "src" / "module.py").write_text("x = 2\n")  # an edit, not committed
    edited = key(project, results)
    assert edited != first
    (project / "notes.md").write_text("untracked, not ignored\n")
    assert key(project, results) != edited


def test_a_file_no_session_reads_is_no_input(project, tmp_path):
    results = Results(tmp_path / "results")
    first = key(project, results)
    for name in sessionresults.NOT_READ:
        (project / name).write_text("prose for maintainers\n")
    assert key(project, results) == first
    (project / "CHANGELOG.md").write_text("## [Unreleased]\n")  # the package's tests read it
    assert key(project, results) != first


def test_no_session_reads_the_files_said_not_to_be_read():
    """What a session runs (tests, noxfile, scripts, the package, the site's config) names none of them."""
    root = Path(__file__).parents[2]
    sources = [*root.glob("tests/**/*.py"), *root.glob("src/**/*.py"), *root.glob("noxsupport/*.py"),
               root / "noxfile.py", root / "mkdocs.yml", *root.glob("scripts/*"), *root.glob(".ci/*")]
    for path in sources:
        if path in (Path(__file__), root / "noxsupport" / "results.py") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for name in sessionresults.NOT_READ:
            assert f'"{name}"' not in text and f"/{name}" not in text, f"{path} reads {name}"


def test_the_sessions_environment_and_shared_are_inputs(project, tmp_path):
    results = Results(tmp_path / "results")
    first = key(project, results)
    (site,) = (project / ".nox" / "s").glob("lib/python*/site-packages")
    (site / "installed.py").write_text("y = 1\n")
    installed = key(project, results)
    assert installed != first
    shared = project.parent / "shared"
    (shared / "seeds").mkdir(parents=True)
    (shared / "seeds" / "a.md").write_text("a source document\n")
    assert key(project, results) != installed


def test_two_clones_at_different_paths_give_one_key(project, tmp_path):
    other = tmp_path / "two" / "elsewhere"
    other.mkdir(parents=True)
    subprocess.run(["git", "clone", "--quiet", str(project), str(other)], check=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(other / ".nox" / "s")], check=True)
    results = Results(tmp_path / "results")
    env = {"PATH": "/usr/bin", "PYTHONPATH": f"{project}/src"}
    assert key(project, results, env) == key(other, results, {**env, "PYTHONPATH": f"{other}/src"})


class Session(SimpleNamespace):
    def log(self, line):
        self.lines.append(line)


def session(project: Path, *posargs: str) -> Session:
    return Session(name="s", posargs=list(posargs), virtualenv=SimpleNamespace(location=str(project / ".nox" / "s")),
                   lines=[])


def test_a_passed_session_is_replayed_until_an_input_changes(project, tmp_path, monkeypatch):
    monkeypatch.delenv(sessionresults.RERUN, raising=False)
    results = Results(tmp_path / "results")
    first = Kept(session(project), project, results=results)
    assert not first.replayed
    first.passed("pytest: 3 passed, 0 skipped")
    again = Kept(session(project), project, results=results)
    assert again.replayed and "pytest: 3 passed, 0 skipped; not run again" in again.session.lines[0]
    (project / "src" / "module.py").write_text("x = 3\n")
    assert not Kept(session(project), project, results=results).replayed


def test_a_failed_run_arguments_or_rerun_never_replay(project, tmp_path, monkeypatch):
    monkeypatch.delenv(sessionresults.RERUN, raising=False)
    results = Results(tmp_path / "results")
    Kept(session(project), project, results=results)  # failed: passed() never called
    assert not Kept(session(project), project, results=results).replayed
    Kept(session(project), project, results=results).passed("ok")
    with_arguments = Kept(session(project, "-k", "one"), project, results=results)
    assert not with_arguments.replayed and not with_arguments.key
    monkeypatch.setenv(sessionresults.RERUN, "1")
    assert not Kept(session(project), project, results=results).replayed


def test_a_torn_record_is_no_result(project, tmp_path):
    results = Results(tmp_path / "results")
    digest = key(project, results)
    results.remember("s", digest, 1.0, "ok")
    record = results.root / "s" / f"{digest}.json"
    record.write_text(record.read_text()[:20])
    assert results.passed("s", digest) is None
    shutil.rmtree(results.root)
    assert results.passed("s", digest) is None


def test_the_summary_counts_what_pytest_reported(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text('<testsuites><testsuite name="pytest" tests="12" failures="0" errors="0" skipped="2">'
                     "</testsuite></testsuites>")
    assert pytest_summary(junit) == "pytest: 10 passed, 2 skipped"
