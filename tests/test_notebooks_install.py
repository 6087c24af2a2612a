"""Install cells made from the registries: ranges for what Colab provides, a Python guard, the restart."""

import os
import signal
import subprocess
import sys

from finetune_docs.backends import BACKENDS
from finetune_docs.colab.cells import pip_lines, preamble
from finetune_docs.notebooks.install import RESTART, install_source


def test_torch_is_a_range_colab_satisfies_and_whose_top_is_the_tested_pin():
    (line,) = pip_lines(install_source(BACKENDS["pytorch"]))
    assert line.requirements[0] == "torch>=2.11.0,<=2.13.0"
    assert "torch==2.13.0" in BACKENDS["pytorch"].pins()


def test_tensorflow_is_the_tested_version_which_colab_ships():
    plain, no_deps = pip_lines(install_source(BACKENDS["tensorflow"]))
    assert "tensorflow==2.20.0" in plain.requirements
    assert no_deps.flags == ("--no-deps",) and no_deps.requirements == ("tf-keras>=2.20.0,<=2.20.1",)


def test_mindspore_cell_stops_on_a_python_without_wheels_and_names_what_to_do(tmp_path):
    guard = preamble(install_source(BACKENDS["mindspore"]))
    done = subprocess.run([sys.executable, "-c", guard.replace("(3, 11), ", "")], capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert "Runtime version: 2026.07" in done.stderr and "Studio Lab" in done.stderr
    assert subprocess.run([sys.executable, "-c", guard]).returncode == 0  # this Python (3.11) has wheels


def test_restart_kills_the_kernel_only_when_a_loaded_module_changed_version(tmp_path):
    # A module loaded at one version while its installed metadata says another: what Colab has
    # after `%pip install numpy==1.26.4` with numpy 2.0.2 imported at start.
    site = tmp_path / "site"
    (site / "fake_np-1.26.4.dist-info").mkdir(parents=True)
    metadata = "Metadata-Version: 2.1\nName: fake_np\nVersion: 1.26.4\n"
    (site / "fake_np-1.26.4.dist-info" / "METADATA").write_text(metadata)
    code = RESTART.format(modules=repr(("fake_np",)))
    env = os.environ | {"PYTHONPATH": str(site)}
    for loaded, killed in (("2.0.2", True), ("1.26.4", False)):
        (site / "fake_np.py").write_text(f"__version__ = {loaded!r}\n")
        done = subprocess.run([sys.executable, "-c", f"import sys\nimport fake_np\n{code}"], env=env,
                              capture_output=True, text=True)
        assert (done.returncode == -signal.SIGKILL) is killed, done
        assert ("Runtime > Run all" in done.stdout) is killed
