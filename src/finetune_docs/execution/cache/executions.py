"""One wrapper around :func:`run.execute`: a run is made once per key, then replayed.

:class:`ExecutionCache.execute` computes the run's key (``key.py``); an earlier run in
this process with that key (another language's notebook, whose code equals it after
comments are removed) is shared, one stored in the cache folder is replayed, and only
otherwise are the cells executed, by ``execute``, the one function that runs cells.

The folder is a jupyter-cache cache: jupyter-cache hashes a notebook's code cells and the
notebook metadata it is told to; the notebook handed to it holds the normalised code and,
in its metadata, the whole key, so its hash covers every part of ours. An entry is the
executed notebook (outputs; each cell's status and time in its metadata), the files the
run pushed to the loopback Hub (jupyter-cache's artifacts) and, in the entry's record, a
checksum of both. jupyter-cache writes the record before the notebook and checks neither,
so a torn or edited entry is found by the checksum, removed and executed again.
Only runs whose every cell passed are stored: a failed, timed-out or interrupted run is
executed again next time, never replayed as a pass.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import nbformat
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.cache.db import NbCacheRecord
from jupyter_cache.cache.main import NbArtifacts

from ... import layout
from ..run import CellResult, execute, output_text
from . import key as cachekey
from .installed import InstalledFiles
from .store import INDEX, KEY_META, CacheStore, locked

RESULT_META = "finetune_docs_result"
PASSED = ("ok", "skipped")


@dataclass
class Execution:
    results: list[CellResult]
    key: str
    how: str
    """"executed", "shared" (run earlier in this process) or "replayed" (from the cache folder)."""
    origin: str = ""
    """What the run was executed for (a page's name), when it was shared or replayed."""

    @property
    def cells_executed(self) -> int:
        return sum(r.status not in ("skipped", "not-run") for r in self.results) if self.how == "executed" else 0


@dataclass
class _Entry:
    """A run as stored: placeholders' names in place of per-run values, and its pushed files."""
    results: list[dict]
    files: dict[str, bytes] = field(default_factory=dict)
    origin: str = ""

    def checksum(self) -> str:
        digest = hashlib.sha256(json.dumps(self.results, sort_keys=True).encode())
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + cachekey.sha(self.files[name]).encode())
        return digest.hexdigest()

    def replay(self, notebook: nbformat.NotebookNode, placeholders: dict[str, str], keep: Path | None):
        for name, data in self.files.items():
            target = Path(keep or "") / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        indices = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        # Cells are paired by position: equal keys mean the same code cells in the same order,
        # though a translation's notebook may hold its prose in another number of cells.
        pairs = zip(self.results, indices, strict=True)
        return [replace(CellResult(**_fill(result, placeholders)), index=index) for result, index in pairs]


def _walk(value, change):
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_walk(v, change) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, change) for k, v in value.items()}
    return value


def _fill(result: dict, values: dict[str, str]) -> dict:
    def change(text):
        for name, value in values.items():
            text = text.replace(name, value)
        return text
    return _walk(result, change)


def _snapshot(folder: Path | None) -> dict[str, str]:
    if folder is None:
        return {}
    return {p.relative_to(folder).as_posix(): cachekey.sha(p.read_bytes()) for p in Path(folder).rglob("*")
            if p.is_file()}


def _hashable(notebook: nbformat.NotebookNode, key: str) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(cachekey.keyed_source(c), metadata={"tags": c.metadata.get("tags", [])})
             for c in notebook.cells if c.cell_type == "code"]
    return nbformat.v4.new_notebook(cells=cells, metadata={KEY_META: key})


