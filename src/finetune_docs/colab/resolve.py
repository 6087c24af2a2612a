"""pip's own resolution of an install cell in a stand-in environment, without installing anything.

Each ``%pip install`` line is one ``pip install --dry-run --report`` run, configured as on a
reader's machine (no configuration file, no ``PIP_*`` variables of this machine: its wheel
folder and constraints); what it would install is then written as stand-ins, so that the next
line sees it, as it would after the real install.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..reader.resolve import site_packages
from ..runtimes import Runtime, normalize
from .cells import PipLine
from .environment import SimulationError, write_standin

PIP_MIN = (25, 3)
"""pip 25.3 stopped downloading wheels in a dry run when the index serves their metadata (pip#13482)."""


@dataclass(frozen=True)
class Item:
    """One distribution pip would install."""

    name: str
    version: str
    filename: str
    requested: bool
    meta: dict = field(hash=False, compare=False)
    """requires_python, requires_dist, provides_extra."""

    @property
    def key(self) -> str:
        return normalize(self.name)


DEAD_PROXY = "http://127.0.0.1:9"
"""Where an offline run sends any HTTP request pip might still make: the discard port, refused at once."""


def pip_environment(offline: bool) -> dict[str, str]:
    """This process's environment without pip's settings of this machine, as a reader's pip sees it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and "proxy" not in k.lower()}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    return env | ({"HTTP_PROXY": DEAD_PROXY, "HTTPS_PROXY": DEAD_PROXY, "ALL_PROXY": DEAD_PROXY} if offline else {})


def check_pip() -> None:
    # Asked of the installed metadata, not by importing pip: an environment built by uv has no pip
    # unless something asks for it (the test extra does).
    from importlib.metadata import PackageNotFoundError, version

    wanted = ".".join(map(str, PIP_MIN))
    try:
        found = version("pip")
    except PackageNotFoundError:
        raise SimulationError(f"pip is not installed here; the simulation needs pip >= {wanted} "
                              "(the test extra pins it)") from None
    if tuple(int(part) for part in found.split(".")[:2]) < PIP_MIN:
        raise SimulationError(f"pip {found} downloads every wheel in a dry run; the simulation "
                              f"needs pip >= {wanted} (the test extra pins it)")


def dry_run(python: Path, line: PipLine, index_url: str, *extra: str, offline: bool = False) -> list[Item]:
    """What pip would install for one line, in the environment of ``python``."""
    with tempfile.TemporaryDirectory(prefix="colab-report-") as temp:
        report = Path(temp) / "report.json"
        command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--dry-run", "--quiet",
                   "--report", str(report), "--index-url", index_url, "--no-cache-dir", "--progress-bar", "off",
                   *extra, *line.flags, *line.requirements]
        done = subprocess.run(command, env=pip_environment(offline), capture_output=True, text=True)
        if done.returncode != 0:
            raise SimulationError(f"pip could not resolve `{' '.join(line.requirements)}`:\n{done.stderr.strip()}")
        found = json.loads(report.read_text(encoding="utf-8"))
    return [Item(name=i["metadata"]["name"], version=i["metadata"]["version"],
                 filename=unquote(urlsplit(i["download_info"]["url"]).path.rsplit("/", 1)[-1]),
                 requested=i.get("requested", False),
                 meta={k: i["metadata"].get(k) for k in ("requires_python", "requires_dist", "provides_extra")})
            for i in found["install"]]


def resolve(python: Path, runtime: Runtime, lines: list[PipLine], index_url: str, *extra: str,
            offline: bool = False) -> list[Item]:
    """Every line in turn, each seeing what the lines before it installed."""
    items: dict[str, Item] = {}
    site = site_packages(python.parent.parent)
    check_pip()
    for line in lines:
        if not line.requirements:
            continue
        for item in dry_run(python, line, index_url, *extra, offline=offline):
            write_standin(site, item.name, item.version, item.meta)
            items[item.key] = item
    return list(items.values())
