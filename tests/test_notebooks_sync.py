"""Notebooks stay equal to their pages, and no hand edit is ever overwritten silently."""

import shutil

import nbformat
import pytest

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.notebooks import sync

PAGE = "# Title\n\nIntro.\n\n```python\nx = 1\n```\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems name paths relative to where the command runs
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "index.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def notebook_of(project):
    return project / "notebooks" / "en" / "pytorch.ipynb"


def test_committed_notebooks_match_their_pages():
    assert sync.check(layout.ROOT) == []


def test_missing_and_stale_notebooks_are_reported(project):
    assert list(map(str, sync.check(project))) == [
        f"notebooks/en/{b}.ipynb: missing (made from docs/en/index.md)" for b in BACKENDS]
    sync.write(project)
    assert sync.check(project) == []
    page = project / "docs" / "en" / "index.md"
    page.write_text(PAGE.replace("x = 1", "x = 2"), encoding="utf-8")
    assert list(map(str, sync.check(project))) == [
        f"notebooks/en/{b}.ipynb: out of date with docs/en/index.md" for b in BACKENDS]
    assert notebook_of(project) in sync.write(project)[0]
    assert "x = 2" in notebook_of(project).read_text(encoding="utf-8")


def test_a_hand_edit_stops_regeneration_and_is_kept(project):
    sync.write(project)
    path = notebook_of(project)
    edited = nbformat.read(path, as_version=4)
    edited.cells[-1].source = "x = 1  # tuned by hand"
    nbformat.write(edited, path)
    kept = path.read_text(encoding="utf-8")
    (project / "docs" / "en" / "index.md").write_text(PAGE + "\nMore prose.\n", encoding="utf-8")

    edit = r"pytorch\.ipynb: cell \d+ \(code\) was added or edited by hand.*tuned by hand"
    with pytest.raises(sync.HandEditError, match=edit):
        sync.write(project)
    assert path.read_text(encoding="utf-8") == kept

    sync.write(project, discard_edits=True)
    assert "tuned by hand" not in path.read_text(encoding="utf-8")


def test_only_the_hand_edits_are_named_not_what_the_page_changed(project):
    page = project / "docs" / "en" / "index.md"
    page.write_text(PAGE + "\n## A heading\n\n```python\ny = 2\n```\n", encoding="utf-8")
    sync.write(project)
    path = notebook_of(project)
    edited = nbformat.read(path, as_version=4)
    edited.cells[-1].source = "y = 3  # tuned by hand"
    edited.cells.insert(2, nbformat.v4.new_markdown_cell("A note of my own."))
    nbformat.write(edited, path)
    page.write_text(PAGE.replace("Intro.", "Intro, reworded.") + "\n## A better heading\n\n```python\ny = 2\n```\n",
                    encoding="utf-8")

    with pytest.raises(sync.HandEditError) as raised:
        sync.write(project)
    named = [line.strip() for line in str(raised.value).splitlines()[1:] if "pytorch.ipynb" in line]
    assert named == ["notebooks/en/pytorch.ipynb: cell 3 (markdown) was added or edited by hand: 'A note of my own.'",
                     "notebooks/en/pytorch.ipynb: cell 7 (code) was added or edited by hand: 'y = 3  # tuned by hand'"]


def test_a_removed_cell_is_named_as_such(project):
    sync.write(project)
    path = notebook_of(project)
    edited = nbformat.read(path, as_version=4)
    del edited.cells[1]
    nbformat.write(edited, path)
    (project / "docs" / "en" / "index.md").write_text(PAGE.replace("Intro.", "Intro, reworded."), encoding="utf-8")
    with pytest.raises(sync.HandEditError, match=r"pytorch\.ipynb: cells were removed, reordered or retagged by hand"):
        sync.write(project)


def test_running_a_notebook_is_not_an_edit(project):
    sync.write(project)
    path = notebook_of(project)
    ran = nbformat.read(path, as_version=4)
    ran.cells[-1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nbformat.write(ran, path)
    shutil.copy(path, path.with_suffix(".bak"))
    assert sync.write(project) == ([path], []), "rewritten without its outputs, and without complaint"


def test_a_broken_page_is_reported_once_and_the_others_still_made(project):
    (project / "docs" / "es").mkdir()
    (project / "docs" / "es" / "index.md").write_text("# T\n\n```python\nx = 1\n", encoding="utf-8")
    written, problems = sync.write(project)
    assert list(map(str, problems)) == ["docs/es/index.md:3: this code fence is never closed"]
    assert notebook_of(project) in written
    assert list(map(str, sync.check(project))) == ["docs/es/index.md:3: this code fence is never closed"]
