"""The runtime a reader's environments of one Python start from, built once and kept.

Before any cell runs, a reader's environment holds what Colab's does as far as the notebooks
care: the Python, pip and a kernel (``sandbox.JUPYTER_RUNTIME``). The install cell is resolved
against that runtime (``resolve.py``), so every run needs one; building it (a venv, then
pip and ipykernel installed) was most of a reader run whose environments were all kept
(DESIGN.md has the figures). So it is built once per interpreter and
``JUPYTER_RUNTIME``, kept in the store of reader environments, and only read by resolutions
(``pip install --dry-run`` writes nothing into it). A new environment gets the runtime's exact
distributions (:func:`pins`), so it starts from what its cell was resolved against.

Like Colab's, a kept runtime does not follow new releases of ipykernel's own dependencies; the
install cell's resolution still does. ``--fresh`` builds the runtime anew too.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

from .resolve import versions
from .sandbox import JUPYTER_RUNTIME, ReaderError, make_venv
from .store import Entry, EnvironmentStore


def identity(python: str) -> str:
    """The interpreter's real path and its ``sys.version``."""
    try:
        done = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    except OSError as error:
        raise ReaderError(f"{python}: {error}") from None
    if done.returncode:
        raise ReaderError(f"{python} does not run:\n{done.stderr}")
    return f"{os.path.realpath(python)} {done.stdout.strip()}"


def runtime(store: EnvironmentStore, python: str, version: str, fresh: bool = False) -> tuple[Entry, str]:
    """The kept runtime of ``python`` (locked shared, for the caller to release) and what was done:
    found, or built first when none is kept (or ``fresh``)."""
    name = f"runtime-py{version}"
    key = hashlib.sha256(json.dumps([identity(python), JUPYTER_RUNTIME]).encode()).hexdigest()
    kept = None if fresh else store.find(name, key)
    if kept:
        store.prune(name, kept)
        return kept, f"kept runtime {kept.folder}"
    start, entry = time.perf_counter(), store.new(name)
    try:
        make_venv(entry.venv, python)
        entry.mark({"key": key, "distributions": versions(entry.venv)})
    except ReaderError:
        entry.release()
        raise
    fcntl.flock(entry.lock, fcntl.LOCK_SH)  # type: ignore[arg-type]  # others may resolve in it now
    store.prune(name, entry)
    return entry, f"runtime built in {time.perf_counter() - start:.1f} s, kept in {entry.folder}"


def pins(venv: Path, folder: Path) -> Path:
    """A constraints file of the runtime's exact distributions, for a new environment's first install."""
    path = folder / "runtime-constraints.txt"
    path.write_text("".join(f"{name}=={version}\n" for name, version in sorted(versions(venv).items())),
                    encoding="utf-8")
    return path
