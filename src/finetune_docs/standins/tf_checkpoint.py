"""Give the BERT stand-in a TensorFlow checkpoint, ``tf_model.h5``, as the real one has.

    finetune-docs standins-tensorflow [FOLDER]

Run it in the TensorFlow environment (``nox -s tensorflow``), after ``build`` has written
``model.safetensors``. The real ``google-bert/bert-base-cased`` ships both files, and
the TensorFlow page loads ``tf_model.h5``: transformers 4.55-4.57 cannot read a PyTorch
``model.safetensors`` into a TensorFlow model (``'builtins.safe_open' object is not
iterable``, transformers issue #40028), and its ``from_pt=True`` route needs torch.

The conversion needs neither: the safetensors file is read into numpy arrays and handed
to transformers' own PyTorch-to-TensorFlow name mapping, which builds the same weights a
``from_pt`` load would. It is deterministic: the same ``model.safetensors`` gives the
same bytes (checked by converting twice).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# transformers' TF models are tf-keras models; Keras 3 must never be the one TensorFlow
# binds, so this is set before anything imports TensorFlow.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

HERE = Path(__file__).parent
MODEL = HERE / "files" / "models" / "google-bert" / "bert-base-cased"
WEIGHTS = "model.safetensors"
TF_WEIGHTS = "tf_model.h5"
# ``tie_word_embeddings``: the masked-LM decoder reuses the word embeddings, so neither
# file has a weight of its own for it.
ALLOWED_MISSING = {"cls.predictions.decoder.weight"}


def load(folder: Path = MODEL):
    """The TensorFlow ``BertForPreTraining`` holding the weights of ``folder/model.safetensors``."""
    from safetensors.numpy import load_file
    from transformers import BertConfig, TFBertForPreTraining
    from transformers.modeling_tf_pytorch_utils import load_pytorch_state_dict_in_tf2_model

    config = BertConfig.from_pretrained(folder)
    model = TFBertForPreTraining(config)
    state = load_file(folder / WEIGHTS)
    model, info = load_pytorch_state_dict_in_tf2_model(
        model, state, output_loading_info=True, skip_logger_warnings=True
    )
    problems = {
        "missing": set(info["missing_keys"]) - ALLOWED_MISSING,
        "unexpected": set(info["unexpected_keys"]),
        "mismatched": {key for key, *_ in info["mismatched_keys"]},
    }
    problems = {kind: keys for kind, keys in problems.items() if keys}
    if problems:
        raise ValueError(f"{folder / WEIGHTS} does not fit TFBertForPreTraining: {problems}")
    return model


def convert(folder: Path = MODEL) -> Path:
    """Write ``folder/tf_model.h5`` from ``folder/model.safetensors``; return its path."""
    model = load(folder)
    target = folder / TF_WEIGHTS
    with tempfile.TemporaryDirectory() as scratch:
        # transformers' own writer, so the file is laid out as `save_pretrained` lays it
        # (h5py records no timestamps: the bytes depend on the weights alone); only the
        # weights are kept, config.json stays the one `build` wrote.
        model.save_pretrained(scratch, safe_serialization=False)
        target.write_bytes((Path(scratch) / TF_WEIGHTS).read_bytes())
    return target


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else MODEL
    print(convert(folder))
    return 0

