"""The key changes with every input that can change what a run prints, and only with those."""

import json
import subprocess
import sys

import nbformat
import pytest

from finetune_docs.execution.cache import key as cachekey


def notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.fixture
def inputs(tmp_path):
    """A package, stand-ins and a site folder with one distribution, all of the test's own."""
    package, standins, site = tmp_path / "package", tmp_path / "standins", tmp_path / "site"
    (package / "sub").mkdir(parents=True)
    (package / "sub" / "helper.py").write_text("def helper():\n    return 1\n")
    (standins / "models").mkdir(parents=True)
    (standins / "models" / "weights.bin").write_bytes(b"\x00\x01\x02")
    dist = site / "tinydist-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: tinydist\nVersion: 1.0\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HF_ENDPOINT": "http://127.0.0.1:4321",
           "HF_HOME": str(tmp_path / "run" / "home" / "hf")}
    return {"package": package, "standins": standins, "site": site, "env": env, "tmp": tmp_path}


def parts(nb, inputs, env=None, placeholders=None, timeout=60):
    placeholders = placeholders or {"<endpoint>": "http://127.0.0.1:4321", "<workdir>": str(inputs["tmp"] / "run")}
    return cachekey.parts(nb, env=env or inputs["env"], timeout=timeout, python=sys.executable,
                          placeholders=placeholders, package=inputs["package"], standins=inputs["standins"])


def changed(before, after):
    return sorted(name for name in before if before[name] != after[name])


def test_a_code_line_changes_the_key(inputs):
    assert changed(parts(notebook("x = 1", "print(x)"), inputs), parts(notebook("x = 2", "print(x)"), inputs)) == [
        "code"]


def test_a_comment_or_trailing_blank_does_not_change_it(inputs):
    plain = parts(notebook("x = 1", "print(x)"), inputs)
    assert parts(notebook("# set x\nx = 1  # one", "print(x)   "), inputs) == plain
    assert parts(notebook("x = 1", "print('# not a comment')"), inputs) != plain


def test_cell_tags_are_part_of_the_code(inputs):
    tagged = notebook("x = 1")
    tagged.cells[0].metadata["tags"] = ["install"]
    assert changed(parts(notebook("x = 1"), inputs), parts(tagged, inputs)) == ["code"]


def test_the_text_of_a_cell_the_run_skips_does_not(inputs):
    """The install cell never reaches the kernel (run.execute skips it): its messages, in the notebook's
    language, must not keep MindSpore's translations from sharing English's run."""
    def with_install(text):
        nb = notebook(text, "x = 1")
        nb.cells[0].metadata["tags"] = ["install"]
        return nb
    english = parts(with_install("print('MindSpore needs Python 3.11-3.12')"), inputs)
    assert parts(with_install("print('MindSpore necesita Python 3.11-3.12')"), inputs) == english
    assert changed(english, parts(notebook("print('MindSpore needs Python 3.11-3.12')", "x = 1"), inputs)) == ["code"]


def test_an_environment_variable_changes_the_key(inputs):
    before = parts(notebook("1"), inputs)
    assert changed(before, parts(notebook("1"), inputs, env=inputs["env"] | {"TF_USE_LEGACY_KERAS": "1"})) == ["env"]
    assert changed(before, parts(notebook("1"), inputs, env=inputs["env"] | {"PATH": "/bin"})) == ["env"]


def test_per_run_values_do_not(inputs):
    """Another run's port and folder (pytest's id of the running test never reaches a kernel: environment.py)."""
    nb = notebook("1")
    before = parts(nb, inputs)
    other = inputs["env"] | {"HF_ENDPOINT": "http://127.0.0.1:9999", "HF_HOME": "/elsewhere/home/hf"}
    placeholders = {"<endpoint>": "http://127.0.0.1:9999", "<workdir>": "/elsewhere"}
    assert parts(nb, inputs, env=other, placeholders=placeholders) == before


def test_a_package_version_changes_the_key(inputs):
    before = parts(notebook("1"), inputs)
    dist = inputs["site"] / "tinydist-1.0.dist-info"
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: tinydist\nVersion: 1.1\n")
    dist.rename(inputs["site"] / "tinydist-1.1.dist-info")
    assert changed(before, parts(notebook("1"), inputs)) == ["installed"]


def test_the_installed_files_come_from_the_kernels_interpreter(inputs):
    """Its PYTHONPATH's folder is keyed; the harness's own PYTHONPATH (a worktree's src/) is not asked."""
    installed = cachekey.installed_part(sys.executable, inputs["env"])
    assert str(inputs["site"]) in [path for path, _ in installed["paths"]]
    assert installed["python"] == sys.version


def test_a_standin_byte_changes_the_key(inputs):
    before = parts(notebook("1"), inputs)
    (inputs["standins"] / "models" / "weights.bin").write_bytes(b"\x00\x01\x03")
    assert changed(before, parts(notebook("1"), inputs)) == ["standins"]


