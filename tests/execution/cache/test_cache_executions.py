"""A run is executed once per key: shared, stored, replayed exactly, and never served from a bad entry."""

import json
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from finetune_docs.execution.cache.executions import ExecutionCache
from finetune_docs.execution.environment import kernel_environment
from finetune_docs.execution.run import execute
from finetune_docs.hub.server import LoopbackHub

PUSH = 'import os, pathlib\nsize = pathlib.Path(os.environ["KEEP"], "pushed.txt").write_text("weights")'
PRINTS = ("import os\nx = 40", "print(x + 2)", "print(os.environ['HF_ENDPOINT'])", "x", PUSH)


def notebook(*sources, prose=()):
    cells = [nbformat.v4.new_markdown_cell(text) for text in prose]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return nbformat.v4.new_notebook(cells=cells)


class Runner:
    """Runs notebooks the way run_page does: each run its own Hub, home and kept folder."""

    def __init__(self, tmp_path):
        self.tmp, self.count = tmp_path, 0

    def __call__(self, cache, nb, origin="page.md", timeout=60):
        self.count += 1
        workdir = self.tmp / f"run{self.count}"
        keep, cwd = workdir / "hub", workdir / "cwd"
        keep.mkdir(parents=True)
        cwd.mkdir()
        (keep / "standin.txt").write_text("shipped")
        with LoopbackHub(keep) as hub:
            env = kernel_environment(hub.endpoint, workdir / "home", {"KEEP": str(keep)})
            done = cache.execute(nb, cwd=cwd, env=env, timeout=timeout, keep=keep, origin=origin,
                                 placeholders={"endpoint": hub.endpoint, "workdir": str(workdir)})
            done.endpoint, done.keep, done.env, done.cwd = hub.endpoint, keep, env, cwd
        return done


@pytest.fixture
def run(tmp_path):
    return Runner(tmp_path)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "cache"


def untimed(results):
    return [replace(r, seconds=0.0) for r in results]


def test_a_hit_replays_exactly_what_the_run_printed(run, folder):
    first = run(ExecutionCache(folder), notebook(*PRINTS))
    assert first.how == "executed" and first.cells_executed == 5
    # A new cache object reads the folder, as the next pytest run does.
    again = run(ExecutionCache(folder), notebook(*PRINTS))
    assert again.how == "replayed" and again.cells_executed == 0 and again.key == first.key
    assert again.origin == "page.md"
    assert [r.text for r in again.results] == ["", "42\n", f"{again.endpoint}\n", "40\n", ""]
    assert first.endpoint != again.endpoint
    # Replayed in its own run, the output names that run's Hub: compare with a fresh run of it.
    fresh = execute(notebook(*PRINTS), cwd=again.cwd, env=again.env, timeout=60)
    assert untimed(again.results) == untimed(fresh)
    # And every field, times included, is the stored run's, its Hub's address aside.
    stored = [replace(r, text=r.text.replace(first.endpoint, again.endpoint),
                      outputs=json.loads(json.dumps(r.outputs).replace(first.endpoint, again.endpoint)))
              for r in first.results]
    assert again.results == stored


def test_the_files_a_run_pushed_come_back_with_its_replay(run, folder):
    run(ExecutionCache(folder), notebook(*PRINTS))
    again = run(ExecutionCache(folder), notebook(*PRINTS))
    assert (again.keep / "pushed.txt").read_text() == "weights"
    assert (again.keep / "standin.txt").read_text() == "shipped"


def test_languages_share_one_execution(run):
    """A translation: other comments, other prose cells; its results pair with its own cells."""
    cache = ExecutionCache(None)
    english = run(cache, notebook(*PRINTS, prose=["# Title"]), origin="docs/en/index.md")
    spanish = notebook("import os\nx = 40  # cuarenta", *PRINTS[1:], prose=["# Título", "Texto"])
    shared = run(cache, spanish, origin="docs/es/index.md")
    assert (english.how, shared.how, shared.origin) == ("executed", "shared", "docs/en/index.md")
    assert [r.index for r in english.results] == [1, 2, 3, 4, 5]
    assert [r.index for r in shared.results] == [2, 3, 4, 5, 6]
    assert [r.text for r in shared.results][:2] == ["", "42\n"]
    assert (shared.keep / "pushed.txt").read_text() == "weights"


