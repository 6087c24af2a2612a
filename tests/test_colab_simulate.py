"""Each notebook's own install cell, resolved by pip in a stand-in of each runtime, offline.

The environment of each runtime holds metadata-only stand-ins of its published packages
(Python 3.13 for Colab's current runtime, 3.12 for 2026.07 and Studio Lab); pip resolves
from a local index of recorded metadata whose wheel URLs point at nothing, and any HTTP
request it made would go to a dead proxy on loopback.
"""

from pathlib import Path

import pytest

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.colab.__main__ import notebook
from finetune_docs.colab.cells import install_cell_source, repin
from finetune_docs.colab.outcome import problems
from finetune_docs.colab.simulate import index_url, simulate
from finetune_docs.runtimes import RUNTIMES

CASES = [(b, r) for b in BACKENDS for r in RUNTIMES]


@pytest.fixture(scope="module")
def outcomes():
    found = {}

    def get(backend, runtime, source=None):
        key = (backend, runtime, source)
        if key not in found:
            found[key] = simulate(backend, RUNTIMES[runtime], source or install_cell_source(notebook(backend)))
        return found[key]

    return get


def verdict(backend, runtime, outcome):
    """Every problem, each line naming the notebook and the runtime."""
    path = notebook(backend).relative_to(layout.ROOT)
    found = problems(outcome, RUNTIMES[runtime], BACKENDS[backend].colab_exceptions)
    return [f"{path} on {runtime}: {p}" for p in found]


@pytest.mark.parametrize(("backend", "runtime"), CASES, ids=[f"{b}-{r}" for b, r in CASES])
def test_install_cell_does_nothing_the_runtime_cannot_take(outcomes, backend, runtime):
    outcome = outcomes(backend, runtime)
    assert verdict(backend, runtime, outcome) == []
    if outcome.stopped:
        # Only where its wheels do not exist, and then with what to do instead.
        assert not RUNTIMES[runtime].version_info() < (3, 13)
        assert "2026.07" in outcome.stopped and "Studio Lab" in outcome.stopped


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_fresh_environment_gets_every_tested_distribution_at_the_tested_version(outcomes, backend):
    outcome = outcomes(backend, "studiolab")
    got = {i.key: i.version for i in outcome.installed}
    entry = BACKENDS[backend]
    for pin in entry.pins():
        name = entry.notebook_distributions.get(entry.package(pin), entry.package(pin))
        assert got.get(name) == pin.split("==")[1], f"{notebook(backend)}: {name} {got.get(name)}, tests ran {pin}"


def test_pytorch_keeps_colabs_cuda_torch(outcomes):
    for runtime in ("colab-current-gpu", "colab-2026.07"):
        outcome = outcomes("pytorch", runtime)
        assert "torch" not in outcome.replaced and not any(k.startswith("nvidia-") for k in outcome.replaced)
        assert outcome.download_mb < 100


def test_a_repinned_torch_fails_naming_the_notebook_and_the_package(outcomes):
    source = repin(install_cell_source(notebook("pytorch")), "torch==2.13.0")
    found = verdict("pytorch", "colab-current-gpu", outcomes("pytorch", "colab-current-gpu", source))
    assert any("notebooks/en/pytorch.ipynb on colab-current-gpu: replaces torch 2.11.0+cu128 with 2.13.0" in line
               for line in found), found
    assert any(line.endswith("(at most 100 MB)") for line in found), found


def test_mindspore_on_2026_07_downgrades_numpy_and_the_cell_restarts_for_it(outcomes):
    outcome = outcomes("mindspore", "colab-2026.07")
    assert outcome.replaced["numpy"] == ("2.0.2", "1.26.4")
    # numpy (and protobuf, under google) replaced while loaded: the cell's own restart reloads both.
    assert set(outcome.reloaded) == {"numpy", "google"} and "numpy" in BACKENDS["mindspore"].restart_for
    assert "finetune-docs @ git+https://github.com/" in outcome.direct[0]


def test_the_index_serves_metadata_and_no_wheel():
    root = index_url().removeprefix("file://").removesuffix("/simple/")
    files = list((Path(root) / "files").iterdir())
    assert files and all(f.name.endswith(".metadata") for f in files)
