"""The MindSpore tutorial trains for real."""

from finetune_docs.execution.checks import Check

CHANCE = 0.2

MEASURE = """
import json as _json
import numpy as _np
from mindone.transformers import BertForSequenceClassification as _Bert
from finetune_docs.mindspore_cpu import use_cpu_kernels as _use_cpu_kernels

def _measure(_model, _dataset, _label):
    _model.set_train(False)
    _loss, _hits = 0.0, 0
    for _start in range(0, len(_dataset), 8):
        _batch = _dataset[_start : _start + 8]
        _labels = _np.array(_batch[_label])
        _out = _model(ms.tensor(_batch["input_ids"], ms.int32), ms.tensor(_batch["attention_mask"], ms.int32),
                      labels=ms.tensor(_labels, ms.int32))
        _loss += _out[0].item() * len(_labels)
        _hits += int((_out[1].argmax(-1).asnumpy() == _labels).sum())
    return round(_loss / len(_dataset), 4), _hits / len(_dataset)

ms.set_seed(1)
_untrained = _use_cpu_kernels(_Bert.from_pretrained("google-bert/bert-base-cased", num_labels=5, return_dict=False))
_before = _measure(_untrained, small_eval_dataset, LABEL)
_after = _measure(model, small_eval_dataset, LABEL)
print("FIGURES " + _json.dumps({"untrained": _before, "trained": _after}))
assert _after[0] < _before[0] - 0.1, "held-out loss did not fall clearly below the untrained model's"
assert _after[1] >= max(CHANCE + 0.2, _before[1] + 0.1), (
    "held-out accuracy is not clearly above chance and above the untrained model's")
"""

TRAINER = Check(
    name="trainer-learns",
    after=r"trainer\.train\(\)",
    code=MEASURE.replace("LABEL", '"label"').replace("CHANCE", str(CHANCE)),
)

NATIVE = Check(
    name="native-loop-learns",
    after=r"for epoch in range\(num_epochs\)",
    code=MEASURE.replace("LABEL", '"labels"').replace("CHANCE", str(CHANCE)),
)

CHECKS = [TRAINER, NATIVE]
