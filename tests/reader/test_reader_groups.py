"""Which notebooks share a reader's environment: one per (backend, Python), every language's."""

from pathlib import Path

import nbformat
import pytest

from conftest import notebook
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.notebooks.make import INSTALL_TAG
from finetune_docs.reader import groups

v4 = nbformat.v4
COMMITTED = sorted(layout.NOTEBOOKS.glob("*/*.ipynb"))


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_committed_notebook_has_one_install_cell_right_after_its_title(path):
    index, cell = groups.install_cell(nbformat.read(path, as_version=4), path)
    # A cell that stops on a Python its backend has no wheels for checks that before installing.
    assert index == 1 and "\n%pip install " in "\n" + cell.source


def test_install_only_is_the_install_cell_alone_untagged_and_the_notebook_unchanged():
    original = notebook("%pip install x==1", "import x")
    alone = groups.install_only(original, Path("n.ipynb"))
    assert [c.source for c in alone.cells] == ["%pip install x==1"]
    assert INSTALL_TAG not in alone.cells[0].metadata["tags"]
    assert original.cells[1].metadata["tags"] == [INSTALL_TAG]


@pytest.mark.parametrize("install", [None, "%pip install y==2"], ids=["none", "two"])
def test_a_notebook_without_exactly_one_install_cell_is_refused_by_name(install):
    two = notebook("%pip install x==1")
    if install:
        two.cells.append(v4.new_code_cell(install, metadata={"tags": [INSTALL_TAG]}))
    else:
        two = notebook(None, "import x")
    with pytest.raises(groups.ReaderError, match=r"^notebooks/xx/broken\.ipynb: [02] code cells are tagged"):
        groups.install_cell(two, Path("notebooks/xx/broken.ipynb"))


def test_the_committed_notebooks_make_one_environment_per_backend_each_serving_every_language():
    found = groups.environments({path: nbformat.read(path, as_version=4) for path in COMMITTED})
    assert sorted((e.backend.name, e.python) for e in found) == sorted((b.name, b.reader_python)
                                                                       for b in BACKENDS.values())
    for environment in found:
        assert {p.parent.name for p in environment.notebooks} == set(layout.languages())
        assert all(p.stem == environment.backend.name for p in environment.notebooks)


def test_notebooks_are_grouped_by_the_backend_their_metadata_names_in_the_order_given():
    given = {Path("en/a.ipynb"): notebook(backend="tensorflow"), Path("en/b.ipynb"): notebook(),
             Path("es/a.ipynb"): notebook(backend="tensorflow")}
    found = groups.environments(given)
    assert [(e.name, list(map(str, e.notebooks))) for e in found] == [
        (f"tensorflow-py{BACKENDS['tensorflow'].reader_python}", ["en/a.ipynb", "es/a.ipynb"]),
        (f"pytorch-py{BACKENDS['pytorch'].reader_python}", ["en/b.ipynb"])]
    assert [c.source for c in found[0].install().cells] == ["%pip install x==1"]


def test_different_install_cells_for_one_environment_are_refused_with_the_difference():
    given = {Path("en/t.ipynb"): notebook("%pip install x==1\n%pip install y"),
             Path("it/t.ipynb"): notebook("%pip install x==2\n%pip install y")}
    with pytest.raises(groups.ReaderError) as refused:
        groups.environments(given)
    first, *diff = str(refused.value).splitlines()
    assert first.startswith("it/t.ipynb: its install cell differs from en/t.ipynb's")
    assert "-%pip install x==1" in diff and "+%pip install x==2" in diff and "%pip install y" not in diff


@pytest.mark.parametrize("metadata", [{}, {"finetune_docs": {"backend": "jax"}}], ids=["none", "unknown"])
def test_a_notebook_that_names_no_known_backend_is_refused_by_name(metadata):
    made = notebook()
    made.metadata = metadata
    with pytest.raises(groups.ReaderError, match=r"^x/n\.ipynb: its metadata names no known backend"):
        groups.environments({Path("x/n.ipynb"): made})


def test_by_default_every_notebook_of_every_backend_and_language_runs():
    chosen = groups.default_notebooks()
    assert sorted(chosen) == COMMITTED and len(chosen) == len(BACKENDS) * len(layout.languages())
