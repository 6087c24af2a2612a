"""The backend registry and its pinned requirements."""

import re

import pytest

from finetune_docs.backends import BACKENDS, get
from finetune_docs.notebooks.install import requirement

PIN = re.compile(r"^[A-Za-z0-9_.\-\[\]]+(==[^,;\s]+|<[^,;\s]+)$")


@pytest.mark.parametrize("backend", BACKENDS.values(), ids=list(BACKENDS))
def test_requirements_are_pinned(backend):
    pins = backend.pins()
    assert pins, f"{backend.requirements} is empty"
    assert all(PIN.match(pin) for pin in pins), pins


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
    assert all(PIN.match(w) for w in exact)


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
