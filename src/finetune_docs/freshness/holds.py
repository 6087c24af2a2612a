"""The bounds a freshness run keeps while every other pin is relaxed to ``>=`` itself, with why.

``"=="`` keeps the pin; any other specifier is added to ``>=pin``. mindone's own pins
(transformers==4.57.1, numpy<2) need no entry: mindone is in the MindSpore set, so the
resolver keeps its Requires-Dist.
"""

from __future__ import annotations

COLAB_CORE = "Colab's core package: the install cell keeps Colab's own build (backends.py: provided)"
COLAB_MATPLOTLIB = ("==", "the version both Colab runtimes ship, so that on Colab the install cell installs "
                          "nothing for the confusion matrix's plot")

HOLDS: dict[str, dict[str, tuple[str, str]]] = {
    "pytorch": {
        "torch": ("==", COLAB_CORE + "; this machine's pip caps torch at its local CPU wheel, so a newer torch "
                        "is not tested here"),
        "huggingface-hub": ("<2", "Colab's diffusers, gradio and gradio-client require huggingface_hub<2"),
        "matplotlib": COLAB_MATPLOTLIB,
    },
    "tensorflow": {
        "tensorflow-cpu": ("==", COLAB_CORE + " (tensorflow 2.20.0)"),
        "tf-keras": ("==", COLAB_CORE + " (tf_keras 2.20.1, matched to its TensorFlow)"),
        "transformers": ("<5", "transformers 5 has no TensorFlow models"),
        "matplotlib": COLAB_MATPLOTLIB,
    },
    "mindspore": {
        "matplotlib": COLAB_MATPLOTLIB,
        "pyarrow": ("==", "pyarrow 26.0.1 requires NumPy 2 and mindone pins numpy<2 (freshness run of 2026-12-07: "
                          "\"ImportError: pyarrow requires NumPy 2.0 or newer, found 1.26.4\")"),
    },
}
"""Backend -> normalised distribution -> (specifier, reason)."""
