"""Where things live in a project: pages in docs/<language>/, notebooks beside them.

The project is found where the command runs, not where the package is installed: the
folder named by ``FINETUNE_DOCS_ROOT``, else the nearest folder at or above the working
directory whose pyproject.toml has a ``[tool.finetune_docs]`` table, else the checkout
this package was imported from (an editable install). The checks that other projects
use on their own files (``check-encoding FILE``, ``translations --english A B``) need
no project at all; the commands that do (``notebooks``, ``translations`` without paths)
call :func:`require` for one clear line when there is none.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ENV = "FINETUNE_DOCS_ROOT"
TABLE = "finetune_docs"
SOURCE_LANGUAGE = "en"


EXECUTIONS_VARIABLE = "FINETUNE_DOCS_CACHE_DIR"
"""Where executed runs are kept (the execution cache); else ``.cache/executions/`` in the project."""
ENVIRONMENTS_VARIABLE = "FINETUNE_DOCS_READER_ENVS"
"""Where reader environments are kept; else ``$XDG_CACHE_HOME/finetune-docs/reader-envs``."""
RESULTS_VARIABLE = "FINETUNE_DOCS_RESULTS"
"""Where passed nox sessions' results are kept; else ``$XDG_CACHE_HOME/finetune-docs/results``."""


def executions_folder() -> Path:
    """The execution cache's folder: ``$FINETUNE_DOCS_CACHE_DIR``, else ``.cache/executions/`` in the project."""
    return Path(os.environ.get(EXECUTIONS_VARIABLE) or ROOT / ".cache" / "executions")


def user_cache(variable: str, name: str) -> Path:
    """``$variable``, else ``name`` in this user's cache folder (``$XDG_CACHE_HOME/finetune-docs``):
    what is kept outside any clone, so that every clone on the machine shares it."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "finetune-docs" / name


class NoProject(Exception):
    """A command needs a project tree (docs/, notebooks/, requirements/) and none was found."""


def is_project(folder: Path) -> bool:
    """Whether ``folder`` holds a pyproject.toml with a ``[tool.finetune_docs]`` table."""
    try:
        with (folder / "pyproject.toml").open("rb") as handle:
            return TABLE in tomllib.load(handle).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def find_root(start: Path | None = None, environ: dict[str, str] | None = None) -> Path | None:
    """The project's folder (see the module's docstring), or None when there is none."""
    named = (os.environ if environ is None else environ).get(ENV)
    if named:
        return Path(named).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    checkout = Path(__file__).resolve().parents[2]
    return checkout if is_project(checkout) else None


FOUND = find_root()
ROOT = FOUND or Path.cwd().resolve()
"""The project's folder; the working directory when there is none (see :func:`require`)."""
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"


def require(what: str = "this command") -> Path:
    """:data:`ROOT`, or :class:`NoProject` saying how to name one."""
    if FOUND is None:
        raise NoProject(f"{what} needs a finetune-docs project (a pyproject.toml with [tool.{TABLE}]) at or "
                        f"above {Path.cwd()}: run it there, or set {ENV} to the project's folder")
    return FOUND


def languages(docs: Path = DOCS) -> list[str]:
    """Languages with a folder of pages, the source language first."""
    found = sorted(p.name for p in docs.iterdir() if p.is_dir() and len(p.name) == 2)
    return sorted(found, key=lambda lang: lang != SOURCE_LANGUAGE)


def pages(language: str, docs: Path = DOCS) -> list[Path]:
    return sorted((docs / language).glob("*.md"))


def language_of(page: Path) -> str:
    return Path(page).parent.name


def notebook_path(page: Path, backend: str, notebooks: Path = NOTEBOOKS) -> Path:
    """notebooks/<language>/<backend>.ipynb for a language's index page, <stem>-<backend> else."""
    page = Path(page)
    name = backend if page.stem == "index" else f"{page.stem}-{backend}"
    return notebooks / language_of(page) / f"{name}.ipynb"


def settings() -> dict:
    """The [tool.finetune_docs] table of pyproject.toml."""
    with (require("reading [tool.finetune_docs]") / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"][TABLE]
