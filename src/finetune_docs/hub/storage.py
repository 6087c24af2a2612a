"""The repositories a loopback Hub serves: plain folders, one per repository.

``root/models/<namespace>/<name>/``, ``root/datasets/...`` and ``root/spaces/...`` hold
each repository's files at its single revision; ``root/renamed.json`` names renamed ones. A
commit writes into the folder and is recorded in ``commits.jsonl`` beside it (outside the
repository's files), which is what tests read to see what was pushed.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

KINDS = ("models", "datasets", "spaces")
COMMITS = "commits.jsonl"
RENAMED = "renamed.json"
"""``root/renamed.json``: ``{"datasets/yelp_review_full": "Yelp/yelp_review_full"}``, repositories
renamed upstream: the server redirects their old ids, as the Hub does."""


_SHAS: dict[Path, tuple[tuple, str]] = {}


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def git_blob_sha(data: bytes) -> str:
    """The object id git (and so the Hub) gives a file's content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Repo:
    kind: str
    repo_id: str
    folder: Path

    def files(self) -> list[str]:
        return sorted(
            p.relative_to(self.folder).as_posix()
            for p in self.folder.rglob("*")
            if p.is_file() and p.name != COMMITS
        )

    def file(self, path: str) -> Path | None:
        candidate = self.folder / PurePosixPath(path)
        if ".." in PurePosixPath(path).parts or not candidate.is_file() or candidate.name == COMMITS:
            return None
        return candidate

    def sha(self) -> str:
        """A commit id that changes whenever a file is added, removed or changed.

        Every resolve request asks for it; files are hashed again only when their names,
        sizes or modification times say that something changed.
        """
        names = self.files()
        stamp = tuple((name, *_stat(self.folder / name)) for name in names)
        cached = _SHAS.get(self.folder)
        if cached is None or cached[0] != stamp:
            digest = hashlib.sha1(self.repo_id.encode())
            for name in names:
                digest.update(name.encode() + b"\0" + git_blob_sha((self.folder / name).read_bytes()).encode())
            _SHAS[self.folder] = cached = (stamp, digest.hexdigest())
        return cached[1]

    def entries(self, under: str = "", recursive: bool = False) -> list[dict] | None:
        """The Hub's tree listing of ``under``; None when there is no such folder."""
        base = self.folder / PurePosixPath(under) if under else self.folder
        if not base.is_dir():
            return None
        children = base.rglob("*") if recursive else base.iterdir()
        out = []
        for child in sorted(children):
            if child.name == COMMITS:
                continue
            path = child.relative_to(self.folder).as_posix()
            if child.is_dir():
                out.append({"type": "directory", "oid": "0" * 40, "size": 0, "path": path})
            else:
                data = child.read_bytes()
                out.append({"type": "file", "oid": git_blob_sha(data), "size": len(data), "path": path})
        return out

    def info(self) -> dict:
        sha = self.sha()
        return {
            "_id": sha[:24],
            "id": self.repo_id,
            "modelId": self.repo_id,
            "sha": sha,
            "private": False,
            "disabled": False,
            "gated": False,
            "downloads": 0,
            "likes": 0,
            "tags": [],
            "lastModified": "2026-01-01T00:00:00.000Z",
            "createdAt": "2026-01-01T00:00:00.000Z",
            "siblings": [{"rfilename": name} for name in self.files()],
        }

    def commit(self, summary: str, files: dict[str, bytes], deleted: list[str]) -> str:
        for path, data in files.items():
            target = self.folder / PurePosixPath(path)
            if ".." in PurePosixPath(path).parts:
                raise ValueError(f"refusing path outside the repository: {path}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path in deleted:
            if (found := self.file(path)) is not None:
                found.unlink()
        sha = self.sha()
        record = {"summary": summary, "files": sorted(files), "deleted": deleted, "sha": sha, "time": time.time()}
        with (self.folder / COMMITS).open("a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        return sha


class Storage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def repo(self, kind: str, repo_id: str) -> Repo | None:
        folder = self.root / kind / PurePosixPath(repo_id)
        if kind not in KINDS or ".." in repo_id.split("/") or not folder.is_dir():
            return None
        return Repo(kind, repo_id, folder)

    def renamed(self) -> dict[tuple[str, str], str]:
        """(kind, old id) -> new id, from ``renamed.json`` (none when it is absent)."""
        path = self.root / RENAMED
        if not path.is_file():
            return {}
        return {tuple(key.split("/", 1)): new for key, new in json.loads(path.read_text(encoding="utf-8")).items()}

    def create(self, kind: str, repo_id: str) -> Repo:
        folder = self.root / kind / PurePosixPath(repo_id)
        folder.mkdir(parents=True, exist_ok=True)
        return Repo(kind, repo_id, folder)

    def commits(self, kind: str, repo_id: str) -> list[dict]:
        """The commits pushed to a repository, oldest first."""
        log = self.root / kind / PurePosixPath(repo_id) / COMMITS
        if not log.is_file():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
