"""uv's resolution: the newest a relaxed set allows, and the newest release of one package.

Both read the sources pip is configured with here, as uv's variables (``uvconfig.from_pip``):
this machine's local wheels and its constraints (torch capped at the CPU wheel on disk) apply
to what is built and tested. The newest on the index is asked without those constraints, so
the report shows what the cap hides.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from packaging.utils import canonicalize_name

LINE = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


class ResolveError(Exception):
    """uv could not resolve the set (its message's last lines)."""


def uv() -> str:
    """uv: $UV, on PATH, beside this interpreter, or scripts/nox.sh's (.venv-nox)."""
    from .. import layout

    beside = [Path(sys.executable).parent / "uv", layout.ROOT / ".venv-nox" / "bin" / "uv"]
    found = os.environ.get("UV") or shutil.which("uv") or next((str(p) for p in beside if p.is_file()), "")
    if not found:
        raise ResolveError("uv is not installed here (scripts/nox.sh installs it into .venv-nox)")
    return found


def compile_pins(requirements: list[str], python: str, env: dict[str, str], *flags: str,
                 drop: tuple[str, ...] = ()) -> dict[str, str]:
    """Normalised name -> version of everything ``uv pip compile`` chooses for ``requirements``
    (``drop``: variables of ``env`` or of this process it must not see)."""
    if not requirements:
        return {}
    full = {k: v for k, v in (os.environ | env).items() if k not in drop}
    done = subprocess.run([uv(), "pip", "compile", "-", "--python-version", python, "--no-header", "--no-annotate",
                           "--quiet", *flags], input="\n".join(requirements) + "\n", capture_output=True, text=True,
                          env=full)
    if done.returncode:
        raise ResolveError(" ".join(done.stderr.strip().splitlines()[-6:]) or f"uv exited {done.returncode}")
    return {canonicalize_name(m[1]): m[2] for m in map(LINE.match, done.stdout.splitlines()) if m}


def newest(requirements: list[str], no_deps: list[str], python: str, env: dict[str, str]) -> dict[str, str]:
    """The newest set the requirements allow; ``no_deps`` ones resolved alone, without their dependencies."""
    return compile_pins(requirements, python, env) | compile_pins(no_deps, python, env, "--no-deps")


def newest_release(name: str, python: str, env: dict[str, str]) -> str:
    """The newest release of one distribution with a file for ``python`` ('' where there is none)."""
    try:
        return compile_pins([name], python, env, "--no-deps", drop=("UV_CONSTRAINT",)).get(canonicalize_name(name), "")
    except ResolveError:
        return ""


def machine_note(env: dict[str, str]) -> str:
    """How this machine's pip configuration shapes the run, in one paragraph."""
    constraints = env.get("UV_CONSTRAINT", "")
    if not constraints:
        return "No pip constraints here: every newest release allowed was built and tested."
    held = [line.strip() for path in constraints.split() if Path(path).is_file()
            for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip() and line[0] != "#"]
    return (f"This machine's pip configuration constrains {', '.join(held) or constraints} ({constraints}); "
            "what is built and tested obeys it, and torch stays at the CPU wheel on this machine's disk: a newer "
            "torch is listed under 'newest on the index' and is **not tested here**.")
