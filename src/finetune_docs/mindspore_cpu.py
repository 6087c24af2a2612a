"""Run mindone's BERT on a CPU: swap three layers for ones MindSpore has CPU kernels for.

mindone builds its transformers models from MindSpore's ``mint`` layers. Three of them
that BERT uses have no CPU kernel in MindSpore 2.10, so the first forward pass on a CPU
fails (``The kernel Embedding unregistered``, ``Unsupported op [LayerNormExt] on CPU``,
then ``GeluExt``):

- ``mint.nn.Embedding`` (its forward in PyNative mode, its backward in graph mode),
- ``mint.nn.LayerNorm``,
- mindone's ``GELUActivation``, which calls ``mint.nn.functional.gelu``.

:func:`use_cpu_kernels` turns each such layer of a loaded model into a subclass of its
own class whose ``construct`` computes the same function with an older operator that
does run on CPU (``ops.gather``, ``ops.LayerNorm``, ``ops.gelu``). Only the class of the
layer changes: its parameters, their names and values stay as they are, so checkpoints
load and save as before. On any other device target (Ascend, GPU) it changes nothing.

It never hides a failure: a model with none of these layers, or with one set up in a way
the replacement does not reproduce, raises an error instead of training silently with
something else.
"""

from __future__ import annotations

from collections import Counter

import mindspore as ms
from mindone.transformers.activations import GELUActivation
from mindspore import mint, nn, ops

__all__ = ["CPUEmbedding", "CPULayerNorm", "CPUGELUActivation", "use_cpu_kernels"]


class CPUEmbedding(mint.nn.Embedding):
    """``mint.nn.Embedding`` computed with ``ops.gather``.

    Row ``padding_idx`` gets no gradient, as in the original: its rows are looked up
    through ``stop_gradient``.
    """

    def construct(self, input):
        embedded = ops.gather(self.weight, input, 0)
        if self.padding_idx is None:
            return embedded
        padding = ops.expand_dims(input == self.padding_idx, -1)
        padding = padding.broadcast_to(embedded.shape)
        return ops.select(padding, ops.stop_gradient(embedded), embedded)


class CPULayerNorm(mint.nn.LayerNorm):
    """``mint.nn.LayerNorm`` computed with the ``ops.LayerNorm`` primitive.

    The primitive normalizes over the last axis only (it takes no negative axis but -1),
    so several normalized dimensions are flattened into one and back.
    """

    def construct(self, input):
        shape = input.shape
        flat = input.reshape(shape[: len(shape) - len(self.normalized_shape)] + (-1,))
        out = self.cpu_layer_norm(flat, self.weight.reshape(-1), self.bias.reshape(-1))[0]
        return out.reshape(shape)


class CPUGELUActivation(GELUActivation):
    """mindone's exact (erf) ``GELUActivation`` computed with ``ops.gelu``."""

    def construct(self, input):
        return ops.gelu(input, approximate="none")


def _to_cpu_embedding(layer: nn.Cell) -> bool:
    if layer.max_norm is not None or layer.scale_grad_by_freq:
        raise NotImplementedError(
            f"use_cpu_kernels: an Embedding with max_norm={layer.max_norm!r}, "
            f"scale_grad_by_freq={layer.scale_grad_by_freq!r} has no CPU replacement here"
        )
    layer.__class__ = CPUEmbedding
    return True


def _to_cpu_layer_norm(layer: nn.Cell) -> bool:
    if layer.weight is None or layer.bias is None:
        raise NotImplementedError("use_cpu_kernels: a LayerNorm without weight and bias has no CPU replacement here")
    layer.cpu_layer_norm = ops.LayerNorm(begin_norm_axis=-1, begin_params_axis=-1, epsilon=layer.eps)
    layer.__class__ = CPULayerNorm
    return True


def _to_cpu_gelu(layer: nn.Cell) -> bool:
    if layer.act is not mint.nn.functional.gelu:
        # use_gelu_python=True: plain erf arithmetic, which needs no replacement.
        return False
    layer.__class__ = CPUGELUActivation
    return True


# Exact classes only: a subclass of these may compute something else.
_REPLACEMENTS = {
    mint.nn.Embedding: ("Embedding", _to_cpu_embedding),
    mint.nn.LayerNorm: ("LayerNorm", _to_cpu_layer_norm),
    GELUActivation: ("GELU", _to_cpu_gelu),
}


def use_cpu_kernels(model: nn.Cell) -> nn.Cell:
    """Make ``model`` runnable on MindSpore's CPU target; return it.

    On a CPU target, every ``mint.nn.Embedding``, ``mint.nn.LayerNorm`` and mindone
    ``GELUActivation`` inside ``model`` is changed in place into :class:`CPUEmbedding`,
    :class:`CPULayerNorm` or :class:`CPUGELUActivation`, and a line says how many of each.
    On any other target the model is returned untouched. Call it after
    ``mindspore.set_context(device_target=...)`` (or mindone's ``init_environment``) and
    before the first forward pass.

    Raises ``ValueError`` when the model holds none of these layers: whatever fails on
    CPU in it then is something this function does not fix.
    """
    target = ms.get_context("device_target")
    if target != "CPU":
        print(f"use_cpu_kernels: device target is {target}, the model is left as it is.")
        return model
    replaced: Counter[str] = Counter()
    for _, layer in model.cells_and_names():
        entry = _REPLACEMENTS.get(type(layer))
        if entry is None:
            continue
        kind, convert = entry
        if convert(layer):
            replaced[kind] += 1
    if not replaced:
        raise ValueError(
            f"use_cpu_kernels: {type(model).__name__} has no mint Embedding, LayerNorm or GELU "
            "layer to replace; if it fails on CPU, the cause is elsewhere"
        )
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(replaced.items()))
    print(f"use_cpu_kernels: replaced {summary} layers with CPU versions.")
    return model
