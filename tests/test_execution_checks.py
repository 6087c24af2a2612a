"""Checks go right after the cell they watch, and a check without its cell is reported."""

import nbformat

from finetune_docs.execution.checks import MARK, Check, figures, insert


def test_inserted_after_the_first_matching_cell():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in ("a = 1", "fit()", "fit()")])
    missing = insert(nb, [Check("learns", r"fit\(\)", "assert True"), Check("pushes", r"push_to_hub", "")])
    assert missing == ["pushes"]
    assert [c.source for c in nb.cells] == ["a = 1", "fit()", "assert True", "fit()"]
    assert nb.cells[2].metadata[MARK] == "learns"


def test_figures_are_read_back():
    assert figures('noise\nFIGURES {"accuracy": 0.7}\n') == {"accuracy": 0.7}
    assert figures("nothing") == {}
