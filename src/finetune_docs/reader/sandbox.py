"""The fresh environment of a reader's run, and the walls around it.

A virtual environment of the reader's Python holding only the Jupyter runtime; git told to
fetch this package's published repository from the local one; a network namespace with
nothing but loopback.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from .. import layout
from ..execution.network import in_namespace

JUPYTER_RUNTIME = ("pip==24.1.2", "ipykernel==7.4.0")
"""What Colab and Studio Lab have before any cell runs, as far as the notebooks care: Colab's pip
(every runtime of ``colab/data``; the venv's own, ensurepip's, is older and resolves TensorFlow's
cell far slower: DESIGN.md) and a kernel."""


class ReaderError(Exception):
    """A notebook, or a machine, that a reader's run cannot work with."""


def git_redirect(root: Path = layout.ROOT, settings: dict | None = None) -> dict[str, str]:
    """Environment variables that make git fetch the published repository from ``root``."""
    settings = settings or layout.settings()
    return {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{root}.insteadOf",
        "GIT_CONFIG_VALUE_0": f"https://github.com/{settings['github_repo']}",
    }


def check_helpers_commit(root: Path = layout.ROOT, settings: dict | None = None) -> None:
    """The commit a notebook installs this package from (:func:`git_redirect` serves it from
    ``root``) must be a commit there."""
    commit = (settings or layout.settings())["helpers_commit"]
    found = subprocess.run(["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True)
    if found.returncode:
        raise ReaderError(f"{root} has no commit {commit}, which a notebook installs this package from (its "
                          f"GitHub URL is redirected here): fetch it, e.g. `git fetch origin {commit}`")


def check_namespace() -> None:
    """A reader's run makes a loopback-only namespace for each notebook, also where it already runs in
    one (the package session's tests): ``unshare`` must work here, whatever this process's network."""
    try:
        probe = subprocess.run(in_namespace(["true"]), capture_output=True, text=True)
    except FileNotFoundError as error:
        probe = subprocess.CompletedProcess(error.filename, 1, "", f"{error.filename} is missing")
    if probe.returncode:
        raise ReaderError(
            f"cannot make a loopback-only network namespace ({shlex.join(in_namespace(['true']))} failed: "
            f"{probe.stderr.strip()}); a reader's run needs one to keep the notebook off the network "
            "(run it as root, or where unprivileged user namespaces are allowed)")


def without_harness(path: str) -> list[str]:
    """The folders of a PATH, less the harness's own environment (nox's)."""
    harness = str(Path(sys.prefix) / "bin")
    return [p for p in path.split(os.pathsep) if p and p != harness]


def venv_environment(venv: Path, base: dict[str, str]) -> dict[str, str]:
    """``base`` with ``venv`` active, and the harness's own environment off PATH."""
    env = {k: v for k, v in base.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(VIRTUAL_ENV=str(venv),
               PATH=os.pathsep.join([str(venv / "bin"), *without_harness(base.get("PATH", ""))]))
    return env


def interpreter(version: str, pyenv_root: Path | None = None) -> str:
    """A working ``python<version>``: the one on PATH (CI's setup-python puts it there), else pyenv's;
    never the harness's own environment's.

    pyenv's shim for a version that is installed but not selected is on PATH and fails when run."""
    name = f"python{version}"
    on_path = shutil.which(name, path=os.pathsep.join(without_harness(os.environ.get("PATH", ""))))
    root = pyenv_root or Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    installed = sorted(root.glob(f"versions/{version}.*/bin/{name}"), reverse=True,
                       key=lambda p: [int(n) for n in p.parents[1].name.split(".") if n.isdigit()])
    for candidate in filter(None, [on_path, *map(str, installed)]):
        try:
            if subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0:
                return candidate
        except OSError:
            continue
    raise ReaderError(f"no working {name} on PATH or in {root}/versions: a reader's run makes its environment "
                      f"with Python {version} (backends.py, reader_python); install it")


def make_venv(venv: Path, python: str, constraints: Path | None = None) -> None:
    """A fresh environment of ``python`` with the Jupyter runtime (its versions held to ``constraints``)."""
    inside = str(venv / "bin" / "python")
    held = ["--constraint", str(constraints)] if constraints else []
    _run([python, "-m", "venv", str(venv)])
    _run([inside, "-m", "pip", "install", "--quiet", *held, *JUPYTER_RUNTIME])


def kernelspec(venv: Path, kernel: str, kernels: Path) -> None:
    """The kernelspec ``kernel`` of ``venv`` under the prefix ``kernels`` (a kept environment gets a new one)."""
    _run([str(venv / "bin" / "python"), "-m", "ipykernel", "install", "--prefix", str(kernels), "--name", kernel])


def _run(argv: list[str]) -> None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True)
    except FileNotFoundError:
        raise ReaderError(f"{argv[0]} is not on PATH; a reader's run makes its environment with it") from None
    if done.returncode:
        raise ReaderError(f"{shlex.join(argv)} failed:\n{done.stdout}{done.stderr}")


def size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_symlink()) / 1e6
