"""Pins relaxed to >= themselves, the bounds that must hold kept."""

import pytest

from finetune_docs.backends import BACKENDS
from finetune_docs.freshness.holds import HOLDS
from finetune_docs.freshness.relax import parse_pins, relaxed


def test_each_pin_becomes_a_floor_and_a_hold_stays():
    pins = parse_pins(["torch==2.13.0", "huggingface_hub==1.33.0", "matplotlib==3.10.0", "accelerate==1.15.0"])
    assert relaxed(pins, HOLDS["pytorch"]) == ["torch==2.13.0", "huggingface-hub>=1.33.0,<2", "matplotlib==3.10.0",
                                               "accelerate>=1.15.0"]


def test_every_hold_names_a_pin_of_its_backend_and_says_why():
    for backend, holds in HOLDS.items():
        names = {BACKENDS[backend].package(pin) for pin in BACKENDS[backend].pins()}
        assert set(holds) <= names, backend
        assert all(reason for _, reason in holds.values())


@pytest.mark.parametrize("line", ["torch>=2.13", "torch", "torch==2.13.0,<3"])
def test_a_line_that_is_not_one_exact_pin_is_one_error_naming_it(line):
    with pytest.raises(ValueError) as error:
        parse_pins([line], "requirements/x.txt")
    assert str(error.value) == f"requirements/x.txt: {line!r} is not pinned with a single =="
