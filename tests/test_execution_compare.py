"""Shown outputs compare with doctest's rules: ``...`` elides, whitespace runs are equal."""

from finetune_docs.execution.compare import difference, matches


def test_exact_and_whitespace_insensitive():
    assert matches("[1, 2]", "[1, 2]\n")
    assert matches("a   |  b |", "a | b |   ")
    assert not matches("[1, 2]", "[1, 3]")


def test_ellipsis_elides_any_text():
    assert matches("...LOAD REPORT\n...\n- MISSING: x", "progress\n[t] LOAD REPORT\nrow\nrow\n- MISSING: x\n")
    assert not matches("...LOAD REPORT\n...\n- MISSING: x", "progress\n- MISSING: x\n")


def test_difference_is_a_readable_diff():
    diff = difference("a\nb", "a\nc")
    assert "-b" in diff and "+c" in diff and "shown on the page" in diff
