"""The recipes' settings and the steps a whole notebook runs with them."""

from finetune_docs import recipe


def test_the_two_recipes_are_the_pages_tuples():
    assert recipe.PAGE.values() == (1000, 200, 1000, 512, 3)
    assert recipe.CPU_PATH.values() == (500, 100, 500, 128, 2)


def test_training_steps_are_batches_times_epochs_per_training_path():
    # PyTorch trains twice (the Trainer, the native loop): 2 x ceil(1000 / 8) x 3.
    assert recipe.train_steps(recipe.PAGE, "pytorch") == 2 * 125 * 3
    assert recipe.train_steps(recipe.CPU_PATH, "mindspore") == 2 * 63 * 2


def test_evaluations_are_before_per_epoch_and_after_where_a_path_has_them():
    # Validation 200 rows = 25 batches before and after each of 3 epochs, test 1000 rows = 125, twice.
    assert recipe.eval_batches(recipe.PAGE, "pytorch") == 2 * (25 * (1 + 3) + 125)
    # MindONE's Trainer cannot evaluate; the native loop evaluates the test rows once.
    assert recipe.eval_batches(recipe.CPU_PATH, "mindspore") == 63