def test_a_helper_module_changes_the_key_but_bytecode_does_not(inputs):
    before = parts(notebook("1"), inputs)
    (inputs["package"] / "sub" / "__pycache__").mkdir()
    (inputs["package"] / "sub" / "__pycache__" / "helper.cpython-311.pyc").write_bytes(b"compiled")
    assert parts(notebook("1"), inputs) == before
    (inputs["package"] / "sub" / "helper.py").write_text("def helper():\n    return 2\n")
    assert changed(before, parts(notebook("1"), inputs)) == ["package"]


def test_the_time_limit_is_part_of_it(inputs):
    assert changed(parts(notebook("1"), inputs), parts(notebook("1"), inputs, timeout=61)) == ["kernel"]


def test_the_python3_kernel_is_this_interpreter():
    assert cachekey.kernel_python("python3", {"PATH": ""}) == sys.executable



SHELL = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "TERM": "xterm-256color", "LANG": "en_US.UTF-8"}
OTHER_SHELL = {"PATH": "/opt/bin:/usr/bin", "HOME": "/home/ci", "TERM": "dumb", "SOME_VARIABLE": "anything",
               "PIP_NO_CACHE_DIR": "1", "TORCHINDUCTOR_CACHE_DIR": "/tmp/torchinductor_ci", "PYTHONHASHSEED": "7",
               "PWD": "/home/ci/clone", "VIRTUAL_ENV": "/home/ci/clone/.nox/pytorch", "SHLVL": "3",
               "PYTEST_CURRENT_TEST": "tests/test_tutorial.py::test_cell[es] (call)", "GITHUB_RUN_ID": "42"}


@pytest.fixture(scope="module")
def clones(tmp_path_factory):
    """Two clones at different paths, each with a venv of this Python holding the same distribution."""
    found = []
    for where in ("a/clone", "b/elsewhere/checkout"):
        clone = tmp_path_factory.mktemp("clones") / where
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(clone / ".venv")], check=True)
        (site,) = (clone / ".venv").glob("lib/python*/site-packages")
        (clone / "src" / "helpers").mkdir(parents=True)
        (clone / "src" / "helpers" / "__init__.py").write_text("x = 1\n")
        (site / "__editable__.helpers-0.1.pth").write_text(f"{clone}/src\n")
        found.append(clone)
    return found


def clone_key(clone, folder, shell, names=None, nb=None):
    """The key ExecutionCache gives a run from ``clone`` started in ``shell``, with one cache folder."""
    from finetune_docs.execution.cache.executions import ExecutionCache
    from finetune_docs.execution.environment import kernel_environment

    python = str(clone / ".venv" / "bin" / "python")
    run = folder.parent / f"run-{abs(hash((str(clone), json.dumps(shell))))}"
    endpoint = f"http://127.0.0.1:{4000 + len(str(clone))}"
    env = kernel_environment(endpoint, run / "home", {"TF_USE_LEGACY_KERAS": "1"}, python=python, environ=shell,
                             names=names)
    cache = ExecutionCache(folder, project=clone)
    key, _ = cache.key(nb or notebook("print(1)"), env=env, timeout=60, python=python,
                       placeholders={"endpoint": endpoint, "workdir": str(run)})
    return key


def test_two_shells_and_two_clones_sharing_a_cache_folder_give_one_key(clones, tmp_path):
    folder = tmp_path / "shared-cache"
    keys = {clone_key(clone, folder, shell) for clone in clones for shell in (SHELL, OTHER_SHELL)}
    assert len(keys) == 1


def test_a_declared_variable_changes_the_key(clones, tmp_path):
    from finetune_docs.execution.environment import pass_env

    (tmp_path / "pyproject.toml").write_text('[tool.finetune_docs]\npass_env = ["MY_SETTING", "MY_PREFIX_*"]\n')
    names = pass_env(tmp_path)
    folder, clone = tmp_path / "cache", clones[0]
    plain = clone_key(clone, folder, SHELL, names)
    assert clone_key(clone, folder, SHELL | {"UNDECLARED": "1"}, names) == plain
    assert clone_key(clone, folder, SHELL | {"MY_SETTING": "1"}, names) != plain
    assert clone_key(clone, folder, SHELL | {"MY_PREFIX_X": "1"}, names) != plain
    assert clone_key(clone, folder, SHELL | {"CUDA_VISIBLE_DEVICES": "0"}, names) != plain


def test_an_edit_in_one_clones_source_changes_only_its_key(clones, tmp_path):
    folder = tmp_path / "cache"
    before = [clone_key(clone, folder, SHELL) for clone in clones]
    helper = clones[1] / "src" / "helpers" / "__init__.py"
    helper.write_text("x = 2\n")
    try:
        after = [clone_key(clone, folder, SHELL) for clone in clones]
    finally:
        helper.write_text("x = 1\n")
    assert after[0] == before[0] and after[1] != before[1]
