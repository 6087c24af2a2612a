"""The runtimes a reader opens a notebook in: one registry entry each.

A runtime is a Python version, the packages it ships (Colab publishes its lists; Studio
Lab and a plain Jupyter start empty) and the modules its kernel has imported before the
first cell runs. The install cells (notebooks/make.py) and the Colab simulation
(``finetune_docs.colab``) read runtimes here instead of testing their names.

The package lists are copied unchanged from googlecolab/backend-info; see
``colab/data/PROVENANCE.md`` for the commits and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "colab" / "data"
LINE = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(?:==\s*(\S+)|@\s*(?:\S*?/([A-Za-z0-9_.]+)-([^-/]+?)(?:-|\.tar\.gz|\.zip))?)")
"""A pip-freeze line: ``name==version``, or ``name @ URL`` whose file name carries the version."""
UNKNOWN = "0+unknown"
"""The version of a ``name @ git+URL`` line (a commit, no version): it satisfies no lower bound."""

# Colab's kernel imports these at start-up (google.colab's own start-up, IPython, the
# inline backend, setuptools' .pth hook); replacing a distribution that owns one makes
# Colab's %pip show its "restart the runtime" prompt (google/colab/_pip.py). Module ->
# the distributions (fnmatch patterns) that install files under it.
COLAB_LOADED = {
    "numpy": ("numpy",),
    "PIL": ("pillow",),
    "psutil": ("psutil",),
    "pexpect": ("pexpect",),
    "packaging": ("packaging",),
    "traitlets": ("traitlets",),
    "IPython": ("ipython",),
    "google": ("protobuf", "google-*", "googleapis-common-protos", "grpc-google-iam-v1"),
    "_distutils_hack": ("setuptools",),
}
# What a notebook's install cell must leave as Colab ships it: its GPU build of torch and
# the CUDA libraries that build links to, and the TensorFlow stack Colab's other packages
# are built against.
COLAB_KEEP = ("torch", "torchvision", "torchaudio", "nvidia-*", "cuda-*", "tensorflow", "tf-keras", "numpy", "protobuf")


def normalize(name: str) -> str:
    """PEP 503's normalised name: ``tf_keras`` -> ``tf-keras``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Runtime:
    name: str
    """The key in the registry, the table and the tests."""
    label: str
    python: str
    """``major.minor``: the interpreter a simulation runs (python3.13, python3.12 here)."""
    python_full: str = ""
    """The runtime's exact version, for environment markers (``python_full_version``)."""
    packages: str = ""
    """Its package list under colab/data/ (a pip-freeze), empty for a runtime that starts empty."""
    loaded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Modules its kernel imported at start -> the distributions that own them."""
    keep: tuple[str, ...] = ()
    """Distributions (fnmatch patterns) an install cell must not replace there."""
    max_download_mb: float | None = None
    """The most an install cell may download there; None: no limit (it starts empty)."""
    colab: bool = False
    """Whether it is one of Colab's runtimes (the versions an install cell's ranges must admit)."""
    version: str = ""
    """What Colab's Runtime > Change runtime type > Runtime version calls it."""

    @property
    def packages_path(self) -> Path | None:
        return DATA / self.packages if self.packages else None

    def installed(self) -> dict[str, str]:
        """Normalised distribution name -> version, as its package list says."""
        return dict(_read_freeze(self.packages_path)) if self.packages else {}

    def version_info(self) -> tuple[int, int]:
        major, minor = self.python.split(".")
        return int(major), int(minor)


@cache
def _read_freeze(path: Path) -> tuple[tuple[str, str], ...]:
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        match = LINE.match(line)
        if not match:
            raise ValueError(f"{path}:{number}: not a pip-freeze line: {raw!r}")
        name, version = match.group(1), match.group(2) or (match.group(4) or UNKNOWN).replace("%2B", "+")
        found.append((normalize(name), version))
    return tuple(found)


RUNTIMES: dict[str, Runtime] = {
    runtime.name: runtime
    for runtime in (
        Runtime(name="colab-current-cpu", label="Colab, CPU", python="3.13", python_full="3.13.15",
                packages="current/pip-freeze.txt", loaded=COLAB_LOADED, keep=COLAB_KEEP, max_download_mb=100,
                colab=True, version="Latest"),
        Runtime(name="colab-current-gpu", label="Colab, GPU", python="3.13", python_full="3.13.15",
                packages="current/pip-freeze.gpu.txt", loaded=COLAB_LOADED, keep=COLAB_KEEP, max_download_mb=100,
                colab=True, version="Latest"),
        Runtime(name="colab-2026.07", label="Colab 2026.07, GPU", python="3.12", python_full="3.12.13",
                packages="2026.07/pip-freeze.gpu.txt", loaded=COLAB_LOADED, keep=COLAB_KEEP, max_download_mb=100,
                colab=True, version="2026.07"),
        # SageMaker Studio Lab, or any plain Jupyter: a fresh environment, nothing preinstalled.
        Runtime(name="studiolab", label="Studio Lab / plain Jupyter", python="3.12", python_full="3.12.1"),
    )
}


def get(name: str) -> Runtime:
    try:
        return RUNTIMES[name]
    except KeyError:
        raise KeyError(f"unknown runtime {name!r}; known: {', '.join(RUNTIMES)}") from None


def lowest_shipped(distribution: str) -> str | None:
    """The lowest version of ``distribution`` that a Colab runtime ships (local labels dropped), if any."""
    from packaging.version import Version

    versions = [Version(v) for r in RUNTIMES.values() if r.colab
                if (v := r.installed().get(normalize(distribution)))]
    return min(versions).public if versions else None
