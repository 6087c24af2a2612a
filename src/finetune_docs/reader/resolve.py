"""What an install cell resolves to, ahead of running it: the key of a reader environment.

The key is computed in the kept runtime of the reader's Python (``runtime.py``: the
Jupyter runtime installed, which every build starts from): the interpreter pip reports (version,
platform, ABI), pip's version, the runtime's exact distributions, the install cell's source,
and what each of its ``%pip install`` lines resolves to against the package index (``pip
install --dry-run --report``): name, version and the artifact's hash. A requirement on a VCS
commit (MindSpore's notebook installs this package from its repository) has no artifact to
hash, and its commit changes with every commit of the repository, even one that touches no
file the package is built from; so such a requirement is built (``pip wheel``) and counts
by its wheel's ``RECORD``: every file's path and hash, as an index's wheel would. Two
commits that package the same files are then one artifact, and a changed file is another.

A resolution also has a ``base``: the same material less what the cell's trailing ``--no-deps``
lines resolve to. Such a line installs exactly what it names and nothing after it can undo it,
so a kept environment of the same base becomes this resolution's by installing those lines
again (``update_in_place``): MindSpore's environment, on a commit that changes this package.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import distributions
from pathlib import Path

from packaging.utils import canonicalize_name

from .sandbox import ReaderError


def pip_arguments(source: str, origin: str = "the install cell") -> list[list[str]]:
    """The arguments after ``install`` of each ``%pip install`` line, in order.

    A line that installs some other way (``!pip``, ``%pip uninstall``) could not be resolved
    ahead of running it, so it is refused rather than left out of the key."""
    lines = []
    for number, line in enumerate(source.splitlines(), 1):
        words = shlex.split(line.strip()) if line.lstrip().startswith(("%pip", "!pip", "%conda", "!conda")) else []
        if not words:
            continue
        if words[0] != "%pip" or words[1:2] != ["install"]:
            raise ReaderError(f"{origin}, line {number}: {line.strip()!r}: only `%pip install` lines can be "
                              "resolved ahead of a run, to know whether a kept environment still fits")
        lines.append(words[2:])
    return lines


def site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python*/site-packages"))
    if not found:
        raise ReaderError(f"{venv}: no lib/python*/site-packages")
    return found[0]


def versions(venv: Path) -> dict[str, str]:
    """Each distribution of the environment, by normalised name, and its version."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in distributions(path=[str(site_packages(venv))])}


def _artifact(item: dict, venv: Path, env: dict[str, str], timeout: int) -> str:
    info = item.get("download_info", {})
    hashes = info.get("archive_info", {}).get("hashes", {})
    if "sha256" in hashes:
        return f"sha256:{hashes['sha256']}"
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        return _built(venv, f"{item['metadata']['name']} @ {vcs['vcs']}+{info['url']}@{vcs['commit_id']}", env, timeout)
    return info.get("url", "")


def _pip(venv: Path, arguments: list[str], env: dict[str, str], timeout: int, doing: str) -> None:
    argv = [str(venv / "bin" / "python"), "-m", "pip", *arguments]
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ReaderError(f"{shlex.join(argv)}: still {doing} after {timeout} s") from None
    if done.returncode:
        raise ReaderError(f"{shlex.join(argv)} failed:\n{done.stdout}{done.stderr}")


def _built(venv: Path, requirement: str, env: dict[str, str], timeout: int) -> str:
    """The files the wheel built from ``requirement`` holds: its RECORD's lines, digested."""
    with tempfile.TemporaryDirectory(prefix="build-") as folder:
        _pip(venv, ["wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "--wheel-dir", folder,
                    requirement], env, timeout, "building")
        built = sorted(Path(folder).glob("*.whl"))
        if len(built) != 1:
            raise ReaderError(f"pip wheel {requirement}: {len(built)} wheels made, not one")
        with zipfile.ZipFile(built[0]) as archive:
            record = [name for name in archive.namelist() if name.endswith(".dist-info/RECORD")]
            lines = sorted(archive.read(record[0]).decode().splitlines()) if len(record) == 1 else []
    if not lines:
        raise ReaderError(f"pip wheel {requirement}: {built[0].name} has no RECORD")
    return "record:" + hashlib.sha256("\n".join(lines).encode()).hexdigest()


def resolve(venv: Path, arguments: list[str], env: dict[str, str], timeout: int) -> dict:
    """pip's report of what ``pip install ARGUMENTS`` would install in ``venv``, installing nothing."""
    with tempfile.TemporaryDirectory(prefix="resolve-") as folder:
        report = Path(folder) / "report.json"
        _pip(venv, ["install", "--dry-run", "--quiet", "--disable-pip-version-check", "--report", str(report),
                    *arguments], env, timeout, "resolving")
        if not report.exists():
            raise ReaderError(f"pip install --dry-run {shlex.join(arguments)} wrote no report")
        return json.loads(report.read_text(encoding="utf-8"))


@dataclass
class Resolution:
    key: str
    expected: dict[str, str]
    """What the environment holds once every line installed: the runtime, updated line by line."""
    base: str = ""
    """The key less the trailing ``--no-deps`` lines' artifacts ("" when the cell has none)."""
    updates: list[list[str]] = field(default_factory=list)
    """Those lines' arguments, to install again into a kept environment of the same base."""


def resolution(venv: Path, source: str, env: dict[str, str], timeout: int, origin: str = "the install cell"
               ) -> Resolution:
    base = versions(venv)
    expected, lines, interpreter = dict(base), [], {}
    arguments = pip_arguments(source, origin)
    for words in arguments:
        report = resolve(venv, words, env, timeout)
        interpreter = {"environment": report.get("environment"), "pip": report.get("pip_version")}
        items = sorted((canonicalize_name(i["metadata"]["name"]), i["metadata"]["version"],
                        _artifact(i, venv, env, timeout)) for i in report.get("install", []))
        lines.append(items)
        expected.update({name: version for name, version, _ in items})
    material = {"interpreter": interpreter, "runtime": sorted(base.items()), "cell": source, "lines": lines}
    tail = len(arguments)
    while tail and "--no-deps" in arguments[tail - 1]:
        tail -= 1
    updates = arguments[tail:]
    return Resolution(_digest(material), expected, _digest(material | {"lines": lines[:tail]}) if updates else "",
                      updates)


def _digest(material: dict) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def update_in_place(venv: Path, updates: list[list[str]], env: dict[str, str], timeout: int) -> None:
    """Each trailing ``--no-deps`` line installed again into ``venv`` (a new commit of the same
    version is the same version to pip, hence ``--force-reinstall``)."""
    for arguments in updates:
        _pip(venv, ["install", "--force-reinstall", "--quiet", "--disable-pip-version-check", *arguments], env,
             timeout, "installing")
