"""A nox session that passed is not run again while nothing it reads has changed.

Bazel keeps a test's result by a digest of its inputs and reports a rerun with the same inputs
as "(cached) PASSED"; this does the same for a whole nox session. The key is a digest of:

- the session's name and the commands it runs (its function's source is in the checkout);
- every file of the checkout that git would commit (tracked, or untracked and not ignored),
  by content: pages, notebooks, tests, the package, the noxfile, the pins;
- the session's environment, file by file (``execution/installed.py``, the execution key's
  own part: every file its interpreter can import, the editable source included), so a new
  upstream release that the session's install picked up is a new key;
- ``../shared`` beside the checkout (source documents and notes some tests read), file by file;
- the harness's variables that the sessions' tools read (:data:`SESSION_VARIABLES`), and what pip is
  configured with (the uv settings that the noxfile derives from it);
- the version line of each machine tool a session drives (:data:`TOOLS`).

A session with arguments is neither replayed nor stored (someone is looking at something), nor
one that failed. ``FINETUNE_DOCS_RERUN=1`` runs every session again and stores its result anew.

Not inputs, and why that is safe: the execution cache and the kept reader environments (caches
whose own keys are exact: a replayed session would replay their entries anyway); the network
(the test sessions have none but loopback); the clock (tests read it only against itself: an
entry made N days ago); the rest of the machine's files (a session reads its environment, the
checkout and ``../shared``; the tools it runs from the system are in :data:`TOOLS`). The reader
session is never replayed: what the package index serves today is its input, and only resolving
tells it.

Only the standard library: the noxfile imports this before any environment exists.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from finetune_docs import layout
from finetune_docs.execution.cache.installed import InstalledFiles, substitute, tree_digest

RERUN = "FINETUNE_DOCS_RERUN"
SESSION_VARIABLES = ("FINETUNE_DOCS_*", "PIP_*", "UV_*", "HF_*", "HUGGINGFACE_*", "PYTEST_*", "PYTHON*",
                     "NO_MKDOCS_2_WARNING", "LANG", "LC_*", "TZ")
"""The harness's variables a session's tools read (fnmatch patterns): each is in the key."""
NOT_INPUTS = (layout.EXECUTIONS_VARIABLE, layout.ENVIRONMENTS_VARIABLE, layout.RESULTS_VARIABLE, RERUN,
              "PYTHONDONTWRITEBYTECODE",
              "PYTHONUNBUFFERED", "PYTHONPYCACHEPREFIX", "PIP_NO_CACHE_DIR", "PIP_CACHE_DIR", "UV_NO_CACHE",
              "UV_CACHE_DIR")
"""Where the caches are, this module's own switches, how Python buffers output and where it writes
bytecode, and where pip and uv keep downloads: not what a session checks (what they installed is keyed
file by file)."""
TOOLS = {"*": (("git", "--version"),), "site_browser": (("chromium", "--version"),)}
"""Machine tools each session runs (``*``: every session), by the version line they print."""


def results_folder() -> Path:
    """Where passed sessions' results are kept (``layout.RESULTS_VARIABLE``)."""
    return layout.user_cache(layout.RESULTS_VARIABLE, "results")


NOT_READ = ("CONTRIBUTING.md", "DESIGN.md")
"""Files of the checkout written for people alone: no session reads them (tests/noxsupport checks it),
so an edit of one runs nothing again. The README is the package's description and the CHANGELOG
is tested: both stay inputs."""


