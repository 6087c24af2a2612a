"""The CPU replacements in finetune_docs.mindspore_cpu compute what the mint layers define.

Each replacement is checked against a NumPy reference written from the original layer's
mathematical definition, in PyNative and in graph mode, forward and (for the embedding)
backward. These tests need the MindSpore environment; elsewhere they skip.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

MISSING = (
    "MindSpore is not installed here: run `nox -s mindspore` to build its environment "
    "and run these tests."
)
ms = pytest.importorskip("mindspore", reason=MISSING)
pytest.importorskip("mindone.transformers", reason=MISSING)

from mindone.transformers import BertForSequenceClassification, BertModel  # noqa: E402
from mindone.transformers.activations import GELUActivation  # noqa: E402
from mindspore import mint, nn, ops  # noqa: E402
from transformers import BertConfig  # noqa: E402

from finetune_docs import layout, mindspore_cpu  # noqa: E402
from finetune_docs.mindspore_cpu import (  # noqa: E402
    CPUEmbedding,
    CPUGELUActivation,
    CPULayerNorm,
    use_cpu_kernels,
)
from finetune_docs.pages import read  # noqa: E402

RNG = np.random.default_rng(0)


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"], autouse=True)
def mode(request, tmp_path, monkeypatch):
    # Graph mode writes rank_0/ (compiler reports) into the working directory.
    monkeypatch.chdir(tmp_path)
    before = ms.get_context("mode")
    ms.set_context(mode=request.param, device_target="CPU")
    yield request.param
    ms.set_context(mode=before)


class Call(nn.Cell):
    """Runs a layer inside a Cell, so graph mode compiles it."""

    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def construct(self, x):
        return self.layer(x)


def converted(layer):
    """``layer`` after use_cpu_kernels, wrapped in a Cell so it can be converted."""
    cell = Call(layer)
    use_cpu_kernels(cell)
    return cell


# --- Embedding: y[i] = W[ids[i]]; dL/dW[r] = sum of upstream rows looked up at r, 0 at padding_idx


def test_embedding_forward_matches_lookup():
    cell = converted(mint.nn.Embedding(11, 4))
    assert type(cell.layer) is CPUEmbedding
    ids = RNG.integers(0, 11, size=(3, 5))
    weight = cell.layer.weight.asnumpy()
    np.testing.assert_array_equal(cell(ms.tensor(ids, ms.int32)).asnumpy(), weight[ids])


def test_embedding_gradient_skips_padding_row():
    cell = converted(mint.nn.Embedding(7, 3, padding_idx=0))
    ids = np.array([[0, 2, 2, 5], [0, 0, 6, 2]])
    upstream = RNG.standard_normal((2, 4, 3)).astype(np.float32)

    def loss(x):
        return (cell(x) * ms.tensor(upstream)).sum()

    value, grads = ms.value_and_grad(loss, grad_position=None, weights=cell.trainable_params())(
        ms.tensor(ids, ms.int32)
    )
    weight = cell.layer.weight.asnumpy()
    expected = np.zeros_like(weight)
    np.add.at(expected, ids.reshape(-1), upstream.reshape(-1, 3))
    expected[0] = 0.0
    np.testing.assert_allclose(grads[0].asnumpy(), expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(value.asnumpy(), (weight[ids] * upstream).sum(), rtol=1e-5)


# --- LayerNorm: y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias over the last dims


@pytest.mark.parametrize("shape", [(6,), (3, 6)], ids=["1d", "2d"])
def test_layer_norm_matches_definition(shape):
    layer = mint.nn.LayerNorm(shape, eps=1e-12)
    layer.weight.set_data(ms.tensor(RNG.standard_normal(shape).astype(np.float32)))
    layer.bias.set_data(ms.tensor(RNG.standard_normal(shape).astype(np.float32)))
    cell = converted(layer)
    assert type(cell.layer) is CPULayerNorm
    x = RNG.standard_normal((2, 4, *shape)).astype(np.float32) * 3 + 1
    axes = tuple(range(-len(shape), 0))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    expected = (x - mean) / np.sqrt(var + 1e-12) * layer.weight.asnumpy() + layer.bias.asnumpy()
    np.testing.assert_allclose(cell(ms.tensor(x)).asnumpy(), expected, rtol=1e-4, atol=1e-5)


# --- GELU (exact): y = x * (1 + erf(x / sqrt(2))) / 2


def test_gelu_matches_definition():
    cell = converted(GELUActivation())
    assert type(cell.layer) is CPUGELUActivation
    x = np.linspace(-6, 6, 97, dtype=np.float32).reshape(1, 97)
    expected = np.array([v * (1 + math.erf(v / math.sqrt(2))) / 2 for v in x.ravel()])
    expected = expected.reshape(x.shape)
    np.testing.assert_allclose(cell(ms.tensor(x)).asnumpy(), expected, rtol=1e-5, atol=1e-6)


# --- use_cpu_kernels on a whole model


def tiny_bert():
    config = BertConfig(
        vocab_size=50,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=16,
        max_position_embeddings=16,
    )
    return BertModel(config)


def test_bert_keeps_parameter_names_and_runs(capsys):
    model = tiny_bert()
    names = [p.name for p in model.get_parameters()]
    values = [p.asnumpy().copy() for p in model.get_parameters()]
    assert use_cpu_kernels(model) is model
    assert "replaced 3 Embedding, 2 GELU, 5 LayerNorm layers" in capsys.readouterr().out
    assert [p.name for p in model.get_parameters()] == names
    for before, parameter in zip(values, model.get_parameters(), strict=True):
        np.testing.assert_array_equal(parameter.asnumpy(), before)
    model.set_train(False)
    ids = ms.tensor(RNG.integers(0, 50, size=(2, 7)), ms.int32)
    hidden = model(ids, return_dict=False)[0]
    assert hidden.shape == (2, 7, 8)
    assert np.isfinite(hidden.asnumpy()).all()


# google-bert/bert-base-cased's config.json on the Hub (the offline stand-in has 2 layers),
# its widths shrunk: they change no layer count, only the time to build (tens of seconds at full width).
BERT_BASE_CASED = dict(
    num_hidden_layers=12, type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12, pad_token_id=0,
    vocab_size=28996 // 100, hidden_size=768 // 64, num_attention_heads=12 // 6, intermediate_size=3072 // 64,
    max_position_embeddings=512 // 8,
)


def test_the_page_shows_what_the_real_model_prints(mode, capsys):
    """The page's line is the real 12-layer model's, not the stand-in's (its tests mask the numbers)."""
    if mode == ms.GRAPH_MODE:
        pytest.skip("which layers a model has does not depend on the mode; counted once, in PyNative mode")
    page = read(layout.DOCS / "en" / "index.md")
    shown = next(c.output for c in page.cells if "use_cpu_kernels(model)" in c.source and c.output)
    model = BertForSequenceClassification(BertConfig(**BERT_BASE_CASED, num_labels=5))
    use_cpu_kernels(model)
    assert capsys.readouterr().out.strip() == shown.strip()


