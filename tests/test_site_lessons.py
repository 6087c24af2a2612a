"""Where the site's lessons and landing pages live (site/lessons.py) and what a landing page says."""

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.site import landing, lessons, strings


def test_a_lesson_per_backend_for_each_languages_source_page():
    uris = ["en/index.md", "es/index.md", "assets/site.css", "en/notes.md"]
    expected = [f"{language}/{name}/index.md" for language in ("en", "es") for name in BACKENDS]
    assert lessons.lesson_uris(uris) == expected
    assert lessons.lesson_of("es/tensorflow/index.md") == ("es", "tensorflow")
    assert lessons.lesson_of("es/jax/index.md") is None and lessons.lesson_of("es/index.md") is None
    assert lessons.landing_of("pt/index.md") == "pt" and lessons.landing_of("pt/pytorch/index.md") is None


def test_a_lesson_is_read_from_its_languages_one_page():
    assert lessons.source_path(layout.DOCS, "it/mindspore/index.md") == layout.DOCS / "it" / "index.md"
    assert lessons.source_text(layout.DOCS, "it/mindspore/index.md") == (layout.DOCS / "it" / "index.md").read_text(
        encoding="utf-8")


PAGE = """# Title

The tutorial in short.

<!-- #region tags=["site-only"] -->
Only on the site.
<!-- #endregion -->

<!-- #region tags=["pytorch"] -->
Torch only.
<!-- #endregion -->

## Data

Later.
"""


def test_the_landing_page_has_the_intro_and_a_link_to_each_lesson_in_its_language():
    for language in layout.languages():
        text = landing.page(PAGE, layout.DOCS / language / "index.md")
        assert text.startswith("# Title\n\nThe tutorial in short.\n")
        assert "Only on the site." not in text and "Torch only." not in text and "Later." not in text
        assert f"## {strings.get(language, 'choose_heading')}" in text
        for name, backend in BACKENDS.items():
            assert f"- **[{backend.label}]({name}/index.md)**: " in text
        assert f"notebooks/{language}/pytorch.ipynb" in text


def test_the_tensorflow_line_names_the_transformers_it_installs():
    version = landing.transformers_version("tensorflow")
    assert version and version.count(".") == 1
    assert f"Transformers {version}" in landing.page(PAGE, layout.DOCS / "en" / "index.md")
