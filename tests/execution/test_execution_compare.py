"""Shown outputs compare with doctest's rules: ``...`` elides, whitespace runs are equal; the
real model's figures compare with their numbers masked, the text around them exactly."""

from finetune_docs.execution.compare import difference, mask_numbers, matches


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


REAL = "use_cpu_kernels: replaced 3 Embedding, 12 GELU, 25 LayerNorm layers with CPU versions."
STAND_IN = "use_cpu_kernels: replaced 3 Embedding, 2 GELU, 5 LayerNorm layers with CPU versions."


def test_numbers_masked_compares_the_text_around_the_figures():
    assert not matches(REAL, STAND_IN)
    assert matches(REAL, STAND_IN, numbers=False)
    assert matches("{'accuracy': 0.846}", "{'accuracy': 0.62}", numbers=False)
    assert matches("epoch 0: mean training loss 1.3078", "epoch 0: mean training loss 0.9", numbers=False)


def test_numbers_masked_still_checks_the_shape():
    assert not matches(REAL, STAND_IN.replace("GELU", "ReLU"), numbers=False)
    assert not matches("{'accuracy': 0.846}", "{'accuracy': 0.62, 'f1': 0.5}", numbers=False)
    assert not matches("{'accuracy': 0.846}", "{'accuracy': None}", numbers=False)
    assert not matches("3 Embedding", "Embedding", numbers=False), "a figure that vanished is a change"


def test_masked_outputs_keep_the_ellipsis_and_the_digits_inside_names():
    assert mask_numbers("{'accuracy': ...}") == "{'accuracy': ...}"
    assert mask_numbers("dtype=tf.int64, bert-base-cased, rank_0") == "dtype=tf.int64, bert-base-cased, rank_0"
    assert mask_numbers("62/62 - loss: 1.2e-05 - val_loss: -0.5") == "#/# - loss: # - val_loss: #"
    assert matches("{'accuracy': ...}", "{'accuracy': 0.62}", numbers=False)


def test_difference_says_numbers_were_masked():
    diff = difference(REAL, STAND_IN.replace("GELU", "ReLU"), numbers=False)
    assert "numbers masked" in diff and "+use_cpu_kernels: replaced # Embedding, # ReLU" in diff
