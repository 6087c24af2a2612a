"""A page becomes one notebook per backend: links, install cell, then the page's cells."""

from pathlib import Path

import nbformat
import pytest

from finetune_docs.backends import BACKENDS
from finetune_docs.notebooks.make import INSTALL_TAG, cells_digest, dumps, make
from finetune_docs.pages import reads

PAGE = """# Title

Intro.

```python
shared = 1
```

```output
nothing
```

```python tags=["pytorch"]
import torch
```
"""


def notebook(backend="pytorch"):
    return make(reads(PAGE, "docs/en/index.md"), BACKENDS[backend], Path("notebooks/en/pytorch.ipynb"))


def test_header_links_point_at_the_committed_notebook():
    first = notebook().cells[0]
    assert first.source.startswith("# Title\n")
    assert "colab.research.google.com/github/" in first.source
    assert "studiolab.sagemaker.aws/import/github/" in first.source
    assert first.source.count("/blob/main/notebooks/en/pytorch.ipynb") == 2


def test_install_cell_installs_every_pin_and_colabs_own_torch_as_a_range():
    install = notebook().cells[1]
    assert install.metadata["tags"] == [INSTALL_TAG]
    pins = install.source.split("\n")[0].removeprefix("%pip install ").split()
    assert pins[1:] == BACKENDS["pytorch"].pins()[1:]
    assert pins[0] == '"torch>=2.11.0,<=2.13.0"' and BACKENDS["pytorch"].pins()[0] == "torch==2.13.0"


def test_tensorflow_install_cell_installs_tensorflow_and_tf_keras_without_its_dependencies():
    lines = notebook("tensorflow").cells[1].source.split("\n")
    assert lines[0].startswith("%pip install tensorflow==")
    assert "tensorflow-cpu" not in "\n".join(lines)
    assert lines[1].startswith('%pip install --no-deps "tf-keras>=')


def test_page_cells_follow_without_outputs_or_output_blocks():
    cells = notebook().cells[2:]
    assert [c.cell_type for c in cells] == ["markdown", "code", "code"]
    assert cells[0].source == "Intro."
    assert all(c.outputs == [] for c in cells if c.cell_type == "code")
    assert "```output" not in dumps(notebook())


def test_output_is_deterministic_and_records_its_digest():
    first, second = dumps(notebook()), dumps(notebook())
    assert first == second
    parsed = nbformat.reads(first, as_version=4)
    nbformat.validate(parsed)
    assert parsed.metadata["finetune_docs"]["digest"] == cells_digest(parsed.cells)
    assert parsed.metadata["finetune_docs"]["page"] == "docs/en/index.md"


def committed():
    from finetune_docs import layout

    return sorted(layout.NOTEBOOKS.rglob("*.ipynb"))


@pytest.mark.parametrize("path", committed(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_notebook_holds_its_backend_and_no_other(path):
    """Upstream once shipped "TensorFlow" notebooks without a line of TensorFlow."""
    notebook = nbformat.read(path, as_version=4)
    backend = notebook.metadata["finetune_docs"]["backend"]
    tags = [set(c.metadata.get("tags", [])) & set(BACKENDS) for c in notebook.cells]
    assert all(backend in t for t in tags if t), "a cell of another backend slipped in"
    own_code = [c.source for c, t in zip(notebook.cells, tags, strict=True) if t == {backend} and c.cell_type == "code"]
    assert own_code, f"no {backend} code cell"
    imports = {"pytorch": "import torch", "tensorflow": "import tensorflow", "mindspore": "import mindspore"}
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    for name, statement in imports.items():
        assert (statement in code) == (name == backend), f"{statement!r} in the {backend} notebook"


def test_site_only_prose_is_left_out_of_notebooks_and_notebook_only_prose_kept():
    page = ('# Title\n\n<!-- #region tags=["site-only"] -->\nThe tabs below.\n<!-- #endregion -->\n\n'
            '<!-- #region tags=["notebook-only"] -->\nThis notebook.\n<!-- #endregion -->\n')
    made = make(reads(page, "docs/en/index.md"), BACKENDS["pytorch"], Path("notebooks/en/pytorch.ipynb"))
    prose = "\n".join(cell.source for cell in made.cells if cell.cell_type == "markdown")
    assert "The tabs below." not in prose and "This notebook." in prose


@pytest.mark.parametrize("path", committed(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pytorch_and_tensorflow_notebooks_open_on_a_colab_gpu_and_mindspore_on_a_cpu(path):
    # What Colab writes when a notebook is saved on a T4 runtime (notebooks/make.py cites examples).
    metadata = nbformat.read(path, as_version=4).metadata
    if metadata["finetune_docs"]["backend"] in ("pytorch", "tensorflow"):
        assert metadata["accelerator"] == "GPU" and metadata["colab"]["gpuType"] == "T4"
    else:
        assert "accelerator" not in metadata and "gpuType" not in metadata.get("colab", {})
