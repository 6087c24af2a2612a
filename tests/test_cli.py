"""The maintainers' commands: one line per problem (``path:line: message``, relative to the
working directory), every problem in one run, exit 1 for problems and 2 for unusable input,
never a traceback."""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from finetune_docs import layout
from finetune_docs.cli import main

EN = layout.DOCS / "en" / "index.md"
ES = layout.DOCS / "es" / "index.md"
DOC_BUILDER = Path(__file__).parent / "fixtures" / "doc-builder"


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty working directory, with the English and Spanish pages copied in."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(EN, tmp_path / "en.md")
    shutil.copy(ES, tmp_path / "es.md")
    return tmp_path


def run(capsys, *argv) -> tuple[int, list[str]]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out.splitlines()


def fence_line(path: Path, code: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(code)


def test_notebooks_check_passes_on_the_committed_notebooks(capsys):
    assert run(capsys, "notebooks", "--check") == (0, [])


def test_translations_report_is_clean(capsys):
    status, lines = run(capsys, "translations")
    assert status == 0 and not [line for line in lines if "stale" not in line]


# -- unusable input: exit 2, one line naming the path ------------------------------------

def folder(where: Path) -> str:
    (where / "folder").mkdir()
    return "folder"


def latin(where: Path) -> str:
    (where / "latin.md").write_bytes(b"# T\n\nCaf\xe9\n")
    return "latin.md"


def image(where: Path) -> str:
    (where / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xa9\xfe\x88")
    return "image.md"


UNUSABLE = {
    "missing": (lambda where: "nowhere.md", "nowhere.md: no such file"),
    "directory": (folder, "folder: is a directory; give the files in it"),
    "not UTF-8": (latin, "latin.md:3: not UTF-8 (byte 0xe9); it looks like cp1252: convert it with "
                         "`iconv -f cp1252 -t utf-8 latin.md > utf8.md`"),
    "binary": (image, "image.md:2: not a text file (byte 0x1a is binary data); give a page or a notebook"),
}
PAGE_COMMANDS = [
    ["translations", "--english", "en.md"], ["translations", "--english", "{}", "es.md"],
    ["propagate", "--english", "en.md"], ["mark-synced"], ["run", "--backend", "pytorch"],
]


@pytest.mark.parametrize("kind", UNUSABLE)
@pytest.mark.parametrize("command", [*PAGE_COMMANDS, ["check-encoding"], ["fix-encoding"]])
def test_unusable_input_is_one_line_and_exit_2(here, capsys, command, kind):
    make, expected = UNUSABLE[kind]
    name = make(here)
    argv = [part.format(name) for part in command] + ([] if "{}" in command else [name])
    status, lines = run(capsys, *argv)
    assert (status, lines) == (2, [expected])


def test_check_encoding_reports_every_unusable_file_in_one_run(here, capsys):
    latin(here)
    status, lines = run(capsys, "check-encoding", "latin.md", "nowhere.md", ".")
    assert status == 2 and lines == [UNUSABLE["not UTF-8"][1], "nowhere.md: no such file",
                                     ".: is a directory; give the files in it"]


def test_arguments_that_make_no_sense_exit_2(here, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["translations", "--english", "en.md"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["run", "en.md", "--backend", "nonesuch"])
    assert raised.value.code == 2
    status, lines = run(capsys, "translations", "--language", "xx")
    assert status == 2 and lines[0].endswith("docs/xx: no pages for language 'xx'")
    status, lines = run(capsys, "mark-synced", "en.md")
    assert status == 2 and lines == ["en.md: not a translated page (docs/<language>/*.md, other than en)"]


# -- bad pages: exit 1, every problem of every page --------------------------------------

def damage(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_every_problem_of_every_page_in_one_run(here, capsys):
    shutil.copy(here / "es.md", here / "es2.md")
    damage(here / "es.md", 'DATASET_ID = "Yelp/yelp_review_full"', 'DATASET_ID = "Yelp/yelp"')
    line = fence_line(here / "es2.md", "from datasets import load_dataset")
    damage(here / "es2.md", 'dataset["train"][100]\n```\n', 'dataset["train"][100]\n')
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md", "es2.md")
    assert status == 1
    assert [line.split(":")[0] for line in lines] == ["es.md", "es2.md"]
    assert lines[1].startswith(f"es2.md:{line}: this code fence is not closed before line ")


@pytest.mark.parametrize("command", PAGE_COMMANDS)
def test_an_empty_page_is_unusable_in_every_command_that_reads_pages(here, capsys, command):
    (here / "empty.md").write_text("\n\n", encoding="utf-8")
    argv = [part.format("empty.md") for part in command] + ([] if "{}" in command else ["empty.md"])
    assert run(capsys, *argv) == (2, ["empty.md:1: empty file: no page to read"])


def test_an_empty_file_is_clean_text_to_the_encoding_commands(here, capsys):
    (here / "empty.md").write_text("\n\n", encoding="utf-8")
    assert run(capsys, "check-encoding", "empty.md") == (0, [])
    assert run(capsys, "fix-encoding", "empty.md") == (0, [])


def test_an_unclosed_fence_is_blamed_on_its_own_line(here, capsys):
    line = fence_line(here / "es.md", "from datasets import load_dataset")
    damage(here / "es.md", 'dataset["train"][100]\n```\n', 'dataset["train"][100]\n')
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert status == 1 and len(lines) == 1 and lines[0].startswith(f"es.md:{line}: this code fence is not closed")


def test_a_deleted_cell_and_a_removed_heading_are_one_report_each(here, capsys):
    text = (here / "es.md").read_text(encoding="utf-8")
    cell = text[text.index('```python tags=["pytorch"]\nimport evaluate'):]
    cell = cell[: cell.index("\n```\n") + 5]
    damage(here / "es.md", cell + "\n", "")
    damage(here / "es.md", "## Entrena con un bucle nativo\n", "")
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert status == 1 and len(lines) == 2, lines
    assert "missing code cell: English en.md:" in lines[0] and "'import evaluate'" in lines[0]
    assert "missing section: en.md:" in lines[1] and "'## Train in a native loop'" in lines[1]


def test_tilde_and_longer_fences_read_as_the_same_cells(here, capsys):
    text = (here / "es.md").read_text(encoding="utf-8")
    (here / "es.md").write_text(text.replace("```python", "~~~~python").replace("\n```\n", "\n~~~~\n")
                                .replace("```output", "~~~output"), encoding="utf-8")
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert (status, lines) == (0, [])


def test_a_bom_and_crlf_are_handled_with_lines_unchanged(here, capsys):
    text = (here / "es.md").read_text(encoding="utf-8").replace("[1, 2, 3]", "[1, 2, 3]")
    (here / "es.md").write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode())
    assert run(capsys, "translations", "--english", "en.md", "es.md") == (0, [])
    status, lines = run(capsys, "check-encoding", "es.md")
    assert status == 1 and [line.split(": ")[1][:14] for line in lines] == ["starts with a ", "CRLF line endi"]


PLAIN = """# Install

1. Get the library:

    ```python
    import transformers
    ```

2. Check it:

   > ```python
   > print(transformers.__version__)
   > ```

Done.
"""


def test_a_fence_in_a_list_item_of_a_plain_page_is_compared(tmp_path, monkeypatch, capsys):
    """A plain Markdown page (no doc-builder sign): what a renderer shows as code is code for
    parity, a list item's and a quote's fence too, though jupytext would not run them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "en.md").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "es.md").write_text(PLAIN.replace("Get the library", "Instala la biblioteca"), encoding="utf-8")
    assert run(capsys, "translations", "--english", "en.md", "es.md") == (0, [])
    (tmp_path / "es.md").write_text(PLAIN.replace("import transformers", "import transformer"), encoding="utf-8")
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert status == 1 and len(lines) == 1 and lines[0].startswith("es.md:5: code cell differs"), lines
    (tmp_path / "es.md").write_text(PLAIN.replace("> print(", "> print(1, "), encoding="utf-8")
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert status == 1 and len(lines) == 1 and lines[0].startswith("es.md:11: code cell differs"), lines


def test_doc_builder_pages_are_compared_cell_by_cell(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    en, es = DOC_BUILDER / "training.en.md", tmp_path / "training.es.md"
    shutil.copy(DOC_BUILDER / "training.es.md", es)
    assert run(capsys, "translations", "--english", str(en), "training.es.md") == (0, [])
    line = fence_line(es, ">>> from transformers import TrainingArguments, Trainer")
    damage(es, 'eval_strategy="epoch"', 'evaluation_strategy="epoch"')
    status, lines = run(capsys, "translations", "--english", str(en), "training.es.md")
    assert status == 1 and len(lines) == 1 and lines[0].startswith(f"training.es.md:{line}: code cell differs")
    assert "evaluation_strategy" in lines[0]


def test_propagate_keeps_a_crlf_page_crlf(here, capsys):
    damage(here / "es.md", "import evaluate", "import evaluat")
    crlf = (here / "es.md").read_text(encoding="utf-8").replace("\n", "\r\n").encode()
    (here / "es.md").write_bytes(crlf)
    status, lines = run(capsys, "propagate", "--english", "en.md", "es.md")
    assert status == 0 and len(lines) == 1 and "code replaced by en.md:" in lines[0]
    data = (here / "es.md").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == crlf.count(b"\n")
    assert b"import evaluate\r\n" in data
    assert run(capsys, "translations", "--english", "en.md", "es.md") == (0, [])


def test_broken_pages_are_reported_by_notebooks_and_run_too(here, capsys, monkeypatch):
    project = here / "project"
    (project / "docs" / "en").mkdir(parents=True)
    (project / "docs" / "en" / "index.md").write_text("# T\n\n```python\nx = 1\n", encoding="utf-8")
    monkeypatch.setattr(layout, "ROOT", project)
    assert run(capsys, "notebooks", "--check") == (1, ["project/docs/en/index.md:3: this code fence is never closed"])
    assert run(capsys, "notebooks") == (1, ["project/docs/en/index.md:3: this code fence is never closed",
                                            "0 notebook(s) written, the others were up to date"])
    assert run(capsys, "run", "project/docs/en/index.md", "--backend", "pytorch") == (
        1, ["project/docs/en/index.md:3: this code fence is never closed"])


def test_encoding_is_checked_and_repaired_in_place_keeping_line_endings(here, capsys):
    page = here / "page.md"
    page.write_bytes("# T\r\n\r\nUm modelo pr√©-treinado, n√£o? \uf8ffü§ó\r\n".encode())
    status, lines = run(capsys, "check-encoding", "page.md")
    assert status == 1 and lines[1].startswith("page.md:3: mojibake: ") and "n√£o" in lines[1]
    status, lines = run(capsys, "fix-encoding", "page.md")
    assert status == 0 and lines[0].startswith("page.md: repaired line 3: ")
    assert page.read_bytes() == "# T\r\n\r\nUm modelo pré-treinado, não? 🤗\r\n".encode()
    status, lines = run(capsys, "check-encoding", "page.md")
    assert status == 1 and len(lines) == 1 and "CRLF" in lines[0], "only the line endings, left as they were"



def test_an_absolute_path_is_shown_relative_to_the_working_directory(here, capsys):
    latin(here)
    status, lines = run(capsys, "fix-encoding", str(here / "latin.md"))
    assert (status, lines) == (2, [UNUSABLE["not UTF-8"][1]])


def test_a_glossary_violation_is_a_problem_line(capsys, monkeypatch):
    from finetune_docs.translations import glossary

    terms = {"term": [{"en": "fine-tune", "use": "afinar", "avoid": ["ajusta"]}]}
    monkeypatch.setattr(glossary, "load", lambda language: terms)
    status, lines = run(capsys, "translations", "--language", "es")
    found = [line for line in lines if "the glossary uses 'afinar'" in line]
    assert status == 1 and found and all(line.startswith("docs/es/index.md:") for line in found)


# -- issue 17: every problem of a page at once, one contract in every command -------------

SRC = Path(__file__).resolve().parents[1] / "src"


def cli(*argv, cwd: Path, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The command in a process of its own (its project found from FINETUNE_DOCS_ROOT, as a hook's is)."""
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "finetune_docs.cli", *argv], cwd=cwd, env=environ,
                          capture_output=True, text=True, **kwargs)


@pytest.fixture
def project(tmp_path):
    """A copy of the project's pages, translations and pyproject.toml: a project to break."""
    for language in ("en", "es", "it", "pt"):
        (tmp_path / "docs" / language).mkdir(parents=True)
        shutil.copy(layout.DOCS / language / "index.md", tmp_path / "docs" / language / "index.md")
    shutil.copytree(layout.ROOT / "translations", tmp_path / "translations")
    shutil.copy(layout.ROOT / "pyproject.toml", tmp_path)
    return tmp_path


MOJIBAKE = "Um modelo pr√©-treinado.\n\n"


def test_a_page_with_mojibake_still_gets_its_parity_checked(here, capsys):
    damage(here / "es.md", 'DATASET_ID = "Yelp/yelp_review_full"', 'DATASET_ID = "Yelp/yelp"')
    damage(here / "es.md", "## ", MOJIBAKE + "## ")
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert status == 1 and len(lines) == 2, lines
    assert "mojibake: 'Um modelo pr√©-treinado.'" in lines[0] and "code cell differs" in lines[1]
    assert "Yelp/yelp" in lines[1]


def test_the_hooks_translations_command_reports_mojibake_parity_and_staleness_at_once(project):
    """`finetune-docs translations`, the pre-commit hook's entry: each line path:line:, exit 1."""
    damage(project / "docs" / "it" / "index.md", "## ", MOJIBAKE + "## ")
    damage(project / "docs" / "it" / "index.md", 'DATASET_ID = "Yelp/yelp_review_full"', 'DATASET_ID = "Yelp/x"')
    english, italian = (project / "docs" / language / "index.md" for language in ("en", "it"))
    heading = next(line for line in english.read_text(encoding="utf-8").splitlines() if line.startswith("## "))
    damage(english, heading + "\n", heading + "\n\nA new English sentence.\n")
    at = next(n for n, line in enumerate(italian.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("## "))
    done = cli("translations", "--language", "it", cwd=project, env={"FINETUNE_DOCS_ROOT": str(project)})
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert all(re.match(r"docs/it/index\.md:\d+: ", line) for line in lines), lines
    kinds = [line.split(": ")[1].split(":")[0].split(" ")[0] for line in lines]
    assert sorted(set(kinds)) == ["code", "mojibake", "stale"], lines
    stale = next(line for line in lines if ": stale: " in line)
    assert stale.startswith(f"docs/it/index.md:{at}: stale: English docs/en/index.md:{fence_line(english, heading) + 1}"
                            f" {heading!r} changed")
    assert "`finetune-docs mark-synced docs/it/index.md`" in stale


def test_a_closed_pipe_ends_quietly(here):
    (here / "many.md").write_text("".join(f"linha {i} pr√©-treinado\n" for i in range(4000)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "finetune_docs.cli", "check-encoding", "many.md"], cwd=here,
                               env={**os.environ, "PYTHONPATH": str(SRC)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout.readline().startswith(b"many.md:1: mojibake")
    process.stdout.close()  # as `| head -1` does: the next write finds no reader
    error = process.stderr.read().decode()
    assert process.wait() == 141 and "Traceback" not in error and "BrokenPipe" not in error, error


def test_the_help_says_what_each_exit_status_means():
    from finetune_docs import cli as cli_module

    doc = " ".join(cli_module.__doc__.split())
    two = doc[doc.index("2 some input could not be used"):]
    assert all(kind in two.split(")")[0] for kind in ("not text", "not in UTF-8", "an empty page"))


def test_tabs_and_spaces_are_shown_apart(here, capsys):
    damage(here / "es.md", '\n    return tokenizer(', '\n\treturn tokenizer(')
    status, lines = run(capsys, "translations", "--english", "en.md", "es.md")
    assert status == 1 and len(lines) == 1
    assert "'\\treturn tokenizer(" in lines[0] and "English has '    return tokenizer(" in lines[0]


def test_mojibake_inside_a_code_span_is_what_a_page_explaining_it_shows(here, capsys):
    page = here / "span.md"
    page.write_text("# Mojibake\n\nUTF-8 read as cp1252 turns `é` into `Ã©`.\n", encoding="utf-8")
    assert run(capsys, "check-encoding", "span.md") == (0, [])
    page.write_text("# Mojibake\n\n`Ã©` is what pr√©-treinado shows.\n", encoding="utf-8")
    status, lines = run(capsys, "check-encoding", "span.md")
    assert status == 1 and len(lines) == 1 and "-> '…` is what pré-treinado" in lines[0]
    assert run(capsys, "fix-encoding", "span.md")[0] == 0
    assert page.read_text(encoding="utf-8") == "# Mojibake\n\n`Ã©` is what pré-treinado shows.\n"


def test_a_summary_line_goes_to_stderr(here, capsys):
    assert main(["translations", "--english", "en.md", "es.md"]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "1 page checked, 0 problems\n")
    latin(here)
    assert main(["check-encoding", "en.md", "es.md", "latin.md"]) == 2
    assert capsys.readouterr().err == "3 files checked, 1 problem\n"


def test_every_argument_of_every_command_is_described():
    from finetune_docs.cli import parser
    from finetune_docs.execution.run import CELL_TIMEOUT

    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help and action.help != argparse.SUPPRESS, f"{name} {action.dest}"
    timeout = next(a for a in commands.choices["run"]._actions if a.dest == "cell_timeout")
    assert timeout.metavar == "SECONDS" and f"default: {CELL_TIMEOUT})" in timeout.help
    assert "notebooks/<language>/<backend>.ipynb" in commands.choices["notebooks"].description


def test_run_without_the_backends_stack_names_the_environment_to_build(here, capsys, monkeypatch):
    from finetune_docs.backends import Backend

    monkeypatch.setattr(Backend, "available", lambda self: False)
    assert main(["run", "en.md", "--backend", "tensorflow"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert "`nox -s tensorflow --install-only` builds it" in captured.err
    assert "/.nox/tensorflow/bin/finetune-docs run en.md --backend tensorflow`" in captured.err
