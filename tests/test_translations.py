"""Translations keep the English code and shape; code propagates; staleness is tracked."""

from pathlib import Path

import pytest

from finetune_docs import layout
from finetune_docs.benchmarks import translations as benchmark
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
    assert normalise.compared("x = 1  # one\n# note\ny = '# kept'") == "x = 1\ny = '# kept'"
    assert normalise.compared("x = 1\n\n# a comment\n# re-wrapped\ny = 2") == "x = 1\n\ny = 2", "blank lines are code"
    assert normalise.compared(">>> x = 1  # one\n>>> for i in x:\n...     i\n1\n") == "x = 1\nfor i in x:\n    i"
    # the execution cache's key keeps each line's number, and a doctest cell's prompts (they do not run)
    assert normalise.code("x = 1  # one\n# note\ny = '# kept'") == "x = 1\n\ny = '# kept'"
    assert normalise.code(">>> x = 1") == ">>> x = 1"
    assert parity.compare(*pages()) == []


def report(spanish, english=ENGLISH):
    return [str(problem) for problem in parity.compare(*pages(spanish, english))]


@pytest.mark.parametrize(
    ("spanish", "expected"),
    [
        (SPANISH.replace("train(data)", "train(datos)"),
         "docs/es/p.md:24: code cell differs from English docs/en/p.md:24: 'train(datos)' where English has "
         "'train(data)'"),
        (SPANISH.replace("[1, 2]", "[1, 3]"),
         "docs/es/p.md:9: code cell differs from English docs/en/p.md:9: its ```output block differs"),
        (SPANISH.replace('```python tags=["pytorch"]', "```python"),
         "docs/es/p.md:24: code cell differs from English docs/en/p.md:24: tags [] instead of ['pytorch']"),
        # a missing heading is reported where it would go: before the prose that opens its section
        (SPANISH.replace("## Entrenamiento\n", ""), "docs/es/p.md:19: missing section: docs/en/p.md:18 '## Train'"),
        (SPANISH.replace("## Datos\n", ""), "docs/es/p.md:6: missing section: docs/en/p.md:5 '## Data'"),
        (SPANISH + "\n## Extra\n\nMás.\n", "docs/es/p.md:28: extra section '## Extra', not in docs/en/p.md"),
        (SPANISH.replace("## Datos", "### Datos"),
         "docs/es/p.md:5: section '### Datos' (tags []) stands for docs/en/p.md:5 '## Data' (tags [])"),
    ],
)
def test_one_change_gives_one_report_naming_both_files_and_lines(spanish, expected):
    assert report(spanish) == [expected]


LONG_ENGLISH = "# T\n\n" + "".join(
    f"## Step {n}\n\nProse {n}.\n\n```python\nstep_{n} = compute({n})\n```\n\n" for n in range(1, 9))
LONG_SPANISH = LONG_ENGLISH.replace("Prose", "Prosa").replace("## Step", "## Paso")


def fence_of(text: str, code: str) -> int:
    """1-based line of the fence opening the cell whose first line is ``code``."""
    return text.splitlines().index(code)


def test_a_deleted_code_cell_is_one_missing_cell_not_a_shift_of_all_after_it():
    spanish = LONG_SPANISH.replace("```python\nstep_3 = compute(3)\n```\n\n", "")
    # where it goes: after the prose that introduces it, before the next heading
    where, english = spanish.splitlines().index("## Paso 4") + 1, fence_of(LONG_ENGLISH, "step_3 = compute(3)")
    assert report(spanish, LONG_ENGLISH) == [
        f"docs/es/p.md:{where}: missing code cell: English docs/en/p.md:{english} 'step_3 = compute(3)'"]


def test_a_removed_heading_is_one_missing_section():
    spanish = LONG_SPANISH.replace("## Paso 5\n\n", "")
    cell = spanish.splitlines().index("Prosa 5.") + 1  # where the heading goes
    heading = LONG_ENGLISH.splitlines().index("## Step 5") + 1
    assert report(spanish, LONG_ENGLISH) == [
        f"docs/es/p.md:{cell}: missing section: docs/en/p.md:{heading} '## Step 5'"]


def test_a_changed_and_a_deleted_cell_are_told_apart():
    spanish = LONG_SPANISH.replace("```python\nstep_3 = compute(3)\n```\n\n", "").replace(
        "compute(4)", "compute(40)")
    problems = report(spanish, LONG_ENGLISH)
    assert len(problems) == 2, problems
    third, fourth = fence_of(LONG_ENGLISH, "step_3 = compute(3)"), fence_of(LONG_ENGLISH, "step_4 = compute(4)")
    assert f"missing code cell: English docs/en/p.md:{third} 'step_3 = compute(3)'" in problems[0]
    assert f"code cell differs from English docs/en/p.md:{fourth}: 'step_4 = compute(40)'" in problems[1]


