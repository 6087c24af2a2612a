"""Reader environments kept between runs, keyed by exactly what a fresh one would hold.

A reader's run proves that the install cell alone suffices; proving it again is needed when
what the cell installs changes, not on every run. The key is computed in a fresh environment
of the reader's Python with the Jupyter runtime installed (which every build starts from
anyway): the interpreter pip reports (version, platform, ABI), pip's version, the runtime's
exact distributions, the install cell's source, and what each of its ``%pip install`` lines
resolves to against the package index (``pip install --dry-run --report``): name, version
and the artifact's hash (or a VCS commit). A new upstream release of an unpinned dependency
changes the resolution, so the environment is rebuilt and the cell proven again, as a reader
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
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from importlib.metadata import distributions
from pathlib import Path

from packaging.utils import canonicalize_name

from .run import CellResult
from .sandbox import ReaderError

VARIABLE = "FINETUNE_DOCS_READER_ENVS"
READY = "ready.json"


def default_root() -> Path:
    if os.environ.get(VARIABLE):
        return Path(os.environ[VARIABLE])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "finetune-docs" / "reader-envs"


def pip_lines(source: str, origin: str = "the install cell") -> list[list[str]]:
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


def installed(venv: Path) -> dict[str, str]:
    """Each distribution of the environment, by normalised name, and its version."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in distributions(path=[str(site_packages(venv))])}


def _artifact(item: dict) -> str:
    info = item.get("download_info", {})
    hashes = info.get("archive_info", {}).get("hashes", {})
    if "sha256" in hashes:
        return f"sha256:{hashes['sha256']}"
    if "vcs_info" in info:
        return f"{info['url']}@{info['vcs_info'].get('commit_id', '')}"
    return info.get("url", "")


def resolve(venv: Path, arguments: list[str], env: dict[str, str], timeout: int) -> dict:
    """pip's report of what ``pip install ARGUMENTS`` would install in ``venv``, installing nothing."""
    with tempfile.TemporaryDirectory(prefix="resolve-") as folder:
        report = Path(folder) / "report.json"
        argv = [str(venv / "bin" / "python"), "-m", "pip", "install", "--dry-run", "--quiet",
                "--disable-pip-version-check", "--report", str(report), *arguments]
        try:
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ReaderError(f"{shlex.join(argv)}: still resolving after {timeout} s") from None
        if done.returncode or not report.exists():
            raise ReaderError(f"{shlex.join(argv)} failed:\n{done.stdout}{done.stderr}")
        return json.loads(report.read_text(encoding="utf-8"))


@dataclass
class Resolution:
    key: str
    expected: dict[str, str]
    """What the environment holds once every line installed: the runtime, updated line by line."""


def resolution(venv: Path, source: str, env: dict[str, str], timeout: int, origin: str = "the install cell"
               ) -> Resolution:
    base = installed(venv)
    expected, lines, interpreter = dict(base), [], {}
    for arguments in pip_lines(source, origin):
        report = resolve(venv, arguments, env, timeout)
        interpreter = {"environment": report.get("environment"), "pip": report.get("pip_version")}
        items = sorted((canonicalize_name(i["metadata"]["name"]), i["metadata"]["version"], _artifact(i))
                       for i in report.get("install", []))
        lines.append(items)
        expected.update({name: version for name, version, _ in items})
    material = {"interpreter": interpreter, "runtime": sorted(base.items()), "cell": source, "lines": lines}
    key = hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
    return Resolution(key, expected)


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

    def keep(self, found: Resolution, install: CellResult, seconds: dict[str, float]) -> str:
        """Mark it ready for later runs, if it holds what the key says; else why not."""
        have = installed(self.venv)
        if have != found.expected:
            differs = sorted(set(have.items()) ^ set(found.expected.items()))
            return f"not kept for later runs: what it holds differs from the resolution: {differs[:6]}"
        record = {"key": found.key, "install": asdict(install), "distributions": have, "seconds": seconds}
        partial = self.folder / f".{READY}.{uuid.uuid4().hex[:8]}"
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, self.folder / READY)
        return ""

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


class Store:
    def __init__(self, root: Path):
        self.root = root

    def new(self, name: str) -> Entry:
        folder = self.root / f"{name}-{uuid.uuid4().hex[:12]}"
        folder.mkdir(parents=True)
        return Entry(folder, _lock(folder, fcntl.LOCK_EX))

    def find(self, name: str, key: str) -> Entry | None:
        """A ready build of that key whose distributions are still those recorded, locked (shared)."""
        for folder in sorted(self.root.glob(f"{name}-*")):
            entry = Entry(folder)
            record = entry.ready()
            if not record or record.get("key") != key:
                continue
            entry.lock = _lock(folder, fcntl.LOCK_SH | fcntl.LOCK_NB)
            # Removed while we looked, or changed since it was kept (a notebook that installed something).
            if entry.lock is None or not entry.ready():
                entry.release()
                continue
            try:
                if installed(entry.venv) == record["distributions"]:
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
