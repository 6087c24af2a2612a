"""The cache folder: listed, pruned by age and size, cleared of orphans, and safe for runs beside each other."""

import subprocess
import sys
import time
from dataclasses import asdict
from datetime import datetime, timedelta

import nbformat
from jupyter_cache.cache.db import NbCacheRecord, session_context

from finetune_docs import cli
from finetune_docs.execution.cache import store
from finetune_docs.execution.cache.executions import ExecutionCache, _Entry
from finetune_docs.execution.run import CellResult


def notebook(code):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])


def stored(folder, code, origin, size=10):
    """An entry as a passed run leaves it (no kernel needed): one cell, one output, a pushed file."""
    output = {"output_type": "stream", "name": "stdout", "text": "x" * size}
    result = asdict(CellResult(0, "ok", "x" * size, outputs=[output]))
    cache = ExecutionCache(folder)
    key = f"key-of-{code}"
    cache._save(key, notebook(code), _Entry([result], {}, origin), None, [])
    assert not cache.problems, cache.problems
    return key


def replays(folder, key, code):
    return ExecutionCache(folder)._load(key, notebook(code)) is not None


def age(folder, origin, days):
    with session_context(store.CacheStore(folder).db) as session:
        record = session.query(NbCacheRecord).filter_by(uri=origin).one()
        record.accessed = datetime.now() - timedelta(days=days)
        session.commit()


def test_entries_are_listed_with_size_and_last_use(tmp_path, capsys):
    folder = tmp_path / "cache"
    stored(folder, "1", "docs/en/index.md")
    stored(folder, "2", "docs/es/index.md", size=5000)
    found = store.entries(folder)
    assert [e.origin for e in found] == ["docs/en/index.md", "docs/es/index.md"]  # least recently used first
    assert found[1].size > found[0].size > 0
    assert cli.main(["cache", "--cache-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "kept" in out and "docs/es/index.md" in out and "last used" in out
    assert "2 entries kept" in out and "removed 0 entries" in out


def test_pruning_by_age_removes_only_the_unused(tmp_path, capsys):
    folder = tmp_path / "cache"
    old, new = stored(folder, "1", "old.md"), stored(folder, "2", "new.md")
    age(folder, "old.md", 40)
    assert cli.main(["cache", "--cache-dir", str(folder), "--unused-for", "30"]) == 0
    assert "removed 1 entries and 0 orphaned folders" in capsys.readouterr().out
    assert not replays(folder, old, "1") and replays(folder, new, "2")
    assert [p.name for p in (folder / "executed").iterdir()] == [e.folder.name for e in store.entries(folder)]


def test_pruning_by_size_removes_the_least_recently_used(tmp_path):
    folder = tmp_path / "cache"
    first, second = stored(folder, "1", "first.md", 20_000), stored(folder, "2", "second.md", 20_000)
    assert replays(folder, first, "1")  # a replay is a use: "second" is now the least recently used
    limit = store.entries(folder)[-1].size + 1
    assert [e.origin for e in store.prune(folder, max_bytes=limit)] == ["second.md"]
    assert cli.main(["cache", "--cache-dir", str(folder), "--max-size", str(limit / 1e6)]) == 0
    assert replays(folder, first, "1") and not replays(folder, second, "2")


def test_orphans_are_reported_then_removed(tmp_path, capsys):
    folder = tmp_path / "cache"
    stored(folder, "1", "a.md")
    stored(folder, "2", "b.md")
    (folder / "global.db").unlink()  # every entry folder is now an orphan
    kept = stored(folder, "3", "c.md")
    (gone,) = [e for e in store.entries(folder) if e.origin == "c.md"]
    assert cli.main(["cache", "--cache-dir", str(folder)]) == 0
    assert "2 entry folders without a record and 0 records without a folder" in capsys.readouterr().out
    assert len(list((folder / "executed").iterdir())) == 3
    stored(folder, "4", "d.md")
    (missing,) = [e for e in store.entries(folder) if e.origin == "d.md"]
    subprocess.run(["rm", "-r", str(missing.folder)], check=True)  # a record whose folder is gone
    assert cli.main(["cache", "--cache-dir", str(folder), "--orphans"]) == 0
    out = capsys.readouterr().out
    assert "removed (no folder)" in out and "removed 1 entries and 2 orphaned folders" in out
    assert [p.name for p in (folder / "executed").iterdir()] == [gone.folder.name]
    assert replays(folder, kept, "3")


def test_no_folder_says_so(tmp_path, capsys):
    assert cli.main(["cache", "--cache-dir", str(tmp_path / "none")]) == 0
    assert "no cache folder (nothing was stored there yet)" in capsys.readouterr().out
    assert not (tmp_path / "none").exists()


RACER = """
import sys, time
sys.path.insert(0, {tests!r})
from test_cache_store import stored, replays
while time.time() < {start}:
    time.sleep(0.001)
key = stored({folder!r}, "1", "docs/en/index.md")
assert replays({folder!r}, key, "1")
"""


def test_first_runs_at_once_neither_fail_nor_clash(tmp_path):
    """Four processes create the folder and its database at the same moment, and store one key."""
    folder, start = tmp_path / "cache", time.time() + 3
    code = RACER.format(tests=str(__import__("pathlib").Path(__file__).parent), start=start, folder=str(folder))
    racers = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [racer.communicate(timeout=120)[1] for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * 4, errors
    assert len(store.entries(folder)) == 1 and not any(store.orphans(folder))
