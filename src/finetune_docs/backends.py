"""The backends the tutorial is written for: one registry entry each.

Everything that differs between backends is here — the tag that marks a page's cells
as belonging to it, its pinned requirements, what its notebook's install cell installs,
the environment its kernel needs, the nox session that builds that environment, and the
module whose presence tells that the environment is the right one. Code elsewhere looks
backends up here instead of testing their names.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from .layout import ROOT

REQUIREMENTS = ROOT / "requirements"


@dataclass(frozen=True)
class Backend:
    name: str
    """The cell tag, the nox session, and the notebook's file name."""
    label: str
    """The title of the backend's tab on the site."""
    probe: str
    """A module only this backend's environment has."""
    notebook_distributions: dict[str, str] = field(default_factory=dict)
    """Distributions of the test environment that the notebook installs under another name,
    same version: ``{"tensorflow-cpu": "tensorflow"}``."""
    kernel_env: dict[str, str] = field(default_factory=dict)
    """Environment variables its kernel needs from the start (tests set them too)."""
    setup: str = ""
    """Code of a cell right after the install cell, run in Colab and in tests alike; ``{key}`` is a
    string of ``notebooks/strings.toml`` in the page's language (its comments)."""
    needs_helpers: bool = False
    """Whether its cells import this project's helper package, which the install cell
    then installs from the repository (without dependencies: Colab keeps its kernel)."""
    no_deps: tuple[str, ...] = ()
    """Requirements pip must install without their dependencies (see the file's notes)."""
    own_tests: tuple[str, ...] = ()
    """Test files that need this environment, besides the tutorial's own test; the other test
    files need no backend and run in the ``package`` session (noxfile.py)."""
    provided: tuple[str, ...] = ()
    """Pins of what Colab ships a build of its own (its CUDA torch, its TensorFlow): the install
    cell asks for a range from Colab's lowest version up to the pin, so pip keeps Colab's and a
    fresh environment gets the tested version (``notebooks/install.py``)."""
    python: str = ""
    """The Pythons its wheels exist for (a specifier set); elsewhere the install cell stops, saying what to do."""
    restart_for: tuple[str, ...] = ()
    """Modules a runtime may have imported that the install cell replaces (numpy on Colab): the
    cell then restarts the kernel itself."""
    colab_exceptions: dict[str, str] = field(default_factory=dict)
    """What the Colab simulation accepts from this cell, and why: ``"break:gradio"``,
    ``"replace:numpy"``, ``"restart:numpy"``, ``"download"`` (fnmatch patterns after the colon)."""
    gpu: str = ""
    """The GPU its notebook asks Colab for on opening (``"T4"``, the free tier's), written in the
    notebook's metadata as Colab itself saves a GPU notebook (``notebooks/make.py``); "" opens on a CPU."""
    reader_python: str = "3.12"
    """The Python of its notebooks' reader's run (``nox -s reader``): Studio Lab's, and Colab
    2026.07's, unless the install cell cannot be afforded there (the entry says why)."""

    @property
    def requirements(self) -> Path:
        return REQUIREMENTS / f"{self.name}.txt"

    @staticmethod
    def package(pin: str) -> str:
        """The distribution a requirement line names, normalised: ``tf_Keras==2.21.0`` -> ``tf-keras``."""
        return canonicalize_name(Requirement(pin).name)

    def pins(self) -> list[str]:
        """The requirement lines of its pinned requirements file."""
        pins = []
        for number, line in enumerate(self.requirements.read_text(encoding="utf-8").splitlines(), 1):
            pin = line.split("#")[0].strip()
            if not pin:
                continue
            try:
                Requirement(pin)
            except InvalidRequirement as error:
                raise ValueError(f"{self.requirements}:{number}: not a requirement: {error}") from None
            pins.append(pin)
        return pins

    def split_pins(self) -> tuple[list[str], list[str]]:
        """(pins pip installs as usual, pins it must install with --no-deps)."""
        pins = self.pins()
        return ([p for p in pins if self.package(p) not in self.no_deps],
                [p for p in pins if self.package(p) in self.no_deps])

    def available(self) -> bool:
        return importlib.util.find_spec(self.probe) is not None

    def missing_message(self) -> str:
        return (
            f"The {self.label} environment is not installed here ({self.probe} cannot be "
            f"imported): run `nox -s {self.name}` to build it and run its tests."
        )


# What the Colab simulation (finetune-docs colab) finds these cells doing on Colab,
# accepted because the page's stack cannot do otherwise.
HUB_BELOW_1 = ("transformers 4.57, the last release with TensorFlow models (mindone pins 4.57.1), requires "
               "huggingface_hub<1; Colab's gradio requires >=1 (the notebook does not use gradio)")
