"""The TensorFlow tutorial trains for real, in both Keras paths."""

from finetune_docs.execution.checks import Check

CHANCE = 0.2


def _keras_learns(name: str, after: str, held_out: str) -> Check:
    """Right after a `history = model.fit(...)` cell: three epochs, falling losses, held-out
    accuracy clearly above chance, and Keras' figure recomputed from the predictions."""
    return Check(name=name, after=after, code=f"""
import json as _json
import numpy as _np
_h = history.history
_figures = {{key: [round(float(v), 4) for v in values] for key, values in _h.items()}}
_logits = model.predict({held_out}, verbose=0).logits
_labels = _np.concatenate([_np.asarray(_y) for _, _y in {held_out}])
_figures["recomputed_val_accuracy"] = float((_logits.argmax(-1) == _labels).mean())
_figures["held_out_rows"] = int(len(_labels))
print("FIGURES " + _json.dumps(_figures))
assert len(_h["loss"]) == 3, "expected three epochs"
assert _h["loss"][-1] < _h["loss"][0], "training loss did not fall"
assert _h["val_loss"][-1] < _h["val_loss"][0], "held-out loss did not fall"
assert _figures["held_out_rows"] == 1000, "not every held-out review was measured"
assert abs(_figures["recomputed_val_accuracy"] - _h["val_accuracy"][-1]) < 1e-6, (
    "Keras' accuracy is not the predictions' accuracy")
assert _h["val_accuracy"][-1] >= {CHANCE} + 0.2, "held-out accuracy is not clearly above chance"
""")


TO_TF_DATASET = _keras_learns("keras-to-tf-dataset-learns", r"model\.fit\(tf_train_dataset", "tf_validation_dataset")
PREPARE_TF_DATASET = _keras_learns("keras-prepare-tf-dataset-learns", r"model\.fit\(tf_dataset", "tf_eval_dataset")
CHECKS = [TO_TF_DATASET, PREPARE_TF_DATASET]
