"""Cells run in a real kernel; failures, hangs and dying kernels are reported, never passed."""

import json
import sys

import nbformat
import pytest

from finetune_docs.execution.environment import kernel_environment
from finetune_docs.execution.run import execute, output_text
from finetune_docs.hub.server import LoopbackHub


def notebook(*sources, tags=None):
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    for index, cell_tags in (tags or {}).items():
        cells[index].metadata["tags"] = cell_tags
    return nbformat.v4.new_notebook(cells=cells)


@pytest.fixture
def env(tmp_path):
    with LoopbackHub(tmp_path / "hub") as hub:
        yield kernel_environment(hub.endpoint, tmp_path / "home")


def statuses(results):
    return [r.status for r in results]


def test_cells_share_state_and_outputs_are_captured(tmp_path, env):
    results = execute(notebook("x = 40", "print(x + 2)", "x"), cwd=tmp_path, env=env, timeout=60)
    assert statuses(results) == ["ok", "ok", "ok"]
    assert [r.text.strip() for r in results] == ["", "42", "40"]


def test_an_error_stops_the_run_and_later_cells_are_not_run(tmp_path, env):
    results = execute(notebook("1", "1 / 0", "2"), cwd=tmp_path, env=env, timeout=60)
    assert statuses(results) == ["ok", "error", "not-run"]
    assert "ZeroDivisionError" in results[1].error
    assert results[2].error == "not run: an earlier cell ended with error"


def test_a_hanging_cell_times_out(tmp_path, env):
    results = execute(notebook("import time; time.sleep(60)", "1"), cwd=tmp_path, env=env, timeout=3)
    assert statuses(results) == ["timeout", "not-run"]
    assert "3 s" in results[0].error


def test_a_dying_kernel_is_reported(tmp_path, env):
    results = execute(notebook("import os; os._exit(1)", "1"), cwd=tmp_path, env=env, timeout=30)
    assert statuses(results) == ["dead-kernel", "not-run"]


def test_install_cells_are_reported_skipped_not_run(tmp_path, env):
    results = execute(notebook("raise SystemExit('would install')", "1", tags={0: ["install"]}),
                      cwd=tmp_path, env=env, timeout=30)
    assert statuses(results) == ["skipped", "ok"]


def test_the_kernel_may_reach_loopback_and_nothing_else(tmp_path, env):
    probe = (
        "import socket, urllib.request, os\n"
        "print(socket.socket.connect.__qualname__)\n"
        "print(urllib.request.urlopen(os.environ['HF_ENDPOINT'] + '/api/whoami-v2').status)"
    )
    results = execute(notebook(probe), cwd=tmp_path, env=env, timeout=60)
    assert statuses(results) == ["ok"]
    guard, status = results[0].text.split()
    assert guard.endswith("guarded_connect") and status == "200"


def test_cells_run_in_the_kernel_named(tmp_path, env, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "marked"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "marked", "language": "python",
                                                  "env": {"MARK": "marked kernel"}}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    results = execute(notebook("import os; os.environ['MARK']"), cwd=tmp_path, env=env, timeout=60,
                      kernel_name="marked")
    assert results[0].text.strip() == "'marked kernel'"


def test_without_the_guard_no_start_up_file_is_written(tmp_path):
    kernel_environment("http://127.0.0.1:1", tmp_path / "guarded")
    kernel_environment("http://127.0.0.1:1", tmp_path / "free", guard=False)
    assert len(list((tmp_path / "guarded").rglob("*.py"))) == 1
    assert not list((tmp_path / "free").rglob("*.py"))


def test_output_text_collapses_progress_redraws_and_colours():
    outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="  0%|   | 0/3\r100%|###| 3/3\n"),
        nbformat.v4.new_output("stream", name="stdout", text="\x1b[1mbold\x1b[0m\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "{'a': 1}"}),
    ]
    assert output_text(outputs) == "100%|###| 3/3\nbold\n{'a': 1}\n"


def test_output_text_keeps_lines_a_terminal_ends_with_crlf():
    outputs = [{"output_type": "stream", "name": "stdout", "text": "Collecting x\r\nInstalled x\r\n"}]
    assert output_text(outputs) == "Collecting x\nInstalled x\n"


def test_a_plot_shows_no_text_its_image_stands_for_it():
    outputs = [{"output_type": "stream", "name": "stdout", "text": "table\n"},
               {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure size 500x400>"}}]
    assert output_text(outputs) == "table\n"
