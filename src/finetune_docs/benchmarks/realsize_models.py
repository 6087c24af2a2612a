"""bert-base-cased's architecture, random weights, in each backend, as its notebook trains it.

Each builder returns ``(train, evaluate, threads)``: ``train(length)`` runs one training step
on a batch of 8 random reviews of ``length`` tokens (the notebook's optimizer, learning rate
5e-5), ``evaluate(length)`` one evaluation batch, ``threads`` the intra-op threads it runs.
Run only in a child process of :mod:`.realsize`: each imports its whole ML stack.
"""

from __future__ import annotations

import os

from .. import recipe

VOCAB = 28_996
"""bert-base-cased's vocabulary; BertConfig's other defaults are its dimensions (12 layers,
hidden size 768, 12 heads, 3072 intermediate, 512 positions)."""
LABELS = 5
COMPILES_PER_SHAPE = frozenset({"tensorflow", "mindspore"})
"""Keras' tf.function traces again, and MindSpore's graph mode compiles again, for each new
batch shape; PyTorch runs eagerly."""


def _config(**extra):
    from transformers import BertConfig

    return BertConfig(vocab_size=VOCAB, num_labels=LABELS, **extra)


def _ids(numpy, length: int):
    rng = numpy.random.default_rng(length)
    ids = rng.integers(1000, VOCAB, size=(recipe.BATCH_SIZE, length), dtype=numpy.int64)
    mask = numpy.ones_like(ids)
    labels = rng.integers(0, LABELS, size=(recipe.BATCH_SIZE,), dtype=numpy.int64)
    return ids, mask, labels


def pytorch():
    import numpy
    import torch
    from transformers import BertForSequenceClassification

    torch.manual_seed(0)
    model = BertForSequenceClassification(_config())
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)

    def train(length: int) -> None:
        ids, mask, labels = (torch.from_numpy(a) for a in _ids(numpy, length))
        model.train()
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    def evaluate(length: int) -> None:
        ids, mask, _ = (torch.from_numpy(a) for a in _ids(numpy, length))
        model.eval()
        with torch.no_grad():
            model(input_ids=ids, attention_mask=mask).logits.argmax(-1)

    return train, evaluate, f"torch {torch.__version__}, {torch.get_num_threads()} threads"


def tensorflow():
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import numpy
    import tensorflow as tf
    import tf_keras
    from transformers import TFBertForSequenceClassification

    tf.random.set_seed(0)
    model = TFBertForSequenceClassification(_config())
    model.compile(optimizer=tf_keras.optimizers.Adam(5e-5),
                  loss=tf_keras.losses.SparseCategoricalCrossentropy(from_logits=True))

    def train(length: int) -> None:
        ids, mask, labels = _ids(numpy, length)
        model.train_on_batch({"input_ids": ids, "attention_mask": mask}, labels)

    def evaluate(length: int) -> None:
        ids, mask, labels = _ids(numpy, length)
        model.test_on_batch({"input_ids": ids, "attention_mask": mask}, labels)

    threads = tf.config.threading.get_intra_op_parallelism_threads() or "default"
    return train, evaluate, f"tensorflow {tf.__version__}, intra-op threads {threads}"


def mindspore():
    import mindspore as ms
    import numpy
    from mindone.transformers import BertForSequenceClassification
    from mindone.transformers.mindspore_adapter import MindSporeArguments, TrainOneStepWrapper, init_environment
    from mindspore import nn

    from ..mindspore_cpu import use_cpu_kernels

    init_environment(MindSporeArguments(mode=ms.GRAPH_MODE, device_target="CPU"))
    ms.set_seed(0)
    model = use_cpu_kernels(BertForSequenceClassification(_config(return_dict=False)))

    class ReturnLoss(nn.Cell):
        def __init__(self, model):
            super().__init__(auto_prefix=False)
            self.model = model

        def construct(self, input_ids, attention_mask, labels):
            return self.model(input_ids, attention_mask, labels=labels)[0]

    step = TrainOneStepWrapper(ReturnLoss(model), nn.AdamWeightDecay(model.trainable_params(), learning_rate=5e-5))

    def tensors(length: int):
        return tuple(ms.tensor(a, ms.int32) for a in _ids(numpy, length))

    def train(length: int) -> None:
        model.set_train(True)
        step(*tensors(length))[0].asnumpy()

    def evaluate(length: int) -> None:
        ids, mask, _ = tensors(length)
        model.set_train(False)
        model(ids, mask)[0].argmax(-1).asnumpy()

    return train, evaluate, f"mindspore {ms.__version__}, graph mode"


BUILDERS = {"pytorch": pytorch, "tensorflow": tensorflow, "mindspore": mindspore}
