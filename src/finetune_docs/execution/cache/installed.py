"""What a kernel's interpreter can import, file by file: the key's ``installed`` part.

The interpreter is asked once (a subprocess) for its version, ``sys.prefix``, ``sys.path``
(with the kernel's ``PYTHONPATH``, the ``.pth`` files' additions, an editable install's
source folder) and the ``sitecustomize``/``usercustomize`` it loaded. Every folder on that
path outside the standard library (which ``sys.version`` names) is then keyed by every
file in it: its path and a SHA-256 of its bytes. Bytecode is left out (Python checks it
against its source's size and time before using it).

Hashing gigabytes on every run would cost more than the runs it saves, so a file's hash is
found as git's index finds a file unchanged: a file a distribution's ``RECORD`` lists, of
the recorded size and older than that ``RECORD`` (which the installer writes last), has
the recorded hash; any other file's hash is kept in an index with its size, time and inode
and reused while those match; only what is new or changed is read. An in-place edit gives
the file a newer time, so it is hashed and the key changes. A file changed within a second
of being hashed is not indexed (git's "racily clean" case).
Small files that installers write with absolute paths (``.pth``, ``direct_url.json``,
editable finders) are hashed with the project, venv and run folders replaced by their
placeholders, so that two clones at different paths give one key. An editable install's
``METADATA`` is keyed by its headers (name, version, requirements, entry points are
elsewhere), not its long description: that is the project's README, which nothing a
kernel runs reads, and a README edit must not make every run execute again. The same goes
for the ``.egg-info/PKG-INFO`` that setuptools' editable build leaves in a source tree that
a ``.pth`` puts on the path (this project's ``src/``).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import os
import re
import subprocess
import time
from pathlib import Path

PROBE = """\
import json, platform, sys, sysconfig
paths = sysconfig.get_paths()
print(json.dumps({
    "python": sys.version, "platform": [sys.platform, platform.machine()], "prefix": sys.prefix,
    "path": sys.path[1:], "stdlib": [paths["stdlib"], paths["platstdlib"]],
    "customize": [getattr(sys.modules.get(n), "__file__", None) for n in ("sitecustomize", "usercustomize")],
}))
"""
PATH_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONUSERBASE", "PYTHONSAFEPATH", "HOME")
"""What decides an interpreter's ``sys.path`` besides its own files: the probe's memo is per their values."""
SKIPPED = frozenset({"__pycache__", ".git", ".nox", ".venv", ".tox", ".cache", "node_modules"})
"""Folders of a path entry that nothing imports: bytecode, and a checkout's tool folders (a
``PYTHONPATH`` naming a checkout would otherwise hash its environments)."""
NOT_KEYED = (".dist-info/RECORD", ".dist-info/uv_cache.json")
"""An installer's records, which nothing imports: the manifest (each file it lists is keyed
itself, but its hashes of ``bin/`` scripts hold the venv's path) and uv's build times of an
editable install (different in every clone)."""
WITH_PATHS = re.compile(r"(\.pth|direct_url\.json|^__editable__.*)$")
MAPPING = re.compile(r"^MAPPING\s*(?::[^=]*)?=\s*(\{.*?\})", re.M | re.S)
"""setuptools' editable finder: ``MAPPING = {'pkg': '/path/to/src/pkg'}``, the source trees it imports."""
RACY_NS = 1_000_000_000


def record_hash(data: bytes) -> str:
    """The hash as a ``RECORD`` line writes it, so that a recorded file and a hashed one compare equal."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def tree_digest(folder: Path) -> str:
    """Every file's path and bytes under ``folder`` (bytecode caches left out)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0"
                      + hashlib.sha256(path.read_bytes()).hexdigest().encode())
    return digest.hexdigest()


def substitute(text: str, placeholders: dict[str, str]) -> str:
    """``text`` with each placeholder's value replaced by its name, longest value first."""
    for name, value in sorted(placeholders.items(), key=lambda item: -len(item[1])):
        if value:
            text = text.replace(value, name)
    return text


def _keyed(path: Path, stdlib: list[Path]) -> bool:
    """Whether a path entry is keyed by its files: the standard library is keyed by ``sys.version``."""
    if not path.exists():
        return False
    return path.name in ("site-packages", "dist-packages") or not any(path == s or s in path.parents for s in stdlib)


