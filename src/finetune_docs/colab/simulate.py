"""One install cell in one runtime, offline: its guard run in the runtime's Python, then pip's
dry run in the runtime's stand-in environment against the local index."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from ..runtimes import Runtime
from . import environment, index
from .cells import pip_lines, preamble
from .environment import SimulationError
from .outcome import Outcome, assess
from .resolve import resolve


@cache
def index_url() -> str:
    root = Path(tempfile.mkdtemp(prefix="colab-index-"))
    atexit.register(shutil.rmtree, root, True)
    return index.write(root / "index")


def guard(runtime: Runtime, source: str) -> str:
    """The message with which the cell's own Python, run before its %pip lines, refuses the runtime ('' if not)."""
    code = preamble(source)
    if not code.strip():
        return ""
    done = subprocess.run([environment.python_for(runtime.python), "-c", code], capture_output=True, text=True)
    return done.stderr.strip() if done.returncode else ""


def simulate(backend: str, runtime: Runtime, source: str) -> Outcome:
    stopped = guard(runtime, source)
    if stopped:
        return Outcome(backend, runtime.name, stopped=stopped)
    lines = pip_lines(source)
    with tempfile.TemporaryDirectory(prefix="colab-env-") as temp:
        python = environment.make_environment(runtime, Path(temp) / "venv")
        try:
            items = resolve(python, runtime, lines, index_url(), offline=True)
        except SimulationError as error:
            if "could not resolve" not in str(error):
                raise
            return Outcome(backend, runtime.name, failed=str(error))
    outcome = assess(backend, runtime, items)
    outcome.direct = [d for line in lines for d in line.direct]
    return outcome
