"""A reader's environment built, its install cell run once, and what went wrong said of its notebook."""

from pathlib import Path

import nbformat
import pytest

from conftest import notebook
from finetune_docs.backends import BACKENDS
from finetune_docs.reader import environments

v4 = nbformat.v4


def test_pip_errors_are_found_in_what_pip_printed_through_a_terminal():
    # As %pip's output arrives: CRLF line ends and colours.
    outputs = [
        v4.new_output("stream", name="stdout", text="\x1b[33mWARNING: looks like a filename\x1b[0m\r\n"),
        v4.new_output("stream", name="stdout", text="Processing /x.whl\r\n\x1b[31mERROR: No such file\x1b[0m\r\n"),
        v4.new_output("stream", name="stdout", text="Note: you may need to restart the kernel\n"),
    ]
    assert environments.pip_errors(outputs) == ["ERROR: No such file"]
    assert environments.pip_errors(outputs[:1] + outputs[2:]) == []


def test_first_line_skips_blank_lines():
    assert environments.first_line(v4.new_code_cell("\n\nimport os\nx = 1")) == "import os"


def test_an_environment_that_cannot_be_built_says_why_and_runs_no_install_cell(tmp_path):
    environment = environments.ReaderEnvironment(BACKENDS["pytorch"], {Path("en/p.ipynb"): notebook()})
    built = environments.build_environment(environment, str(tmp_path / "no-python"), tmp_path, timeout=60)
    assert built.failure.startswith(f"{tmp_path / 'no-python'} is not on PATH") and built.install.status == "not-run"
    assert built.seconds.install is None


@pytest.mark.parametrize("status, error, printed, expected", [
    ("ok", "", "Successfully installed x-1\n", ""),
    ("error", "Traceback\nZeroDivisionError: division by zero", "", "failed: error\nTraceback\nZeroDivisionError"),
    ("ok", "", "\x1b[31mERROR: No matching distribution found for x==1\x1b[0m\r\n",
     "failed: pip error\nERROR: No matching distribution found for x==1"),
], ids=["installed", "cell-error", "pip-error"])
def test_a_failed_install_is_said_of_the_notebook_whose_cell_ran(status, error, printed, expected):
    environment = environments.ReaderEnvironment(BACKENDS["pytorch"], {Path("en/p.ipynb"): notebook(),
                                                               Path("es/p.ipynb"): notebook()})
    outputs = [v4.new_output("stream", name="stdout", text=printed)]
    said = environments.install_failure(environment, environments.CellResult(0, status, error=error, outputs=outputs))
    assert said == "" if not expected else said.startswith(f"en/p.ipynb: cell 2 ('%pip install x==1') {expected}")
