"""Colab's next runtime: a googlecolab/backend-info folder compared with the recorded snapshot.

The folder's package lists (``pip-freeze.txt``, ``pip-freeze.gpu.txt``) and Python
(``os-info.txt``) become runtimes beside the recorded ones; every notebook's install cell is
simulated on both (:mod:`finetune_docs.colab`) and what differs for a reader is reported:
downloads, core packages replaced, packages broken, a restart, a cell that stops. The recorded
snapshot is not touched: refreshing it stays a reviewed change (colab/data/PROVENANCE.md).
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..backends import BACKENDS
from ..colab.cells import install_cell_source, preamble
from ..colab.environment import SimulationError, python_for
from ..colab.outcome import Outcome
from ..colab.simulate import simulate
from ..runtimes import RUNTIMES, Runtime

LISTS = {"pip-freeze.txt": "colab-current-cpu", "pip-freeze.gpu.txt": "colab-current-gpu"}
"""backend-info's list -> the recorded runtime it is the next version of."""
OS_INFO = {"pip-freeze.gpu.txt": "os-info-gpu.txt"}
"""A list's own os-info file, where backend-info has one (else os-info.txt)."""
PYTHON = re.compile(r"^Python (\d+)\.(\d+)\.(\d+)\s*$", re.MULTILINE)
MB = 1.0
"""Download differences below this are rounding, not news."""


class BackendInfoError(Exception):
    """The folder is not a backend-info checkout (one line, naming the file)."""


@dataclass
class Change:
    backend: str
    runtime: str
    """The recorded runtime's name (colab-current-gpu...)."""
    changes: list[str] = field(default_factory=list)
    note: str = ""
    """What could not be simulated here, and why."""


