"""Aligning two sequences so that one change is one missing, extra or changed pair."""

from finetune_docs.translations.align import moves, pairs, ratio


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


def test_repeated_items_align_on_the_common_run_and_one_change_is_one_pair():
    english = ["x = load()", "print(x)"] * 50
    translated = english[:51] + ["print(y)"] + english[52:]
    found = align(english, translated)
    assert found == [(k, k) for k in range(100)], "the changed item pairs with its original, nothing else moves"


def test_a_swap_is_one_missing_and_one_extra_item_that_moves_names():
    english = ["a = 1", "b = 2", "c = 3", "d = 4"]
    translated = ["a = 1", "c = 3", "b = 2", "d = 4"]
    found = align(english, translated)
    assert {p for p in found if None in p} in ({(1, None), (None, 2)}, {(2, None), (None, 1)})
    (moved,) = moves(found, english, translated, key=lambda x: x).items()
    assert english[moved[0]] == translated[moved[1]]
