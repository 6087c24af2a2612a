"""The freshness run on a crafted package index (a local wheel folder): a passing release is
proposed, a breaking one is named with its page line and error, a held bound is kept.

The "tutorial tests" are a cheap command that imports the packages and calls what the page
calls; what is exercised is the run itself: resolution, builds with uv, the search for the
single breaking upgrade, the report, the proposal and the exit status.
"""

import argparse
import json
import sys
import zipfile
from pathlib import Path

import pytest

from finetune_docs.freshness import run
from finetune_docs.freshness.run import ReleaseTarget, run_backend

PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
PAGE = """
import sys, traceback
try:
    import otherpkg, tinypkg
    tinypkg.greet()
except Exception:
    print("docs/en/index.md:42 ended with error")
    traceback.print_exc()
    sys.exit(1)
"""
REQUIREMENTS = "# the page's packages\ntinypkg==1.0\notherpkg==1.0  # kept comment\n"


def wheel(folder, name, version, code):
    """A pure-Python wheel holding one module."""
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": code,
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{path},,\n" for path in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)


@pytest.fixture
def index(tmp_path):
    """Releases: tinypkg 1.0 and 1.1 (greet), otherpkg 1.0 and 1.1; tests add a breaking tinypkg 2.0."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    for version in ("1.0", "1.1"):
        wheel(folder, "tinypkg", version, "def greet():\n    return 'hello'\n")
        wheel(folder, "otherpkg", version, "")
    env = {"UV_OFFLINE": "1", "UV_FIND_LINKS": str(folder), "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
           "UV_NO_CONFIG": "1"}
    return folder, env


def target(tmp_path, holds=None):
    requirements = tmp_path / "tiny.txt"
    requirements.write_text(REQUIREMENTS, encoding="utf-8")
    return ReleaseTarget("tiny", requirements, lambda python: [str(python), "-c", PAGE], holds=holds or {},
                         python=PYTHON)


def breaking_release(folder):
    wheel(folder, "tinypkg", "2.0", "def hello():\n    return 'hello'\n")


def test_a_passing_release_is_proposed_in_the_requirements_file(tmp_path, index):
    folder, env = index
    tiny = target(tmp_path)
    report = run_backend(tiny, env, tmp_path / "work", write=True)
    assert report.outcome == "passed" and report.upgrades == {"tinypkg": "1.1", "otherpkg": "1.1"}
    assert tiny.requirements.read_text() == REQUIREMENTS.replace("==1.0", "==1.1")
    assert report.proposal == [str(tiny.requirements)]


def test_a_breaking_release_is_named_with_its_page_line_and_error(tmp_path, index):
    folder, env = index
    breaking_release(folder)
    tiny = target(tmp_path)
    report = run_backend(tiny, env, tmp_path / "work", write=True)
    assert report.outcome == "failed" and report.broken
    assert report.culprit == {"name": "tinypkg", "version": "2.0", "where": "docs/en/index.md:42",
                              "error": "AttributeError: module 'tinypkg' has no attribute 'greet'"}
    # One upgrade at a time: otherpkg 1.1 alone passes, tinypkg 2.0 alone fails.
    assert [(t["name"], t["outcome"].split(" ")[0]) for t in report.tried] == [("otherpkg", "passes"),
                                                                                ("tinypkg", "fails")]
    assert tiny.requirements.read_text() == REQUIREMENTS  # nothing proposed


def test_a_held_bound_keeps_the_breaking_release_out_and_says_why(tmp_path, index):
    folder, env = index
    breaking_release(folder)
    held = target(tmp_path, {"tinypkg": ("<2", "2.0 removed greet()")})
    report = run_backend(held, env, tmp_path / "work")
    row = {r.name: r for r in report.rows}["tinypkg"]
    assert (report.outcome, row.allowed, row.on_index, row.held) == ("passed", "1.1", "2.0", "2.0 removed greet()")
    # A second run builds over the first one's environments.
    assert run_backend(held, env, tmp_path / "work").outcome == "passed"


def test_where_the_pinned_set_fails_too_no_upgrade_is_blamed(tmp_path, index):
    folder, env = index
    breaking_release(folder)
    for path in folder.glob("tinypkg-1.*.whl"):
        path.unlink()
    wheel(folder, "tinypkg", "1.0", "")  # already without greet()
    report = run_backend(target(tmp_path), env, tmp_path / "work")
    assert report.outcome == "failed" and report.culprit is None and report.tried == []
    assert report.detail.endswith("the pinned set fails too, at docs/en/index.md:42: `AttributeError: module "
                                  "'tinypkg' has no attribute 'greet'`: no upgrade is to blame")


def test_a_failure_without_a_page_line_names_the_failed_test():
    from finetune_docs.freshness.build import failure_place

    output = ("tests/test_hub_server.py ..F\nE   KeyError: 'Location'\n"
              "FAILED tests/test_hub_server.py::test_x - KeyError\n")
    assert failure_place(output) == ("tests/test_hub_server.py::test_x", "KeyError: 'Location'")
    collection = ("ImportError while importing test module '/x/tests/test_mindspore_cpu.py'.\n"
                  "E   ImportError: pyarrow requires NumPy 2.0 or newer, found 1.26.4\n"
                  "ERROR tests/test_mindspore_cpu.py\n")
    assert failure_place(collection) == ("tests/test_mindspore_cpu.py",
                                   "ImportError: pyarrow requires NumPy 2.0 or newer, found 1.26.4")


def test_nothing_newer_builds_nothing(tmp_path, index):
    folder, env = index
    for path in folder.glob("*-1.1-*.whl"):
        path.unlink()
    report = run_backend(target(tmp_path), env, tmp_path / "work")
    assert report.outcome == "nothing newer" and not (tmp_path / "work").exists()


def arguments(tmp_path, **options):
    parser = argparse.ArgumentParser()
    run.add_arguments(parser)
    return parser.parse_args(["--workdir", str(tmp_path / "work"), "--json", str(tmp_path / "report.json"),
                              "--markdown", str(tmp_path / "report.md"), *options.get("extra", [])])


@pytest.mark.parametrize("breaking", [False, True])
def test_the_run_exits_0_when_everything_passes_and_1_naming_the_break(tmp_path, index, capsys, breaking):
    folder, env = index
    if breaking:
        breaking_release(folder)
    status = run.main_args(arguments(tmp_path), [target(tmp_path)], env)
    printed = capsys.readouterr().out
    assert status == (1 if breaking else 0)
    assert "| tinypkg | 1.0 | **" + ("2.0" if breaking else "1.1") + "** |" in printed
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["backends"]["tiny"]["outcome"] == ("failed" if breaking else "passed")
    assert (tmp_path / "report.md").read_text() + "\n" == printed and printed.startswith("# Freshness run, ")
    if breaking:
        assert "Breaks it: **tinypkg 2.0** at docs/en/index.md:42: `AttributeError:" in printed


def test_finetune_docs_freshness_takes_the_runs_options(capsys):
    from finetune_docs import cli

    args = cli.parser().parse_args(["freshness", "--backend", "pytorch", "--resolve-only", "--hub-endpoint", "x"])
    assert (args.func, args.backend, args.resolve_only, args.hub_endpoint) == (run.command, ["pytorch"], True, "x")
    args = cli.parser().parse_args(["freshness", "--pytest=--language", "--pytest=en"])
    command = run.target("mindspore", tuple(args.pytest)).tests(Path("/env/bin/python"))
    # Confined (execution/network.py): the command may be wrapped in `unshare`, its words kept in order.
    assert (" ".join(command).endswith("tests/test_tutorial.py tests/test_determinism.py tests/test_mindspore_cpu.py "
                                       "tests/test_mindspore_modes.py tests/test_mindspore_restart.py "
                                       "tests/execution/test_execution_causes.py --language en"))
    assert "/env/bin/python -m pytest --loopback-only --backend mindspore" in " ".join(command)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["freshness", "--backend", "nope"])
    assert exit_.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err


def test_the_hub_ids_alone_pass_on_the_stand_in_hub_and_fail_where_one_is_gone(tmp_path, capsys):
    import shutil

    from finetune_docs.hub.server import LoopbackHub
    from finetune_docs.standins import FILES

    shutil.copytree(FILES, tmp_path / "hub")
    with LoopbackHub(tmp_path / "hub") as hub:
        args = arguments(tmp_path, extra=["--no-releases", "--hub-endpoint", hub.endpoint])
        assert run.main_args(args, env={}) == 0
        assert capsys.readouterr().out.count("| ok |") == 3
        shutil.rmtree(tmp_path / "hub" / "datasets" / "Yelp")
        assert run.main_args(args, env={}) == 1
        assert "| datasets | `Yelp/yelp_review_full` | — | missing: HTTP 404" in capsys.readouterr().out


def test_a_folder_that_is_not_backend_info_fails_the_run_in_one_line(tmp_path, capsys):
    args = arguments(tmp_path, extra=["--no-releases", "--backend-info", str(tmp_path)])
    assert run.main_args(args, env={}) == 1
    assert f"{tmp_path}: none of pip-freeze.txt, pip-freeze.gpu.txt (not a googlecolab/backend-info checkout)\n" in \
        capsys.readouterr().out
    assert json.loads((tmp_path / "report.json").read_text())["backends"] == {}


def test_the_report_says_how_this_machines_constraints_shape_the_run(tmp_path):
    from finetune_docs.freshness.resolve import machine_note

    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# local wheels\ntorch<=2.14.1\n", encoding="utf-8")
    note = machine_note({"UV_CONSTRAINT": str(constraints)})
    assert f"constrains torch<=2.14.1 ({constraints})" in note and "**not tested here**" in note
    assert machine_note({}).startswith("No pip constraints here")
