"""One cause, one failure: the tutorial's tests, run on pages with a fault, fail once per
language, naming the page line of the cause; what the fault stopped is skipped, saying why.

The fault is the one that checks exist for: a learning rate of 0 trains nothing, every cell
still succeeds, and only the check after ``trainer.train()`` can tell. The tutorial's own
tests run in a copy of the project whose pages have it (pytest in a subprocess, so that its
summary is the one a contributor reads); the four languages share one run, which stops at
the failed check, so this costs about one Trainer run on the stand-ins.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.pages import read

pytestmark = pytest.mark.notebook
ARGUMENTS = "training_args = TrainingArguments("


@pytest.fixture
def faulty_project(tmp_path):
    if not BACKENDS["pytorch"].available():
        pytest.skip(BACKENDS["pytorch"].missing_message())
    shutil.copy(layout.ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(layout.ROOT / "requirements", tmp_path / "requirements")
    shutil.copytree(layout.ROOT / "tests" / "checks", tmp_path / "tests" / "checks",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conftest.py", "test_tutorial.py"):
        shutil.copy(layout.ROOT / "tests" / name, tmp_path / "tests")
    for language in layout.languages():
        for page in layout.pages(language):
            text = page.read_text(encoding="utf-8")
            assert ARGUMENTS in text, f"{page}: no `{ARGUMENTS}` to give a learning rate of 0"
            target = tmp_path / "docs" / language / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace(ARGUMENTS, f"{ARGUMENTS}learning_rate=0.0, "), encoding="utf-8")
    return tmp_path


def test_a_learning_rate_of_0_fails_once_per_language_at_the_check_after_training(faulty_project):
    env = {**os.environ, layout.ENV: str(faulty_project)}
    # -vv: the summary's lines whole, not cut to the terminal's width.
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/test_tutorial.py", "--backend", "pytorch",
                           "--no-cache", "-vv"], cwd=faulty_project, env=env, capture_output=True, text=True,
                          timeout=1800)
    summary = done.stdout[done.stdout.rfind("short test summary info"):]
    failed = [line for line in summary.splitlines() if line.startswith("FAILED")]
    expected = []
    for language in layout.languages():
        page = read(faulty_project / "docs" / language / "index.md")
        trains = next(c for c in page.for_backend("pytorch") if c.kind == "code" and "trainer.train()" in c.source)
        pushes = next(c for c in page.for_backend("pytorch") if c.kind == "code" and ".push_to_hub(" in c.source)
        cause = f"the check 'trainer-learns' after docs/{language}/index.md:{trains.line}"
        expected.append(f"FAILED tests/test_tutorial.py::test_training_check[pytorch-docs/{language}/index.md-"
                        f"trainer-learns] - AssertionError: {cause}: error")
        # Every cell, check and push the fault stopped: skipped for that reason, counted on one line.
        assert re.search(rf"SKIPPED \[\d+\] tests/test_tutorial.py:\d+: not run because {re.escape(cause)} "
                         "ended with error", summary), summary
        assert (f"the push at docs/{language}/index.md:{pushes.line} never ran because {cause} ended with error"
                in summary), summary
    assert failed == expected, done.stdout[-6000:]
    assert done.returncode == 1