class ExecutionCache:
    """Runs shared within this process; with a ``folder``, stored there and replayed later too."""

    def __init__(self, folder: Path | None = None, project: Path | None = None):
        self.folder = Path(folder) if folder else None
        self._store = CacheStore(self.folder) if self.folder else None
        self.project = Path(project or layout.ROOT)
        """Its path is a placeholder in keys and outputs: another clone's run replays here."""
        self.installed = InstalledFiles(self.folder / INDEX if self.folder else None)
        self._shared: dict[str, _Entry] = {}
        self._executed: set[str] = set()
        self.problems: list[str] = []
        """Entries found torn or altered (then removed and run again), and failures to store."""

    def execute(self, notebook: nbformat.NotebookNode, *, cwd: Path, env: dict, timeout: int,
                kernel_name: str = "python3", placeholders: dict[str, str] | None = None,
                keep: Path | None = None, origin: str = "", python: str | None = None) -> Execution:
        """:func:`run.execute`, or the replay of a run with the same key.

        ``placeholders`` maps a name to a value that differs between runs of equal code (the
        loopback Hub's endpoint, the run's folder); ``keep`` is a folder whose new and changed
        files belong to the run's results (the Hub's repositories, which tests read)."""
        key, values = self.key(notebook, env=env, timeout=timeout, kernel_name=kernel_name,
                               placeholders=placeholders, python=python)
        entry = self._shared.get(key) or self._load(key, notebook, origin)
        if entry is not None:
            self._shared[key] = entry
            how = "shared" if key in self._executed else "replayed"
            return Execution(entry.replay(notebook, values, keep), key, how, entry.origin)
        before = _snapshot(keep)
        results = execute(notebook, cwd=cwd, env=env, timeout=timeout, kernel_name=kernel_name)
        after = _snapshot(keep)
        changed = sorted(name for name, digest in after.items() if before.get(name) != digest)
        entry = _Entry([_walk(asdict(r), lambda t: cachekey.substitute(t, values)) for r in results],
                       {name: (Path(keep or "") / name).read_bytes() for name in changed}, origin)
        self._shared[key] = entry
        self._executed.add(key)
        if self._store is not None and all(r.status in PASSED for r in results):
            self._save(key, notebook, entry, keep, changed)
        return Execution(results, key, "executed")

    def key(self, notebook: nbformat.NotebookNode, *, env: dict, timeout: int, kernel_name: str = "python3",
            placeholders: dict[str, str] | None = None, python: str | None = None) -> tuple[str, dict[str, str]]:
        """The run's key, and the placeholders (name to value) that its stored outputs are written with."""
        python = python or cachekey.kernel_python(kernel_name, env)
        values = {f"\u27e8{name}\u27e9": value for name, value in (placeholders or {}).items()}
        given = {"project": str(self.project), "venv": self.installed.probe(python, env, values)["prefix"]}
        values = {f"\u27e8{name}\u27e9": value for name, value in given.items()} | values
        key = cachekey.digest(cachekey.parts(notebook, env=env, timeout=timeout, kernel_name=kernel_name,
                                             placeholders=values, python=python, installed=self.installed))
        return key, values

    def _save(self, key: str, notebook, entry: _Entry, keep: Path | None, changed: list[str]) -> None:
        stored = _hashable(notebook, key)
        for cell, result in zip(stored.cells, entry.results, strict=True):
            cell.outputs = [nbformat.from_dict(o) for o in result["outputs"]]
            cell.metadata[RESULT_META] = {k: v for k, v in result.items() if k not in ("outputs", "text")}
        # The checksum is of the entry as it reads back: what a later run will check.
        canonical = _read_entry(nbformat.reads(nbformat.writes(stored), as_version=4), entry.files, entry.origin)
        artifacts = NbArtifacts([Path(keep or "") / name for name in changed], in_folder=keep) if changed else None
        bundle = CacheBundleIn(stored, entry.origin, artifacts=artifacts,
                               data={"checksum": canonical.checksum(), "key": key})
        assert self._store is not None, "_save is called only with a store"
        try:
            with locked(self._store.path):
                self._store.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
        except Exception as error:  # a full disk or a broken database costs the next run time, not this one
            self.problems.append(f"{self.folder}: the run of {entry.origin} passed but was not stored ({error}); "
                                 "the next run executes it again")

    def _load(self, key: str, notebook, origin: str = "") -> _Entry | None:
        if self._store is None:
            return None
        # Under the lock that a store takes: a run storing the same key beside this one replaces its
        # entry, and a read in between would find it torn and remove the new one (seen: 1 of 4 racers).
        with locked(self._store.path):
            return self._read(key, notebook, origin)

    def _read(self, key: str, notebook, origin: str) -> _Entry | None:
        assert self._store is not None, "_read is called only with a store"
        try:
            record = self._store.match_cache_notebook(_hashable(notebook, key))
        except KeyError:
            return None
        except Exception as error:  # the database itself: every run executes until it is deleted
            self.problems.append(f"{self._store.path / 'global.db'}: unreadable ({error}); the run of "
                                 f"{origin or 'this notebook'} is executed, not replayed. Delete that file, then "
                                 "`finetune-docs cache --orphans` removes the entries it listed")
            return None
        try:
            bundle = self._store.get_cache_bundle(record.pk)
            files = {path.as_posix(): handle.read() for path, handle in bundle.artifacts}
            entry = _read_entry(bundle.nb, files, record.uri)
            if entry.checksum() == record.data.get("checksum"):
                return entry
        except Exception:  # whatever makes an entry unreadable, it is run again, never served
            pass
        self.problems.append(f"{self.folder}: the entry of {record.uri} for key {key[:12]} was torn or altered; "
                             "removed, and run again")
        # Not remove_cache: it refuses an entry whose notebook is missing, and leaves its folder.
        shutil.rmtree(self._store.path / "executed" / record.hashkey, ignore_errors=True)
        NbCacheRecord.remove_records([record.pk], self._store.db)
        return None


def _read_entry(nb: nbformat.NotebookNode, files: dict[str, bytes], origin: str) -> _Entry:
    results = []
    for cell in nb.cells:
        meta = dict(cell.metadata[RESULT_META])
        outputs = json.loads(json.dumps(cell.outputs))
        results.append({**meta, "outputs": outputs, "text": output_text(outputs)})
    return _Entry(results, files, origin)

