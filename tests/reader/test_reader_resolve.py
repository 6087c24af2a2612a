"""What an install cell resolves to: the key of a reader environment, exact to every artifact."""

import hashlib
import os
import subprocess
import sys
import zipfile
from base64 import urlsafe_b64encode
from pathlib import Path

import nbformat
import pytest

from finetune_docs.reader import groups, resolve
from finetune_docs.reader.resolve import ReaderError
from finetune_docs.reader.sandbox import git_redirect

COMMITTED = sorted(Path(__file__).parents[2].glob("notebooks/en/*.ipynb"))


def wheel(folder: Path, name: str, version: str, *requires: str) -> None:
    """A minimal pure-Python wheel, as an index would serve it."""
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": "",
             f"{info}/METADATA": "Metadata-Version: 2.1\n" f"Name: {name}\nVersion: {version}\n"
                                 + "".join(f"Requires-Dist: {r}\n" for r in requires),
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = "".join(f"{path},sha256={urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
                     f"{len(text)}\n" for path, text in files.items()) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as archive:
        for path, text in {**files, f"{info}/RECORD": record}.items():
            archive.writestr(path, text)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh environment of this Python, with its own pip, as a reader's build starts from."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    return folder


@pytest.fixture
def index(tmp_path):
    """A local index (find-links) and the environment that makes pip use it alone: no config, no network."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    wheel(folder, "fdtop", "1.0", "fddep")
    wheel(folder, "fddep", "1.0")
    wheel(folder, "fdloose", "2.0")
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(folder)}
    return folder, env


CELL = "%pip install fdtop==1.0\n%pip install --no-deps fdloose"


def test_the_install_lines_of_each_committed_cell_are_found_in_order():
    cells = {path.stem: groups.install_only(nbformat.read(path, as_version=4), path).cells[0]
             for path in COMMITTED}
    lines = {name: resolve.pip_arguments(cell.source) for name, cell in cells.items()}
    assert lines["pytorch"][0][0] == "torch>=2.11.0,<=2.13.0" and len(lines["pytorch"]) == 1
    assert lines["tensorflow"][1] == ["--no-deps", "tf-keras>=2.20.0,<=2.20.1"]
    assert lines["mindspore"][1][0] == "--no-deps" and lines["mindspore"][1][1].startswith("finetune-docs @ git+")


@pytest.mark.parametrize("line", ["!pip install x==1", "%pip uninstall -y x", "%conda install x"])
def test_an_install_that_cannot_be_resolved_ahead_is_refused_with_its_line(line):
    with pytest.raises(ReaderError, match=rf"^en/p.ipynb, line 2: '{line}': only `%pip install` lines"):
        resolve.pip_arguments(f"import os\n{line}", "en/p.ipynb")


def test_the_same_resolution_gives_the_same_key_and_what_it_installs(venv, index):
    folder, env = index
    first = resolve.resolution(venv, CELL, env, timeout=120)
    assert resolve.resolution(venv, CELL, env, timeout=120).key == first.key
    assert {k: first.expected[k] for k in ("fdtop", "fddep", "fdloose")} == {"fdtop": "1.0", "fddep": "1.0",
                                                                             "fdloose": "2.0"}
    assert first.expected["pip"] == resolve.versions(venv)["pip"]


def test_a_new_release_of_an_unpinned_dependency_changes_the_key(venv, index):
    folder, env = index
    before = resolve.resolution(venv, CELL, env, timeout=120)
    wheel(folder, "fddep", "1.1")
    after = resolve.resolution(venv, CELL, env, timeout=120)
    assert after.key != before.key and after.expected["fddep"] == "1.1"


def test_the_same_version_from_another_artifact_changes_the_key(venv, index):
    folder, env = index
    before = resolve.resolution(venv, CELL, env, timeout=120)
    (folder / "fddep-1.0-py3-none-any.whl").unlink()
    wheel(folder, "fddep", "1.0", "fdloose")  # same name and version, other content
    assert resolve.resolution(venv, CELL, env, timeout=120).key != before.key


def test_an_edited_cell_changes_the_key(venv, index):
    folder, env = index
    assert (resolve.resolution(venv, CELL, env, timeout=120).key
            != resolve.resolution(venv, CELL + "\nimport os", env, timeout=120).key)


def test_a_line_that_cannot_resolve_says_what_pip_said(venv, index):
    folder, env = index
    with pytest.raises(ReaderError, match="No matching distribution found for fdmissing"):
        resolve.resolution(venv, "%pip install fdmissing", env, timeout=120)


BACKEND = """
import base64, hashlib, pathlib, zipfile

