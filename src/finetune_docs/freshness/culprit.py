"""Where the newest set fails: which single upgrade of the pinned set does (one at a time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .build import Result


@dataclass(frozen=True)
class Culprit:
    name: str
    version: str
    result: Result


@dataclass
class Search:
    culprit: Culprit | None = None
    tried: list[tuple[str, str, Result]] = field(default_factory=list)
    """Each upgrade tried alone, in order, with what it gave."""


def find(pinned: dict[str, str], newest: dict[str, str], attempt: Callable[[dict[str, str]], Result]) -> Search:
    """The pinned set with one upgrade at a time (each name of ``newest`` whose version differs); the
    first that builds and fails the tests is the culprit. One that cannot be installed alone (it needs
    another upgrade too) is recorded and passed over."""
    search = Search()
    for name in sorted(n for n in pinned if newest.get(n, pinned[n]) != pinned[n]):
        trial = dict(pinned) | {name: newest[name]}
        result = attempt(trial)
        search.tried.append((name, newest[name], result))
        if result.built and not result.passed:
            search.culprit = Culprit(name, newest[name], result)
            break
    return search
