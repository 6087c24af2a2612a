"""Record, from PyPI, what the simulation's local index serves: run by a maintainer, never by tests.

    finetune-docs colab-snapshot [--installed]

For every runtime and every install cell the simulation resolves (each backend's committed
notebook, the cells under colab/data/cells/, and the PyTorch cell with torch pinned back,
which the tests feed), pip resolves the cell against PyPI in the runtime's stand-in
environment (a dry run from metadata alone: nothing is downloaded but PEP 658 metadata);
each distribution it chose is recorded with its Requires-Dist and its file's size (PyPI's
index), together with the Requires-Dist of every preinstalled package on the index at the
version the runtimes ship, where requires.json does not cover it, and the pins the index
lacks, with pip's reason (``--installed`` refreshes that part alone). The result,
colab/data/snapshot.json, is committed: a refresh is a reviewed change.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from ..runtimes import DATA, RUNTIMES, UNKNOWN, normalize
from . import environment
from .cells import PipLine, install_cell_source, pip_lines, repin
from .environment import SNAPSHOT, SimulationError, _requires
from .resolve import dry_run, resolve

PYPI = "https://pypi.org"
FAST = ("--use-feature=fast-deps",)
"""This machine's route to PyPI serves no PEP 658 metadata: pip reads each wheel's METADATA
with HTTP range requests instead of downloading it (and, a dry run, downloads nothing else)."""
REPINNED = "torch==2.13.0"
"""The pin the tests put back into the PyTorch cell to prove the simulation catches it."""


def sources() -> dict[str, str]:
    """Every install cell the simulation resolves, by label."""
    english = layout.DOCS / layout.SOURCE_LANGUAGE / "index.md"
    found = {f"notebook:{b}": install_cell_source(layout.notebook_path(english, b)) for b in BACKENDS}
    found["repinned:pytorch"] = repin(found["notebook:pytorch"], REPINNED)
    found |= {f"cells:{p.stem}": p.read_text(encoding="utf-8") for p in sorted((DATA / "cells").glob("*.txt"))}
    return found


@cache
def project_files(name: str) -> dict[str, dict]:
    """PyPI's files of a project by file name (PEP 691's JSON form of the simple index: sizes, URLs)."""
    accept = {"Accept": "application/vnd.pypi.simple.v1+json"}
    request = urllib.request.Request(f"{PYPI}/simple/{name}/", headers=accept)
    with urllib.request.urlopen(request, timeout=60) as response:
        return {f["filename"]: f for f in json.load(response)["files"]}


BATCH = 40
"""Pins per pip run when reading the preinstalled packages' metadata: one run per pin would
cost a pip start-up each, ~1,400 times."""
MISSING = re.compile(r"(?:No matching distribution found for|satisfies the requirement) ([A-Za-z0-9_.\-]+)==")


def wanted_installed() -> dict[str, str]:
    """Every ``name==version`` the runtimes' lists hold (local labels dropped) whose metadata
    requires.json lacks, with the Python of the first runtime holding it."""
    known = _requires()
    wanted: dict[str, str] = {}
    for runtime in RUNTIMES.values():
        for name, version in runtime.installed().items():
            public = version.split("+")[0]
            if not (name in known and known[name]["version"] == public):
                wanted.setdefault(f"{name}=={public}", runtime.python)
    return wanted


WHEELS = ("--no-deps", "--only-binary=:all:")
"""Wheels only: an sdist's metadata would take building it (compilers, system libraries; minutes each)."""


def _read(python: Path, pins: list[str], found: dict, absent: dict, flags: tuple[str, ...] = WHEELS) -> None:
    """Requires-Dist of each of ``pins`` into ``found``; pip's reason for each it cannot find
    on the index into ``absent`` (a failing pin is dropped and the rest retried)."""
    if not pins:
        return
    try:
        items = dry_run(python, PipLine(flags, tuple(pins)), f"{PYPI}/simple", *FAST)
    except SimulationError as error:
        reason = str(error).strip().splitlines()[-1]
        match = MISSING.search(str(error))
        failed = [p for p in pins if match and normalize(p.split("==")[0]) == normalize(match.group(1))]
        if len(pins) == 1 or failed:
            for pin in failed or pins:
                absent[pin] = reason
            return _read(python, [p for p in pins if p not in (failed or pins)], found, absent, flags)
        half = len(pins) // 2
        _read(python, pins[:half], found, absent, flags)
        _read(python, pins[half:], found, absent, flags)
        return
    versions = {normalize(p.split("==")[0]): p.split("==")[1] for p in pins}
    for item in items:
        found[f"{item.key}=={versions[item.key]}"] = {"version": versions[item.key], **item.meta}
        absent.pop(f"{item.key}=={versions[item.key]}", None)


