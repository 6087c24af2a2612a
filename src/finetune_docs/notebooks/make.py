"""Turn a page into the notebook for one backend.

The notebook opens with a title cell holding Colab and StudioLab links and an install
cell for the backend (:mod:`.install`), then carries the page's cells that belong to that backend (shared
cells and the backend's own), without outputs: what a reader runs is exactly the page.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jupytext
import nbformat

from .. import layout
from ..backends import Backend
from ..pages import Page, apirefs, callouts
from ..pages.cells import SITE_ONLY
from .install import install_source
from .strings import strings

INSTALL_TAG = "install"
SETUP_TAG = "setup"
META = "finetune_docs"


def open_urls(relative: Path) -> dict[str, str]:
    """Where Colab and StudioLab open the notebook at ``relative`` in the repository."""
    settings = layout.settings()
    where = f"{settings['github_repo']}/blob/{settings['branch']}/{relative.as_posix()}"
    return {
        "Colab": f"https://colab.research.google.com/github/{where}",
        "SageMaker Studio Lab": f"https://studiolab.sagemaker.aws/import/github/{where}",
    }


BADGES = {
    "Colab": "https://colab.research.google.com/assets/colab-badge.svg",
    "SageMaker Studio Lab": "https://studiolab.sagemaker.aws/studiolab.svg",
}


def links(relative: Path, language: str = "en") -> str:
    """Colab and StudioLab badges for the notebook at ``relative`` in the repository."""
    alt = strings(language)["open_in"]
    return "\n".join(f"[![{alt.format(name=name)}]({BADGES[name]})]({url})"
                     for name, url in open_urls(relative).items())


def setup_source(backend: Backend, language: str) -> str:
    """The backend's setup cell, its ``{key}`` comments in the page's language."""
    source = backend.setup
    for key, text in strings(language).items():
        source = source.replace("{" + key + "}", text)
    return source


def cells_digest(cells) -> str:
    """A digest of what a person could edit: each cell's type, source and tags."""
    content = [[c["cell_type"], c["source"], c.get("metadata", {}).get("tags", [])] for c in cells]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _prose(markdown: str) -> str:
    return callouts.to_blockquote(apirefs.resolve(markdown))


def colab_metadata(backend: Backend) -> dict:
    """What Colab writes into a notebook saved on a GPU runtime, so that it opens on one: e.g.
    huggingface/notebooks examples/paligemma/Fine_tune_PaliGemma.ipynb (commit f5a4cace, "A100") and
    sankey99/llm-ex Week_3_Day_1_Colab.ipynb (commit 9a17d37f, "T4") hold ``"accelerator": "GPU"`` and
    ``"colab": {"gpuType": ...}``. Nothing for a CPU backend: Colab's default runtime is a CPU."""
    if not backend.gpu:
        return {}
    return {"accelerator": "GPU", "colab": {"gpuType": backend.gpu, "provenance": []}}


def cell_id(index: int, source: str) -> str:
    """The id of the cell made at ``index`` with ``source``: a record of the text the page made."""
    return hashlib.sha1(f"{index}\0{source}".encode()).hexdigest()[:12]


def make(page: Page, backend: Backend, path: Path, root: Path = layout.ROOT) -> nbformat.NotebookNode:
    """The notebook for ``backend`` made from ``page``, to be saved at ``path``."""
    language = layout.language_of(page.path)
    cells = [
        nbformat.v4.new_markdown_cell(f"# {page.title}\n\n{links(_relative(path, root), language)}"),
        nbformat.v4.new_code_cell(install_source(backend, language), metadata={"tags": [INSTALL_TAG]}),
    ]
    if backend.setup:
        cells.append(nbformat.v4.new_code_cell(setup_source(backend, language), metadata={"tags": [SETUP_TAG]}))
    for cell in page.for_backend(backend.name):
        if SITE_ONLY in cell.tags:
            continue
        metadata = {"tags": list(cell.tags)} if cell.tags else {}
        if cell.kind == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata=metadata))
        elif not cell.source.startswith("# "):
            cells.append(nbformat.v4.new_markdown_cell(_prose(cell.source), metadata=metadata))
        else:
            # The page's title already heads the notebook, above the links.
            rest = _prose(cell.source.split("\n", 1)[1].strip()) if "\n" in cell.source else ""
            if rest:
                cells.append(nbformat.v4.new_markdown_cell(rest, metadata=metadata))
    for index, cell in enumerate(cells):
        cell["id"] = cell_id(index, cell["source"])
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        **colab_metadata(backend),
        META: {
            "page": _relative(page.path, root).as_posix(),
            "backend": backend.name,
            "digest": cells_digest(cells),
        },
    }
    return notebook


def _relative(path: Path, root: Path) -> Path:
    path = Path(path)
    return path.relative_to(root) if path.is_absolute() and path.is_relative_to(root) else path


def dumps(notebook: nbformat.NotebookNode) -> str:
    return jupytext.writes(notebook, fmt="ipynb")
