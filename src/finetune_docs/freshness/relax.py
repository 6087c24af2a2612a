"""A backend's pins relaxed to ``>=`` each pin, less the bounds that must hold (:mod:`.holds`)."""

from __future__ import annotations

from dataclasses import dataclass

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


@dataclass(frozen=True)
class Pin:
    name: str
    """Normalised distribution name."""
    version: str
    line: str
    """The requirement as the file writes it (``huggingface_hub==1.33.0``)."""


def parse_pins(lines: list[str], source: str = "requirements") -> list[Pin]:
    """``name==version`` lines; anything else is one error naming the line."""
    pins = []
    for line in lines:
        requirement = Requirement(line)
        exact = [s for s in requirement.specifier if s.operator == "=="]
        if len(exact) != 1 or len(requirement.specifier) != 1:
            raise ValueError(f"{source}: {line!r} is not pinned with a single ==")
        pins.append(Pin(canonicalize_name(requirement.name), exact[0].version, line))
    return pins


def relaxed(pins: list[Pin], holds: dict[str, tuple[str, str]]) -> list[str]:
    """The requirements a resolver gets: each pin as a floor, a hold kept or added."""
    out = []
    for pin in pins:
        spec, _ = holds.get(pin.name, ("", ""))
        out.append(f"{pin.name}=={pin.version}" if spec == "==" else
                   f"{pin.name}>={pin.version}" + (f",{spec}" if spec else ""))
    return out
