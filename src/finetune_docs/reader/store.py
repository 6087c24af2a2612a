"""Reader environments kept between runs, keyed by exactly what a fresh one would hold.

A reader's run proves that the install cell alone suffices; proving it again is needed when
what the cell installs changes, not on every run. The key (``resolve.py``) is what the
install cell resolves to against the package index, so a new upstream release of an unpinned
dependency changes it, the environment is rebuilt and the cell proven again, as a reader
installing today would find it; nothing else rebuilds it.

Where: ``$FINETUNE_DOCS_READER_ENVS``, else ``$XDG_CACHE_HOME/finetune-docs/reader-envs``
(``~/.cache/...``): outside the clone, since an environment is a gigabyte or more and the key
holds nothing of the clone's path, so every clone of the machine shares them. One folder per
build, ``<environment>-<random>``, whose ``ready.json`` names its key; a build is kept only
when what it installed equals what the key says, and a later build of the same environment
removes the older ones (those no run holds a lock on).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import layout
from ..execution.run import CellResult
from .resolve import Resolution, versions
from .sandbox import ReaderError

READY = "ready.json"


def environments_folder() -> Path:
    """Where reader environments are kept (``layout.ENVIRONMENTS_VARIABLE``)."""
    return layout.user_cache(layout.ENVIRONMENTS_VARIABLE, "reader-envs")


@dataclass
class Entry:
    """One build's folder, locked while a run uses it: shared once ready, exclusive while building."""
    folder: Path
    lock: object = field(default=None, repr=False)

    @property
    def venv(self) -> Path:
        return self.folder / "venv"

    def ready(self) -> dict | None:
        try:
            return json.loads((self.folder / READY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def install(self) -> CellResult:
        return CellResult(**(self.ready() or {})["install"])

    def keep(self, found: Resolution, install: CellResult, seconds: dict) -> str:
        """Mark it ready for later runs, if it holds what the key says; else why not."""
        have = versions(self.venv)
        if have != found.expected:
            differs = sorted(set(have.items()) ^ set(found.expected.items()))
            return f"not kept for later runs: what it holds differs from the resolution: {differs[:6]}"
        self.mark({"key": found.key, "base": found.base, "install": asdict(install), "distributions": have,
                   "seconds": seconds})
        return ""

    def mark(self, record: dict) -> None:
        """Its ready record (a ``key`` and its ``distributions``), written whole or not at all."""
        partial = self.folder / f".{READY}.{uuid.uuid4().hex[:8]}"
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, self.folder / READY)

    def release(self) -> None:
        if self.lock is not None:
            self.lock.close()  # type: ignore[attr-defined]
            self.lock = None


def _lock(folder: Path, mode: int) -> object | None:
    """The folder's lock, taken (None when another run holds it, or the folder is gone)."""
    try:
        handle = (folder / ".lock").open("a")
    except OSError:
        return None
    try:
        fcntl.flock(handle, mode)
    except BlockingIOError:
        handle.close()
        return None
    return handle


class EnvironmentStore:
    def __init__(self, root: Path):
        self.root = root

    def new(self, name: str) -> Entry:
        folder = self.root / f"{name}-{uuid.uuid4().hex[:12]}"
        folder.mkdir(parents=True)
        return Entry(folder, _lock(folder, fcntl.LOCK_EX))

    def find(self, name: str, key: str) -> Entry | None:
        """A ready build of that key whose distributions are still those recorded, locked (shared)."""
        return self._find(name, "key", key, fcntl.LOCK_SH)

    def find_base(self, name: str, base: str) -> Entry | None:
        """A ready build of that base that no run uses and nothing changed since it was kept, locked
        (exclusive): one to update in place."""
        return self._find(name, "base", base, fcntl.LOCK_EX) if base else None

    def _find(self, name: str, field: str, value: str, mode: int) -> Entry | None:
        for folder in sorted(self.root.glob(f"{name}-*")):
            entry = Entry(folder)
            record = entry.ready()
            if not record or record.get(field) != value:
                continue
            entry.lock = _lock(folder, mode | fcntl.LOCK_NB)
            # Removed while we looked, or changed since it was kept (a notebook that installed something).
            if entry.lock is None or not entry.ready():
                entry.release()
                continue
            try:
                if versions(entry.venv) == record["distributions"]:
                    return entry
            except ReaderError:
                pass
            entry.release()
        return None

    def prune(self, name: str, keep: Entry) -> list[Path]:
        """Remove the environment's other builds that no run holds; the folders removed."""
        removed = []
        for folder in self.root.glob(f"{name}-*"):
            if folder == keep.folder or not folder.is_dir():
                continue
            held = _lock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if held is None:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            held.close()  # type: ignore[attr-defined]
            removed.append(folder)
        return removed