TENSORFLOW_ON_COLAB = {"break:gradio": HUB_BELOW_1}
MINDSPORE_ON_COLAB = {
    "break:gradio": HUB_BELOW_1,
    "replace:numpy": "mindone 0.5.0 requires numpy<2 (Colab 2026.07 has 2.0.2)",
    "restart:numpy": "numpy is loaded at start; the install cell restarts the kernel itself (restart_for)",
    "break:jax*": "jax/jaxlib 0.7 require numpy>=2: not used by the notebook",
    "break:opencv-*": "Colab's other opencv builds require numpy>=2: the notebook uses the pinned opencv-python",
    "break:shap": "shap requires numpy>=2: not used by the notebook",
    "break:cupy-cuda12x": "cupy 14 requires numpy>=2: not used by the notebook (MindSpore runs on CPU)",
    # Found once the snapshot held every preinstalled package on PyPI (colab.snapshot --installed).
    **{f"break:{name}": f"{name} requires numpy>=2 on 2026.07: not used by the notebook"
       for name in ("pytensor", "rasterio", "tifffile", "tobler", "xarray-einstats")},
    "replace:protobuf": "mindspore 2.10.0 requires protobuf>=7.34.1 (Colab has 5.29.6)",
    "restart:google": "protobuf (google.protobuf) is replaced while Colab has google loaded; the restart for "
                      "numpy reloads it too",
    "break:google-ai-generativelanguage": "requires protobuf<6; mindspore 2.10.0 requires >=7.34.1",
    "break:grpcio-status": "requires protobuf<6; mindspore 2.10.0 requires >=7.34.1",
    "break:ydf": "requires protobuf<7; mindspore 2.10.0 requires >=7.34.1",
    "download": "Colab has no MindSpore: its CPU wheel alone is 802 MB",
}

BACKENDS: dict[str, Backend] = {
    backend.name: backend
    for backend in (
        Backend(
            name="pytorch",
            label="PyTorch",
            probe="torch",
            # Colab's torch is a CUDA 12.8 build; PyPI's torch 2.13 a CUDA 13 one (a download of
            # gigabytes: DESIGN.md).
            provided=("torch",),
            # The stand-ins are built, and the CPU path, padding and fault runs made, with PyTorch.
            own_tests=("tests/test_cpu_path.py", "tests/test_padding.py", "tests/test_standins.py",
                       "tests/test_hub_server.py", "tests/test_tutorial_causes.py"),
            gpu="T4",
            # On 3.12, pip's torch==2.13.0 is PyPI's CUDA build, gigabytes of downloads (DESIGN.md);
            # the CPU wheel that this machine keeps on disk is CPython 3.11's.
            reader_python="3.11",
        ),
        Backend(
            name="tensorflow",
            label="TensorFlow",
            # tf_keras only: a plain TensorFlow environment may be Keras 3 only.
            probe="tf_keras",
            # Colab ships `tensorflow`; tensorflow-cpu beside it would clash (both own the same files).
            notebook_distributions={"tensorflow-cpu": "tensorflow"},
            # Read once, when TensorFlow is first imported: Keras 2, which transformers' TF models need.
            kernel_env={"TF_USE_LEGACY_KERAS": "1", "TF_CPP_MIN_LOG_LEVEL": "1"},
            setup='import os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"',
            no_deps=("tf-keras",),
            own_tests=("tests/test_standins_tensorflow.py",),
            provided=("tensorflow-cpu", "tf-keras"),
            colab_exceptions=TENSORFLOW_ON_COLAB,
            gpu="T4",
        ),
        Backend(
            name="mindspore",
            label="MindSpore",
            probe="mindone",
            # MindSpore logs every deprecation and graph-compiler note at WARNING level.
            kernel_env={"GLOG_v": "3"},
            setup='import os\n\nos.environ["GLOG_v"] = "3"  # {glog}',
            needs_helpers=True,
            own_tests=("tests/test_mindspore_cpu.py", "tests/test_mindspore_modes.py",
                       "tests/test_mindspore_restart.py", "tests/execution/test_execution_causes.py"),
            # mindspore 2.10.0 has wheels for CPython 3.10-3.12 only (numpy 1.26.4 none for 3.13); the
            # install cell's guard also keeps to the helper package's requires-python (notebooks/install.py).
            python=">=3.10,<3.13",
            restart_for=("numpy",),
            colab_exceptions=MINDSPORE_ON_COLAB,
        ),
    )
}
TAGS = frozenset(BACKENDS)


def get(name: str) -> Backend:
    try:
        return BACKENDS[name]
    except KeyError:
        raise KeyError(f"unknown backend {name!r}; known: {', '.join(BACKENDS)}") from None
