"""A reader's run: the parts that need no fresh environment (`nox -s reader` runs the rest)."""

import json
import sys
from pathlib import Path

import nbformat

from conftest import notebook
from finetune_docs.backends import BACKENDS
from finetune_docs.execution.cache.executions import ExecutionCache
from finetune_docs.reader import environments, main, steps

v4 = nbformat.v4


def write(folder, name, made):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(made, path)
    return str(path)


def test_main_refuses_a_notebook_without_an_install_cell_before_installing_anything(tmp_path, capsys):
    path = write(tmp_path, "broken.ipynb", notebook(None, "import x"))
    assert main.main([path]) == 2
    assert f"{path}: 0 code cells are tagged 'install'" in capsys.readouterr().err


def test_main_refuses_languages_whose_install_cells_differ(tmp_path, capsys):
    english = write(tmp_path, "en/pytorch.ipynb", notebook("%pip install x==1"))
    spanish = write(tmp_path, "es/pytorch.ipynb", notebook("%pip install x==2"))
    assert main.main([english, spanish]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{spanish}: its install cell differs from {english}'s")
    assert "-%pip install x==1\n+%pip install x==2" in err


def test_main_refuses_when_the_backends_python_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    path = write(tmp_path, "en/tensorflow.ipynb", notebook(backend="tensorflow"))
    assert main.main([path]) == 2
    python = BACKENDS["tensorflow"].reader_python
    assert capsys.readouterr().err.startswith(f"no working python{python} on PATH or in {tmp_path / 'pyenv'}/versions")


def test_the_summary_gives_each_environment_its_build_install_and_execution_time(tmp_path):
    paths = [Path("notebooks/en/pytorch.ipynb"), Path("notebooks/es/pytorch.ipynb")]
    environment = environments.ReaderEnvironment(BACKENDS["pytorch"], dict.fromkeys(paths))
    timings = environments.Timings(environment=12.0, install=80.5,
                                   notebooks={str(paths[0]): 60.0, str(paths[1]): 40.25})
    installed = environments.BuiltEnvironment(tmp_path, "k", seconds=timings)
    header, row, total = main.summary([(environment, installed)], 200.0).splitlines()
    assert row.split() == [environment.name, "12.0s", "0.0s", "80.5s", "100.2s", "2"]
    assert total == "reader run: 200.0 s for 2 notebook(s) in 1 environment(s)"


def test_the_execution_step_skips_the_install_cell_and_serves_the_stand_ins(tmp_path):
    # This environment's own kernel stands in for the reader's fresh one.
    probe = "import os, urllib.request\nurllib.request.urlopen(os.environ['HF_ENDPOINT'] + '/api/whoami-v2').status"
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook("raise SystemExit('must not run')", probe, "1 / 0", "2"), path)
    workdir = tmp_path / "run"
    workdir.mkdir()
    steps._execute_step(path, Path(sys.prefix), "python3", workdir, 60, ExecutionCache(None))
    results = json.loads((workdir / steps.RESULTS).read_text(encoding="utf-8"))
    assert [(r["index"], r["status"]) for r in results] == [(1, "skipped"), (2, "ok"), (3, "error"), (4, "not-run")]
    assert results[1]["text"].strip() == "200"
    assert (workdir / "hub" / "models").is_dir() and not list((workdir / "home").rglob("*loopback-only*"))


def test_the_execution_step_replays_an_equal_notebook_from_the_cache(tmp_path):
    """Another language's notebook: other comments, same code; its fresh environment's kernel has another name."""
    runs = []
    for name, comment in (("en", "# English"), ("es", "# Español")):
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook("raise SystemExit('must not run')", f"{comment}\nprint(6 * 7)"), path)
        workdir = tmp_path / f"run-{name}"
        workdir.mkdir()
        cache = ExecutionCache(tmp_path / "cache")  # one per language: the second replays from the folder
        steps._execute_step(path, Path(sys.prefix), "python3", workdir, 60, cache)
        runs.append((json.loads((workdir / steps.EXECUTION).read_text(encoding="utf-8")),
                     json.loads((workdir / steps.RESULTS).read_text(encoding="utf-8"))))
    (english, english_cells), (spanish, spanish_cells) = runs
    assert (english["how"], spanish["how"], spanish["origin"]) == ("executed", "replayed", str(tmp_path / "en.ipynb"))
    assert english["key"] == spanish["key"]
    assert spanish_cells == english_cells and spanish_cells[1]["text"] == "42\n"



def test_no_keep_envs_builds_throwaway_environments_without_a_store(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr(main, "run_all", lambda chosen, pythons, **options: seen.update(options) or {})
    monkeypatch.setattr(main, "check_namespace", lambda: None)
    monkeypatch.setattr(main, "interpreter", lambda version: "python" + version)
    path = write(tmp_path, "en/pytorch.ipynb", notebook())
    assert main.main(["--no-keep-envs", path]) == 0 and seen["store"] is None
    assert main.main(["--envs-dir", str(tmp_path / "envs"), path]) == 0 and seen["store"].root == tmp_path / "envs"


def test_one_step_runs_an_environments_notebooks_and_keys_its_files_once(tmp_path):
    """Four languages' notebooks in one process: the second is the first's run, shared without executing."""
    paths, workdirs = [], []
    for name, comment in (("en", "# English"), ("it", "# Italiano")):
        paths.append(tmp_path / f"{name}.ipynb")
        nbformat.write(notebook("raise SystemExit('must not run')", f"{comment}\nprint(6 * 7)"), paths[-1])
        workdirs.append(tmp_path / f"run-{name}")
        workdirs[-1].mkdir()
    steps.execute_steps(paths, workdirs, Path(sys.prefix), "python3", 60, tmp_path / "cache")
    done = [json.loads((w / steps.EXECUTION).read_text(encoding="utf-8")) for w in workdirs]
    assert [d["how"] for d in done] == ["executed", "shared"] and done[0]["key"] == done[1]["key"]
    assert done[1]["seconds"] < done[0]["seconds"]
    cells = json.loads((workdirs[1] / steps.RESULTS).read_text(encoding="utf-8"))
    assert cells[1]["text"] == "42\n"