def checkout_files(project: Path) -> list[list[str]]:
    """Every file git would commit but :data:`NOT_READ`, by path and SHA-256 of its bytes (a link by its target)."""
    listed = subprocess.run(["git", "-C", str(project), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    found = []
    for name in sorted(filter(None, set(listed) - set(NOT_READ))):
        path = project / name
        if path.is_symlink():
            found.append([name, "link:" + os.readlink(path)])
        elif path.is_file():
            found.append([name, hashlib.sha256(path.read_bytes()).hexdigest()])
    return found


def variables(env: dict[str, str], project: Path) -> dict[str, str]:
    return {name: substitute(value, {"<project>": str(project)}) for name, value in sorted(env.items())
            if any(fnmatch.fnmatchcase(name, p) for p in SESSION_VARIABLES) and name not in NOT_INPUTS}


def tool_versions(session: str) -> dict[str, str]:
    found = {}
    for argv in (*TOOLS["*"], *TOOLS.get(session, ())):
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
            found[argv[0]] = (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "fails"
        except (OSError, subprocess.TimeoutExpired, IndexError):
            found[argv[0]] = "missing"
    return found


@dataclass
class Results:
    root: Path

    def key(self, session: str, project: Path, venv: Path | None, env: dict[str, str],
            extra: dict | None = None) -> str:
        """The digest of everything the session reads (the module's docstring lists it)."""
        material = {
            "session": session,
            "files": checkout_files(project),
            "shared": tree_digest(shared) if (shared := project.parent / "shared").is_dir() else "",
            "variables": variables(env, project),
            "tools": tool_versions(session),
            "extra": extra or {},
        }
        if venv is not None:
            placeholders = {"<project>": str(project), "<venv>": str(venv)}
            material["environment"] = InstalledFiles(self.root / "installed-index.json").part(
                str(venv / "bin" / "python"), env, placeholders)
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()

    def passed(self, session: str, key: str) -> dict | None:
        """The record of a passed run of that session with that key, if one is kept."""
        try:
            record = json.loads((self.root / session / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if record.get("key") == key and record.get("session") == session else None

    def remember(self, session: str, key: str, seconds: float, summary: str) -> Path:
        """A passed run's record, written whole or not at all."""
        folder = self.root / session
        folder.mkdir(parents=True, exist_ok=True)
        record = {"session": session, "key": key, "seconds": round(seconds, 1), "summary": summary,
                  "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
        partial = folder / f".{key}.{uuid.uuid4().hex[:8]}"
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, folder / f"{key}.json")
        return folder / f"{key}.json"


def pytest_summary(junit: Path) -> str:
    """What pytest's JUnit XML report counts: tests, failures, errors, skips."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.parse(junit).getroot()
    except (OSError, ElementTree.ParseError):
        return "pytest passed"
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    count = {name: sum(int(suite.get(name, 0)) for suite in suites) for name in ("tests", "skipped")}
    return f"pytest: {count['tests'] - count['skipped']} passed, {count['skipped']} skipped"


def said(record: dict) -> str:
    """What a replayed session's log says of the run it stands for."""
    return (f"passed on {record['when']} in {record['seconds']:.0f} s with exactly these inputs "
            f"(key {record['key'][:12]}): {record['summary']}; not run again ({RERUN}=1 runs it)")


class Kept:
    """One nox session's result: ``replayed`` when a passed run with these inputs is kept (its log says
    so), else kept by :meth:`passed` once the session's commands passed. Made after the session's
    installs, which its environment's part of the key reads."""

    def __init__(self, session, project: Path, extra: dict | None = None, results: Results | None = None):
        self.session, self.results = session, results or Results(results_folder())
        self.start, self.key, self.replayed = time.perf_counter(), "", False
        if session.posargs:
            session.log("arguments given: the session runs, and its result is not kept")
            return
        venv = getattr(session, "virtualenv", None)
        location = getattr(venv, "location", None)
        self.key = self.results.key(session.name, project, Path(location) if location else None, dict(os.environ),
                                    extra)
        record = None if os.environ.get(RERUN) else self.results.passed(session.name, self.key)
        if record:
            self.replayed = True
            session.log(said(record))

    def passed(self, summary: str) -> None:
        if self.key:
            self.results.remember(self.session.name, self.key, time.perf_counter() - self.start, summary)
            self.session.log(f"passed; kept by its inputs (key {self.key[:12]}) in {self.results.root}")
