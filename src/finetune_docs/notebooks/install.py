"""A notebook's install cell, made from the backend's pins and the runtimes a reader uses.

Every pin the tests ran with is installed, except that what Colab ships a build of its own
(``Backend.provided``: its CUDA torch, its TensorFlow) is asked for as a range from Colab's
lowest version up to the pin: pip keeps what satisfies it, and a fresh environment gets
the tested version. A backend with wheels for some Pythons only stops at once elsewhere,
naming a runtime that has one; one that replaces a module the kernel already imported
(numpy on Colab) restarts the kernel, after which running the notebook again installs nothing.
"""

from __future__ import annotations

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .. import layout, runtimes
from ..backends import Backend

RESTART = '''
import importlib.metadata
import os

for module in {modules}:
    if module in sys.modules and sys.modules[module].__version__ != importlib.metadata.version(module):
        print(f"{{module}} was replaced while loaded: the runtime restarts now. When it is back, "
              "run the notebook again (Runtime > Run all); this cell then installs nothing.")
        os.kill(os.getpid(), 9)
'''.strip()


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


def python_guard(backend: Backend) -> str:
    allowed = SpecifierSet(backend.python)
    minors = [minor for minor in range(8, 20) if f"3.{minor}" in allowed]
    where = next((r.version for r in runtimes.RUNTIMES.values() if r.colab and r.python in allowed), "")
    advice = [f'"In Colab: Runtime > Change runtime type > Runtime version: {where}, then run this notebook "',
              '"again. Or open it in SageMaker Studio Lab."'] if where else ['"Open it in SageMaker Studio Lab."']
    versions = ", ".join(f"(3, {m})" for m in minors)
    return "\n".join([
        "import sys",
        "",
        f"if sys.version_info[:2] not in ({versions}):",
        "    raise SystemExit(",
        f'        "{backend.label} needs Python 3.{minors[0]}-3.{minors[-1]}; this runtime has Python "',
        '        f"{sys.version_info.major}.{sys.version_info.minor}. "',
        *[f"        {part}" for part in advice],
        "    )",
    ])


def install_source(backend: Backend) -> str:
    plain, no_deps = backend.split_pins()
    lines = [python_guard(backend)] if backend.python else []
    lines.append(f"%pip install {' '.join(requirement(backend, p) for p in plain)}")
    if no_deps:
        lines.append(f"%pip install --no-deps {' '.join(requirement(backend, p) for p in no_deps)}")
    if backend.needs_helpers:
        settings = layout.settings()
        package = f"finetune-docs @ git+https://github.com/{settings['github_repo']}@{settings['branch']}"
        lines.append(f'%pip install --no-deps "{package}"')
    if backend.restart_for:
        if not backend.python:
            lines.insert(0, "import sys\n")
        lines.append(RESTART.format(modules=repr(backend.restart_for)))
    return "\n".join(lines)
