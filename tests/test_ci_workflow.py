"""The GitHub workflow runs what `.ci/run` runs, each job preparing the machine as `.ci/run` does."""

import copy
import importlib.util
import itertools
import re
import shlex
import sys
import types

import pytest
import yaml

from finetune_docs import layout
from finetune_docs.backends import BACKENDS

WORKFLOW = layout.ROOT / ".github" / "workflows" / "ci.yml"
PREPARE = layout.ROOT / ".ci" / "prepare"


def fake_nox() -> tuple[types.ModuleType, dict[str, list[str]]]:
    """Enough of nox for the noxfile to declare its sessions: each one's name and tags, recorded."""
    module, tags = types.ModuleType("nox"), {}

    def session(func=None, **options):
        def register(function):
            tags[options.get("name", function.__name__)] = list(options.get("tags", []))
            return function
        return register(func) if callable(func) else register

    module.session, module.parametrize = session, lambda *_, **__: (lambda function: function)
    module.options, module.Session = types.SimpleNamespace(), object
    return module, tags


@pytest.fixture(scope="module")
def noxfile(noxfile_module):
    """The sessions of `.ci/run` (nox's default selection) and every session's tags."""
    loaded, module, tags = noxfile_module
    return list(module.options.sessions), tags


@pytest.fixture(scope="module")
def noxfile_module():
    module, tags = fake_nox()
    saved = sys.modules.get("nox")
    sys.modules["nox"] = module
    try:
        spec = importlib.util.spec_from_file_location("noxfile_read", layout.ROOT / "noxfile.py")
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
    finally:
        if saved is None:
            sys.modules.pop("nox")
        else:
            sys.modules["nox"] = saved
    return loaded, module, tags


def jobs(workflow: dict):
    """(job name, its steps' shell commands as word lists), once per matrix combination."""
    for name, job in workflow["jobs"].items():
        matrix = {k: v for k, v in job.get("strategy", {}).get("matrix", {}).items() if isinstance(v, list)}
        for values in itertools.product(*matrix.values()):
            combination = dict(zip(matrix, values, strict=True))
            label = f"{name} ({', '.join(map(str, values))})" if values else name
            commands = []
            for step in job.get("steps", []):
                run = re.sub(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", lambda m, c=combination: str(c[m[1]]),
                             step.get("run", ""))
                commands += [shlex.split(line) for line in run.splitlines() if line.strip()]
            yield label, commands


def problems(workflow: dict, sessions: list[str], tags: dict[str, list[str]]) -> list[str]:
    found, ran = [], set()
    for label, commands in jobs(workflow):
        prepared: set[str] = set()
        for words in commands:
            if words[:2] == ["bash", ".ci/prepare"]:
                prepared |= set(words[2:] or sessions)
            if words[:2] == ["bash", "scripts/nox.sh"] and "-s" in words:
                session = words[words.index("-s") + 1]
                ran.add(session)
                if session not in prepared:
                    needs = f", which needs {', '.join(tags[session])}," if tags.get(session) else ""
                    found.append(f"job {label} runs {session}{needs} without `bash .ci/prepare {session}` before it")
    return found + [f"session {s} of .ci/run has no job" for s in sessions if s not in ran]


def test_every_session_of_ci_run_has_a_job_that_prepares_it_first(noxfile):
    sessions, tags = noxfile
    assert problems(yaml.safe_load(WORKFLOW.read_text(encoding="utf-8")), sessions, tags) == []


def test_a_job_running_a_confined_session_without_preparing_it_is_found(noxfile):
    sessions, tags = noxfile
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    unprepared = copy.deepcopy(workflow)
    unprepared["jobs"]["backend"]["steps"] = [s for s in workflow["jobs"]["backend"]["steps"]
                                              if ".ci/prepare" not in s.get("run", "")]
    assert problems(unprepared, sessions, tags) == [
        f"job backend ({b}) runs {b}, which needs userns, without `bash .ci/prepare {b}` before it" for b in BACKENDS]


def test_a_session_of_ci_run_without_a_job_is_found(noxfile):
    sessions, tags = noxfile
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    del workflow["jobs"]["reader"]
    assert problems(workflow, sessions, tags) == ["session reader of .ci/run has no job"]


def test_the_sessions_that_run_in_a_network_namespace_say_so_by_their_tag(noxfile):
    sessions, tags = noxfile
    assert {s for s in sessions if "userns" in tags[s]} == {*BACKENDS, "package", "reader"}


def test_every_tag_a_session_has_is_prepared_by_ci_prepare(noxfile):
    sessions, tags = noxfile
    script = PREPARE.read_text(encoding="utf-8")
    assert [t for s in sessions for t in tags[s] if f"\nprepare_{t}() {{" not in script] == []


