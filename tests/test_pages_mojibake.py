"""Mojibake found and repaired, the weak Mac Roman forms too, tested on the project's source documents."""

import re
from pathlib import Path

import pytest

from finetune_docs.pages import mojibake
from finetune_docs.pages.mojibake import Damage, damaged, fix_line

# The project's source documents sit beside the checkout (../shared/seeds), not in it.
SEEDS = next((p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir()),
             Path("shared/seeds"))
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (shared/seeds) are not here")
# What the seeds' damage looks like (seeds/README.md): Mac Roman (√ + one character, the
# Apple logo U+F8FF of 🤗's first byte, ‚ö of ⚠) and Windows-1252 (ð, Ã, â€).
SIGNS = re.compile("√.|\uf8ff|‚ö|ð|Ã|â€")


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda p: p.name)
def test_every_damaged_line_of_the_seeds_is_found_and_no_other(seed):
    lines = seed.read_text(encoding="utf-8").splitlines()
    found = {damage.number: damage for damage in damaged("\n".join(lines))}
    signs = {number for number, line in enumerate(lines, 1) if SIGNS.search(line)}
    assert set(found) == signs
    assert not [d.fixed for d in found.values() if SIGNS.search(d.fixed)], "repaired lines keep no damage"


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("el n√∫mero de labels", "el número de labels"),
        ("Ver√°s una advertencia", "Verás una advertencia"),
        ("o modelo n√£o aceita", "o modelo não aceita"),
        ("con \uf8ffü§ó Transformers", "con 🤗 Transformers"),
        ("Um modelo pr√©-treinado", "Um modelo pré-treinado"),
        ("ðŸ¤— Transformers", "🤗 Transformers"),
    ],
)
def test_weak_and_strong_forms_are_repaired(line, fixed):
    assert fix_line(line) == fixed


@pytest.mark.parametrize("text", ["L’addestramento è «semplice»: 🤗 — già pronto.", "«Ça va», dit-il.",
                                  "√π is not a word", "“Écrit” … ‘quoted’"])
def test_clean_text_with_typography_is_left_alone(text):
    assert damaged(text) == []


def test_the_preview_shows_the_damaged_span_not_the_start_of_the_line():
    line = "A long line of clean prose. " * 4 + "Then: el n√∫mero."
    (damage,) = damaged(line)
    preview = damage.preview()
    assert "n√∫mero" in preview and "número" in preview and "A long line" not in preview
    assert f"column {line.index('√') + 1}" in preview
    assert isinstance(damage, Damage) and damage.number == 1


@pytest.mark.parametrize("codec", ["latin-1", "cp1252", "cp1251", "cp1250", "mac_roman", "cp437"])
def test_lines_skipped_before_ftfy_cannot_hold_mojibake_of_any_codec_it_undoes(codec):
    for text in ("pré-treinado", "número", "Größe", "🤗", "模型", "모델", "Привет"):
        damaged = text.encode("utf-8").decode(codec, errors="replace")
        assert mojibake.SUSPECT.search(damaged), (codec, text)
    assert not mojibake.SUSPECT.search("사전 학습된 모델을 미세 조정합니다. 预训练模型。")


def test_code_spans_keep_what_they_show():
    assert mojibake.fix_line("`Ã©` is what pr√©-treinado shows, ``a ` Ã©``") == (
        "`Ã©` is what pré-treinado shows, ``a ` Ã©``")
    assert mojibake.damaged("UTF-8 read as cp1252 turns `é` into `Ã©`.\n") == []
