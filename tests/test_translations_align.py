"""Aligning two sequences so that one change is one missing, extra or changed pair."""

from finetune_docs.translations.align import pairs, ratio


def align(a, b):
    return pairs(a, b, key=lambda x: x, similar=ratio)


def test_equal_runs_pair_and_a_deletion_is_one_gap():
    assert align(["a = 1", "b = 2", "c = 3"], ["a = 1", "c = 3"]) == [(0, 0), (1, None), (2, 1)]
    assert align(["a = 1"], ["a = 1", "z = 9"]) == [(0, 0), (None, 1)]


def test_inside_a_replaced_run_similar_items_pair_and_the_rest_is_missing():
    english = ["x = load()", "y = tokenize(x)", "z = train(y)"]
    translated = ["x = load()", "z = train(y, epochs=3)"]
    assert align(english, translated) == [(0, 0), (1, None), (2, 1)]


def test_a_replaced_run_of_equal_length_pairs_one_to_one():
    assert align(["p()", "q()"], ["totally()", "different()"]) == [(0, 0), (1, 1)]


def test_ratio_is_zero_below_half():
    assert ratio("abc", "abc") == 1.0 and ratio("abcdef", "uvwxyz") == 0.0
