from finetune_docs.execution.environment import kernel_environment


def test_kernels_get_one_openmp_thread_unless_the_environment_says_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert kernel_environment("http://127.0.0.1:1", tmp_path / "a")["OMP_NUM_THREADS"] == "1"
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert kernel_environment("http://127.0.0.1:1", tmp_path / "b")["OMP_NUM_THREADS"] == "4"
