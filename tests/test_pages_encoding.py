"""Mojibake found and repaired with ftfy, tested on the project's own source documents."""

from pathlib import Path

import pytest

from finetune_docs.pages.encoding import repair, suspicious_lines

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is not here")


@needs_seeds
@pytest.mark.parametrize(
    ("name", "damaged"),
    [
        ("000_b9d44fa86b58b6dd.txt", True),
        ("001_f58f19b4c192ac8e.txt", True),
        ("002_61c66c5c49493691.txt", False),
        ("003_046dc22b07ffa61d.txt", False),
        ("004_74a5932e7b29bf58.txt", True),
    ],
)
def test_seeds_are_flagged_exactly_when_damaged(name, damaged):
    assert bool(suspicious_lines((SEEDS / name).read_text(encoding="utf-8"))) is damaged


@needs_seeds
def test_repair_restores_the_words_and_the_emoji():
    portuguese = repair((SEEDS / "001_f58f19b4c192ac8e.txt").read_text(encoding="utf-8"))
    assert "pré-treinado" in portuguese and "pr√©" not in portuguese
    mindspore = repair((SEEDS / "004_74a5932e7b29bf58.txt").read_text(encoding="utf-8"))
    assert "🤗" in mindspore and "ðŸ¤—" not in mindspore
    assert suspicious_lines(portuguese) == [] and suspicious_lines(mindspore) == []


def test_clean_text_with_typography_is_left_alone():
    text = "L’addestramento è «semplice»: 🤗 — già pronto."
    assert suspicious_lines(text) == [] and repair(text) == text


def test_every_page_and_notebook_is_clean_utf8():
    from finetune_docs import layout

    files = sorted([*layout.DOCS.rglob("*.md"), *layout.NOTEBOOKS.rglob("*.ipynb")])
    assert files
    damaged = {
        str(path.relative_to(layout.ROOT)): found[0][0]
        for path in files
        if (found := suspicious_lines(path.read_bytes().decode("utf-8")))
    }
    assert damaged == {}, f"mojibake at (file: first line) {damaged}; repair with `finetune-docs fix-encoding`"
