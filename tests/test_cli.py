"""The maintainers' commands: one line per problem (``path:line: message``, relative to the
working directory), every problem in one run, exit 1 for problems and 2 for unusable input,
never a traceback."""

import shutil
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
    damage(here / "es.md", 'load_dataset("Yelp/yelp_review_full")', 'load_dataset("Yelp/yelp")')
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
