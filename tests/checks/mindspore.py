"""The MindSpore tutorial trains for real, with MindONE's Trainer and in a native loop.

mindone's Trainer cannot evaluate, so each path is measured here, with the same function,
right before its training cell (on the page's own model: pretrained body, the new head it
is about to train) and right after: the held-out loss must fall clearly and the accuracy
rise clearly above that baseline and above chance (0.2 for five classes).

One more cell, first, is not a check but the tests' one setting: MindSpore's CPU operators
split their work over a thread pool of their own (``OMP_NUM_THREADS`` does not reach it),
whose partial sums add up in an order that varies, so trained figures differed in the third
or fourth decimal between two runs of the same code; with one thread they are identical
(tests/test_determinism.py), and a replayed run is then the truth. A reader's notebook keeps
every core.
"""

from finetune_docs.execution.checks import Check


def one_cpu_thread():
    """MindSpore's CPU operators on one thread, before the page first uses MindSpore."""
    import mindspore as ms

    ms.device_context.cpu.op_tuning.threads_num(1)
    return {"threads": 1}


def held_out(model, dataset, labels):
    """[mean loss, accuracy] of ``model`` on ``dataset``, in batches of 8, dropout off.

    The model's train/eval mode is put back afterwards: the check only reads.
    """
    import mindspore as ms
    import numpy as np

    training = model.training
    model.set_train(False)
    loss, hits = 0.0, 0
    for start in range(0, len(dataset), 8):
        rows = dataset[start : start + 8]
        target = np.array(rows[labels])
        out = model(ms.tensor(rows["input_ids"], ms.int32), ms.tensor(rows["attention_mask"], ms.int32),
                    labels=ms.tensor(target, ms.int32))
        loss += out[0].item() * len(target)
        hits += int((out[1].argmax(-1).asnumpy() == target).sum())
    model.set_train(training)
    return [round(loss / len(dataset), 4), hits / len(dataset)]


def learned(before, after, chance=0.2):
    assert after[0] < before[0] - 0.1, f"held-out loss did not fall clearly below the baseline's: {before} -> {after}"
    assert after[1] >= max(chance + 0.2, before[1] + 0.1), (
        f"held-out accuracy is not clearly above chance and above the baseline's: {before} -> {after}")


def trainer_baseline(model, tokenized_datasets):
    """Before ``trainer.train()``: the model the Trainer is about to train, on the validation reviews."""
    return {"baseline": held_out(model, tokenized_datasets["validation"], "label")}


def trainer_learns(model, tokenized_datasets, before):
    figures = {"baseline": before["baseline"], "trained": held_out(model, tokenized_datasets["validation"], "label")}
    learned(figures["baseline"], figures["trained"])
    return figures


def native_baseline(model, tokenized_datasets):
    """Before the training loop: the model the loop is about to train."""
    return {"baseline": held_out(model, tokenized_datasets["validation"], "labels")}


def native_learns(model, tokenized_datasets, before):
    figures = {"baseline": before["baseline"], "trained": held_out(model, tokenized_datasets["validation"], "labels")}
    learned(figures["baseline"], figures["trained"])
    return figures


ONE_THREAD = Check("one-cpu-thread", one_cpu_thread, after=r'os\.environ\["GLOG_v"\]')
TRAINER_BASELINE = Check("trainer-baseline", trainer_baseline, before=r"trainer\.train\(\)", helpers=(held_out,))
TRAINER = Check("trainer-learns", trainer_learns, after=r"trainer\.train\(\)", helpers=(held_out, learned),
                recorded={"before": TRAINER_BASELINE.name})
NATIVE_BASELINE = Check("native-loop-baseline", native_baseline, before=r"for epoch in range\(num_epochs\)",
                        helpers=(held_out,))
NATIVE = Check("native-loop-learns", native_learns, after=r"for epoch in range\(num_epochs\)",
               helpers=(held_out, learned), recorded={"before": NATIVE_BASELINE.name})

CHECKS = [ONE_THREAD, TRAINER_BASELINE, TRAINER, NATIVE_BASELINE, NATIVE]
