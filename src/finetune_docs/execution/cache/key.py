"""The key of an execution: a digest of everything that can change what a notebook's run prints.

Its parts: the code of every code cell in order, after the parity check's normalisation
(comments are translatable, so a translation's notebook has an English run's key), with
its tags (an ``install`` tag decides whether a cell runs); of a cell that ``run.execute``
skips (the install cell) only its place and tags, since its text never reaches the kernel
(its messages are in the notebook's language: MindSpore's four languages share one run); every environment variable the
kernel gets (``environment.py`` declares them: nothing else of the harness's reaches it),
per-run and per-clone paths (the loopback Hub's port, the run's folder, the project, the
venv) replaced by their placeholder's name; the Python and every file it can import
outside its standard library, asked of the kernel's own interpreter (``installed.py``);
the stand-in files; this package's source (the
kernel imports some of it: helpers, the loopback guard, the checks' module); and the
per-cell time limit (a cell that passed in 590 s does not pass under a 60 s limit).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager

from ...standins import FILES
from ...translations import normalise
from ..run import SKIP_TAG
from .installed import InstalledFiles, substitute, tree_digest

PACKAGE = Path(__file__).resolve().parents[1]


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def keyed_source(cell: nbformat.NotebookNode) -> str:
    """What of a code cell's text can change the run: none of a skipped cell's."""
    return "" if SKIP_TAG in cell.metadata.get("tags", []) else normalise.code(cell.source)


def code_part(notebook: nbformat.NotebookNode) -> list:
    return [[keyed_source(c), sorted(c.metadata.get("tags", []))] for c in notebook.cells if c.cell_type == "code"]


def env_part(env: dict[str, str], placeholders: dict[str, str]) -> dict[str, str]:
    """Every variable the kernel gets (``environment.py`` declares them all), per-run paths as placeholders."""
    return {name: substitute(value, placeholders) for name, value in sorted(env.items())}


def kernel_python(kernel_name: str, env: dict[str, str]) -> str:
    """The interpreter a kernel of ``kernel_name`` runs, found as jupyter_client finds it."""
    argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    # jupyter_client's own rule: a kernelspec saying "python" means the launching interpreter.
    if argv[0] in {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}:
        return sys.executable
    return shutil.which(argv[0], path=env.get("PATH")) or argv[0]


def installed_part(python: str, env: dict[str, str], placeholders: dict[str, str] | None = None,
                   installed: InstalledFiles | None = None) -> dict:
    """Python, platform and every importable file, as that interpreter sees them in ``env`` (``installed.py``)."""
    return (installed or InstalledFiles()).part(python, env, placeholders or {})


def parts(notebook: nbformat.NotebookNode, *, env: dict[str, str], timeout: int, kernel_name: str = "python3",
          placeholders: dict[str, str] | None = None, python: str | None = None,
          package: Path = PACKAGE, standins: Path = FILES, installed: InstalledFiles | None = None) -> dict[str, str]:
    """Each part of the key, as a digest: on a miss, the changed part says why. ``installed`` keeps what
    was found of the interpreter's files (one per process: languages share it)."""
    placeholders = placeholders or {}
    python = python or kernel_python(kernel_name, env)
    whole = {
        "code": code_part(notebook),
        "env": env_part(env, placeholders),
        "installed": installed_part(python, env, placeholders, installed),
        "standins": tree_digest(standins),
        "package": tree_digest(package),
        "kernel": [substitute(kernel_name, placeholders), timeout],
    }
    return {name: sha(json.dumps(value, sort_keys=True)) for name, value in whole.items()}


def digest(key_parts: dict[str, str]) -> str:
    return sha(json.dumps(key_parts, sort_keys=True))

