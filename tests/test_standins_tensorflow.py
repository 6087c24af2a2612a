"""The stand-in's TensorFlow weights are the PyTorch weights, converted (TensorFlow environment)."""

import shutil

import pytest

from finetune_docs.backends import BACKENDS

if not BACKENDS["tensorflow"].available():
    pytest.skip(BACKENDS["tensorflow"].missing_message(), allow_module_level=True)

from finetune_docs.standins import tf_checkpoint  # noqa: E402


def test_shipped_tf_weights_equal_a_fresh_conversion(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tf_checkpoint.MODEL, folder)
    (folder / tf_checkpoint.TF_WEIGHTS).unlink()
    tf_checkpoint.convert(folder)
    fresh = (folder / tf_checkpoint.TF_WEIGHTS).read_bytes()
    shipped = (tf_checkpoint.MODEL / tf_checkpoint.TF_WEIGHTS).read_bytes()
    assert fresh == shipped, "tf_model.h5 is out of date with model.safetensors: run `nox -s standins_tensorflow`"


def test_conversion_refuses_weights_of_another_shape(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tf_checkpoint.MODEL, folder)
    config = (folder / "config.json").read_text()
    (folder / "config.json").write_text(config.replace('"hidden_size": 32', '"hidden_size": 64'))
    with pytest.raises(Exception):  # noqa: B017 - Keras or transformers, either must refuse
        tf_checkpoint.load(folder)