def test_model_without_such_layers_raises():
    with pytest.raises(ValueError, match="no mint Embedding, LayerNorm or GELU"):
        use_cpu_kernels(nn.SequentialCell(nn.Dense(3, 3), nn.ReLU()))


def test_unsupported_setting_raises():
    with pytest.raises(NotImplementedError, match="max_norm"):
        use_cpu_kernels(Call(mint.nn.Embedding(5, 2, max_norm=1.0)))


def test_other_device_targets_are_left_alone(monkeypatch, capsys):
    monkeypatch.setattr(mindspore_cpu.ms, "get_context", lambda key: "Ascend")
    model = tiny_bert()
    use_cpu_kernels(model)
    assert "device target is Ascend" in capsys.readouterr().out
    kinds = {type(cell) for _, cell in model.cells_and_names()}
    assert not kinds & {CPUEmbedding, CPULayerNorm, CPUGELUActivation}
    assert mint.nn.LayerNorm in kinds


class SumOf(nn.Cell):
    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def construct(self, x):
        return self.layer(x).sum()


@pytest.mark.parametrize(
    "layer, x",
    [
        (lambda: mint.nn.Embedding(5, 2), lambda: ms.tensor([[1, 2]], ms.int32)),
        (lambda: mint.nn.LayerNorm((4,)), lambda: ops.ones((2, 4), ms.float32)),
        (lambda: GELUActivation(), lambda: ops.ones((2, 4), ms.float32)),
    ],
    ids=["Embedding", "LayerNorm", "GELU"],
)
def test_original_layer_still_has_no_cpu_kernel(layer, x):
    """Why the module exists: forward or backward of each original layer fails on CPU.

    If this starts failing, MindSpore gained the kernels and the replacement may go.
    """
    cell = SumOf(layer())
    with pytest.raises(RuntimeError):
        ms.value_and_grad(cell, None, cell.trainable_params())(x())[0].asnumpy()
