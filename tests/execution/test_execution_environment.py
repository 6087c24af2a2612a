import pytest

from finetune_docs.execution.environment import kernel_environment, pass_env


def test_kernels_get_one_openmp_thread_unless_the_environment_says_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert kernel_environment("http://127.0.0.1:1", tmp_path / "a")["OMP_NUM_THREADS"] == "1"
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert kernel_environment("http://127.0.0.1:1", tmp_path / "b")["OMP_NUM_THREADS"] == "4"


def test_the_kernel_gets_the_declared_base_and_nothing_else_of_the_harness(tmp_path):
    harness = {"TERM": "xterm", "PIP_NO_CACHE_DIR": "1", "PATH": "/home/me/bin:/usr/bin", "HOME": "/home/me",
               "LANG": "de_DE.UTF-8", "TZ": "Europe/Berlin", "PYTHONHASHSEED": "random", "HF_HUB_OFFLINE": "1",
               "PYTHONPATH": "/work/clone/src", "https_proxy": "http://proxy:3128"}
    env = kernel_environment("http://127.0.0.1:1", tmp_path / "home", {"GLOG_v": "3"}, python="/venv/bin/python",
                             environ=harness)
    assert env["PATH"] == "/venv/bin:/usr/local/bin:/usr/bin:/bin"
    assert (env["HOME"], env["TMPDIR"]) == (str(tmp_path / "home"), str(tmp_path / "home" / "tmp"))
    assert (env["LANG"], env["LC_ALL"], env["TZ"], env["PYTHONHASHSEED"]) == ("C.UTF-8", "C.UTF-8", "UTC", "0")
    assert (env["PYTHONPATH"], env["https_proxy"], env["GLOG_v"]) == ("/work/clone/src", "http://proxy:3128", "3")
    assert not {"TERM", "PIP_NO_CACHE_DIR", "HF_HUB_OFFLINE"} & set(env)


def test_a_full_suite_and_a_tutorial_only_run_give_kernels_one_environment(tmp_path, monkeypatch):
    """After other tests ran, pytest's environment holds torch inductor's cache folder and another test's id."""
    alone = kernel_environment("http://127.0.0.1:1", tmp_path / "home")
    monkeypatch.setenv("TORCHINDUCTOR_CACHE_DIR", "/tmp/torchinductor_root")
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/test_mindspore_cpu.py::test_x (call)")
    monkeypatch.setenv("NOX_CURRENT_SESSION", "pytorch")
    assert kernel_environment("http://127.0.0.1:1", tmp_path / "home") == alone


def test_a_project_declares_more_variables(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.finetune_docs]\npass_env = ["WANDB_MODE"]\n')
    env = kernel_environment("http://127.0.0.1:1", tmp_path / "home", names=pass_env(tmp_path),
                             environ={"WANDB_MODE": "offline", "OTHER": "1"})
    assert env["WANDB_MODE"] == "offline" and "OTHER" not in env


def test_a_malformed_pass_env_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.finetune_docs]\npass_env = "WANDB_MODE"\n')
    with pytest.raises(ValueError, match=r"pyproject\.toml: \[tool\.finetune_docs\] pass_env must be a list"):
        pass_env(tmp_path)