def test_a_code_cell_moved_to_another_section_is_named():
    spanish = LONG_SPANISH.replace("## Paso 3\n\nProsa 3.\n\n", "").replace("Prosa 2.\n", "Prosa 2.\n\n## Paso 3\n")
    problems = report(spanish, LONG_ENGLISH)
    line = fence_of(LONG_ENGLISH, "step_2 = compute(2)")
    assert problems == [f"docs/es/p.md:{fence_of(spanish, 'step_2 = compute(2)')}: code cell is in section "
                        f"'## Paso 3'; English docs/en/p.md:{line} has it in '## Step 2'"]


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
    assert list(map(str, glossary.violations(page, terms))) == [
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


FIXTURES = Path(__file__).parent / "fixtures"
STEPS_EN, STEPS_ES = (FIXTURES / "doc-builder" / f"steps.{lang}.md" for lang in ("en", "es"))


def steps(spanish: str | None = None) -> list[str]:
    english = STEPS_EN.read_text(encoding="utf-8")
    spanish = STEPS_ES.read_text(encoding="utf-8") if spanish is None else spanish
    pages = reads(english, "en.md", "doc-builder"), reads(spanish, "es.md", "doc-builder")
    return [str(p) for p in parity.compare(*pages)]


def test_doc_builder_steps_compare_their_code_not_prompts_shown_output_or_comments():
    assert steps() == [], "the translation shortens a shown output and adds a comment line: neither is drift"


def test_a_change_in_a_numbered_step_is_reported_at_its_line():
    spanish = STEPS_ES.read_text(encoding="utf-8").replace('"label", "labels"', '"label", "etiquetas"')
    assert steps(spanish) == ["es.md:19: code cell differs from English en.md:19: 'tokenized_datasets = "
                              "tokenized_datasets.rename_column(\"label\", \"etiquetas\")' where English has "
                              "'tokenized_datasets = tokenized_datasets.rename_column(\"label\", \"labels\")'"]


def test_a_change_in_a_pycon_cell_is_reported():
    spanish = STEPS_ES.read_text(encoding="utf-8").replace("batch_size=8)\n```", "batch_size=16)\n```")
    assert steps(spanish) == ["es.md:38: code cell differs from English en.md:38: 'eval_dataloader = "
                              "DataLoader(small_eval_dataset, batch_size=16)' where English has "
                              "'eval_dataloader = DataLoader(small_eval_dataset, batch_size=8)'"]


def test_a_comment_only_line_is_not_drift_and_propagate_keeps_it():
    spanish = SPANISH.replace("# descarga\ndata\n", "# descarga\n# y muestra lo que hay\ndata\n")
    assert report(spanish) == []
    assert report(SPANISH.replace("# descarga\ndata", "# descarga\n\ndata")) != [], "a blank line is code"
    text, changes = propagate.propagate(reads(ENGLISH, "docs/en/p.md"), ENGLISH, spanish, "docs/es/p.md")
    assert (text, changes) == (spanish, [])
    english = ENGLISH.replace("[1, 2]", "[1, 2, 3]")
    text, changes = propagate.propagate(reads(english, "docs/en/p.md"), english, spanish, "docs/es/p.md")
    assert "# descarga\n# y muestra lo que hay\ndata\n" in text and "[1, 2, 3]" in text and changes == [
        "docs/es/p.md:9: tags/output taken from English"]


def test_a_python_out_block_is_the_output_of_its_cell_not_a_code_cell():
    course = FIXTURES / "course"
    english, spanish = (read(course / f"pipeline.{lang}.mdx", None) for lang in ("en", "es"))
    assert parity.compare(english, spanish) == []
    text = (course / "pipeline.es.mdx").read_text(encoding="utf-8").replace(
        "```python out\ntensor([[ 101, 1045, 2293, 2023, 2607,  102]])\n```\n\n", "")
    assert [str(p) for p in parity.compare(english, reads(text, "es.mdx", "course"))] == [
        f"es.mdx:13: code cell differs from English {english.name}:13: its ```output block differs"]


REPEATED = "# T\n\n" + "## Step\n\nProse.\n\n```python\nx = load()\n```\n\n```python\nprint(x)\n```\n\n" * 200


@pytest.mark.parametrize(
    ("change", "expected"),
    [(lambda lines, k: lines.__setitem__(k, "print(y)"), "code cell differs from English"),
     (lambda lines, k: lines.__delitem__(slice(k - 1, k + 3)), "missing code cell"),
     (lambda lines, k: lines.__setitem__(slice(k - 4, k + 1), ["print(x)", "```", "", "```python", "x = load()"]),
      "moved code cell")],
    ids=["drift", "delete", "swap"],
)
def test_one_change_among_repeated_cells_is_one_report(change, expected):
    lines = REPEATED.splitlines()
    k = len(lines) // 2
    k += lines[k:].index("print(x)")
    change(lines, k)
    problems = report("\n".join(lines) + "\n", REPEATED)
    assert len(problems) == 1 and expected in problems[0], problems[:3]


@pytest.mark.parametrize("change", benchmark.CHANGES)
def test_one_change_is_one_report_on_a_10_mb_page(change):
    size = 10_000_000 if change == "drift" else 1_000_000  # one 10 MB page: the others say the same, faster
    english = benchmark.page("en.md", benchmark.cells(size))
    translation = benchmark.page("es.md", benchmark.cells(size, change))
    assert len(benchmark.text(benchmark.cells(size))) >= size
    assert len(parity.compare(english, translation)) == 1


def test_a_section_moved_elsewhere_is_one_moved_report():
    spanish = LONG_SPANISH.replace("## Paso 3\n\nProsa 3.\n\n```python\nstep_3 = compute(3)\n```\n\n", "")
    spanish = spanish.replace("## Paso 6", "## Paso 3\n\nProsa 3.\n\n```python\nstep_3 = compute(3)\n```\n\n## Paso 6")
    problems = report(spanish, LONG_ENGLISH)
    assert problems == [f"docs/es/p.md:{spanish.splitlines().index('## Paso 3') + 1}: moved section '## Paso 3': "
                        "English docs/en/p.md:19 '## Step 3'; in English's order it goes at line 19"]


ES_PAGE = layout.DOCS / "es" / "index.md"


def test_a_heading_removed_from_the_real_page_is_named_where_it_goes():
    english, text = read(layout.DOCS / "en" / "index.md"), ES_PAGE.read_text(encoding="utf-8")
    heading = "## Ajusta con una API de entrenamiento\n"
    where = text.splitlines().index(heading.strip()) + 2  # the line after it, once it is gone: the region
    problems = [str(p) for p in parity.compare(english, reads(text.replace(heading, ""), "docs/es/index.md"))]
    title = "## Fine-tune with a training API"
    line = (layout.DOCS / "en" / "index.md").read_text(encoding="utf-8").splitlines().index(title) + 1
    assert problems == [f"docs/es/index.md:{where}: missing section: {english.name}:{line} {title!r}"]


def test_sections_missing_at_the_end_are_reported_at_the_end():
    spanish = LONG_SPANISH[: LONG_SPANISH.index("## Paso 7")]
    problems = report(spanish, LONG_ENGLISH)
    end = len(spanish.splitlines())
    assert len(problems) == 4 and all(p.startswith(f"docs/es/p.md:{end}: missing ") for p in problems), problems


def test_propagate_restores_a_cell_after_the_prose_that_introduces_it():
    english_path = layout.DOCS / "en" / "index.md"
    english, text = read(english_path), ES_PAGE.read_text(encoding="utf-8")
    cells = read(ES_PAGE).cells
    # a cell introduced by prose, with a code cell before that prose: the case where it matters;
    # one without translated comments, which a restored cell would not have
    english_code = {c.source for c in english.cells if c.kind == "code"}
    cell = next(c for before, prose, c in zip(cells, cells[1:], cells[2:], strict=False)
                if (before.kind, prose.kind, c.kind) == ("code", "markdown", "code") and c.source in english_code)
    lines = text.splitlines(keepends=True)
    without = lines[: cell.line - 1] + lines[(cell.output_end or cell.end) + 1:]  # and the blank line after it
    restored, changes = propagate.propagate(english, english_path.read_text(encoding="utf-8"), "".join(without),
                                            "docs/es/index.md")
    assert restored == text and len(changes) == 1


def test_propagate_replaces_an_output_block_under_another_info_string():
    spanish = SPANISH.replace("```output\n[1, 2]", "```outputs\n[1, 2]")
    text, changes = propagate.propagate(reads(ENGLISH, "docs/en/p.md"), ENGLISH, spanish, "docs/es/p.md")
    assert text == SPANISH and changes == ["docs/es/p.md:9: tags/output taken from English"]


def test_propagate_into_a_numbered_step_keeps_its_indentation():
    english = STEPS_EN.read_text(encoding="utf-8")
    spanish = STEPS_ES.read_text(encoding="utf-8")
    drifted = spanish.replace('"label", "labels"', '"label", "etiquetas"')
    text, changes = propagate.propagate(reads(english, "en.md", "doc-builder"), english, drifted, "es.md",
                                        "doc-builder")
    assert text == spanish and len(changes) == 1
