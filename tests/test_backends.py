"""The backend registry and its pinned requirements."""

import re

import pytest

from finetune_docs.backends import BACKENDS, get

PIN = re.compile(r"^[A-Za-z0-9_.\-\[\]]+(==[^,;\s]+|<[^,;\s]+)$")


@pytest.mark.parametrize("backend", BACKENDS.values(), ids=list(BACKENDS))
def test_requirements_are_pinned(backend):
    pins = backend.pins()
    assert pins, f"{backend.requirements} is empty"
    assert all(PIN.match(pin) for pin in pins), pins


@pytest.mark.parametrize("backend", BACKENDS.values(), ids=list(BACKENDS))
def test_torch_is_only_ever_the_cpu_wheel_on_disk(backend):
    torch = [pin for pin in backend.pins() if pin.split("=")[0].split("<")[0] == "torch"]
    assert torch in ([], ["torch==2.13.0"])


def test_unknown_backend_names_the_known_ones():
    with pytest.raises(KeyError, match="known: pytorch"):
        get("jax")


def test_missing_environment_message_names_the_nox_session():
    assert "nox -s pytorch" in BACKENDS["pytorch"].missing_message()
