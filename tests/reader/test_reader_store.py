"""Reader environments kept between runs: used again exactly while the install cell resolves to the same set."""

from pathlib import Path

import pytest

from conftest import notebook
from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.reader import environments, runtime, store
from finetune_docs.reader.resolve import Resolution
from finetune_docs.reader.sandbox import ReaderError
from finetune_docs.reader.store import EnvironmentStore


def fake_venv(venv: Path, *distributions: str) -> None:
    site = venv / "lib" / "python3.11" / "site-packages"
    for name in distributions:
        (site / f"{name}-1.dist-info").mkdir(parents=True)
        (site / f"{name}-1.dist-info" / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1\n")


@pytest.fixture
def builds(tmp_path, monkeypatch):
    """environments.build_environment with the venv, the resolution and the install cell faked: what each build did."""
    calls = {"installs": 0, "key": "k1", "runtimes": 0, "pins": []}

    def make_runtime(venv, python):
        calls["runtimes"] += 1
        fake_venv(venv, "runtime")

    def make_venv(venv, python, constraints=None):
        calls["pins"].append(constraints.read_text() if constraints else None)
        fake_venv(venv, "runtime")

    monkeypatch.setattr(runtime, "make_venv", make_runtime)
    monkeypatch.setattr(runtime, "identity", lambda python: python)
    monkeypatch.setattr(environments, "make_venv", make_venv)
    monkeypatch.setattr(environments, "kernelspec", lambda *_: None)
    monkeypatch.setattr(environments, "resolution", lambda *_: Resolution(
        calls["key"], calls.get("expected", {"runtime": "1", "x": "1"}), calls.get("base", ""),
        [["--no-deps", "y"]] if calls.get("base") else []))

    def execute(notebook, *, cwd, env, **_):
        calls["installs"] += 1
        fake_venv(Path(env["VIRTUAL_ENV"]), "x")
        return [environments.CellResult(0, "ok", text=f"install {calls['installs']}")]

    monkeypatch.setattr(environments, "execute", execute)
    environment = environments.ReaderEnvironment(BACKENDS["pytorch"], {Path("en/p.ipynb"): notebook()})
    store = EnvironmentStore(tmp_path / "store")

    def run(number, fresh=False):
        done = environments.build_environment(environment, "python3.11", tmp_path / f"run{number}", timeout=60,
                                              store=store, fresh=fresh)
        done.release()
        return done

    return run, calls, store


def test_an_unchanged_resolution_uses_the_kept_environment_without_installing(builds):
    run, calls, store = builds
    first, second = run(1), run(2)
    assert calls["installs"] == 1 and not first.failure and not second.failure
    assert second.venv == first.venv and second.install.text == "install 1" and second.seconds.install is None
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


def test_using_a_kept_environment_begins_no_build_and_removes_an_interrupted_one(builds):
    run, calls, store = builds
    first = run(1)
    interrupted = store.new("pytorch-py3.11")
    interrupted.release()
    second = run(2)
    assert second.venv == first.venv and calls["pins"] == ["runtime==1\n"]
    assert [p for p in sorted(store.root.iterdir()) if p.name.startswith("pytorch")] == [first.venv.parent]


def test_the_runtime_is_built_once_and_each_new_build_starts_from_its_exact_distributions(builds):
    run, calls, store = builds
    run(1)
    calls["key"] = "k2"
    second = run(2)
    assert calls["runtimes"] == 1 and calls["pins"] == ["runtime==1\n", "runtime==1\n"]
    assert any("kept runtime" in line for line in second.lines)
    assert len(list(store.root.glob("runtime-py3.11-*"))) == 1


def test_fresh_builds_the_runtime_anew_and_removes_the_older_one(builds):
    run, calls, store = builds
    run(1)
    run(2, fresh=True)
    assert calls["runtimes"] == 2 and len(list(store.root.glob("runtime-py3.11-*"))) == 1


def test_a_kept_environment_changed_since_it_was_kept_is_not_used(builds):
    run, calls, store = builds
    first = run(1)
    fake_venv(first.venv, "extra")  # something installed into it later
    assert run(2).venv != first.venv and calls["installs"] == 2


def test_a_build_that_holds_other_than_its_resolution_is_not_kept(builds, monkeypatch):
    run, calls, store = builds
    monkeypatch.setattr(environments, "resolution", lambda *_: Resolution("k1", {"runtime": "1", "x": "2"}))
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
    monkeypatch.delenv(layout.ENVIRONMENTS_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert store.environments_folder() == tmp_path / "xdg" / "finetune-docs" / "reader-envs"
    monkeypatch.setenv(layout.ENVIRONMENTS_VARIABLE, str(tmp_path / "envs"))
    assert store.environments_folder() == tmp_path / "envs"


@pytest.fixture
def updates(builds, monkeypatch):
    """A first build whose cell ends in a --no-deps line, and the in-place installs of that line since."""
    run, calls, store = builds
    calls["base"] = "b1"
    first = run(1)
    done = []

    def update_in_place(venv, lines, env, timeout):
        done.append(lines)
        fake_venv(venv, "y")

    monkeypatch.setattr(environments, "update_in_place", update_in_place)
    calls["key"], calls["expected"] = "k2", {"runtime": "1", "x": "1", "y": "1"}
    return run, calls, first, done, monkeypatch


def test_a_resolution_that_differs_only_in_its_last_no_deps_line_updates_the_kept_environment(updates):
    run, calls, first, done, _ = updates
    second = run(2)
    assert done == [[["--no-deps", "y"]]] and calls["installs"] == 1
    assert second.venv == first.venv and second.install.text == "install 1"
    assert any("updated in place" in line for line in second.lines)
    assert run(3).venv == first.venv and len(done) == 1  # now kept under the new key
    calls["base"], calls["key"] = "b2", "k3"  # another line changed: the whole cell runs again
    assert run(4).venv != first.venv and calls["installs"] == 2 and len(done) == 1


def test_an_update_in_place_that_fails_builds_anew_and_removes_the_old_environment(updates):
    run, calls, first, done, monkeypatch = updates

    def fails(venv, lines, env, timeout):
        raise ReaderError("pip install --force-reinstall failed: no such commit")

    monkeypatch.setattr(environments, "update_in_place", fails)
    second = run(2)
    assert calls["installs"] == 2 and second.venv != first.venv and not first.venv.exists()
    assert any("not updated in place (pip install --force-reinstall failed" in line for line in second.lines)
