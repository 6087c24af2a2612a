"""A reader's run's environment: git redirected to this repository, a loopback-only namespace."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from finetune_docs.execution import network
from finetune_docs.reader import sandbox, steps


def git(*args, cwd, env=None):
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    done = subprocess.run(["git", *identity, *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repository(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git("init", "--quiet", "--initial-branch", "main", cwd=root)
    git("commit", "--quiet", "--allow-empty", "-m", "first", cwd=root)
    return root


SETTINGS = {"github_repo": "someone/tutorial", "branch": "main"}


def test_git_redirect_fetches_the_published_repository_from_the_local_one(repository):
    env = {**os.environ, **sandbox.git_redirect(repository, SETTINGS)}
    assert env["GIT_CONFIG_KEY_0"] == f"url.{repository}.insteadOf"
    # Resolved locally, before any network: git rewrites the URL first.
    refs = git("ls-remote", "https://github.com/someone/tutorial", "refs/heads/main", cwd=repository, env=env)
    assert refs.split()[0] == git("rev-parse", "main", cwd=repository)


def test_the_helpers_commit_must_exist_locally(repository):
    commit = git("rev-parse", "HEAD", cwd=repository)
    sandbox.check_helpers_commit(repository, {**SETTINGS, "helpers_commit": commit})
    with pytest.raises(sandbox.ReaderError, match=f"has no commit {'0' * 40}.*git fetch origin {'0' * 40}"):
        sandbox.check_helpers_commit(repository, {**SETTINGS, "helpers_commit": "0" * 40})


def test_the_execution_step_runs_in_a_namespace_with_loopback_up():
    argv = [sys.executable, "-m", steps.MODULE, "reader", "--execute", "notebooks/en/a b.ipynb"]
    command = network.in_namespace(argv)
    assert command[:4] == ["unshare", "-rn", "sh", "-c"]
    first, then = command[4].split(" && exec ")
    assert first == "ip link set lo up"
    assert shlex.split(then) == argv


def test_a_machine_without_namespaces_is_told_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(sandbox.ReaderError, match="cannot make a loopback-only network namespace.*unshare"):
        sandbox.check_namespace()


def test_the_kernel_environment_is_the_venv_and_not_the_harness(tmp_path):
    harness = str(Path(sys.prefix) / "bin")
    base = {"PATH": os.pathsep.join([harness, "/usr/bin"]), "PYTHONPATH": "/somewhere", "KEEP": "1"}
    env = sandbox.venv_environment(tmp_path / "venv", base)
    assert env["PATH"].split(os.pathsep) == [str(tmp_path / "venv" / "bin"), "/usr/bin"]
    assert env["VIRTUAL_ENV"] == str(tmp_path / "venv") and env["KEEP"] == "1"
    assert "PYTHONPATH" not in env



def executable(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def test_the_readers_python_is_the_one_on_path_when_it_runs(tmp_path, monkeypatch):
    on_path = executable(tmp_path / "bin" / "python3.12", f'exec {sys.executable} "$@"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert sandbox.interpreter("3.12", tmp_path / "pyenv") == str(on_path)


def test_a_failing_shim_on_path_gives_way_to_pyenvs_newest_patch_release(tmp_path, monkeypatch):
    # pyenv's shim for a version that is installed but not selected fails when run.
    executable(tmp_path / "bin" / "python3.12", "exit 127")
    for release in ("3.12.1", "3.12.10", "3.12.9"):
        executable(tmp_path / "pyenv" / "versions" / release / "bin" / "python3.12", f'exec {sys.executable} "$@"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert sandbox.interpreter("3.12", tmp_path / "pyenv") == str(tmp_path / "pyenv/versions/3.12.10/bin/python3.12")


def test_no_readers_python_is_said_with_where_it_was_looked_for(tmp_path, monkeypatch):
    executable(tmp_path / "bin" / "python3.12", "exit 127")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(sandbox.ReaderError, match=r"^no working python3\.12 on PATH or in .*/pyenv/versions"):
        sandbox.interpreter("3.12", tmp_path / "pyenv")


def test_the_harnesss_own_environment_is_never_the_readers_python(tmp_path, monkeypatch):
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert (Path(sys.prefix) / "bin" / f"python{version}").exists()
    pyenv = executable(tmp_path / "pyenv" / "versions" / f"{version}.0" / "bin" / f"python{version}",
                       f'exec {sys.executable} "$@"')
    monkeypatch.setenv("PATH", str(Path(sys.prefix) / "bin"))
    assert sandbox.interpreter(version, tmp_path / "pyenv") == str(pyenv)


def test_a_readers_environment_has_the_pip_of_every_colab_runtime():
    """%pip is the runtime's pip: a Colab snapshot with another one makes this fail, to be looked at."""
    from finetune_docs.runtimes import RUNTIMES

    shipped = {runtime.installed()["pip"] for runtime in RUNTIMES.values() if "pip" in runtime.installed()}
    assert len(shipped) == 1 and f"pip=={shipped.pop()}" in sandbox.JUPYTER_RUNTIME
