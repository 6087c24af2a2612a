"""Each framework's notebook is one lesson: the device first, one id per repository, one recipe,
a prediction at the end, no other framework's text, and how much prose comes before training.

These read the committed notebooks (made from the pages, tests/test_notebooks_sync.py) as a
reader opens them: each language's three notebooks, cell by cell.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from finetune_docs import layout
from finetune_docs.backends import BACKENDS

LANGUAGES = ["en", "es", "pt", "it"]
NOTEBOOKS = [(language, backend) for language in LANGUAGES for backend in BACKENDS]
OTHERS = {
    "pytorch": ("TensorFlow", "Keras", "MindSpore", "MindONE"),
    "tensorflow": ("PyTorch", "MindSpore", "MindONE"),
    "mindspore": ("PyTorch", "TensorFlow", "Keras"),
}
"""The names a lesson about one framework has no reason to say, but in one pointer to the others."""
FIRST_TRAINING = {"pytorch": r"trainer\.train\(\)", "tensorflow": r"\.fit\(", "mindspore": r"trainer\.train\(\)"}
DEVICE = {
    "pytorch": ("torch.cuda.is_available()", "torch.backends.mps.is_available()"),
    "tensorflow": ('tf.config.list_physical_devices("GPU")',),
    "mindspore": ('ms.get_context("device_target")',),
}
IDS = {"MODEL_ID": "google-bert/bert-base-cased", "DATASET_ID": "Yelp/yelp_review_full"}


def cells(language: str, backend: str) -> list:
    path = layout.notebook_path(layout.DOCS / language / "index.md", backend)
    return nbformat.read(path, as_version=4).cells


def code(language: str, backend: str) -> list[str]:
    return [cell.source for cell in cells(language, backend) if cell.cell_type == "code"]


def page_cells(language: str, backend: str) -> list[str]:
    """The code cells the page gives (after the install cell and the setup cell)."""
    return [cell.source for cell in cells(language, backend)
            if cell.cell_type == "code" and not {"install", "setup"} & set(cell.metadata.get("tags", []))]


def prose_words(text: str) -> int:
    """Words a reader reads: link targets, bare URLs, comments and collapsed boxes left out."""
    text = re.sub(r"\]\([^)]*\)|<https?:[^>]*>|<!--.*?-->|<details>.*?</details>", "]", text, flags=re.S)
    return len(re.findall(r"\w[\w'’.-]*", text))


def words_before_training(language: str, backend: str) -> int:
    """The words of prose from the top of the notebook to its first training call."""
    words = 0
    for cell in cells(language, backend)[1:]:  # the title and the badges
        if cell.cell_type == "code":
            if re.search(FIRST_TRAINING[backend], cell.source):
                return words
            continue
        words += prose_words(cell.source)
    raise AssertionError(f"{language}/{backend}: no cell matches /{FIRST_TRAINING[backend]}/")


@pytest.mark.parametrize(("language", "backend"), NOTEBOOKS)
def test_no_other_framework_is_named_but_in_one_pointer(language, backend):
    naming = [cell.source for cell in cells(language, backend) if cell.cell_type == "markdown"
              and any(re.search(rf"\b{name}\b", cell.source) for name in OTHERS[backend])]
    assert len(naming) <= 1, f"{language}/{backend}: {len(naming)} cells name another framework:\n" + "\n---\n".join(
        naming)


@pytest.mark.parametrize(("language", "backend"), NOTEBOOKS)
def test_the_first_cell_after_the_install_finds_the_device_and_sets_the_cpu_path_from_it(language, backend):
    first = page_cells(language, backend)[0]
    assert all(probe in first for probe in DEVICE[backend]), first
    assignment = next(node for node in ast.walk(ast.parse(first))
                      if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "CPU_PATH")
    assert not isinstance(assignment.value, ast.Constant), "CPU_PATH is fixed, not found from the device"
    assert re.search(r"^print\(", first, re.M), "the device cell does not say what it chose"
    # Nothing else decides the recipe.
    assert sum("CPU_PATH =" in source for source in code(language, backend)) == 1


def test_every_pytorch_training_path_uses_the_device_and_its_precision():
    source = "\n".join(code("en", "pytorch"))
    assert "fp16=FP16" in source, "the Trainer does not use mixed precision where the device cell chose it"
    assert "model.to(device)" in source and source.count("torch.autocast(device.type") == 2
    assert "torch.amp.GradScaler(device.type, enabled=FP16)" in source


def calls(sources: list[str]):
    for source in sources:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%")))
        yield from (node for node in ast.walk(tree) if isinstance(node, ast.Call))


@pytest.mark.parametrize(("language", "backend"), NOTEBOOKS)
def test_each_repository_id_is_written_once_and_every_load_uses_its_constant(language, backend):
    sources = page_cells(language, backend)
    for name, repository in IDS.items():
        assert sum(source.count(f'"{repository}"') for source in sources) == 1, (language, backend, repository)
        assert any(re.search(rf'^{name} = "{repository}"$', source, re.M) for source in sources), name
    loads = [node for node in calls(sources)
             if ast.unparse(node.func).endswith(("from_pretrained", "load_dataset"))]
    assert len(loads) >= 3
    for node in loads:
        assert ast.unparse(node.args[0]) in IDS, f"{language}/{backend}: {ast.unparse(node)}"


def keyword(node: ast.Call, name: str):
    return next((ast.literal_eval(k.value) for k in node.keywords if k.arg == name), None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_native_loop_decays_weights_as_the_trainer_does(language):
    found = {ast.unparse(node.func): node for node in calls(page_cells(language, "pytorch"))}
    # TrainingArguments' weight_decay defaults to 0.0; torch.optim.AdamW's to 0.01.
    trainer = keyword(found["TrainingArguments"], "weight_decay") or 0.0
    assert keyword(found["AdamW"], "weight_decay") == trainer == 0.0


@pytest.mark.parametrize(("language", "backend"), NOTEBOOKS)
def test_the_last_cell_predicts_a_new_reviews_stars_by_name(language, backend):
    page = layout.DOCS / language / "index.md"
    from finetune_docs.pages import read

    last = [cell for cell in read(page).for_backend(backend) if cell.kind == "code"][-1]
    assert "review = " in last.source and re.search(r"^print\(", last.source, re.M), last.source
    assert last.output is not None and re.fullmatch(r"(\.\.\.\n)?[1-5] stars?", last.output.strip()), last.output
    if backend != "mindspore":
        assert 'pipeline("text-classification"' in last.source


def test_words_before_the_first_training_call_per_lesson(capsys):
    counts = {(language, backend): words_before_training(language, backend) for language, backend in NOTEBOOKS}
    with capsys.disabled():
        for language in LANGUAGES:
            print(f"\nwords before the first training call, {language}: "
                  + ", ".join(f"{backend} {counts[language, backend]}" for backend in BACKENDS), end="")
        print()
    assert all(count > 0 for count in counts.values())


def test_the_first_training_call_comes_within_about_600_words():
    counts = {(language, backend): words_before_training(language, backend) for language, backend in NOTEBOOKS}
    assert max(counts.values()) <= 600, counts


@pytest.mark.parametrize(("language", "backend"), NOTEBOOKS)
def test_what_a_newcomer_can_skip_is_collapsed_and_the_boxes_hold_no_code(language, backend):
    """The CPU's cost, the margins of error, older guides: each in a box, on the site as in the notebook."""
    boxes = [box for cell in cells(language, backend) if cell.cell_type == "markdown"
             for box in re.findall(r"<details>\n<summary>.+?</summary>\n\n.+?\n\n</details>", cell.source, re.S)]
    assert len(boxes) >= 3, f"{language}/{backend}: {len(boxes)} collapsed boxes"
    assert not any("```" in box for box in boxes)
    assert any("±" in box for box in boxes), "the margins of error are not in a box"
    assert any("benchmark --part realsize" in box for box in boxes), "the CPU's cost is not in a box"


@pytest.mark.parametrize(("language", "backend"), NOTEBOOKS)
def test_before_you_start_is_a_table_whose_figures_say_their_source(language, backend):
    markdown = [cell.source for cell in cells(language, backend) if cell.cell_type == "markdown"]
    table = next(source for source in markdown if re.search(r"^\| --- \|", source, re.M))
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert 3 <= len(rows) <= 6, rows
    for row in rows:
        for figure in re.findall(r"\d[\d,.]* ?(?:s|min|MiB|GB|MB)\b", row):
            # a figure links to its source, or is the benchmark's (its box follows) or the Colab simulation's
            assert re.search(r"\]\(https?://", row) or "benchmark" in row or "`finetune-docs colab`" in row, (
                f"{language}/{backend}: {figure} in {row!r} says no source")
