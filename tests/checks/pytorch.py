"""The PyTorch tutorial trains for real, and shares what it trained.

Each training path is measured twice on the held-out reviews with the same function: right
before its training cell, on the page's own model object (its pretrained body and the very
head it is about to train), and right after. Training must lower the loss clearly and lift
accuracy clearly above that baseline and above chance (0.2 for five classes).
"""

from finetune_docs.execution.checks import Check


def held_out(model, dataset, labels, tokenizer):
    """[mean loss, accuracy] of ``model`` on ``dataset``, in batches of 8 padded as the page pads them.

    Reads without side effects: no gradients, the model's train/eval mode put back, and no
    random numbers drawn (iterating a DataLoader would draw one from PyTorch's generator,
    and so change the shuffling of the page's training that follows).
    """
    import torch

    training = model.training
    model.eval()
    loss, hits = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(dataset), 8):
            rows = dataset[start : start + 8]
            inputs = tokenizer.pad({k: rows[k] for k in ("input_ids", "token_type_ids", "attention_mask")},
                                   return_tensors="pt").to(model.device)
            target = torch.as_tensor(rows[labels]).to(model.device)
            logits = model(**inputs).logits
            loss += torch.nn.functional.cross_entropy(logits, target, reduction="sum").item()
            hits += (logits.argmax(-1) == target).sum().item()
    model.train(training)
    return [round(loss / len(dataset), 4), hits / len(dataset)]


def learned(before, after, chance=0.2):
    """The assertions every path shares: loss clearly down, accuracy clearly up."""
    assert after[0] < before[0] - 0.05, f"held-out loss did not fall clearly below the baseline's: {before} -> {after}"
    assert after[1] >= max(chance + 0.2, before[1] + 0.1), (
        f"held-out accuracy is not clearly above chance and above the baseline's: {before} -> {after}")


def trainer_baseline(model, tokenized_datasets, tokenizer):
    """Before ``trainer.train()``: the model the Trainer is about to train, on the validation reviews."""
    return {"baseline": held_out(model, tokenized_datasets["validation"], "label", tokenizer)}


def trainer_learns(trainer, training_args, model, tokenized_datasets, tokenizer, before):
    """After ``trainer.train()``: one evaluation per epoch, and the trained model beats its baseline."""
    evals = [h for h in trainer.state.log_history if "eval_accuracy" in h]
    figures = {
        "baseline": before["baseline"],
        "trained": held_out(model, tokenized_datasets["validation"], "label", tokenizer),
        "train_loss": [round(h["loss"], 4) for h in trainer.state.log_history if "loss" in h],
        "eval_loss": [round(h["eval_loss"], 4) for h in evals],
        "eval_accuracy": [h["eval_accuracy"] for h in evals],
    }
    assert len(evals) == training_args.num_train_epochs, f"expected one evaluation per epoch: {figures}"
    assert figures["eval_loss"][-1] < figures["eval_loss"][0], f"held-out loss did not fall over the epochs: {figures}"
    # logging_strategy="epoch": the table's "Training Loss" column has a figure in every row.
    assert len(figures["train_loss"]) == len(evals), f"expected one training loss per epoch: {figures}"
    # The Trainer's last evaluation saw the same weights and the same reviews.
    assert abs(figures["trained"][1] - figures["eval_accuracy"][-1]) < 1e-9, (
        f"the Trainer's accuracy is not the measured one: {figures}")
    learned(figures["baseline"], figures["trained"])
    return figures


def native_baseline(model, tokenized_datasets, tokenizer):
    """Before the training loop: the model the loop is about to train."""
    return {"baseline": held_out(model, tokenized_datasets["validation"], "labels", tokenizer)}


def native_learns(model, tokenized_datasets, tokenizer, before):
    """After the page's test of the native loop's model."""
    figures = {"baseline": before["baseline"],
               "trained": held_out(model, tokenized_datasets["validation"], "labels", tokenizer)}
    learned(figures["baseline"], figures["trained"])
    return figures


TRAINER_BASELINE = Check("trainer-baseline", trainer_baseline, before=r"trainer\.train\(\)", helpers=(held_out,))
TRAINER = Check("trainer-learns", trainer_learns, after=r"trainer\.train\(\)", helpers=(held_out, learned),
                recorded={"before": TRAINER_BASELINE.name})
NATIVE_BASELINE = Check("native-loop-baseline", native_baseline, before=r"for epoch in range\(num_epochs\)",
                        helpers=(held_out,))
NATIVE = Check("native-loop-learns", native_learns, after=r"predict\(test_dataloader\)", helpers=(held_out, learned),
               recorded={"before": NATIVE_BASELINE.name})

CHECKS = [TRAINER_BASELINE, TRAINER, NATIVE_BASELINE, NATIVE]

PUSHED_REPO = ("models", "reader/yelp_review_classifier")
PUSHED_BY = r"\.push_to_hub\("
"""The page cells whose push ``verify_hub`` checks: when one did not run, the test says so."""


def verify_hub(storage):
    """What ``push_to_hub`` sent: the model, its tokenizer and a model card, last."""
    import json

    commits = storage.commits(*PUSHED_REPO)
    assert commits, "nothing was pushed to the Hub"
    final = commits[-1]
    for name in ("config.json", "model.safetensors", "tokenizer.json", "README.md"):
        assert name in final["files"], f"{name} missing from the final push {final['files']}"
    config = json.loads(storage.repo(*PUSHED_REPO).file("config.json").read_text())
    names = [config["id2label"][str(label)] for label in range(5)]
    assert names == ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"], config.get("id2label")
    return {"commits": [c["summary"] for c in commits]}
