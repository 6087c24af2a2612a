"""The distribution: metadata, a wheel that works outside the checkout, the pre-commit hooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from finetune_docs import layout

ROOT = layout.ROOT
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
MOJIBAKE = "# Título\n\nO modelo prÃ©-treinado aprende.\n"


def test_metadata_names_the_license_python_and_repository():
    assert PROJECT["requires-python"] == ">=3.11"  # tomllib
    assert PROJECT["license"] == "Apache-2.0" and PROJECT["license-files"] == ["LICENSE"]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text and len(license_text) > 11000
    repo = f"https://github.com/{PYPROJECT['tool']['finetune_docs']['github_repo']}"
    assert {PROJECT["urls"][k] for k in ("Homepage", "Repository")} == {repo}
    assert all(url.startswith((repo, "https://finetune-docs.github.io/")) for url in PROJECT["urls"].values())
    assert (ROOT / PROJECT["readme"]).exists()


def test_the_changelog_has_an_unreleased_section_and_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{PROJECT['version']}] - " in changelog


def copy_source(target: Path) -> Path:
    """What the sdist would hold: building from a copy leaves build/ and *.egg-info out of the checkout."""
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A wheel built offline from this source, installed into a fresh venv; its dependencies are
    this environment's (a .pth adds its site-packages after the venv's own, without running the
    .pth files there, so the editable install of the checkout stays out)."""
    work = tmp_path_factory.mktemp("wheel")
    source, dist, venv = work / "source", work / "dist", work / "venv"
    source.mkdir()
    copy_source(source)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
                    "--check-build-dependencies", "--wheel-dir", str(dist), str(source)], check=True)
    (wheel,) = dist.glob("finetune_docs-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([*pip, "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True)
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "dependencies-from-the-test-environment.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    outside = work / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (layout.ENV, "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    return wheel, venv, outside, env


def run(argv, cwd, env):
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_wheel_carries_the_package_data_and_the_license(installed):
    names = zipfile.ZipFile(installed[0]).namelist()
    for wanted in ("finetune_docs/py.typed", "finetune_docs/pages/api_links.toml", "finetune_docs/site/strings.toml",
                   "finetune_docs/standins/files/models/google-bert/bert-base-cased/model.safetensors",
                   "finetune_docs/standins/files/spaces/evaluate-metric/accuracy/accuracy.py"):
        assert wanted in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_the_installed_package_is_the_wheel_and_needs_no_checkout(installed):
    _, venv, outside, env = installed
    done = run(["python", "-c", "import finetune_docs.layout as l; print(l.__file__); print(l.FOUND)"], outside, env)
    where, found = done.stdout.split()
    assert Path(where).is_relative_to(venv) and found == "None", done.stderr


def test_the_command_runs_and_checks_a_file_outside_any_project(installed):
    _, _, outside, env = installed
    done = run(["finetune-docs", "--help"], outside, env)
    assert done.returncode == 0 and "check-encoding" in done.stdout, done.stderr
    (outside / "clean.md").write_text("# Título\n\nO modelo pré-treinado aprende.\n", encoding="utf-8")
    (outside / "damaged.md").write_text(MOJIBAKE, encoding="utf-8")
    assert run(["finetune-docs", "check-encoding", "clean.md"], outside, env).returncode == 0
    done = run(["finetune-docs", "check-encoding", "damaged.md"], outside, env)
    assert done.returncode == 1 and "damaged.md:3" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_command_that_needs_the_project_finds_it_from_the_working_directory(installed):
    _, _, outside, env = installed
    done = run(["finetune-docs", "notebooks", "--check"], outside, env)
    assert done.returncode == 2 and "needs a finetune-docs project" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    done = run(["finetune-docs", "notebooks", "--check"], ROOT / "docs", env)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(["python", "-c", "from finetune_docs import layout; print(layout.ROOT)"], outside,
               {**env, layout.ENV: str(ROOT)})
    assert done.stdout.strip() == str(ROOT)


def load(name: str):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_the_shipped_hooks_run_the_commands_through_the_installed_package():
    hooks = load(".pre-commit-hooks.yaml")
    assert {h["id"] for h in hooks} == {"finetune-docs-check-encoding", "finetune-docs-fix-encoding",
                                        "finetune-docs-translations", "finetune-docs-notebooks"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["name"]
        command = hook["entry"].split()
        assert command[0] in PROJECT["scripts"]
        done = subprocess.run([sys.executable, "-m", "finetune_docs.cli", command[1], "--help"], capture_output=True)
        assert done.returncode == 0, (hook["id"], done.stderr)


def test_this_repository_runs_ruff_and_its_own_checks_before_each_commit():
    repos = load(".pre-commit-config.yaml")["repos"]
    ruff = next(r for r in repos if r["repo"].endswith("/ruff-pre-commit"))
    lint_pin = (ROOT / "requirements" / "lint.txt").read_text(encoding="utf-8")
    assert f"ruff=={ruff['rev'].removeprefix('v')}" in lint_pin
    (local,) = [r for r in repos if r["repo"] == "local"]
    shipped = {h["id"]: h for h in load(".pre-commit-hooks.yaml")}
    for hook in local["hooks"]:
        assert hook["language"] == "system" and hook["entry"] == shipped[hook["id"]]["entry"]
    assert {h["id"] for h in local["hooks"]} >= {"finetune-docs-check-encoding", "finetune-docs-translations",
                                                 "finetune-docs-notebooks"}



def selects(hook: dict, path: str) -> bool:
    """Whether pre-commit gives ``path`` to ``hook``: its files/exclude patterns, and identify's tags."""
    import identify.identify

    tags = identify.identify.tags_from_filename(path) | {"file", "text"}
    return bool(re.search(hook.get("files", ""), path)) and not re.search(hook.get("exclude", "^$"), path) and (
        not hook.get("types_or") or bool(tags & set(hook["types_or"]))) and set(hook.get("types", ["file"])) <= tags


MARKDOWN = ["docs/source/en/training.md", "chapters/ko/chapter1/2.mdx", "README.markdown"]


def test_the_shipped_hooks_take_markdown_of_every_kind_mdx_too():
    hooks = {h["id"]: h for h in load(".pre-commit-hooks.yaml")}
    for name in ("check-encoding", "fix-encoding", "translations"):
        hook = hooks[f"finetune-docs-{name}"]
        assert all(selects(hook, path) for path in MARKDOWN), name
        assert not selects(hook, "src/module.py"), name
    assert selects(hooks["finetune-docs-check-encoding"], "notebooks/en/pytorch.ipynb")


def test_this_repositorys_hooks_take_its_pages_of_every_kind():
    (local,) = [r for r in load(".pre-commit-config.yaml")["repos"] if r["repo"] == "local"]
    hooks = {h["id"]: h for h in local["hooks"]}
    pages = ["docs/en/index.md", "docs/es/guide.mdx"]
    assert all(selects(hooks["finetune-docs-check-encoding"], p) for p in [*pages, "notebooks/es/pytorch.ipynb"])
    assert all(selects(hooks["finetune-docs-translations"], p) for p in [*pages, "translations/es/sync.json"])
    assert not selects(hooks["finetune-docs-check-encoding"], "docs/assets/logo.png")
