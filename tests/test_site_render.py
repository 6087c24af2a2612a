"""Pages render for mkdocs-material: one backend's run of cells becomes content tabs."""

from finetune_docs import layout
from finetune_docs.site.render import notebook_links, render

PAGE = """# Title

Shared.

## Data

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


def test_title_is_followed_by_badges_for_each_backends_notebook():
    text = render(PAGE, layout.DOCS / "en" / "index.md")
    assert text.startswith("# Title\n\n| Framework | Colab | SageMaker Studio Lab |")
    colab = "https://colab.research.google.com/github/finetune-docs/finetune-tutorial/blob/main"
    assert f"({colab}/notebooks/en/pytorch.ipynb)" in text
    # The site's own images, relative to the page, never an image from another host.
    assert "[![Open in Colab](../assets/badges/colab.svg)]" in text
    assert "colab-badge.svg" not in text


def test_a_badge_only_for_a_notebook_that_exists(tmp_path):
    (tmp_path / "docs" / "es").mkdir(parents=True)
    (tmp_path / "notebooks" / "es").mkdir(parents=True)
    (tmp_path / "notebooks" / "es" / "tensorflow.ipynb").write_text("{}")
    table = notebook_links(tmp_path / "docs" / "es" / "index.md", root=tmp_path)
    assert "notebooks/es/tensorflow.ipynb" in table
    assert "pytorch" not in table and "mindspore" not in table
    (tmp_path / "notebooks" / "es" / "tensorflow.ipynb").unlink()
    assert notebook_links(tmp_path / "docs" / "es" / "index.md", root=tmp_path) == ""


def test_callouts_become_admonitions_and_api_names_links():
    page = PAGE.replace("Shared again.", "> [!TIP]\n> **Mind the `id`.** Use [`Trainer`].\n> Two lines.")
    text = render(page, layout.DOCS / "en" / "index.md")
    assert '!!! tip "Mind the `id`."\n    Use [`Trainer`](https://huggingface.co/docs/transformers/' in text
    assert "    Two lines." in text and "[!TIP]" not in text


def test_a_stale_translation_gets_a_banner(tmp_path, monkeypatch):
    from finetune_docs.translations import status

    monkeypatch.setattr(status, "stale_sections", lambda page: ["Data"])
    text = render(PAGE, layout.DOCS / "es" / "index.md")
    assert '!!! warning ""' in text and "Data" in text
    assert "!!! warning" not in render(PAGE, layout.DOCS / "en" / "index.md")


def test_the_banner_speaks_each_translations_language(monkeypatch):
    from finetune_docs.translations import glossary, status

    monkeypatch.setattr(status, "stale_sections", lambda page: ["Data"])
    for language in layout.languages()[1:]:
        template = glossary.load(language)["stale_banner"]
        text = render(PAGE, layout.DOCS / language / "index.md")
        assert template.format(sections="Data") in text, language


def test_the_install_section_comes_before_the_first_section():
    text = render(PAGE, layout.DOCS / "en" / "index.md")
    assert text.index("| Framework |") < text.index("\n## Install\n") < text.index("\n## Data\n")
    for label in ("PyTorch", "TensorFlow", "MindSpore"):
        assert text.count(f'=== "{label}"') == 2 - (label != "PyTorch"), label


def test_a_page_without_framework_tabs_gets_no_install_section():
    text = render("# Title\n\nShared.\n\n## Data\n\nMore.\n", layout.DOCS / "en" / "index.md")
    assert "## Install" not in text


def test_what_the_site_adds_is_in_the_pages_language():
    text = render(PAGE, layout.DOCS / "es" / "index.md")
    assert '```text title="Salida"' in text and 'title="Output"' not in text
    assert "[![Abrir en Colab](" in text and "Open in" not in text
    assert text.startswith("# Title\n\n| Framework | Colab |") and "\n## Instalación\n" in text


def test_notebook_only_prose_is_left_off_the_site_and_site_only_prose_kept():
    page = ('# Title\n\n<!-- #region tags=["notebook-only"] -->\nThis notebook.\n<!-- #endregion -->\n\n'
            '<!-- #region tags=["site-only"] -->\nThe tabs below.\n<!-- #endregion -->\n')
    text = render(page, layout.DOCS / "en" / "index.md")
    assert "This notebook." not in text and "The tabs below." in text
