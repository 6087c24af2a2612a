"""Record, from PyPI, what the simulation's local index serves: run by a maintainer, never by tests.

    python -m finetune_docs.colab.snapshot

For every runtime and every install cell the simulation resolves (each backend's committed
notebook, the cells under colab/data/cells/, and the PyTorch cell with torch pinned back,
which the tests feed), pip resolves the cell against PyPI in the runtime's stand-in
environment (a dry run from metadata alone: nothing is downloaded but PEP 658 metadata);
each distribution it chose is recorded with its Requires-Dist and its file's size (PyPI's
index), together with the Requires-Dist of the preinstalled packages whose versions
requires.json does not cover. The result, colab/data/snapshot.json, is committed: a refresh
is a reviewed change.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from .. import layout
from ..backends import BACKENDS
from ..runtimes import DATA, RUNTIMES, normalize
from . import environment
from .cells import PipLine, install_cell, pip_lines, repin
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
    found = {f"notebook:{b}": install_cell(layout.notebook_path(layout.DOCS / layout.SOURCE_LANGUAGE / "index.md", b))
             for b in BACKENDS}
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


def installed_section() -> dict:
    """Requires-Dist of preinstalled packages (those requires.json lists) at versions it lacks,
    read by pip as requires.json was: a dry run of each, without dependencies."""
    known = _requires()
    wanted: dict[str, set[str]] = {}
    for runtime in RUNTIMES.values():
        for name, version in runtime.installed().items():
            public = version.split("+")[0]
            if name in known and known[name]["version"] != public:
                wanted.setdefault(runtime.python, set()).add(f"{name}=={public}")
    found = {}
    for python, pins in wanted.items():
        with tempfile.TemporaryDirectory(prefix="colab-snapshot-") as temp:
            venv = Path(temp) / "venv"
            subprocess.run([environment.python_for(python), "-m", "venv", "--without-pip", str(venv)], check=True)
            for pin in sorted(pins):
                try:
                    (item,) = dry_run(venv / "bin" / "python", PipLine(("--no-deps", "--only-binary=:all:"), (pin,)),
                                      f"{PYPI}/simple", *FAST)
                except SimulationError as error:
                    print(f"{pin}: {str(error).splitlines()[-1]} (recorded without requirements)", file=sys.stderr)
                    continue
                found[f"{item.key}=={item.version}"] = {"version": item.version, **item.meta}
    return found


def _resolve(label: str, source: str, runtime) -> list:
    with tempfile.TemporaryDirectory(prefix="colab-snapshot-") as temp:
        python = environment.make(runtime, Path(temp) / "venv")
        try:
            items = resolve(python, runtime, pip_lines(source), f"{PYPI}/simple", *FAST)
        except SimulationError as error:
            print(f"{label} on {runtime.name}: {str(error).splitlines()[-1]}", file=sys.stderr)
            return []
    print(f"{label} on {runtime.name}: {len(items)} distributions", file=sys.stderr)
    return items


def main() -> int:
    found_sources = sources()
    data = {"recorded": datetime.date.today().isoformat(), "index": f"{PYPI}/simple", "sources": found_sources,
            "installed": installed_section(), "files": {}}
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


if __name__ == "__main__":
    sys.exit(main())
