"""Reader environments kept between runs: used again exactly while the install cell resolves to the same set."""

import hashlib
import os
import subprocess
import sys
import zipfile
from base64 import urlsafe_b64encode
from pathlib import Path

import nbformat
import pytest

from conftest import notebook
from finetune_docs.backends import BACKENDS
from finetune_docs.execution import readerstore, venvs
from finetune_docs.execution.readerstore import ReaderError, Resolution, Store

COMMITTED = sorted(Path(__file__).parents[1].glob("notebooks/en/*.ipynb"))


def wheel(folder: Path, name: str, version: str, *requires: str) -> None:
    """A minimal pure-Python wheel, as an index would serve it."""
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": "",
             f"{info}/METADATA": "Metadata-Version: 2.1\n" f"Name: {name}\nVersion: {version}\n"
                                 + "".join(f"Requires-Dist: {r}\n" for r in requires),
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = "".join(f"{path},sha256={urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
                     f"{len(text)}\n" for path, text in files.items()) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as archive:
        for path, text in {**files, f"{info}/RECORD": record}.items():
            archive.writestr(path, text)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh environment of this Python, with its own pip, as a reader's build starts from."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    return folder


@pytest.fixture
def index(tmp_path):
    """A local index (find-links) and the environment that makes pip use it alone: no config, no network."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    wheel(folder, "fdtop", "1.0", "fddep")
    wheel(folder, "fddep", "1.0")
    wheel(folder, "fdloose", "2.0")
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(folder)}
    return folder, env


CELL = "%pip install fdtop==1.0\n%pip install --no-deps fdloose"


def test_the_install_lines_of_each_committed_cell_are_found_in_order():
    cells = {path.stem: venvs.install_only(nbformat.read(path, as_version=4), path).cells[0] for path in COMMITTED}
    lines = {name: readerstore.pip_lines(cell.source) for name, cell in cells.items()}
    assert lines["pytorch"][0][0] == "torch>=2.11.0,<=2.13.0" and len(lines["pytorch"]) == 1
    assert lines["tensorflow"][1] == ["--no-deps", "tf-keras>=2.20.0,<=2.20.1"]
    assert lines["mindspore"][1][0] == "--no-deps" and lines["mindspore"][1][1].startswith("finetune-docs @ git+")


@pytest.mark.parametrize("line", ["!pip install x==1", "%pip uninstall -y x", "%conda install x"])
def test_an_install_that_cannot_be_resolved_ahead_is_refused_with_its_line(line):
    with pytest.raises(ReaderError, match=rf"^en/p.ipynb, line 2: '{line}': only `%pip install` lines"):
        readerstore.pip_lines(f"import os\n{line}", "en/p.ipynb")


def test_the_same_resolution_gives_the_same_key_and_what_it_installs(venv, index):
    folder, env = index
    first = readerstore.resolution(venv, CELL, env, timeout=120)
    assert readerstore.resolution(venv, CELL, env, timeout=120).key == first.key
    assert {k: first.expected[k] for k in ("fdtop", "fddep", "fdloose")} == {"fdtop": "1.0", "fddep": "1.0",
                                                                             "fdloose": "2.0"}
    assert first.expected["pip"] == readerstore.installed(venv)["pip"]


def test_a_new_release_of_an_unpinned_dependency_changes_the_key(venv, index):
    folder, env = index
    before = readerstore.resolution(venv, CELL, env, timeout=120)
    wheel(folder, "fddep", "1.1")
    after = readerstore.resolution(venv, CELL, env, timeout=120)
    assert after.key != before.key and after.expected["fddep"] == "1.1"


def test_the_same_version_from_another_artifact_changes_the_key(venv, index):
    folder, env = index
    before = readerstore.resolution(venv, CELL, env, timeout=120)
    (folder / "fddep-1.0-py3-none-any.whl").unlink()
    wheel(folder, "fddep", "1.0", "fdloose")  # same name and version, other content
    assert readerstore.resolution(venv, CELL, env, timeout=120).key != before.key


def test_an_edited_cell_changes_the_key(venv, index):
    folder, env = index
    assert (readerstore.resolution(venv, CELL, env, timeout=120).key
            != readerstore.resolution(venv, CELL + "\nimport os", env, timeout=120).key)


def test_a_line_that_cannot_resolve_says_what_pip_said(venv, index):
    folder, env = index
    with pytest.raises(ReaderError, match="No matching distribution found for fdmissing"):
        readerstore.resolution(venv, "%pip install fdmissing", env, timeout=120)


def fake_venv(venv: Path, *distributions: str) -> None:
    site = venv / "lib" / "python3.11" / "site-packages"
    for name in distributions:
        (site / f"{name}-1.dist-info").mkdir(parents=True)
        (site / f"{name}-1.dist-info" / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1\n")


@pytest.fixture
def builds(tmp_path, monkeypatch):
    """venvs.build with the venv, the resolution and the install cell faked: what each build did."""
    calls = {"installs": 0, "key": "k1"}
    monkeypatch.setattr(venvs, "make_venv", lambda venv, *_: fake_venv(venv, "runtime"))
    monkeypatch.setattr(venvs, "kernelspec", lambda *_: None)
    monkeypatch.setattr(venvs, "resolution", lambda *_: Resolution(calls["key"], {"runtime": "1", "x": "1"}))

    def execute(notebook, *, cwd, env, **_):
        calls["installs"] += 1
        fake_venv(Path(env["VIRTUAL_ENV"]), "x")
        return [venvs.CellResult(0, "ok", text=f"install {calls['installs']}")]

    monkeypatch.setattr(venvs, "execute", execute)
    environment = venvs.ReaderEnvironment(BACKENDS["pytorch"], {Path("en/p.ipynb"): notebook()})
    store = Store(tmp_path / "store")

    def run(number, fresh=False):
        done = venvs.build(environment, "python3.11", tmp_path / f"run{number}", timeout=60, store=store, fresh=fresh)
        done.release()
        return done

    return run, calls, store


def test_an_unchanged_resolution_uses_the_kept_environment_without_installing(builds):
    run, calls, store = builds
    first, second = run(1), run(2)
    assert calls["installs"] == 1 and not first.failure and not second.failure
    assert second.venv == first.venv and second.install.text == "install 1" and "install" not in second.seconds
    assert any("kept environment" in line for line in second.lines)


def test_a_changed_resolution_builds_anew_and_removes_the_older_build(builds):
    run, calls, store = builds
    first = run(1)
    calls["key"] = "k2"
    second = run(2)
    assert calls["installs"] == 2 and second.venv != first.venv and not first.venv.exists()
    assert run(3).venv == second.venv and calls["installs"] == 2


def test_fresh_builds_anew_even_when_a_kept_environment_fits(builds):
    run, calls, store = builds
    first = run(1)
    second = run(2, fresh=True)
    assert calls["installs"] == 2 and second.venv != first.venv and second.install.text == "install 2"


def test_using_a_kept_environment_removes_the_one_begun_and_an_interrupted_build(builds):
    run, calls, store = builds
    first = run(1)
    interrupted = store.new("pytorch-py3.11")
    interrupted.release()
    second = run(2)
    assert second.venv == first.venv and sorted(store.root.iterdir()) == [first.venv.parent]


def test_a_kept_environment_changed_since_it_was_kept_is_not_used(builds):
    run, calls, store = builds
    first = run(1)
    fake_venv(first.venv, "extra")  # something installed into it later
    assert run(2).venv != first.venv and calls["installs"] == 2


def test_a_build_that_holds_other_than_its_resolution_is_not_kept(builds, monkeypatch):
    run, calls, store = builds
    monkeypatch.setattr(venvs, "resolution", lambda *_: Resolution("k1", {"runtime": "1", "x": "2"}))
    first = run(1)
    assert any("not kept for later runs" in line for line in first.lines) and not first.venv.exists()
    assert run(2).venv != first.venv and calls["installs"] == 2


def test_a_build_in_use_by_another_run_is_not_removed(builds, tmp_path):
    run, calls, store = builds
    first = run(1)
    held = store.find("pytorch-py3.11", "k1")
    calls["key"] = "k2"
    run(2)
    assert first.venv.exists()
    held.release()
    calls["key"] = "k3"
    run(3)
    assert not first.venv.exists()


def test_the_store_is_outside_the_clone_unless_the_variable_names_one(monkeypatch, tmp_path):
    monkeypatch.delenv(readerstore.VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert readerstore.default_root() == tmp_path / "xdg" / "finetune-docs" / "reader-envs"
    monkeypatch.setenv(readerstore.VARIABLE, str(tmp_path / "envs"))
    assert readerstore.default_root() == tmp_path / "envs"
