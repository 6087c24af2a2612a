"""The backend registry and its pinned requirements."""

import pytest
from packaging.requirements import Requirement

from finetune_docs import backends
from finetune_docs.backends import BACKENDS, Backend, get
from finetune_docs.notebooks.install import requirement


def is_pinned(pin: str) -> bool:
    """One exact version (``==``), or an upper bound (``<``) where the file says why."""
    specifiers = list(Requirement(pin).specifier)
    return len(specifiers) == 1 and specifiers[0].operator in ("==", "<")


@pytest.mark.parametrize("backend", BACKENDS.values(), ids=list(BACKENDS))
def test_requirements_are_pinned(backend):
    pins = backend.pins()
    assert pins, f"{backend.requirements} is empty"
    assert all(is_pinned(pin) for pin in pins), pins


@pytest.mark.parametrize("backend", BACKENDS.values(), ids=list(BACKENDS))
def test_torch_is_only_ever_the_cpu_wheel_on_disk(backend):
    torch = [pin for pin in backend.pins() if backend.package(pin) == "torch"]
    assert set(torch) <= {"torch==2.13.0"}


@pytest.mark.parametrize("backend", BACKENDS.values(), ids=list(BACKENDS))
def test_notebook_installs_every_pin_renamed_only_where_the_registry_says(backend):
    plain, no_deps = backend.split_pins()
    written = [requirement(backend, p) for p in plain + no_deps]
    assert len(written) == len(backend.pins())
    names = {backend.package(w.strip('"')) for w in written}
    renamed = {backend.package(p) for p in backend.pins()} - names
    assert renamed == set(backend.notebook_distributions)
    exact = [w for w in written if backend.package(w.strip('"')) not in backend.provided]
    assert all(is_pinned(w) for w in exact)


def test_tensorflow_notebook_installs_tensorflow_at_the_tested_version():
    tensorflow = BACKENDS["tensorflow"]
    (cpu,) = [p for p in tensorflow.pins() if tensorflow.package(p) == "tensorflow-cpu"]
    assert requirement(tensorflow, cpu) == cpu.replace("tensorflow-cpu", "tensorflow")
    assert [tensorflow.package(p) for p in tensorflow.split_pins()[1]] == ["tf-keras"]


def test_unknown_backend_names_the_known_ones():
    with pytest.raises(KeyError, match="known: pytorch"):
        get("jax")


def test_missing_environment_message_names_the_nox_session():
    assert "nox -s pytorch" in BACKENDS["pytorch"].missing_message()


@pytest.mark.parametrize(("pin", "name"), [
    ("tf-keras==2.21.0", "tf-keras"),
    ("TF_Keras==2.21.0", "tf-keras"),
    ("huggingface_hub[cli]==2.4.0", "huggingface-hub"),
    ("numpy<2 ; python_version < '3.13'", "numpy"),
    ("zope.interface==7.2", "zope-interface"),
])
def test_a_requirement_names_its_distribution_as_packaging_normalises_it(pin, name):
    assert Backend.package(pin) == name


def test_the_notebook_renames_only_the_name_and_keeps_the_rest_of_the_line():
    backend = Backend(name="x", label="X", probe="x", notebook_distributions={"tensorflow-cpu": "tensorflow"})
    assert requirement(backend, "TensorFlow_CPU[and-cuda]==2.21.0") == "tensorflow[and-cuda]==2.21.0"
    assert requirement(backend, "numpy==2.1.0") == "numpy==2.1.0"


def test_a_line_that_is_not_a_requirement_is_named_with_its_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "x.txt").write_text("# pins\nnumpy==2.1.0\n\nnot a requirement!\n", encoding="utf-8")
    monkeypatch.setattr(backends, "REQUIREMENTS", tmp_path)
    with pytest.raises(ValueError, match=r"x\.txt:4: not a requirement"):
        Backend(name="x", label="X", probe="x").pins()
