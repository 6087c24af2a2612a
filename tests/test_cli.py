"""The maintainers' commands: exit codes a CI step or a pre-commit hook can rely on."""

from finetune_docs.cli import main


def test_notebooks_check_passes_on_the_committed_notebooks(capsys):
    assert main(["notebooks", "--check"]) == 0
    assert capsys.readouterr().out == ""


def test_translations_report_is_clean():
    assert main(["translations"]) == 0


def test_encoding_is_checked_and_repaired(tmp_path, capsys):
    page = tmp_path / "page.md"
    page.write_text("# T\n\nUm modelo pr√©-treinado.\n", encoding="utf-8")
    assert main(["check-encoding", str(page)]) == 1
    assert f"{page}:3:" in capsys.readouterr().out
    assert main(["fix-encoding", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == "# T\n\nUm modelo pré-treinado.\n"
    assert main(["check-encoding", str(page)]) == 0
