"""What an install cell would do to a runtime: install, replace, break, reload, download.

Breakage is a requirement check of the resulting set, as ``pip check`` runs it (each
distribution's Requires-Dist, markers evaluated for the runtime's Python, extras not
requested), over what the cell installs and what the runtime keeps; only problems the cell
introduces count, not those the runtime's list has already. It covers every preinstalled
package whose metadata PyPI has (requires.json, the snapshot's ``installed``); the snapshot's
``not_on_index`` lists the others, with the reason (``tests/test_colab_snapshot.py``).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.version import Version

from ..runtimes import Runtime, normalize
from .environment import installed_metadata
from .index import wheel_size
from .resolve import Item


@dataclass
class Outcome:
    backend: str
    runtime: str
    stopped: str = ""
    """The install cell's own message where it refuses this runtime's Python."""
    failed: str = ""
    """pip's error where it cannot resolve the cell."""
    installed: list[Item] = field(default_factory=list)
    replaced: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Distribution -> (the runtime's version, the cell's)."""
    broken: list[str] = field(default_factory=list)
    """``dist version: requirement (found)`` for each requirement the cell leaves unmet."""
    reloaded: dict[str, list[str]] = field(default_factory=dict)
    """Module the kernel has loaded -> the distributions the cell installs under it."""
    download: int = 0
    direct: list[str] = field(default_factory=list)
    """Requirements pip would fetch from a URL (not simulated)."""

    @property
    def download_mb(self) -> float:
        return self.download / 1e6


def marker_environment(runtime: Runtime) -> dict[str, str]:
    here = {name: str(value) for name, value in default_environment().items()}
    return here | {"python_version": runtime.python, "implementation_version": runtime.python_full,
                   "python_full_version": runtime.python_full, "platform_system": "Linux",
                   "sys_platform": "linux", "platform_machine": "x86_64", "os_name": "posix"}


def unmet(world: dict[str, tuple[str, dict | None]], runtime: Runtime) -> set[str]:
    """Every requirement of the distributions in ``world`` (name -> (version, metadata)) that it leaves unmet."""
    env, found = marker_environment(runtime) | {"extra": ""}, set()
    for name, (version, meta) in world.items():
        for text in (meta or {}).get("requires_dist") or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate(env):
                continue
            have = world.get(normalize(requirement.name))
            if have is None:
                found.add(f"{name} {version}: {requirement} (missing)")
            elif not requirement.specifier.contains(Version(have[0]), prereleases=True):
                found.add(f"{name} {version}: {requirement} (found {have[0]})")
    return found


def assess(backend: str, runtime: Runtime, items: list[Item]) -> Outcome:
    before = {n: (v, installed_metadata(n, v)) for n, v in runtime.installed().items()}
    after = dict(before) | {i.key: (i.version, i.meta) for i in items}
    outcome = Outcome(backend, runtime.name, installed=items)
    outcome.replaced = {i.key: (before[i.key][0], i.version) for i in items if i.key in before}
    outcome.broken = sorted(unmet(after, runtime) - unmet(before, runtime))
    for module, owners in runtime.loaded.items():
        hits = [i.key for i in items if any(fnmatch.fnmatch(i.key, pattern) for pattern in owners)]
        if hits:
            outcome.reloaded[module] = hits
    outcome.download = sum(wheel_size(i.filename) for i in items)
    return outcome


def problems(outcome: Outcome, runtime: Runtime, exceptions: dict[str, str]) -> list[str]:
    """What the cell must not do on this runtime, less what the backend's registry entry accepts (and why)."""
    def accepted(kind: str, what: str) -> bool:
        return any(fnmatch.fnmatch(f"{kind}:{what}", key) for key in exceptions)

    found = [f"pip cannot resolve it: {outcome.failed.splitlines()[-1]}"] if outcome.failed else []
    found += [f"replaces {name} {old} with {new}" for name, (old, new) in outcome.replaced.items()
              if any(fnmatch.fnmatch(name, keep) for keep in runtime.keep) and not accepted("replace", name)]
    found += [f"breaks {line}" for line in outcome.broken if not accepted("break", line.split(" ", 1)[0])]
    found += [f"replaces {', '.join(dists)} while the kernel has {module} loaded (restart prompt)"
              for module, dists in outcome.reloaded.items() if not accepted("restart", module)]
    if runtime.max_download_mb and outcome.download_mb > runtime.max_download_mb and "download" not in exceptions:
        found.append(f"downloads {outcome.download_mb:.0f} MB (at most {runtime.max_download_mb:.0f} MB)")
    return found
