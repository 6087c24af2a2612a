"""The TensorFlow tutorial trains for real, in both Keras paths.

Each path is measured on its held-out reviews with the same function right before its
``fit`` cell, on the page's own model (pretrained body, the new head it is about to
train), and right after: every epoch run, falling losses, and a trained model clearly better
than that baseline and than chance (0.2 for five classes).
"""

from finetune_docs.execution.checks import Check


def held_out(model, dataset):
    """[mean loss, accuracy, rows] of ``model``'s predictions over ``dataset``'s (inputs, labels) batches.

    Prediction runs with dropout off and draws no random numbers, so it leaves the
    training that follows as it would have been.
    """
    import numpy as np

    logits = model.predict(dataset, verbose=0).logits.astype(np.float64)
    labels = np.concatenate([np.asarray(y) for _, y in dataset])
    shifted = logits - logits.max(-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    loss = float(-log_probs[np.arange(len(labels)), labels].mean())
    return [round(loss, 4), float((logits.argmax(-1) == labels).mean()), int(len(labels))]


def keras_baseline(model, dataset):
    """Before ``fit``: the model ``fit`` is about to train."""
    return {"baseline": held_out(model, dataset)}


def keras_learns(history, model, dataset, before, epochs, rows, chance=0.2):
    """After ``fit``: every epoch, falling losses, Keras' figures are the predictions', and a clear gain."""
    figures = {key: [round(float(v), 4) for v in values] for key, values in history.history.items()}
    figures["baseline"] = before["baseline"]
    figures["trained"] = held_out(model, dataset)
    baseline, trained = figures["baseline"], figures["trained"]
    assert len(figures["loss"]) == epochs, f"expected {epochs} epochs: {figures}"
    assert figures["loss"][-1] < figures["loss"][0], f"training loss did not fall: {figures}"
    assert figures["val_loss"][-1] < figures["val_loss"][0], f"held-out loss did not fall: {figures}"
    assert trained[2] == rows, f"not every validation review was measured: {figures}"
    assert abs(trained[1] - history.history["val_accuracy"][-1]) < 1e-6, (
        f"Keras' accuracy is not the predictions' accuracy: {figures}")
    assert trained[0] < baseline[0] - 0.05, f"held-out loss did not fall clearly below the baseline's: {figures}"
    assert trained[1] >= max(chance + 0.2, baseline[1] + 0.1), (
        f"held-out accuracy is not clearly above chance and above the baseline's: {figures}")
    return figures


def to_tf_dataset_baseline(model, tf_validation_dataset):
    return keras_baseline(model, tf_validation_dataset)


def to_tf_dataset_learns(history, model, tf_validation_dataset, EPOCHS, VALIDATION_ROWS, before):
    return keras_learns(history, model, tf_validation_dataset, before, EPOCHS, VALIDATION_ROWS)


def prepare_tf_dataset_baseline(model, tf_eval_dataset):
    return keras_baseline(model, tf_eval_dataset)


def prepare_tf_dataset_learns(history, model, tf_eval_dataset, EPOCHS, VALIDATION_ROWS, before):
    return keras_learns(history, model, tf_eval_dataset, before, EPOCHS, VALIDATION_ROWS)


def _path(name: str, fit: str, baseline, learns) -> list[Check]:
    first = Check(f"{name}-baseline", baseline, before=fit, helpers=(held_out, keras_baseline))
    return [first, Check(f"{name}-learns", learns, after=fit, helpers=(held_out, keras_learns),
                         recorded={"before": first.name})]


CHECKS = [
    *_path("keras-to-tf-dataset", r"model\.fit\(tf_train_dataset", to_tf_dataset_baseline, to_tf_dataset_learns),
    *_path("keras-prepare-tf-dataset", r"model\.fit\(tf_dataset", prepare_tf_dataset_baseline,
           prepare_tf_dataset_learns),
]
