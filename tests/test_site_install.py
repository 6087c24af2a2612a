"""The site's install section shows what each notebook's install cell runs."""

import json

import pytest

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.notebooks.make import setup_source
from finetune_docs.site import install
from finetune_docs.site.render import render


def cell_of(notebook, tag: str) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    cells = [c for c in cells if tag in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"{notebook}: {len(cells)} cells tagged {tag!r}"
    return "".join(cells[0]["source"])


@pytest.mark.parametrize("name", list(BACKENDS))
def test_the_site_shows_each_notebooks_pip_commands_and_setup(name):
    backend = BACKENDS[name]
    notebooks = sorted(layout.NOTEBOOKS.glob(f"*/{name}.ipynb"))
    assert len(notebooks) == len(layout.languages())
    commands = install.pip_commands(backend)
    for notebook in notebooks:
        lines = [line for line in cell_of(notebook, "install").splitlines() if "pip install" in line]
        assert lines == ["%" + command for command in commands], notebook
        if backend.setup:
            assert cell_of(notebook, "setup") == setup_source(backend, layout.language_of(notebook)), notebook


@pytest.mark.parametrize("name", list(BACKENDS))
def test_every_pin_is_in_the_site_commands(name):
    backend = BACKENDS[name]
    shown = " ".join(install.pip_commands(backend))
    for pin in backend.pins():
        package = backend.notebook_distributions.get(backend.package(pin), pin.split("=")[0])
        version = pin.split("==")[1]
        assert package in shown and version in shown, pin


@pytest.mark.parametrize("name", list(BACKENDS))
def test_each_lesson_has_its_frameworks_commands_alone(name):
    page = layout.DOCS / "pt" / "index.md"
    text = render(page.read_text(encoding="utf-8"), page, name)
    section = text.split("\n## Instalação\n", 1)[1].split("\n## ", 1)[0]
    for command in install.pip_commands(BACKENDS[name]):
        assert f"\n{command}\n" in section, command
    for other in set(BACKENDS) - {name}:
        for command in install.pip_commands(BACKENDS[other]):
            assert command not in section, (name, other)
    versions = install.python_versions(BACKENDS[name])
    assert ("Python 3." in section) == bool(versions) and versions in section
    assert ("TF_USE_LEGACY_KERAS" in section) == (name == "tensorflow")


def test_a_cell_without_pip_is_an_error(monkeypatch):
    monkeypatch.setattr(install, "install_source", lambda backend: "import sys")
    with pytest.raises(ValueError, match="PyTorch install cell has no %pip line"):
        install.pip_commands(BACKENDS["pytorch"])
