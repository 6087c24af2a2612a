"""The backends the tutorial is written for: one registry entry each.

Everything that differs between backends is here — the tag that marks a page's cells
as belonging to it, its pinned requirements, what its notebook's install cell installs,
the environment its kernel needs, the nox session that builds that environment, and the
module whose presence tells that the environment is the right one. Code elsewhere looks
backends up here instead of testing their names.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from .layout import ROOT

REQUIREMENTS = ROOT / "requirements"


@dataclass(frozen=True)
class Backend:
    name: str
    """The cell tag, the nox session, and the notebook's file name."""
    label: str
    """The title of the backend's tab on the site."""
    probe: str
    """A module only this backend's environment has."""
    preinstalled: tuple[str, ...] = ()
    """Requirements Colab and StudioLab already provide; the install cell leaves them."""
    kernel_env: dict[str, str] = field(default_factory=dict)
    """Environment variables its kernel needs from the start (tests set them too)."""
    setup: str = ""
    """Code the notebook's install cell runs after installing, in Colab as in tests."""

    @property
    def requirements(self) -> Path:
        return REQUIREMENTS / f"{self.name}.txt"

    def pins(self) -> list[str]:
        """The requirement lines of its pinned requirements file."""
        lines = self.requirements.read_text(encoding="utf-8").splitlines()
        return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]

    def install_pins(self) -> list[str]:
        """What a notebook user must install on top of what Colab provides."""
        def name(pin: str) -> str:
            return pin.split("==")[0].split("<")[0].split(">")[0].split("[")[0].strip().lower()

        return [pin for pin in self.pins() if name(pin) not in self.preinstalled]

    def available(self) -> bool:
        return importlib.util.find_spec(self.probe) is not None

    def missing_message(self) -> str:
        return (
            f"The {self.label} environment is not installed here ({self.probe} cannot be "
            f"imported): run `nox -s {self.name}` to build it and run its tests."
        )


BACKENDS: dict[str, Backend] = {
    backend.name: backend
    for backend in (
        Backend(name="pytorch", label="PyTorch", probe="torch", preinstalled=("torch",)),
    )
}
TAGS = frozenset(BACKENDS)


def get(name: str) -> Backend:
    try:
        return BACKENDS[name]
    except KeyError:
        raise KeyError(f"unknown backend {name!r}; known: {', '.join(BACKENDS)}") from None
