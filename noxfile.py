"""Sessions that build each backend's environment, run its tests, and build the site.

Each backend has its own environment (their stacks conflict: transformers 5 has no
TensorFlow models, mindone pins transformers 4.57 and numpy<2), pinned in
requirements/<backend>.txt. Run one with ``nox -s pytorch``; extra arguments go to pytest.
"""

from __future__ import annotations

import nox

# `nox` alone (scripts/test) runs all of these: every check the project has.
nox.options.sessions = ["lint", "notebooks_in_sync", "pytorch", "docs"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
PYTHON = "3.11"


def _backend(session: nox.Session, backend: str, tests: list[str]) -> None:
    session.install("-r", f"requirements/{backend}.txt")
    session.install("-e", ".[test]")
    # pytest's exit code 5 (no tests collected) fails the session like any other: a backend
    # session that runs nothing proves nothing. conftest.py says why when it happens.
    session.run("pytest", "--backend", backend, *tests, *session.posargs)


@nox.session(python=PYTHON)
def pytorch(session: nox.Session) -> None:
    """The whole test suite, with every page's PyTorch notebook executed (PyTorch environment)."""
    _backend(session, "pytorch", [])


@nox.session(python=PYTHON)
def notebooks(session: nox.Session) -> None:
    """Remake notebooks/ from the pages; stops, naming them, if a notebook was edited by hand."""
    session.install("-e", ".")
    session.run("finetune-docs", "notebooks", *session.posargs)


@nox.session(python=PYTHON)
def notebooks_in_sync(session: nox.Session) -> None:
    """Fail when a committed notebook differs from what its page makes."""
    session.install("-e", ".")
    session.run("finetune-docs", "notebooks", "--check", *session.posargs)


@nox.session(python=PYTHON)
def standins(session: nox.Session) -> None:
    """Rebuild the Hub stand-ins shipped in src/finetune_docs/standins/files (PyTorch environment)."""
    session.install("-r", "requirements/pytorch.txt")
    session.install("-e", ".")
    session.run("python", "-m", "finetune_docs.standins.build", *session.posargs)


@nox.session(python=PYTHON)
def benchmark(session: nox.Session) -> None:
    """Print wall time and kernel peak memory of each PyTorch notebook, and stand-in build time."""
    session.install("-r", "requirements/pytorch.txt")
    session.install("-e", ".")
    session.run("python", "-m", "finetune_docs.benchmark", "--standins", "--backend", "pytorch", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site into site/ with mkdocs --strict; `nox -s docs -- serve` previews it."""
    session.install("-r", "requirements/docs.txt")
    session.install("-e", ".")
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", *session.posargs[1:])
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff over the package, the tests and this file."""
    session.install("-r", "requirements/lint.txt")
    session.run("ruff", "check", "src", "tests", "noxfile.py", *session.posargs)
