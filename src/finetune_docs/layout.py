"""Where things live in the repository: pages in docs/<language>/, notebooks beside them."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
SOURCE_LANGUAGE = "en"


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
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["finetune_docs"]
