"""A reader's run: the parts that need no fresh environment (`nox -s reader` runs the rest)."""

import json
import sys
from pathlib import Path

import nbformat
import pytest

from finetune_docs import layout
from finetune_docs.execution import reader
from finetune_docs.notebooks.make import INSTALL_TAG

v4 = nbformat.v4


def notebook(install="%pip install x==1", *sources):
    cells = [v4.new_markdown_cell("# Title")]
    if install is not None:
        cells.append(v4.new_code_cell(install, metadata={"tags": [INSTALL_TAG]}))
    return v4.new_notebook(cells=cells + [v4.new_code_cell(source) for source in sources])


@pytest.mark.parametrize("path", sorted(layout.NOTEBOOKS.glob("*/*.ipynb")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_committed_notebook_has_one_install_cell_right_after_its_title(path):
    index, cell = reader.install_cell(nbformat.read(path, as_version=4), path)
    assert index == 1 and cell.source.startswith("%pip install ")


def test_install_only_is_the_install_cell_alone_untagged_and_the_notebook_unchanged():
    original = notebook("%pip install x==1", "import x")
    alone = reader.install_only(original, Path("n.ipynb"))
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
    with pytest.raises(reader.ReaderError, match=r"^notebooks/xx/broken\.ipynb: [02] code cells are tagged"):
        reader.install_cell(two, Path("notebooks/xx/broken.ipynb"))


def test_main_refuses_it_before_installing_anything(tmp_path, capsys):
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook(None, "import x"), path)
    assert reader.main([str(path)]) == 2
    assert f"{path}: 0 code cells are tagged 'install'" in capsys.readouterr().err


def test_pip_errors_are_found_in_what_pip_printed_through_a_terminal():
    # As %pip's output arrives: CRLF line ends and colours.
    outputs = [
        v4.new_output("stream", name="stdout", text="\x1b[33mWARNING: looks like a filename\x1b[0m\r\n"),
        v4.new_output("stream", name="stdout", text="Processing /x.whl\r\n\x1b[31mERROR: No such file\x1b[0m\r\n"),
        v4.new_output("stream", name="stdout", text="Note: you may need to restart the kernel\n"),
    ]
    assert reader.pip_errors(outputs) == ["ERROR: No such file"]
    assert reader.pip_errors(outputs[:1] + outputs[2:]) == []


def test_the_execution_step_skips_the_install_cell_and_serves_the_stand_ins(tmp_path):
    # This environment's own kernel stands in for the reader's fresh one.
    probe = "import os, urllib.request\nurllib.request.urlopen(os.environ['HF_ENDPOINT'] + '/api/whoami-v2').status"
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook("raise SystemExit('must not run')", probe, "1 / 0", "2"), path)
    workdir = tmp_path / "run"
    workdir.mkdir()
    reader._execute_step(path, Path(sys.prefix), "python3", workdir, timeout=60)
    results = json.loads((workdir / reader.RESULTS).read_text(encoding="utf-8"))
    assert [(r["index"], r["status"]) for r in results] == [(1, "skipped"), (2, "ok"), (3, "error"), (4, "not-run")]
    assert results[1]["text"].strip() == "200"
    assert (workdir / "hub" / "models").is_dir() and not list((workdir / "home").rglob("*loopback-only*"))


def test_the_execution_step_replays_an_equal_notebook_from_the_cache(tmp_path):
    """Another language's notebook: other comments, same code; its fresh environment's kernel has another name."""
    runs = []
    for name, comment in (("en", "# English"), ("es", "# Español")):
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook("raise SystemExit('must not run')", f"{comment}\nprint(6 * 7)"), path)
        workdir = tmp_path / f"run-{name}"
        workdir.mkdir()
        reader._execute_step(path, Path(sys.prefix), "python3", workdir, timeout=60, cache=tmp_path / "cache")
        runs.append((json.loads((workdir / reader.EXECUTION).read_text(encoding="utf-8")),
                     json.loads((workdir / reader.RESULTS).read_text(encoding="utf-8"))))
    (english, english_cells), (spanish, spanish_cells) = runs
    assert (english["how"], spanish["how"], spanish["origin"]) == ("executed", "replayed", str(tmp_path / "en.ipynb"))
    assert english["key"] == spanish["key"]
    assert spanish_cells == english_cells and spanish_cells[1]["text"] == "42\n"


def test_first_line_skips_blank_lines():
    assert reader.first_line(v4.new_code_cell("\n\nimport os\nx = 1")) == "import os"


def test_by_default_every_language_runs_the_first_backend_and_one_language_the_others():
    chosen = reader.default_notebooks()
    first, *others = reader.BACKENDS
    assert {p.parent.name for p in chosen if p.stem == first} == set(layout.languages())
    assert {p.stem for p in chosen if p.parent.name == layout.SOURCE_LANGUAGE} == {first, *others}
    assert all(p.is_file() for p in chosen) and len(chosen) == len(set(chosen))