NAME, VERSION = "fdgit", "1.0"
INFO = f"{NAME}-{VERSION}.dist-info"


def _digest(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {p.as_posix(): p.read_bytes() for p in sorted(pathlib.Path(NAME).rglob("*.py"))}
    files[f"{INFO}/METADATA"] = f"Metadata-Version: 2.1\\nName: {NAME}\\nVersion: {VERSION}\\n".encode()
    files[f"{INFO}/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = "".join(f"{path},sha256={_digest(data)},{len(data)}\\n" for path, data in files.items())
    name = f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(pathlib.Path(wheel_directory) / name, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr(f"{INFO}/RECORD", record + f"{INFO}/RECORD,,\\n")
    return name
"""
"""A build backend of its own (no index needed to build): it packages ``fdgit/*.py`` and nothing else."""


def commit(repository: Path, **files: str) -> None:
    for name, text in files.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text(text)
    for argv in (["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c"]):
        subprocess.run(["git", "-C", str(repository), *argv], check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path):
    """A git repository whose package is built from ``fdgit/``; ``notes.md`` is not packaged."""
    folder = tmp_path / "repository"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    commit(folder, **{"backend.py": BACKEND, "notes.md": "notes\n", "fdgit/__init__.py": "VALUE = 1\n",
                      "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
                                        'backend-path = ["."]\n'})
    return folder


def test_a_commit_is_keyed_by_the_files_it_packages_not_by_its_id(venv, index, repository):
    """MindSpore's notebook installs this package from its repository: a commit that changes only
    the docs must not rebuild that environment, and one that changes a packaged file must."""
    folder, env = index
    # As the reader's run serves this repository: git's own redirect of the published URL.
    env = {**env, **git_redirect(repository, {"github_repo": "example/fdgit"})}
    cell = '%pip install --no-deps "fdgit @ git+https://github.com/example/fdgit@main"'
    first = resolve.resolution(venv, cell, env, timeout=120)
    commit(repository, **{"notes.md": "edited\n"})
    assert resolve.resolution(venv, cell, env, timeout=120).key == first.key
    commit(repository, **{"fdgit/__init__.py": "VALUE = 2\n"})
    changed = resolve.resolution(venv, cell, env, timeout=120)
    assert changed.key != first.key and changed.expected["fdgit"] == first.expected["fdgit"] == "1.0"
    # Only the last --no-deps line changed: an environment of the first commit can be updated in place.
    assert changed.base == first.base != "" and changed.updates == [["--no-deps", cell.split(" ", 3)[3].strip('"')]]


def test_the_base_leaves_out_only_the_trailing_no_deps_lines(venv, index):
    folder, env = index
    before = resolve.resolution(venv, CELL, env, timeout=120)
    assert before.updates == [["--no-deps", "fdloose"]]
    wheel(folder, "fdloose", "2.1")  # what the --no-deps line installs
    loose = resolve.resolution(venv, CELL, env, timeout=120)
    assert loose.key != before.key and loose.base == before.base and loose.expected["fdloose"] == "2.1"
    wheel(folder, "fddep", "1.1")  # what an earlier line installs
    assert resolve.resolution(venv, CELL, env, timeout=120).base != before.base
    assert resolve.resolution(venv, "%pip install fdtop==1.0", env, timeout=120).base == ""
