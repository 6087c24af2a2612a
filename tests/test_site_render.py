"""Pages render for mkdocs-material: one lesson per backend, with its cells alone."""

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


def test_a_lesson_keeps_the_shared_cells_and_its_backends_alone():
    text = render(PAGE, layout.DOCS / "en" / "index.md", "pytorch")
    assert "Torch prose.\n\n```python\nimport torch\n```" in text
    assert '```text title="Output"\nok\n```' in text
    assert "\nShared.\n" in text and text.rstrip().endswith("Shared again.")
    assert "tags=" not in text and "#region" not in text and '=== "' not in text
    other = render(PAGE, layout.DOCS / "en" / "index.md", "tensorflow")
    assert "Torch prose." not in other and "import torch" not in other and "Shared again." in other


def test_an_unknown_backend_is_an_error_naming_the_page():
    import pytest

    with pytest.raises(KeyError, match=r"en/index.md: no backend 'jax'"):
        render(PAGE, layout.DOCS / "en" / "index.md", "jax")


def test_title_is_followed_by_badges_for_the_lessons_notebook():
    text = render(PAGE, layout.DOCS / "en" / "index.md", "tensorflow")
    assert text.startswith("# Title\n\n| Framework | Colab | SageMaker Studio Lab |")
    colab = "https://colab.research.google.com/github/finetune-docs/finetune-tutorial/blob/main"
    assert f"({colab}/notebooks/en/tensorflow.ipynb)" in text
    assert "pytorch.ipynb" not in text and "mindspore.ipynb" not in text
    # The site's own images, relative to the lesson (docs/en/tensorflow/), never from another host.
    assert "[![Open in Colab](../../assets/badges/colab.svg)]" in text
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
    text = render(page, layout.DOCS / "en" / "index.md", "pytorch")
    assert '!!! tip "Mind the `id`."\n    Use [`Trainer`](https://huggingface.co/docs/transformers/' in text
    assert "    Two lines." in text and "[!TIP]" not in text


def test_a_stale_translation_gets_a_banner(tmp_path, monkeypatch):
    from finetune_docs.translations import status

    monkeypatch.setattr(status, "stale_sections", lambda page: ["Data"])
    text = render(PAGE, layout.DOCS / "es" / "index.md", "pytorch")
    assert '!!! warning ""' in text and "Data" in text
    assert "!!! warning" not in render(PAGE, layout.DOCS / "en" / "index.md", "pytorch")


def test_the_banner_speaks_each_translations_language(monkeypatch):
    from finetune_docs.translations import glossary, status

    monkeypatch.setattr(status, "stale_sections", lambda page: ["Data"])
    for language in layout.languages()[1:]:
        template = glossary.load(language)["stale_banner"]
        text = render(PAGE, layout.DOCS / language / "index.md", "mindspore")
        assert template.format(sections="Data") in text, language


def test_the_install_section_is_the_lessons_and_comes_before_the_first_section():
    text = render(PAGE, layout.DOCS / "en" / "index.md", "tensorflow")
    assert text.index("| Framework |") < text.index("\n## Install\n") < text.index("\n## Data\n")
    assert "tf-keras" in text and "torch>=" not in text and "mindspore==" not in text


def test_what_the_site_adds_is_in_the_pages_language():
    text = render(PAGE, layout.DOCS / "es" / "index.md", "pytorch")
    assert '```text title="Salida"' in text and 'title="Output"' not in text
    assert "[![Abrir en Colab](" in text and "Open in" not in text
    assert text.startswith("# Title\n\n| Framework | Colab |") and "\n## Instalación\n" in text


def test_notebook_only_prose_is_left_off_the_site_and_site_only_prose_kept():
    page = ('# Title\n\n<!-- #region tags=["notebook-only"] -->\nThis notebook.\n<!-- #endregion -->\n\n'
            '<!-- #region tags=["site-only"] -->\nThe tabs below.\n<!-- #endregion -->\n')
    text = render(page, layout.DOCS / "en" / "index.md", "pytorch")
    assert "This notebook." not in text and "The tabs below." in text
