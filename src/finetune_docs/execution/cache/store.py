"""The cache folder: jupyter-cache's store, safe beside other runs, and its housekeeping.

Its layout is jupyter-cache's: ``global.db`` (one record per entry: key, page, created,
last used) and ``executed/<hashkey>/`` (the executed notebook and the files the run pushed);
beside them ``installed-index.json`` (``installed.py``) and a ``lock`` file. Runs beside each
other (two shells, two sessions) take the lock to create the database and to store an
entry; a folder missing its record (``global.db`` deleted) or a record missing its folder
is an orphan, which :func:`orphans` finds and :func:`remove` deletes. Entries are kept
until :func:`prune` removes those unused for a time, or the least recently used beyond a size.
"""

from __future__ import annotations

import fcntl
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jupyter_cache.cache.db import NbCacheRecord, create_db
from jupyter_cache.cache.main import JupyterCacheBase

KEY_META = "finetune_docs_key"
DB = "global.db"
INDEX = "installed-index.json"
"""The sizes, times and hashes of the installed files hashed so far (``installed.py``)."""
LOCK = "lock"
_held: dict[Path, int] = {}


@contextmanager
def locked(folder: Path):
    """The cache folder to this process alone: two first runs at once would both create the
    database's tables, or store one key's entry over each other."""
    folder = Path(folder).absolute()
    if _held.get(folder):  # already this process's: flock on a second descriptor would wait for itself
        _held[folder] += 1
        try:
            yield
        finally:
            _held[folder] -= 1
        return
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _held[folder] = 1
        try:
            yield
        finally:
            _held[folder] = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


class CacheStore(JupyterCacheBase):
    """jupyter-cache, told to hash our key (notebook metadata) and the cells' tags, and made safe
    for runs beside each other (its own check-then-create of the folder raced: ``[Errno 17]``)."""

    @property
    def path(self):
        self._path.mkdir(parents=True, exist_ok=True)
        return self._path

    @property
    def db(self):
        if self._db is None:  # type: ignore[has-type]
            with locked(self.path):
                self._db = create_db(self.path)
        return self._db

    def create_hashed_notebook(self, nb, nb_metadata=(KEY_META,), cell_metadata=("tags",)):
        return super().create_hashed_notebook(nb, nb_metadata, cell_metadata)


@dataclass(frozen=True)
class Stored:
    """An entry as the database records it (``folder`` may be missing: an orphaned record)."""
    pk: int
    folder: Path
    origin: str
    created: datetime
    accessed: datetime
    """Its last use: written when the entry was stored, and each time it is replayed."""
    size: int

    @property
    def name(self) -> str:
        return self.folder.name[:12]


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def entries(folder: Path) -> list[Stored]:
    """Every recorded entry, least recently used first; none when there is no database (it is not created)."""
    if not (Path(folder) / DB).exists():
        return []
    store = CacheStore(folder)
    found = [Stored(r.pk, store.path / "executed" / r.hashkey, r.uri, r.created, r.accessed,
                    size(store.path / "executed" / r.hashkey)) for r in NbCacheRecord.records_all(store.db)]
    return sorted(found, key=lambda s: s.accessed)


def orphans(folder: Path) -> tuple[list[Path], list[Stored]]:
    """Entry folders no record names, and records whose folder is gone."""
    recorded = entries(folder)
    names = {s.folder.name for s in recorded}
    executed = Path(folder) / "executed"
    folders = sorted(p for p in executed.iterdir() if p.is_dir() and p.name not in names) if executed.is_dir() else []
    return folders, [s for s in recorded if not s.folder.is_dir()]


def remove(folder: Path, stored: list[Stored] = (), folders: list[Path] = ()) -> int:  # type: ignore[assignment]
    """Delete entries (record and folder) and orphaned folders; the bytes freed."""
    freed = sum(s.size for s in stored) + sum(size(p) for p in folders)
    with locked(Path(folder)):
        if stored:
            NbCacheRecord.remove_records([s.pk for s in stored], CacheStore(folder).db)
        for path in [*folders, *(s.folder for s in stored)]:
            shutil.rmtree(path, ignore_errors=True)
    return freed


def prune(folder: Path, *, unused_for: timedelta | None = None, max_bytes: int | None = None,
          now: datetime | None = None) -> list[Stored]:
    """Entries to remove: those unused for ``unused_for``, then the least recently used until the rest
    fit in ``max_bytes``."""
    now = now or datetime.now(UTC).replace(tzinfo=None)  # jupyter-cache records naive UTC times
    kept = entries(folder)
    chosen = [s for s in kept if unused_for is not None and now - s.accessed > unused_for]
    kept = [s for s in kept if s not in chosen]
    while max_bytes is not None and kept and sum(s.size for s in kept) > max_bytes:
        chosen.append(kept.pop(0))
    return chosen
