"""Checks are real functions sent to the kernel: placed before or after their cell, called on
the page's variables, their figures kept for later checks and printed."""

import contextlib
import inspect
import io

import nbformat
import pytest

from finetune_docs.execution.checks import MARK, RECORD, Check, figures, insert


def scaled(x, factor=10):
    return x * factor


def baseline(model):
    return {"score": scaled(model)}


def learns(model, before):
    assert model > before["score"], f"no gain over {before}"
    return {"before": before["score"], "after": model}


BASELINE = Check("baseline", baseline, before=r"fit\(\)", helpers=(scaled,))
LEARNS = Check("learns", learns, after=r"fit\(\)", recorded={"before": "baseline"})


def run(code: str, namespace: dict) -> str:
    """Execute a check's cell as the kernel does, in the page's namespace; what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<check>", "exec"), namespace)
    return printed.getvalue()


def test_placed_before_and_after_the_first_matching_cell():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in ("a = 1", "fit()", "fit()")])
    missing = insert(nb, [BASELINE, LEARNS, Check("pushes", learns, after=r"push_to_hub")])
    assert missing == ["pushes"]
    assert [c.metadata.get(MARK, c.source) for c in nb.cells] == ["a = 1", "baseline", "fit()", "learns", "fit()"]


def test_called_on_the_page_variables_and_recorded_for_later_checks():
    page = {"model": 1}
    first = run(BASELINE.code, page)
    assert figures(first) == {"score": 10}
    page["model"] = 30  # what training did
    assert figures(run(LEARNS.code, page)) == {"before": 10, "after": 30}
    assert page[RECORD] == {"baseline": {"score": 10}, "learns": {"before": 10, "after": 30}}
    assert not {"scaled", "baseline", "learns"} & set(page), "the check's functions stay behind in the kernel"


def test_a_failed_assertion_fails_the_cell():
    page = {"model": 1}
    run(BASELINE.code, page)
    with pytest.raises(AssertionError, match="no gain"):
        run(LEARNS.code, page)


def test_never_replaces_a_page_variable():
    with pytest.raises(AssertionError, match="replace a variable of the page"):
        run(BASELINE.code, {"model": 1, "scaled": "the page's own"})


def test_the_cell_is_the_functions_source_and_the_same_every_time():
    assert "def scaled(x, factor=10):" in BASELINE.code and "def baseline(model):" in BASELINE.code
    assert BASELINE.code == Check("baseline", baseline, before=r"fit\(\)", helpers=(scaled,)).code


def test_bad_definitions_are_refused():
    def nested(model):
        return {}

    with pytest.raises(ValueError, match="module-level"):
        Check("nested", nested, after="x")
    with pytest.raises(ValueError, match="exactly one"):
        Check("both", baseline, before="x", after="x")


def test_figures_are_read_back():
    assert figures('noise\nFIGURES {"accuracy": 0.7}\n') == {"accuracy": 0.7}
    assert figures("nothing") == {}


def test_each_line_of_a_checks_cell_says_where_it_comes_from():
    lines, code = BASELINE.lines(), BASELINE.code.split("\n")
    assert len(lines) == len(code)
    start = inspect.getsourcelines(scaled)[1]
    assert lines[code.index("    return x * factor")] == f"tests/execution/test_execution_checks.py:{start + 1}"
    assert lines[code.index("def baseline(model):")].startswith("tests/execution/test_execution_checks.py:")
    assert lines[0] == lines[-1] == "", "the guard and the call are on no file"
