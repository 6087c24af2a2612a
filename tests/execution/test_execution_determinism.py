"""Two runs are compared on every figure they print, less the ones that measure time."""

from finetune_docs.execution.determinism import differences, figures_of


def test_figures_are_the_numbers_printed():
    assert figures_of("{'accuracy': 0.583}\nepoch 0: mean training loss 1.3078") == ["0.583", "0", "1.3078"]


def test_durations_and_the_hubs_address_are_no_figures():
    keras = "Epoch 1/3\n125/125 - 12s - 95ms/step - loss: 1.5411 - accuracy: 0.3130"
    assert figures_of(keras) == ["1", "3", "125", "125", "1.5411", "0.3130"]
    tqdm = "Epoch 1: 100%|##########| 375/375 [00:25<00:00, 14.63it/s]"
    assert figures_of(tqdm) == ["1"]
    trainer = ("TrainOutput(global_step=375, training_loss=1.2, metrics={'train_runtime': 25.1, "
               "'train_samples_per_second': 119.5, 'train_loss': 1.2, 'epoch': 3.0})")
    assert figures_of(trainer) == ["375", "1.2", "1.2", "3.0"]
    glog = ("[ERROR] CORE(31876,7f46511f6b80,python):2026-12-03-09:36:20.255.178 [mindspore/core/utils/"
            "file_utils.cc:253] GetRealPath] Get realpath failed, path[/tmp/ipykernel_31876/2064034120.py]")
    assert figures_of(glog) == ["253", "2064034120"], "the cell file is named by its source: a figure"
    assert figures_of("CommitInfo(commit_url='http://127.0.0.1:40115/reader/x/commit/9a1f')") == []


def test_every_form_of_tqdm_timing_is_masked():
    forms = {
        "Generating train split: 1200 examples [00:00, 106933.90 examples/s]": ["1200"],
        "Generating train split: 0 examples [00:00, ? examples/s]": ["0"],
        "Map: 100%|##########| 1000/1000 [00:00<00:00,  5234.12 examples/s]": [],
        "  1%|          | 2/375 [00:01<04:23,  1.42it/s]": [],
        " 67%|######6   | 2/3 [1:06:40<33:20, 2000.00s/it]": [],
        "  0%|          | 0/375 [00:00<?, ?it/s]": [],
        "2it [00:01,  1.67it/s]": [],
        " 20%|##        | 2.00/10.0 [00:01<00:05, 1.42it/s]": [],
        "100%|##########| 3/3 [00:02<00:00, 1.10s/ examples]": [],
        "100%|##########| 375/375 [00:25<00:00, 14.63it/s, loss=0.412]": ["0.412"],
    }
    for printed, figures in forms.items():
        assert figures_of(printed) == figures, printed


def test_a_bars_drawing_is_no_figure():
    # A bar never closed: its last drawing fell on another step in each run, or in the next cell.
    drawn = [" 99%|#########9| 372/375 [00:25<00:00, 14.6it/s]", " 99%|#########8| 370/375 [00:25<00:00, 14.6it/s]",
             "100%|##########| 375/375 [00:25<00:00, 14.6it/s]"]
    assert {tuple(figures_of(line)) for line in drawn} == {()}
    loop = " 33%|###3      | 124/375 [00:10<00:20, 12.1it/s]epoch 0: mean training loss 1.5411"
    assert figures_of(loop) == ["0", "1.5411"]
    assert figures_of("{'accuracy': 0.899}\n100%|##########| 375/375 [01:02<00:00,  6.0it/s]") == ["0.899"]


def test_differences_name_the_cell_and_the_figures():
    first = {"docs/en/index.md:640": ["0.583"], "check trainer-learns": ["0.4", "0.9"]}
    second = {"docs/en/index.md:640": ["0.591"], "check trainer-learns": ["0.4", "0.9"]}
    assert differences(first, second) == ["docs/en/index.md:640: 0.583 -> 0.591"]
    assert differences(first, first) == []
    assert differences(first, {"check trainer-learns": ["0.4", "0.9"]}) == ["docs/en/index.md:640: 1 -> 0 figures"]
