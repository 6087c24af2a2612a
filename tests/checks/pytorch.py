"""The PyTorch tutorial trains for real, and shares what it trained."""

from finetune_docs.execution.checks import Check

CHANCE = 0.2

# The stand-in's pre-trained encoder makes even a random head score above chance now and
# then, so every check compares with the untrained model (pre-trained body, fresh head):
# held-out loss must fall clearly below it, and accuracy rise clearly above it and chance.
TRAINER = Check(
    name="trainer-learns",
    after=r"trainer\.train\(\)",
    code=f"""
import json as _json
import tempfile as _tempfile
import torch as _torch
from transformers import AutoModelForSequenceClassification as _Auto, Trainer as _Trainer
from transformers import TrainingArguments as _Args

_evals = [h for h in trainer.state.log_history if "eval_accuracy" in h]
_torch.manual_seed(1)
_untrained = _Trainer(
    model=_Auto.from_pretrained("google-bert/bert-base-cased", num_labels=5),
    args=_Args(output_dir=_tempfile.mkdtemp(), report_to="none"),
    eval_dataset=small_eval_dataset, compute_metrics=compute_metrics, processing_class=tokenizer,
).evaluate()
_figures = {{
    "untrained": [round(_untrained["eval_loss"], 4), _untrained["eval_accuracy"]],
    "eval_loss": [round(h["eval_loss"], 4) for h in _evals],
    "eval_accuracy": [h["eval_accuracy"] for h in _evals],
}}
print("FIGURES " + _json.dumps(_figures))
assert len(_evals) == training_args.num_train_epochs, "expected one evaluation per epoch"
assert _figures["eval_loss"][-1] < _figures["eval_loss"][0], "held-out loss did not fall over the epochs"
assert _figures["eval_loss"][-1] < _untrained["eval_loss"] - 0.05, "held-out loss not clearly below untrained"
assert _figures["eval_accuracy"][-1] >= max({CHANCE} + 0.2, _untrained["eval_accuracy"] + 0.1), (
    "held-out accuracy is not clearly above chance and above the untrained model's")
""",
)

NATIVE = Check(
    name="native-loop-learns",
    after=r"metric\.add_batch",
    code=f"""
import json as _json
import torch as _torch
from transformers import AutoModelForSequenceClassification as _Auto

def _measure(_model):
    _model.eval()
    _loss, _hits, _rows = 0.0, 0, 0
    with _torch.no_grad():
        for _batch in eval_dataloader:
            _batch = {{k: v.to(device) for k, v in _batch.items()}}
            _out = _model(**_batch)
            _loss += _out.loss.item() * len(_batch["labels"])
            _hits += (_out.logits.argmax(-1) == _batch["labels"]).sum().item()
            _rows += len(_batch["labels"])
    return _loss / _rows, _hits / _rows

_torch.manual_seed(1)
_untrained = _Auto.from_pretrained("google-bert/bert-base-cased", num_labels=5).to(device)
_before = _measure(_untrained)
_after = _measure(model)
print("FIGURES " + _json.dumps({{"untrained": _before, "trained": _after}}))
assert _after[0] < _before[0] - 0.05, "held-out loss did not fall clearly below the untrained model's"
assert _after[1] >= max({CHANCE} + 0.2, _before[1] + 0.1), (
    "held-out accuracy is not clearly above chance and above the untrained model's")
""",
)

CHECKS = [TRAINER, NATIVE]

PUSHED_REPO = ("models", "reader/yelp_review_classifier")


def verify_hub(storage):
    """What ``push_to_hub`` sent: the model, its tokenizer and a model card, last."""
    commits = storage.commits(*PUSHED_REPO)
    assert commits, "nothing was pushed to the Hub"
    final = commits[-1]
    for name in ("config.json", "model.safetensors", "tokenizer.json", "README.md"):
        assert name in final["files"], f"{name} missing from the final push {final['files']}"
    repo = storage.repo(*PUSHED_REPO)
    import json

    config = json.loads(repo.file("config.json").read_text())
    assert len(config["id2label"]) == 5, config.get("id2label")
    return {"commits": [c["summary"] for c in commits]}
