"""Install cells made from the registries: ranges for what Colab provides, a Python guard, the restart."""

import ast
import os
import re
import signal
import subprocess
import sys
import tomllib

import nbformat
import pytest
from packaging.specifiers import SpecifierSet

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.colab.cells import install_cell_source, pip_lines, preamble
from finetune_docs.notebooks.install import RESTART, install_source, literal
from finetune_docs.notebooks.strings import strings


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
    code = RESTART.format(modules=repr(("fake_np",)), message=literal(strings("en")["restart"], 14),
                          comment=strings("en")["restart_comment"])
    # Block-buffered, as a pipe is: only a flush before the kill lets the message out.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | {"PYTHONPATH": str(site)}
    for loaded, killed in (("2.0.2", True), ("1.26.4", False)):
        (site / "fake_np.py").write_text(f"__version__ = {loaded!r}\n")
        program = f"import importlib.metadata\nimport sys\nimport fake_np\n{code}"
        done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True)
        assert (done.returncode == -signal.SIGKILL) is killed, done
        assert ("Runtime > Run all" in done.stdout) is killed


def test_restart_flushes_and_pauses_before_the_kill():
    # ipykernel sends output from a thread: a kill right after print() loses the message.
    code = install_source(BACKENDS["mindspore"])
    kill = code.index("os.kill(")
    assert code.index("sys.stdout.flush()") < kill and code.index("time.sleep(1)") < kill


def test_python_guard_admits_exactly_what_the_wheels_and_the_helper_package_admit():
    with (layout.ROOT / "pyproject.toml").open("rb") as handle:
        helper = SpecifierSet(tomllib.load(handle)["project"]["requires-python"])
    for backend in (b for b in BACKENDS.values() if b.python):
        guard = preamble(install_source(backend))
        admitted = set(ast.literal_eval(re.search(r"not in (\(.*\)):", guard).group(1)))
        wanted = SpecifierSet(backend.python) & (helper if backend.needs_helpers else SpecifierSet())
        assert admitted == {(3, m) for m in range(8, 20) if f"3.{m}" in wanted}, backend.name
        assert "3.10" not in wanted  # pip refuses the helper there, even with --no-deps


def without_pip(source):
    """The cell's Python as it runs when every %pip line installed nothing."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%pip"))


@pytest.mark.parametrize("language", ["en", "es", "pt", "it"])
def test_a_failed_helper_install_stops_the_cell_with_one_line_in_the_notebooks_language(language):
    source = install_cell_source(layout.notebook_path(layout.DOCS / language / "index.md", "mindspore"))
    # -I -S: no site-packages, so the helper package is not installed.
    done = subprocess.run([sys.executable, "-I", "-S", "-c", without_pip(source)], capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    url = re.search(r'finetune-docs @ (git\+\S+)"', source).group(1)
    assert line == strings(language)["install_failed"].format(package="finetune-docs", url=url)
    # Where it is installed (this environment), the cell goes on.
    assert subprocess.run([sys.executable, "-c", without_pip(source)]).returncode == 0


def test_the_spanish_install_cell_speaks_spanish():
    source = install_cell_source(layout.NOTEBOOKS / "es" / "mindspore.ipynb")
    assert "MindSpore necesita Python 3.11-3.12" in source and "No se pudo instalar finetune-docs" in source
    assert "se ha reemplazado estando cargado" in source and "was replaced" not in source


@pytest.mark.parametrize("language", ["en", "es", "pt", "it"])
def test_the_helper_package_is_installed_from_one_commit(language):
    """A commit, not a branch: a later commit must not change what an old notebook gets."""
    source = install_cell_source(layout.notebook_path(layout.DOCS / language / "index.md", "mindspore"))
    (url,) = re.findall(r'finetune-docs @ (git\+\S+)"', source)
    settings = layout.settings()
    assert re.fullmatch(r"[0-9a-f]{40}", settings["helpers_commit"])
    assert url == f"git+https://github.com/{settings['github_repo']}@{settings['helpers_commit']}"


def test_the_helpers_commit_holds_the_helper_modules_the_notebooks_import():
    """What the reader runs test and a reader gets at that commit is what the tutorial tests run."""
    commit = layout.settings()["helpers_commit"]
    git = ["git", "-C", str(layout.ROOT)]
    assert subprocess.run([*git, "merge-base", "--is-ancestor", commit, "HEAD"]).returncode == 0, (
        f"helpers_commit {commit} is not a commit of this branch's history")
    imported = set()
    for language in ["en", "es", "pt", "it"]:
        source = "\n".join(cell.source for cell in nbformat.read(
            layout.notebook_path(layout.DOCS / language / "index.md", "mindspore"), as_version=4).cells)
        imported |= set(re.findall(r"^\s*from finetune_docs\.(\w+) import", source, re.M))
    assert imported == {"mindspore_cpu"}
    for path in ["src/finetune_docs/__init__.py", *(f"src/finetune_docs/{name}.py" for name in imported)]:
        then = subprocess.run([*git, "show", f"{commit}:{path}"], capture_output=True, text=True, check=True).stdout
        assert then == (layout.ROOT / path).read_text(), (
            f"{path} changed since helpers_commit {commit[:12]}: commit it, set helpers_commit in "
            "pyproject.toml to that commit and remake the notebooks")


@pytest.mark.parametrize("language", ["en", "es", "pt", "it"])
def test_every_comment_of_the_install_cell_is_in_the_notebooks_language(language):
    source = install_cell_source(layout.notebook_path(layout.DOCS / language / "index.md", "mindspore"))
    comments = [line.strip() for line in source.splitlines() if line.strip().startswith("#")]
    assert comments == ["# " + strings(language)["restart_comment"]]