def test_ci_run_prepares_every_session_before_running_them():
    lines = (layout.ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines.index("bash .ci/prepare") < lines.index("bash scripts/test")


def test_the_lanes_of_scripts_test_run_every_session_once(noxfile_module):
    """scripts/test runs the lanes side by side instead of nox's default selection: the same sessions."""
    loaded, module, _ = noxfile_module
    in_lanes = [session for lane in loaded.LANES for session in lane]
    assert sorted(in_lanes) == sorted(module.options.sessions) and len(set(in_lanes)) == len(in_lanes)


def test_every_test_file_runs_in_the_package_session_or_a_backends(noxfile_module):
    """A backend's session runs its own tests and the package session the rest: none is left out."""
    loaded, _, _ = noxfile_module
    tests = layout.ROOT / "tests"
    files = sorted(p.relative_to(layout.ROOT).as_posix() for p in tests.rglob("test_*.py")
                   if p.relative_to(tests).parts[0] != "browser")
    owned = [test for backend in BACKENDS.values() for test in backend.own_tests]
    assert set(owned) <= set(files) and set(loaded.EVERY_BACKEND) <= set(files)
    package = loaded.package_tests()
    assert sorted({*package, *owned, *loaded.EVERY_BACKEND}) == files
    assert not set(package) & {*owned, *loaded.EVERY_BACKEND}
    assert "tests/test_pages_cells.py" in package and "tests/test_padding.py" not in package
    assert "tests/reader/test_reader_store.py" in package


FRESHNESS = layout.ROOT / ".github" / "workflows" / "freshness.yml"


def freshness_problems(workflow: dict, tags: dict[str, list[str]]) -> list[str]:
    """What the freshness workflow (issue 25) lacks: its triggers, a prepared freshness run of every
    backend's releases, of Colab's next runtime and of the Hub ids, and the pull request or issue."""
    found = [] if "schedule" in workflow.get(True, workflow.get("on", {})) else ["no schedule"]
    if "workflow_dispatch" not in workflow.get(True, workflow.get("on", {})):
        found.append("no workflow_dispatch")
    found += problems(workflow, [], tags)
    runs = [words for _, commands in jobs(workflow) for words in commands
            if words[:2] == ["bash", "scripts/nox.sh"] and "freshness" in words]
    for backend in BACKENDS:
        if not any(words[words.index("--backend") + 1] == backend for words in runs if "--backend" in words):
            found.append(f"no job runs the freshness of {backend}'s releases")
    for option, what in (("--backend-info", "Colab's next runtime"), ("--hub-endpoint", "the Hub ids")):
        if not any(option in words for words in runs):
            found.append(f"no job compares {what}")
    uses = [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job.get("steps", [])]
    if "peter-evans/create-pull-request" not in uses:
        found.append("no step opens the pull request with the proposal")
    if not any(u in ("peter-evans/create-issue-from-file", "JasonEtco/create-an-issue") for u in uses):
        found.append("no step opens the issue with the report")
    return found


def test_the_freshness_workflow_has_every_job_it_needs(noxfile):
    _, tags = noxfile
    assert freshness_problems(yaml.safe_load(FRESHNESS.read_text(encoding="utf-8")), tags) == []


@pytest.mark.parametrize(("job", "expected"), [
    ("releases", [f"no job runs the freshness of {b}'s releases" for b in BACKENDS]),
    ("colab-runtime", ["no job compares Colab's next runtime"]),
    ("hub-ids", ["no job compares the Hub ids"]),
    ("report", ["no step opens the pull request with the proposal", "no step opens the issue with the report"]),
])
def test_a_freshness_workflow_missing_a_job_is_found(noxfile, job, expected):
    _, tags = noxfile
    workflow = yaml.safe_load(FRESHNESS.read_text(encoding="utf-8"))
    del workflow["jobs"][job]
    assert freshness_problems(workflow, tags) == expected


def test_the_freshness_run_is_prepared_and_not_part_of_ci_run(noxfile):
    sessions, tags = noxfile
    assert "freshness" not in sessions and tags["freshness"] == ["userns"]
    workflow = yaml.safe_load(FRESHNESS.read_text(encoding="utf-8"))
    for step in workflow["jobs"]["hub-ids"]["steps"]:
        step["run"] = step.get("run", "").replace("bash .ci/prepare freshness", "true")
    assert freshness_problems(workflow, tags) == [
        "job hub-ids runs freshness, which needs userns, without `bash .ci/prepare freshness` before it"]