def _records(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Files that a distribution in ``folder`` recorded, as trusted ``(hash, size)``: those older than its RECORD."""
    trusted = {}
    for record in folder.glob("*.dist-info/RECORD"):
        written = record.stat().st_mtime_ns
        for line in record.read_text(encoding="utf-8", errors="replace").splitlines():
            path, _, rest = line.partition(",")
            digest, _, size = rest.rpartition(",")
            if digest.startswith("sha256=") and size.isdigit() and not path.startswith(".."):
                trusted[path] = (digest, int(size), written)
    return trusted


class InstalledFiles:
    """The ``installed`` part per (interpreter, path settings); with an ``index`` file, kept across processes."""

    def __init__(self, index: Path | None = None):
        self.index_path = Path(index) if index else None
        self._index: dict[str, list] | None = None
        self._probes: dict[tuple, dict] = {}
        self._parts: dict[tuple, dict] = {}
        self.hashed = 0
        """Files read and hashed so far (the rest came from a RECORD or the index)."""

    def probe(self, python: str, env: dict[str, str], placeholders: dict[str, str] | None = None) -> dict:
        """What the interpreter says of itself, asked once per its path settings (``HOME`` is per run:
        compared with the run's folder as a placeholder, so the next language asks no more)."""
        home = substitute(env.get("HOME") or "", placeholders or {})
        memo = (python, home, *(env.get(name) for name in PATH_VARIABLES if name != "HOME"))
        if memo not in self._probes:
            done = subprocess.run([python, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120,
                                  cwd="/")
            if done.returncode:
                raise RuntimeError(f"{python} could not list what it imports:\n{done.stderr}")
            self._probes[memo] = json.loads(done.stdout)
        return self._probes[memo]

    def part(self, python: str, env: dict[str, str], placeholders: dict[str, str]) -> dict:
        """Python, platform, and a digest of every importable file, computed once per process and settings."""
        memo = (python, *(substitute(env.get(name) or "", placeholders) for name in PATH_VARIABLES))
        if memo not in self._parts:
            self._parts[memo] = self._compute(self.probe(python, env, placeholders), placeholders)
            self.save()
        return self._parts[memo]

    def _compute(self, probe: dict, placeholders: dict[str, str]) -> dict:
        stdlib = [Path(p) for p in probe["stdlib"]]
        trees = [Path(entry) for entry in probe["path"] if entry and _keyed(Path(entry), stdlib)]
        digests, seen = [], set()
        while trees:
            tree = trees.pop(0)
            if tree in seen:
                continue
            seen.add(tree)
            digest, sources = self._tree(tree, placeholders)
            digests.append([substitute(str(tree), placeholders), digest])
            trees.extend(sources)
        customize = [[substitute(p, placeholders), self._file(p, os.stat(p), None, placeholders)]
                     for p in probe["customize"] if p]
        return {"python": probe["python"], "platform": probe["platform"], "paths": digests, "customize": customize}

    def _tree(self, root: Path, placeholders: dict[str, str]) -> tuple[str, list[Path]]:
        """A digest of every file under ``root``, and the source folders its editable finders name."""
        if root.is_file():  # a zip or egg on the path
            return self._file(str(root), root.stat(), None, placeholders), []
        trusted = _records(root)
        digest, sources = hashlib.sha256(), []
        for rel, path, stat in sorted(_files(str(root), "")):
            if rel.endswith(NOT_KEYED):
                continue
            if _a_projects_metadata(root, rel, path):
                found = record_hash(Path(path).read_bytes().replace(b"\r\n", b"\n").partition(b"\n\n")[0])
            else:
                found = self._file(path, stat, trusted.get(rel), placeholders)
            digest.update(f"{rel}\0{found}\n".encode())
            if rel.startswith("__editable__") and rel.endswith("_finder.py"):
                sources.extend(_finder_sources(Path(path)))
        return digest.hexdigest(), sources

    def _file(self, path: str, stat: os.stat_result, recorded, placeholders: dict[str, str]) -> str:
        name = path.rpartition("/")[2]
        if WITH_PATHS.search(name) and stat.st_size < 1_000_000:
            self.hashed += 1
            with open(path, encoding="utf-8", errors="replace") as handle:
                return record_hash(substitute(handle.read(), placeholders).encode())
        if recorded and stat.st_size == recorded[1] and stat.st_mtime_ns < recorded[2]:
            return recorded[0]
        index = self._load()
        known = index.get(path)
        if known and known[:3] == [stat.st_size, stat.st_mtime_ns, stat.st_ino]:
            return known[3]
        self.hashed += 1
        with open(path, "rb") as handle:
            found = record_hash(handle.read())
        if time.time_ns() - stat.st_mtime_ns > RACY_NS:
            index[path] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, found]
        return found

    def _load(self) -> dict[str, list]:
        if self._index is None:
            self._index = _read(self.index_path)
        return self._index

    def save(self) -> None:
        """The index, merged with what a process beside this one stored, less files that are gone."""
        if self.index_path is None or self._index is None:
            return
        merged = {path: known for path, known in (_read(self.index_path) | self._index).items() if os.path.exists(path)}
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.index_path.with_name(f"{self.index_path.name}.{os.getpid()}")
        scratch.write_text(json.dumps(merged), encoding="utf-8")
        os.replace(scratch, self.index_path)  # atomic: a run beside this one reads the old or the new


def _read(index: Path | None) -> dict[str, list]:
    try:
        return json.loads(index.read_text(encoding="utf-8")) if index and index.exists() else {}
    except (OSError, ValueError):  # a torn index costs hashing again, never a wrong hash
        return {}


def _files(folder: str, rel: str):
    """(path relative to the entry, path, stat) of every file, bytecode and :data:`SKIPPED` left out."""
    try:
        found = list(os.scandir(folder))
    except OSError:  # a folder the interpreter cannot read, it cannot import from either
        return
    for entry in found:
        if entry.is_dir():
            if entry.name not in SKIPPED:
                yield from _files(entry.path, f"{rel}{entry.name}/")
        elif entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
            yield f"{rel}{entry.name}", entry.path, entry.stat()


def _a_projects_metadata(root: Path, rel: str, path: str) -> bool:
    """Whether the file is the metadata of a project installed from its source (whose body is its README)."""
    if rel.endswith(".dist-info/METADATA"):
        return _editable(Path(path).parent)
    return rel.endswith(".egg-info/PKG-INFO") and root.name not in ("site-packages", "dist-packages")


def _editable(info: Path) -> bool:
    """Whether the distribution of the ``.dist-info`` folder ``info`` is an editable install (PEP 610)."""
    try:
        return bool(json.loads((info / "direct_url.json").read_text(encoding="utf-8"))["dir_info"]["editable"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _finder_sources(finder: Path) -> list[Path]:
    found = MAPPING.search(finder.read_text(encoding="utf-8", errors="replace"))
    try:
        mapping = ast.literal_eval(found.group(1)) if found else {}
    except (ValueError, SyntaxError):
        return []
    return [Path(p) for p in mapping.values() if isinstance(p, str) and Path(p).is_dir()]
