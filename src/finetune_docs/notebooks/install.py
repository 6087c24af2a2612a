"""A notebook's install cell, made from the backend's pins and the runtimes a reader uses.

Every pin the tests ran with is installed, except that what Colab ships a build of its own
(``Backend.provided``: its CUDA torch, its TensorFlow) is asked for as a range from Colab's
lowest version up to the pin: pip keeps what satisfies it, and a fresh environment gets
the tested version. A backend with wheels for some Pythons only stops at once elsewhere,
naming a runtime that has one; one that replaces a module the kernel already imported
(numpy on Colab) restarts the kernel, after which running the notebook again installs nothing.
"""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .. import layout, runtimes
from ..backends import Backend
from .strings import strings

RESTART = '''
import os
import time

for module in {modules}:
    if module in sys.modules and sys.modules[module].__version__ != importlib.metadata.version(module):
        print({message})
        # {comment}
        sys.stdout.flush()
        time.sleep(1)
        os.kill(os.getpid(), 9)
'''.strip()

INSTALLED = '''
try:
    importlib.metadata.version({name!r})
except importlib.metadata.PackageNotFoundError:
    raise SystemExit(
        {message}
    ) from None
'''.strip()
"""%pip reports a failed install and goes on: the cell stops here instead, saying what failed."""

RUNTIME_FIELDS = {"current": "{sys.version_info.major}.{sys.version_info.minor}", "module": "{module}"}
"""Fields of the strings that the cell fills in when it runs, as f-string fields."""


def literal(text: str, indent: int, width: int = 96) -> str:
    """``text`` as adjacent Python string literals of at most ``width`` characters a line
    (f-strings where it holds a field of :data:`RUNTIME_FIELDS`)."""
    text = text.format(**RUNTIME_FIELDS)
    lines, line = [], ""
    for word in text.split(" "):
        if line and indent + len(line) + len(word) + 5 > width:
            lines.append(line)
            line = ""
        line += word + " "
    lines.append(line.rstrip())
    quoted = [("f" if "{" in part else "") + '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
              for part in lines]
    return ("\n" + " " * indent).join(quoted)


def _project() -> dict:
    with (layout.require("reading pyproject.toml") / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def helper_python() -> str:
    """The helper package's requires-python (pyproject.toml), which pip enforces even with --no-deps."""
    return _project()["requires-python"]


def helpers_url() -> str:
    """Where a notebook installs the helper package from: one commit of the published repository
    (``helpers_commit``), never a branch, whose later commits would change what an old notebook
    gets. The reader runs install it from that commit of this clone (DESIGN.md, "Reader runs")."""
    settings = layout.settings()
    return f"git+https://github.com/{settings['github_repo']}@{settings['helpers_commit']}"


def allowed_python(backend: Backend) -> SpecifierSet:
    """Where the notebook runs: its wheels' Pythons, and the helper package's where it installs it."""
    allowed = SpecifierSet(backend.python)
    return allowed & SpecifierSet(helper_python()) if backend.needs_helpers else allowed


def requirement(backend: Backend, pin: str) -> str:
    """A pin as the install cell writes it: renamed where the notebook needs another
    distribution, a quoted range where Colab provides its own build."""
    name = Requirement(pin).name
    notebook_name = backend.notebook_distributions.get(backend.package(pin), name)
    if backend.package(pin) not in backend.provided:
        return notebook_name + pin[len(name):]
    version = pin.split("==", 1)[1]
    lowest = runtimes.lowest_shipped(notebook_name) or version
    return f"{notebook_name}=={version}" if lowest == version else f'"{notebook_name}>={lowest},<={version}"'


def python_guard(backend: Backend, language: str = "en") -> str:
    words = strings(language)
    allowed = allowed_python(backend)
    minors = [minor for minor in range(8, 20) if f"3.{minor}" in allowed]
    where = next((r.version for r in runtimes.RUNTIMES.values() if r.colab and r.python in allowed), "")
    message = " ".join([
        words["python"].format(label=backend.label, lowest=f"3.{minors[0]}", highest=f"3.{minors[-1]}",
                               current="{current}"),
        words["python_colab"].format(version=where) if where else words["python_elsewhere"],
    ])
    versions = ", ".join(f"(3, {m})" for m in minors)
    return "\n".join([
        "import sys",
        "",
        f"if sys.version_info[:2] not in ({versions}{',' if len(minors) == 1 else ''}):",
        f"    raise SystemExit(\n        {literal(message, 8)}\n    )",
    ])


def install_source(backend: Backend, language: str = "en") -> str:
    words = strings(language)
    plain, no_deps = backend.split_pins()
    lines = [python_guard(backend, language)] if backend.python else []
    lines.append(f"%pip install {' '.join(requirement(backend, p) for p in plain)}")
    if no_deps:
        lines.append(f"%pip install --no-deps {' '.join(requirement(backend, p) for p in no_deps)}")
    if backend.needs_helpers:
        url = helpers_url()
        lines.append(f'%pip install --no-deps "finetune-docs @ {url}"')
    if backend.needs_helpers or backend.restart_for:
        lines.append("import importlib.metadata\n")
    if backend.needs_helpers:
        failed = words["install_failed"].format(package="finetune-docs", url=url)
        lines.append(INSTALLED.format(name="finetune-docs", message=literal(failed, 8)) + "\n")
    if backend.restart_for:
        if not backend.python:
            lines.insert(0, "import sys\n")
        lines.append(RESTART.format(modules=repr(backend.restart_for), message=literal(words["restart"], 14),
                                    comment=words["restart_comment"]))
    return "\n".join(lines)


def installs(source: str) -> str:
    """The ``%pip`` lines of an install cell: what it installs, the same in every language
    (its messages are each page's language)."""
    return "\n".join(line for line in source.splitlines() if line.lstrip().startswith("%pip"))