def python_of(folder: Path, name: str = "os-info.txt") -> str:
    path = folder / name
    try:
        match = PYTHON.search(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BackendInfoError(f"{path}: cannot be read ({error.strerror})") from None
    if not match:
        raise BackendInfoError(f"{path}:1: no `Python X.Y.Z` line")
    return ".".join(match.groups())


def next_runtimes(folder: Path) -> dict[str, Runtime]:
    """Recorded runtime's name -> the runtime the folder describes (only the lists it has)."""
    found = {}
    for name, recorded in LISTS.items():
        if not (folder / name).is_file():
            continue
        own = OS_INFO.get(name, "")
        full = python_of(folder, own if own and (folder / own).is_file() else "os-info.txt")
        found[recorded] = replace(RUNTIMES[recorded], name=f"next-{recorded}", python=full.rsplit(".", 1)[0],
                                  python_full=full, packages=str((folder / name).resolve()))
    if not found:
        raise BackendInfoError(f"{folder}: none of {', '.join(LISTS)} (not a googlecolab/backend-info checkout)")
    for runtime in found.values():
        try:
            runtime.installed()
        except ValueError as error:
            raise BackendInfoError(str(error)) from None
    return found


VERSION_AS = """import sys
class _Version(tuple):
    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
sys.version_info = _Version(({major}, {minor}, {micro}, "final", 0))
"""


def guard_as(full: str, source: str) -> str:
    """The cell's guard run where the runtime's Python is not installed: a version check, evaluated
    under the runtime's version; its message ('' if it lets the runtime through)."""
    code = preamble(source)
    if not code.strip():
        return ""
    major, minor, micro = full.split(".")
    done = subprocess.run([sys.executable, "-c", VERSION_AS.format(major=major, minor=minor, micro=micro) + code],
                          capture_output=True, text=True)
    return done.stderr.strip() if done.returncode else ""


_SIMULATED: dict[tuple[str, str, str, str, str], tuple[Outcome | None, str]] = {}


def _simulated(backend: str, runtime: Runtime, source: str) -> tuple[Outcome | None, str]:
    """The outcome (None where pip cannot run here, with why), once per runtime's list and Python."""
    key = (backend, runtime.name, runtime.packages, runtime.python_full, source)
    if key not in _SIMULATED:
        _SIMULATED[key] = _simulate(backend, runtime, source)
    return _SIMULATED[key]


def _simulate(backend: str, runtime: Runtime, source: str) -> tuple[Outcome | None, str]:
    try:
        python_for(runtime.python)
    except SimulationError as missing:
        stopped = guard_as(runtime.python_full, source)
        if stopped:
            return Outcome(backend, runtime.name, stopped=stopped), ""
        return None, f"pip not simulated: {missing}"
    return simulate(backend, runtime, source), ""


def view(outcome: Outcome) -> dict:
    """What a reader sees of an outcome."""
    return {"stopped": outcome.stopped.splitlines()[-1] if outcome.stopped else "",
            "failed": outcome.failed.splitlines()[-1] if outcome.failed else "",
            "download": outcome.download_mb, "replaced": outcome.replaced,
            "broken": {line.split(" ", 1)[0] for line in outcome.broken}, "restart": set(outcome.reloaded)}


def outcome_changes(before: Outcome, after: Outcome) -> list[str]:
    old, new = view(before), view(after)
    found = []
    if new["stopped"] != old["stopped"]:
        found.append(f"the cell stops: {new['stopped']}" if new["stopped"] else "the cell no longer stops")
    if new["failed"] != old["failed"]:
        found.append(f"pip fails: {new['failed']}" if new["failed"] else "pip no longer fails")
    if new["stopped"] or new["failed"]:
        return found
    if abs(new["download"] - old["download"]) >= MB:
        found.append(f"downloads {new['download']:.0f} MB (was {old['download']:.0f} MB)")
    for name, (have, gets) in sorted(new["replaced"].items()):
        if old["replaced"].get(name, ("", ""))[1] != gets or name not in old["replaced"]:
            verb = "downgrades" if _lower(gets, have) else "replaces"
            found.append(f"{verb} {name} {have} → {gets}")
    found += [f"no longer replaces {name}" for name in sorted(set(old["replaced"]) - set(new["replaced"]))]
    found += [f"breaks {name}" for name in sorted(new["broken"] - old["broken"])]
    found += [f"no longer breaks {name}" for name in sorted(old["broken"] - new["broken"])]
    found += [f"restart needed ({module} replaced while loaded)" for module in sorted(new["restart"] - old["restart"])]
    found += [f"no restart for {module}" for module in sorted(old["restart"] - new["restart"])]
    return found


def _lower(a: str, b: str) -> bool:
    from packaging.version import Version

    return Version(a) < Version(b)


def compare_runtimes(folder: Path, sources: dict[str, str] | None = None) -> tuple[list[Change], list[str]]:
    """Per backend and list, what changes for a reader; and the list changes the cells touch."""
    runtimes = next_runtimes(folder)
    sources = sources or {b: install_cell_source(_notebook(b)) for b in BACKENDS}
    changes, touched = [], []
    for recorded, runtime in runtimes.items():
        touched += [f"{recorded}: {line}" for line in list_changes(RUNTIMES[recorded], runtime)]
        for backend, source in sources.items():
            before, _ = _simulated(backend, RUNTIMES[recorded], source)
            after, note = _simulated(backend, runtime, source)
            assert before is not None  # the recorded runtimes' Pythons are this project's test requirement
            changes.append(Change(backend, recorded, outcome_changes(before, after) if after else [], note))
    return changes, touched


def list_changes(old: Runtime, new: Runtime) -> list[str]:
    """Python and the core packages (the ones a cell must keep) that differ, then how many others."""
    from fnmatch import fnmatch

    found = [f"Python {old.python_full} → {new.python_full}"] if old.python_full != new.python_full else []
    have, gets = old.installed(), new.installed()
    differ = sorted(n for n in have.keys() | gets.keys() if have.get(n) != gets.get(n))
    core = [n for n in differ if any(fnmatch(n, keep) for keep in old.keep)]
    found += [f"{n} {have.get(n, '—')} → {gets.get(n, '—')}" for n in core]
    if len(differ) > len(core):
        found.append(f"{len(differ) - len(core)} other packages differ")
    return found


def _notebook(backend: str) -> Path:
    from .. import layout

    return layout.notebook_path(layout.DOCS / layout.SOURCE_LANGUAGE / "index.md", backend)


def markdown(changes: list[Change], touched: list[str], folder: Path) -> str:
    lines = [f"## Colab's next runtime ({folder})", ""]
    lines += [f"- {line}" for line in touched] or ["- the package lists are those recorded"]
    lines += ["", "| backend | runtime | what changes for a reader |", "| --- | --- | --- |"]
    for change in changes:
        said = "; ".join(change.changes) or ("nothing changes" if not change.note else "")
        said = "; ".join(filter(None, [said, change.note]))
        lines.append(f"| {change.backend} | {change.runtime} | {said} |")
    return "\n".join(lines) + "\n"


def anything(changes: list[Change]) -> bool:
    """Whether a reader would notice (or the run could not tell)."""
    return any(c.changes or c.note for c in changes)
