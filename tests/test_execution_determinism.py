"""Two runs are compared on every figure they print, less the ones that measure time."""

from finetune_docs.execution.determinism import differences, figures_of


def test_figures_are_the_numbers_printed():
    assert figures_of("{'accuracy': 0.583}\nepoch 0: mean training loss 1.3078") == ["0.583", "0", "1.3078"]


def test_durations_and_the_hubs_address_are_no_figures():
    keras = "Epoch 1/3\n125/125 - 12s - 95ms/step - loss: 1.5411 - accuracy: 0.3130"
    assert figures_of(keras) == ["1", "3", "125", "125", "1.5411", "0.3130"]
    tqdm = "100%|##########| 375/375 [00:25<00:00, 14.63it/s]"
    assert figures_of(tqdm) == ["100", "375", "375"]
    trainer = ("TrainOutput(global_step=375, training_loss=1.2, metrics={'train_runtime': 25.1, "
               "'train_samples_per_second': 119.5, 'train_loss': 1.2, 'epoch': 3.0})")
    assert figures_of(trainer) == ["375", "1.2", "1.2", "3.0"]
    assert figures_of("CommitInfo(commit_url='http://127.0.0.1:40115/reader/x/commit/9a1f')") == []


def test_differences_name_the_cell_and_the_figures():
    first = {"docs/en/index.md:640": ["0.583"], "check trainer-learns": ["0.4", "0.9"]}
    second = {"docs/en/index.md:640": ["0.591"], "check trainer-learns": ["0.4", "0.9"]}
    assert differences(first, second) == ["docs/en/index.md:640: 0.583 -> 0.591"]
    assert differences(first, first) == []
    assert differences(first, {"check trainer-learns": ["0.4", "0.9"]}) == ["docs/en/index.md:640: 1 -> 0 figures"]
