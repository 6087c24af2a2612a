"""The real-size benchmark's arithmetic (its timings are figures it prints, never asserted)."""

import random

from finetune_docs import recipe
from finetune_docs.benchmarks import realsize


def test_modelled_reviews_have_the_documented_median():
    rng = random.Random(1)
    lengths = sorted(realsize.review_tokens(rng) for _ in range(20001))
    median_words = (lengths[10000] - 2) / realsize.TOKENS_PER_WORD
    assert abs(median_words - realsize.WORDS_MEDIAN) < 3


def test_per_batch_padding_pads_each_batch_to_its_longest_review():
    settings = recipe.Settings("t", train_rows=16, validation_rows=0, test_rows=0, max_length=10, epochs=1)
    real = [4] * 7 + [30]  # one long review in eight: cut to 10
    pad = realsize.padding(settings, real)
    assert pad["fixed"] == 16 * 10
    assert pad["per_batch"] % recipe.BATCH_SIZE == 0 and pad["per_batch"] <= pad["fixed"]
    assert 4 <= pad["mean_length"] <= 10 and 1 <= pad["distinct"] <= 2


def test_all_short_reviews_pad_to_their_own_length():
    settings = recipe.Settings("t", train_rows=24, validation_rows=0, test_rows=0, max_length=512, epochs=2)
    pad = realsize.padding(settings, [5])
    assert pad == {"fixed": 24 * 512, "per_batch": 24 * 5, "mean_length": 5, "distinct": 1}


def test_the_projection_is_steps_times_step_time_plus_evaluations_times_batch_time(monkeypatch, capsys):
    timing = {"first": 9.0, "steady": 2.0, "new_length": 2.0}
    found = {"threads": "t", "train": timing | {"cpu": 1.0}, "eval": timing | {"steady": 0.5, "cpu": 0.2},
             "rss_mb": 1000.0}
    monkeypatch.setattr(realsize, "_measure", lambda *args: found)
    realsize.run(["pytorch"], steps=1, real=[100])
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("pytorch")]
    assert len(rows) == 4  # CPU path and page, each per batch and at MAX_LENGTH (real reviews: 100 tokens)
    page_max = next(r for r in rows if " page " in r and " max " in r)
    # Each of the two training paths pays its first step (9 s) beyond a steady one, in training and evaluation.
    seconds = (recipe.train_steps(recipe.PAGE, "pytorch") * 2.0 + recipe.eval_batches(recipe.PAGE, "pytorch") * 0.5
               + 2 * (9.0 - 2.0) + 2 * (9.0 - 0.5))
    assert f"{seconds / 60:.1f} min" in page_max and " 512 " in page_max
    cpu_max = next(r for r in rows if " CPU path " in r and " max " in r)
    assert cpu_max.endswith("; within the CPU path's 30 min") and "budget" not in page_max and "30 min" not in page_max


def test_settings_can_be_chosen(monkeypatch, capsys):
    # 10 s a step: the CPU path's 252 steps alone take 42 minutes.
    timing = {"first": 10.0, "steady": 10.0, "new_length": 10.0, "cpu": 1.0}
    monkeypatch.setattr(realsize, "_measure", lambda *args: {"threads": "t", "train": timing, "eval": timing,
                                                             "rss_mb": 1.0})
    realsize.run(["pytorch"], steps=1, real=[100], only=["cpu"])
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("pytorch")]
    assert len(rows) == 2 and all(" CPU path " in row for row in rows)
    measured = [row for row in rows if "= max" not in row]
    assert measured and all(row.endswith("; OVER the CPU path's 30 min") for row in measured)
