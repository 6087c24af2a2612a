"""The key of an execution: a digest of everything that can change what a notebook's run prints.

Its parts: the code of every code cell in order, after the parity check's normalisation
(comments are translatable, so a translation's notebook has an English run's key), with
its tags (an ``install`` tag decides whether a cell runs); the kernel's environment
variables, per-run values (the loopback Hub's port, the run's folder) replaced by their
placeholder's name; the Python and every distribution installed where the kernel runs,
asked of the kernel's own interpreter; the stand-in files; this package's source (the
kernel imports some of it: helpers, the loopback guard, the checks' module); and the
per-cell time limit (a cell that passed in 590 s does not pass under a 60 s limit).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager

from ..standins import FILES
from ..translations import normalise

PACKAGE = Path(__file__).resolve().parents[1]
VOLATILE = frozenset({"PYTEST_CURRENT_TEST", "PYTEST_VERSION", "NOX_CURRENT_SESSION", "OLDPWD", "SHLVL", "_"})
"""Variables that name the harness or the moment, not an input: pytest marks its own
process and the running test (its id differs per language), nox the session's name (the
benchmark's session runs the pytorch session's environment), a shell its history. The
cells see none of it that changes what they print; without them, a run made by the tests
is the one that the benchmark, the CLI or the next session replays."""
VOLATILE_PREFIXES = ("GITHUB_", "RUNNER_", "ACTIONS_")
"""A CI run's identity (run id, commit, event file): different on every run, read by no
library the tutorial uses; keeping them would make a CI cache never hit."""
PROBE = """\
import importlib.metadata, json, platform, sys

def commit(dist):
    # A distribution pip built from a git repository: its version stays, its commit changes.
    return json.loads(dist.read_text("direct_url.json") or "{}").get("vcs_info", {}).get("commit_id", "")

print(json.dumps({
    "python": sys.version, "platform": [sys.platform, platform.machine()],
    "distributions": sorted({(d.metadata["Name"] or "?", d.version, commit(d))
                             for d in importlib.metadata.distributions()}),
}))
"""


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def code_part(notebook: nbformat.NotebookNode) -> list:
    return [[normalise.code(c.source), sorted(c.metadata.get("tags", []))] for c in notebook.cells
            if c.cell_type == "code"]


def substitute(text: str, placeholders: dict[str, str]) -> str:
    """``text`` with each placeholder's value replaced by its name, longest value first."""
    for name, value in sorted(placeholders.items(), key=lambda item: -len(item[1])):
        if value:
            text = text.replace(value, name)
    return text


def env_part(env: dict[str, str], placeholders: dict[str, str]) -> dict[str, str]:
    return {name: substitute(value, placeholders) for name, value in sorted(env.items())
            if name not in VOLATILE and not name.startswith(VOLATILE_PREFIXES)}


def kernel_python(kernel_name: str, env: dict[str, str]) -> str:
    """The interpreter a kernel of ``kernel_name`` runs, found as jupyter_client finds it."""
    argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    # jupyter_client's own rule: a kernelspec saying "python" means the launching interpreter.
    if argv[0] in {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}:
        return sys.executable
    return shutil.which(argv[0], path=env.get("PATH")) or argv[0]


def installed_part(python: str, env: dict[str, str]) -> dict:
    """The Python version and installed distributions, as that interpreter sees them in ``env``."""
    done = subprocess.run([python, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{python} could not list its distributions:\n{done.stderr}")
    return json.loads(done.stdout)


def tree_digest(folder: Path) -> str:
    """Every file's path and bytes under ``folder`` (bytecode caches left out)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + sha(path.read_bytes()).encode())
    return digest.hexdigest()


def parts(notebook: nbformat.NotebookNode, *, env: dict[str, str], timeout: int, kernel_name: str = "python3",
          placeholders: dict[str, str] | None = None, python: str | None = None,
          package: Path = PACKAGE, standins: Path = FILES) -> dict[str, str]:
    """Each part of the key, as a digest: on a miss, the changed part says why."""
    placeholders = placeholders or {}
    python = python or kernel_python(kernel_name, env)
    whole = {
        "code": code_part(notebook),
        "env": env_part(env, placeholders),
        "installed": installed_part(python, env),
        "standins": tree_digest(standins),
        "package": tree_digest(package),
        "kernel": [substitute(kernel_name, placeholders), timeout],
    }
    return {name: sha(json.dumps(value, sort_keys=True)) for name, value in whole.items()}


def digest(key_parts: dict[str, str]) -> str:
    return sha(json.dumps(key_parts, sort_keys=True))

