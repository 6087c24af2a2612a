"""Reading an install cell's %pip lines."""

from finetune_docs.colab.cells import pip_lines, preamble, repin

CELL = '''import sys

if sys.version_info < (3, 10):
    raise SystemExit("too old")
%pip install "torch>=2.11.0,<=2.13.0" transformers==5.24.0
%pip install --no-deps "finetune-docs @ git+https://github.com/o/r@main"
print("done")'''


def test_each_pip_line_is_one_run_with_its_flags_and_direct_references_apart():
    first, second = pip_lines(CELL)
    assert first.requirements == ("torch>=2.11.0,<=2.13.0", "transformers==5.24.0") and first.flags == ()
    assert second.flags == ("--no-deps",) and second.requirements == ()
    assert second.direct == ("finetune-docs @ git+https://github.com/o/r@main",)


def test_preamble_is_the_python_before_the_first_magic():
    assert preamble(CELL).strip().endswith('raise SystemExit("too old")')


def test_repin_replaces_the_requirement_on_the_same_distribution_only():
    changed = repin(CELL, "torch==2.13.0")
    assert pip_lines(changed)[0].requirements == ("torch==2.13.0", "transformers==5.24.0")
    assert pip_lines(changed)[1] == pip_lines(CELL)[1]
