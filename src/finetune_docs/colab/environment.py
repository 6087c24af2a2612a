"""An environment of a runtime's Python holding metadata-only stand-ins of what it ships.

pip reads an installed distribution from its ``*.dist-info/METADATA`` alone, so a stand-in
is that file: name, version, Requires-Python and Requires-Dist, no code. The venv has no
pip of its own; the simulation runs this project's pip with ``--python``.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..reader.resolve import site_packages
from ..runtimes import DATA, Runtime, normalize

REQUIRES = DATA / "requires.json"
"""Requires-Python / Requires-Dist of 198 packages at Colab's current versions (googlecolab/backend-info)."""
SNAPSHOT = DATA / "snapshot.json"
"""PyPI's metadata and file sizes the install cells resolve to, recorded by :mod:`.snapshot`."""


CUDA = re.compile(r"(nvidia-|cuda-|triton)", re.IGNORECASE)


class SimulationError(Exception):
    """The simulation cannot run here (a missing interpreter, a snapshot lacking a package)."""


@cache
def python_for(version: str) -> str:
    """An interpreter of ``major.minor`` on this machine: on PATH, else under pyenv's versions."""
    root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    found = [shutil.which(f"python{version}"), *sorted(glob.glob(f"{root}/versions/{version}.*/bin/python{version}"))]
    for candidate in filter(None, found):
        if subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0:
            return candidate
    raise SimulationError(f"no python{version} here (PATH, {root}/versions): the simulation of a "
                          f"Python {version} runtime needs one")


@cache
def snapshot() -> dict:
    if not SNAPSHOT.exists():
        raise SimulationError(f"{SNAPSHOT} is missing: record it with `finetune-docs colab-snapshot`")
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@cache
def _requires() -> dict[str, dict]:
    return {normalize(name): meta for name, meta in json.loads(REQUIRES.read_text(encoding="utf-8")).items()}


def installed_metadata(name: str, version: str) -> dict | None:
    """Requires-Python and Requires-Dist of a preinstalled distribution, where recorded."""
    public, local = version.partition("+")[::2]
    meta = _requires().get(name)
    if not (meta and meta["version"] == public):
        meta = snapshot().get("installed", {}).get(f"{name}=={public}")
    if meta and local:
        # A local build (torch 2.11.0+cu128, +cpu) comes from PyTorch's own index, whose metadata
        # cannot be recorded here; PyPI's build of that version requires the CUDA 13 libraries
        # instead of the CUDA 12.8 ones Colab ships beside it (or none, for +cpu).
        meta = meta | {"requires_dist": [r for r in meta["requires_dist"] if not CUDA.match(r)]}
    return meta


def metadata_text(name: str, version: str, meta: dict | None) -> str:
    """A METADATA file (core metadata 2.1) holding what a resolver reads."""
    meta = meta or {}
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if meta.get("requires_python"):
        lines.append(f"Requires-Python: {meta['requires_python']}")
    lines += [f"Requires-Dist: {r}" for r in meta.get("requires_dist") or []]
    lines += [f"Provides-Extra: {e}" for e in meta.get("provides_extra") or []]
    return "\n".join(lines) + "\n"


def write_standin(site: Path, name: str, version: str, meta: dict | None, *, replace: bool = True) -> None:
    """Install (or, with ``replace``, replace) the stand-in of one distribution."""
    for old in site.glob("*.dist-info") if replace else ():
        if normalize(old.name[: -len(".dist-info")].rsplit("-", 1)[0]) == normalize(name):
            shutil.rmtree(old)
    info = site / f"{normalize(name).replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(metadata_text(name, version, meta), encoding="utf-8")
    (info / "INSTALLER").write_text("pip\n", encoding="utf-8")


def make_environment(runtime: Runtime, venv: Path) -> Path:
    """A venv of the runtime's Python with its packages as stand-ins; returns its interpreter."""
    subprocess.run([python_for(runtime.python), "-m", "venv", "--without-pip", str(venv)], check=True)
    site = site_packages(venv)
    for name, version in runtime.installed().items():
        write_standin(site, name, version, installed_metadata(name, version), replace=False)
    return venv / "bin" / "python"
