"""An environment of exact pins, built with uv as the backend sessions build theirs, and the
backend's tutorial tests run in it: passed, or the failing page line and the error's first line."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .resolve import uv

PAGE_LINE = re.compile(r"\b(docs/[a-z]{2}(?:-[A-Za-z]+)?/[^\s:()]+\.md:\d+)")
FAILED_TEST = re.compile(r"^(?:FAILED|ERROR) (\S+)")
"""pytest's summary line of a failed test: where, when the failure names no page line."""
ERROR = re.compile(r"^(?:E\s+)?((?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Exit)\b.*)$")

TestCommand = Callable[[Path], list[str]]
"""The environment's interpreter -> the command that runs the tutorial tests with it."""


@dataclass(frozen=True)
class Result:
    passed: bool
    built: bool = True
    """False: uv could not install the set (``error`` says why)."""
    where: str = ""
    """The first page line the failure names (``docs/en/index.md:284``)."""
    error: str = ""
    """The error's first line."""


def build_venv(folder: Path, pins: dict[str, str], no_deps: tuple[str, ...], python: str, env: dict[str, str],
          extra: tuple[str, ...] = ()) -> Path:
    """A venv at ``folder`` holding exactly ``pins`` (``no_deps`` names installed without dependencies)
    and ``extra`` (``-e .[test]``); returns its interpreter. Raises CalledProcessError with uv's output."""
    full = os.environ | env

    def run(command: list[str]) -> None:
        subprocess.run(command, check=True, capture_output=True, text=True, env=full)

    run([uv(), "venv", "--quiet", "--clear", "--python", python, str(folder)])
    interpreter = folder / "bin" / "python"
    plain = [f"{n}=={v}" for n, v in pins.items() if n not in no_deps]
    bare = [f"{n}=={v}" for n, v in pins.items() if n in no_deps]
    for words in (plain + list(extra), ["--no-deps", *bare] if bare else []):
        if words:
            run([uv(), "pip", "install", "--quiet", "--python", str(interpreter), *words])
    return interpreter


def failure_place(output: str) -> tuple[str, str]:
    """(the first page line named, else the first failed test; the error's first line) of a failed run's output."""
    where = next((m[1] for m in map(PAGE_LINE.search, output.splitlines()) if m), "")
    where = where or next((m[1] for m in map(FAILED_TEST.match, output.splitlines()) if m), "")
    # pytest's own "E   " lines first: a collection error's header ("ImportError while importing
    # test module ...") is not the error.
    errors = [m for m in map(ERROR.match, output.splitlines()) if m]
    pytests = [m[1].strip() for m in errors if m[0].startswith("E ")]
    error = (pytests or [m[1].strip() for m in errors] or [""])[0]
    if not error:
        error = next((line.strip() for line in reversed(output.splitlines()) if line.strip()), "")
    return where, error[:300]


def attempt(folder: Path, pins: dict[str, str], no_deps: tuple[str, ...], python: str, env: dict[str, str],
            tests: TestCommand, extra: tuple[str, ...] = (), cwd: Path | None = None) -> Result:
    """Build the environment and run the tests in it."""
    try:
        interpreter = build_venv(folder, pins, no_deps, python, env, extra)
    except subprocess.CalledProcessError as failed:
        lines = (failed.stderr or failed.stdout or "").strip().splitlines()
        return Result(False, built=False, error=" ".join(lines[-4:])[:300])
    done = subprocess.run(tests(interpreter), capture_output=True, text=True, cwd=cwd)
    if done.returncode == 0:
        return Result(True)
    where, first = failure_place(done.stdout + "\n" + done.stderr)
    return Result(False, where=where, error=first)