def installed_section() -> tuple[dict, dict]:
    """Requires-Dist of every preinstalled package with a wheel on the index at the runtimes'
    versions, read by pip as requires.json was (a dry run of each, without dependencies), and the
    pins it cannot find so with pip's reason (sdists only, Colab's own builds, other indexes)."""
    by_python: dict[str, list[str]] = {}
    absent: dict[str, str] = {}
    for pin, python in wanted_installed().items():
        if pin.endswith(f"=={UNKNOWN}"):
            absent[pin] = "installed from a URL: no version to ask the index for"
        else:
            by_python.setdefault(python, []).append(pin)
    found: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="colab-snapshot-") as temp:
        tasks = []
        for python, pins in sorted(by_python.items()):
            venv = Path(temp) / f"venv{python}"
            subprocess.run([environment.python_for(python), "-m", "venv", "--without-pip", str(venv)], check=True)
            tasks += [(venv / "bin" / "python", sorted(pins)[i:i + BATCH]) for i in range(0, len(pins), BATCH)]
        # Network-bound: a few pip runs at once; each writes its own keys.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda task: _read(task[0], task[1], found, absent), tasks))
    print(f"preinstalled: {len(found)} pins read, {len(absent)} without a wheel on the index", file=sys.stderr)
    return dict(sorted(found.items())), dict(sorted(absent.items()))


def _resolve(label: str, source: str, runtime) -> list:
    with tempfile.TemporaryDirectory(prefix="colab-snapshot-") as temp:
        python = environment.make_environment(runtime, Path(temp) / "venv")
        try:
            items = resolve(python, runtime, pip_lines(source), f"{PYPI}/simple", *FAST)
        except SimulationError as error:
            print(f"{label} on {runtime.name}: {str(error).splitlines()[-1]}", file=sys.stderr)
            return []
    print(f"{label} on {runtime.name}: {len(items)} distributions", file=sys.stderr)
    return items


def record_installed() -> int:
    """Refresh the preinstalled section alone (``--installed``): the install cells' resolutions stay."""
    data = environment.snapshot()
    data["installed"], data["not_on_index"] = installed_section()
    data["installed_recorded"] = datetime.date.today().isoformat()
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="finetune-docs colab-snapshot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--installed", action="store_true",
                        help="refresh the preinstalled packages' metadata alone; the cells' resolutions stay")
    args = parser.parse_args(argv)
    if args.installed:
        return record_installed()
    before = SNAPSHOT.read_bytes() if SNAPSHOT.exists() else None
    try:
        return _record()
    except BaseException:
        # The resolutions read the half-made file: put the recorded one back rather than leave that.
        if before is not None:
            SNAPSHOT.write_bytes(before)
        environment.snapshot.cache_clear()
        raise


def _record() -> int:
    found_sources = sources()
    installed, absent = installed_section()
    today = datetime.date.today().isoformat()
    data = {"recorded": today, "index": f"{PYPI}/simple", "sources": found_sources, "installed": installed,
            "installed_recorded": today, "not_on_index": absent, "files": {}}
    SNAPSHOT.write_text(json.dumps(data), encoding="utf-8")
    environment.snapshot.cache_clear()
    tasks = [(label, source, runtime) for label, source in found_sources.items() for runtime in RUNTIMES.values()]
    # Network-bound: a few resolutions at once.
    with ThreadPoolExecutor(max_workers=6) as pool:
        resolved = list(pool.map(lambda task: _resolve(*task), tasks))
    files: dict[str, dict[str, dict]] = {}
    for item in (item for items in resolved for item in items):
        record = files.setdefault(item.key, {})
        if item.filename not in record:
            size = project_files(normalize(item.name))[item.filename]["size"]
            record[item.filename] = {"filename": item.filename, "name": item.name, "version": item.version,
                                     "size": size, "meta": item.meta}
    data["files"] = {name: sorted(records.values(), key=lambda r: r["filename"])
                     for name, records in sorted(files.items())}
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}", file=sys.stderr)
    return 0

