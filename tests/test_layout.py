"""Finding the project: from the working directory, FINETUNE_DOCS_ROOT, or the checkout imported from."""

from pathlib import Path

import pytest

from finetune_docs import layout

CHECKOUT = Path(layout.__file__).resolve().parents[2]


def project(folder: Path, table: str = "[tool.finetune_docs]\ngithub_repo = 'a/b'\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}", encoding="utf-8")
    return folder


def test_the_nearest_project_at_or_above_the_working_directory_wins(tmp_path):
    root = project(tmp_path / "tutorial")
    (root / "docs" / "en").mkdir(parents=True)
    assert layout.find_root(root / "docs" / "en", environ={}) == root
    assert layout.find_root(root, environ={}) == root


def test_a_pyproject_without_the_table_is_not_a_project(tmp_path):
    other = project(tmp_path / "other", table="[tool.ruff]\nline-length = 120\n")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "pyproject.toml").write_text("[tool.finetune_docs\n", encoding="utf-8")
    # Neither is a project: the search goes on up, and ends at the checkout this package came from.
    assert layout.find_root(other, environ={}) == CHECKOUT
    assert layout.find_root(tmp_path / "broken", environ={}) == CHECKOUT


def test_the_environment_variable_names_the_project(tmp_path):
    root = project(tmp_path / "tutorial")
    assert layout.find_root(tmp_path, environ={layout.ENV: str(root)}) == root


def test_this_checkout_is_a_project_and_its_settings_are_read():
    assert layout.is_project(CHECKOUT)
    assert layout.settings()["github_repo"].count("/") == 1


def test_a_command_that_needs_a_project_says_how_to_name_one(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(layout, "FOUND", None)
    with pytest.raises(layout.NoProject, match=rf"needs a finetune-docs project .* set {layout.ENV}"):
        layout.require("finetune-docs notebooks")
