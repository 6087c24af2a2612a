"""Pages render for mkdocs-material: one backend's run of cells becomes content tabs."""

from finetune_docs import layout
from finetune_docs.site.render import render

PAGE = """# Title

Shared.

<!-- #region tags=["pytorch"] -->
Torch prose.
<!-- #endregion -->

```python tags=["pytorch"]
import torch
```

```output
ok
```

Shared again.
"""


def test_backend_cells_become_a_tab_and_shared_cells_stay_outside():
    text = render(PAGE, layout.DOCS / "en" / "index.md")
    assert '=== "PyTorch"\n\n    Torch prose.\n\n    ```python\n    import torch\n    ```' in text
    assert '    ```text title="Output"\n    ok\n    ```' in text
    assert "\nShared.\n" in text and text.rstrip().endswith("Shared again.")
    assert "tags=" not in text and "#region" not in text


def test_title_is_followed_by_a_notebook_link_per_backend():
    text = render(PAGE, layout.DOCS / "en" / "index.md")
    assert text.startswith("# Title\n\n| | |")
    assert "notebooks/en/pytorch.ipynb" in text


def test_a_stale_translation_gets_a_banner(tmp_path, monkeypatch):
    from finetune_docs.translations import status

    monkeypatch.setattr(status, "stale_sections", lambda page: ["Data"])
    text = render(PAGE, layout.DOCS / "es" / "index.md")
    assert '!!! warning ""' in text and "Data" in text
    assert "!!! warning" not in render(PAGE, layout.DOCS / "en" / "index.md")
