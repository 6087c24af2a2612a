"""The recipes' settings and the steps a whole notebook runs with them."""

from finetune_docs import recipe


def test_the_two_recipes_are_the_pages_tuples():
    assert recipe.PAGE.values() == (1000, 200, 1000, 512, 3)
    assert recipe.CPU_PATH.values() == (500, 100, 500, 96, 2)


def test_training_steps_are_batches_times_epochs_per_training_path():
    # PyTorch trains twice (the Trainer, the native loop): 2 x ceil(1000 / 8) x 3.
    assert recipe.train_steps(recipe.PAGE, "pytorch") == 2 * 125 * 3
    assert recipe.train_steps(recipe.CPU_PATH, "mindspore") == 2 * 63 * 2


def test_evaluations_are_before_per_epoch_and_after_where_a_path_has_them():
    # Validation 200 rows = 25 batches before and after each of 3 epochs, test 1000 rows = 125, twice.
    assert recipe.eval_batches(recipe.PAGE, "pytorch") == 2 * (25 * (1 + 3) + 125)
    # MindONE's Trainer cannot evaluate; the native loop evaluates the test rows once.
    assert recipe.eval_batches(recipe.CPU_PATH, "mindspore") == 63


def test_every_pages_settings_cell_states_the_two_recipes():
    """The benchmark's figures are for the settings the readers' notebooks really use."""
    import ast

    from finetune_docs import layout
    from finetune_docs.pages import read

    for language in layout.languages():
        page = read(layout.DOCS / language / "index.md")
        cell = next(c for c in page.cells if c.kind == "code" and c.source.startswith("TRAIN_ROWS, "))
        test = ast.parse(cell.source).body[0].value
        assert isinstance(test, ast.IfExp) and ast.unparse(test.test) == "CPU_PATH", page.where(cell)
        assert (ast.literal_eval(test.body), ast.literal_eval(test.orelse)) == (
            recipe.CPU_PATH.values(), recipe.PAGE.values()), page.where(cell)