def test_changed_code_is_executed_and_comments_or_prose_are_not(run, folder):
    first = run(ExecutionCache(folder), notebook(*PRINTS))
    prose = run(ExecutionCache(folder), notebook("# a comment\n" + PRINTS[0], *PRINTS[1:], prose=["new prose"]))
    code = run(ExecutionCache(folder), notebook(*PRINTS[:-1], "x + 1"))
    assert (prose.how, prose.key) == ("replayed", first.key)
    assert code.how == "executed" and code.key != first.key and code.results[-1].text == "41\n"


def test_a_skipped_cells_text_is_no_input(run, folder):
    """The install cell, whose messages each language translates, is skipped: one stored run serves all."""
    def installing(message):
        nb = notebook(f"print({message!r})", *PRINTS)
        nb.cells[0].metadata["tags"] = ["install"]
        return nb
    first = run(ExecutionCache(folder), installing("restarting now"))
    other = run(ExecutionCache(folder), installing("reiniciando ahora"))
    assert first.results[0].status == "skipped" and (other.how, other.key) == ("replayed", first.key)


@pytest.mark.parametrize(("cells", "status"), [(("1", "1 / 0", "2"), "error"),
                                               (("import time; time.sleep(10)",), "timeout")])
def test_a_failed_or_timed_out_run_is_never_stored(run, folder, cells, status):
    first = run(ExecutionCache(folder), notebook(*cells), timeout=3)
    assert status in [r.status for r in first.results]
    assert run(ExecutionCache(folder), notebook(*cells), timeout=3).how == "executed"


def test_no_cache_folder_means_nothing_is_stored(run, folder):
    run(ExecutionCache(None), notebook(*PRINTS))
    assert run(ExecutionCache(None), notebook(*PRINTS)).how == "executed"
    assert not folder.exists()


def entry_files(folder):
    (notebook_file,) = folder.glob("executed/*/base.ipynb")
    return notebook_file, notebook_file.parent / "artifacts" / "pushed.txt"


def truncate(path: Path):
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def alter_output(path: Path):
    path.write_text(path.read_text().replace('"42\\n"', '"43\\n"'))
    assert "43" in path.read_text()


@pytest.mark.parametrize("damage", [
    pytest.param(lambda nb, pushed: truncate(nb), id="truncated-notebook"),
    pytest.param(lambda nb, pushed: alter_output(nb), id="altered-output"),
    pytest.param(lambda nb, pushed: pushed.write_text("weightz"), id="altered-pushed-file"),
    pytest.param(lambda nb, pushed: pushed.unlink(), id="missing-pushed-file"),
    pytest.param(lambda nb, pushed: nb.unlink(), id="missing-notebook"),
])
def test_a_damaged_entry_is_run_again_never_served(run, folder, damage):
    run(ExecutionCache(folder), notebook(*PRINTS))
    damage(*entry_files(folder))
    cache = ExecutionCache(folder)
    again = run(cache, notebook(*PRINTS))
    assert again.how == "executed" and again.results[1].text == "42\n"
    assert "torn or altered" in cache.problems[0]
    # The damaged entry was replaced by the new run's, which replays.
    assert run(ExecutionCache(folder), notebook(*PRINTS)).how == "replayed"


def test_an_unreadable_database_means_executing_not_failing(run, folder):
    run(ExecutionCache(folder), notebook(*PRINTS))
    (folder / "global.db").write_bytes(b"not a database" * 100)
    cache = ExecutionCache(folder)
    again = run(cache, notebook(*PRINTS))
    assert again.how == "executed" and again.results[1].text == "42\n"
    assert "unreadable" in cache.problems[0]
