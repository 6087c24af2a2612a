"""The site's install section: per framework, the pip commands of its notebook's install cell.

The commands are taken from the install cell itself (``notebooks.install.install_source``),
not written again from the pins, so that the site and the notebooks cannot disagree: what a
reader copies from the site is what the notebook runs, without the notebook's ``%``. The
kernel-side parts of the cell (the Python guard, the restart) become a sentence and nothing.
"""

from __future__ import annotations

from ..backends import Backend
from ..notebooks.install import allowed_python, install_source
from ..notebooks.make import setup_source
from . import strings

MAGIC = "%pip "


def pip_commands(backend: Backend) -> list[str]:
    """The shell commands of the backend's install cell: its ``%pip`` lines, as ``pip ...``."""
    commands = [line[1:] for line in install_source(backend).splitlines() if line.startswith(MAGIC)]
    if not commands:
        raise ValueError(f"the {backend.label} install cell has no {MAGIC.strip()} line: the site has nothing to show")
    return commands


def python_versions(backend: Backend) -> str:
    """``3.11-3.12`` for ``>=3.11,<3.13``, as the install cell's guard admits; empty when any Python will do."""
    if not backend.python:
        return ""
    allowed = allowed_python(backend)
    minors = [minor for minor in range(8, 20) if f"3.{minor}" in allowed]
    return f"3.{minors[0]}–3.{minors[-1]}"


def section(language: str, backend: Backend) -> str:
    """The install section of ``backend``'s lesson, in ``language``."""
    parts = [f"## {strings.get(language, 'install_heading')}", strings.get(language, "install_intro")]
    versions = python_versions(backend)
    if versions:
        parts.append(strings.get(language, "install_python", versions=versions))
    parts.append("```bash\n" + "\n".join(pip_commands(backend)) + "\n```")
    if backend.setup:
        parts.append(strings.get(language, "install_setup") + f"\n\n```python\n{setup_source(backend, language)}\n```")
    return "\n\n".join(parts)
