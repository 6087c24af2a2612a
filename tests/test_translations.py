"""Translations keep the English code and shape; code propagates; staleness is tracked."""

import pytest

from finetune_docs import layout
from finetune_docs.pages import read, reads
from finetune_docs.translations import glossary, normalise, parity, propagate, status

ENGLISH = """# Title

Intro.

## Data

Load it:

```python
data = load()  # fetch
data
```

```output
[1, 2]
```

## Train

<!-- #region tags=["pytorch"] -->
Train it.
<!-- #endregion -->

```python tags=["pytorch"]
train(data)
```
"""

SPANISH = """# Título

Introducción.

## Datos

Cárgalos:

```python
data = load()  # descarga
data
```

```output
[1, 2]
```

## Entrenamiento

<!-- #region tags=["pytorch"] -->
Entrénalo.
<!-- #endregion -->

```python tags=["pytorch"]
train(data)
```
"""


def pages(spanish=SPANISH, english=ENGLISH):
    return reads(english, "docs/en/p.md"), reads(spanish, "docs/es/p.md")


def test_comments_are_translatable_and_nothing_else():
    assert normalise.code("x = 1  # one\n# note\ny = '# kept'") == "x = 1\n\ny = '# kept'"
    assert parity.compare(*pages()) == []


@pytest.mark.parametrize(
    ("spanish", "expected"),
    [
        (SPANISH.replace("train(data)", "train(datos)"),
         "docs/es/p.md:24: code cell 2 differs from English docs/en/p.md:24: 'train(datos)' where English has"),
        (SPANISH.replace("[1, 2]", "[1, 3]"), "docs/es/p.md:9: code cell 1 differs from English docs/en/p.md:9: "
         "its ```output block differs"),
        (SPANISH.replace('```python tags=["pytorch"]', "```python"), "tags [] instead of ['pytorch']"),
        (SPANISH.replace("## Entrenamiento\n", ""), "missing section: docs/en/p.md:18 '## Train'"),
    ],
)
def test_code_differences_name_both_files_and_lines(spanish, expected):
    problems = parity.compare(*pages(spanish))
    assert any(expected in problem for problem in problems), problems


def test_missing_and_extra_sections_are_named():
    missing = parity.compare(*pages(SPANISH.replace("## Datos\n", "")))
    assert any("missing section: docs/en/p.md:5 '## Data'" in p for p in missing), missing
    extra = parity.compare(*pages(SPANISH + "\n## Extra\n\nMás.\n"))
    assert any("docs/es/p.md:28: extra section '## Extra'" in p for p in extra), extra


def test_propagation_fixes_code_and_keeps_prose_and_translated_comments():
    english = ENGLISH.replace("train(data)", "train(data, epochs=3)")
    text, changes = propagate.propagate(reads(english, "docs/en/p.md"), english, SPANISH, "docs/es/p.md")
    assert "train(data, epochs=3)" in text
    assert "Entrénalo." in text and "Cárgalos:" in text and "# descarga" in text
    assert len(changes) == 1 and "docs/es/p.md:24: code replaced by docs/en/p.md:24" in changes[0]
    assert parity.compare(reads(english, "docs/en/p.md"), reads(text, "docs/es/p.md")) == []


def test_propagation_inserts_new_cells_and_removes_dropped_ones():
    english = ENGLISH.replace("train(data)\n```\n", "train(data)\n```\n\n```python\nsave()\n```\n")
    text, _ = propagate.propagate(reads(english, "docs/en/p.md"), english, SPANISH, "docs/es/p.md")
    assert parity.compare(reads(english, "docs/en/p.md"), reads(text, "docs/es/p.md")) == []
    back, _ = propagate.propagate(reads(ENGLISH, "docs/en/p.md"), ENGLISH, text, "docs/es/p.md")
    assert back == SPANISH


def test_a_translation_goes_stale_when_english_prose_changes(tmp_path):
    docs, record = tmp_path / "docs", tmp_path / "translations"
    (docs / "en").mkdir(parents=True)
    (docs / "es").mkdir()
    (docs / "en" / "p.md").write_text(ENGLISH, encoding="utf-8")
    (docs / "es" / "p.md").write_text(SPANISH, encoding="utf-8")
    page = docs / "es" / "p.md"
    assert status.stale_sections(page, record, docs) == ["(introduction)", "Title", "Data", "Train"]
    status.mark_synced(page, record, docs)
    assert status.stale_sections(page, record, docs) == []
    (docs / "en" / "p.md").write_text(ENGLISH.replace("Load it:", "Load the data:"), encoding="utf-8")
    assert status.stale_sections(page, record, docs) == ["Data"]
    (docs / "en" / "p.md").write_text(ENGLISH.replace("data = load()", "data = load(1)"), encoding="utf-8")
    assert status.stale_sections(page, record, docs) == [], "code changes do not make prose stale"


def test_glossary_flags_avoided_terms_in_prose_only():
    terms = {"term": [{"en": "dataset", "use": "conjunto de datos", "avoid": ["dataset"]}]}
    page = reads("# T\n\nUn dataset pequeño.\n\n```python\ndataset = 1\n```\n\nEl `dataset`.\n", "docs/es/p.md")
    assert glossary.violations(page, terms) == [
        "docs/es/p.md:3: 'dataset': the glossary uses 'conjunto de datos' for 'dataset'"
    ]


TRANSLATED = [page for lang in layout.languages() if lang != layout.SOURCE_LANGUAGE for page in layout.pages(lang)]


@pytest.mark.parametrize("page", TRANSLATED, ids=[p.relative_to(layout.DOCS).as_posix() for p in TRANSLATED])
def test_real_translations_keep_parity_and_their_glossary(page):
    english = read(status.english_of(page))
    translation = read(page)
    assert parity.compare(english, translation) == []
    assert glossary.violations(translation, glossary.load(layout.language_of(page))) == []
    assert (status.FOLDER / layout.language_of(page) / "glossary.toml").exists()
