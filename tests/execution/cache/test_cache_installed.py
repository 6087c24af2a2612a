"""Every file a kernel's interpreter can import is an input: an in-place edit, a .pth, an editable source."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from finetune_docs.execution.cache.installed import InstalledFiles, record_hash

MODULE = b"def answer():\n    return 1\n"


def install(site: Path, name: str = "tinydist", files: dict[str, bytes] | None = None) -> None:
    """A distribution as an installer leaves it: its files, then its RECORD (written last, so newer)."""
    files = files or {f"{name}/__init__.py": MODULE}
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    files = files | {f"{info.name}/METADATA": (info / "METADATA").read_bytes()}
    for rel, data in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
        os.utime(site / rel, ns=(1_000_000_000, 1_000_000_000))  # installed long before the RECORD
    lines = [f"{rel},{record_hash(data)},{len(data)}" for rel, data in files.items()] + [f"{info.name}/RECORD,,"]
    (info / "RECORD").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A throwaway venv of this Python, without pip (nothing of the real environments is touched)."""
    root = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    return root


@pytest.fixture
def site(venv):
    (found,) = venv.glob("lib/python*/site-packages")
    yield found
    for child in found.iterdir():
        subprocess.run(["rm", "-rf", str(child)], check=True)


def part(venv, installed=None, placeholders=None):
    env = {"PATH": f"{venv}/bin:/usr/bin:/bin", "HOME": str(venv / "home")}
    return (installed or InstalledFiles()).part(str(venv / "bin" / "python"), env, placeholders or {})


def test_an_in_place_edit_of_an_installed_file_changes_the_key(venv, site, tmp_path):
    """Version, name and size unchanged: the file's newer time makes it hashed, and its hash differs."""
    install(site)
    index = tmp_path / "index.json"
    first = InstalledFiles(index)
    before = part(venv, first)
    assert first.hashed == 0  # every file was recorded, and older than its RECORD
    (site / "tinydist" / "__init__.py").write_bytes(MODULE.replace(b"1", b"2"))
    later = InstalledFiles(index)  # a new process, with the index the first one stored
    assert part(venv, later) != before
    assert later.hashed == 1


def test_an_unchanged_environment_hashes_nothing_the_second_time(venv, site, tmp_path):
    install(site)
    (site / "loose.py").write_text("x = 1\n")  # in no RECORD: hashed once, then found in the index
    os.utime(site / "loose.py", ns=(1_000_000_000, 1_000_000_000))
    index = tmp_path / "index.json"
    first = InstalledFiles(index)
    before = part(venv, first)
    assert first.hashed == 1
    again = InstalledFiles(index)
    assert part(venv, again) == before and again.hashed == 0


def test_a_touched_file_with_the_same_bytes_keeps_the_key(venv, site):
    install(site)
    before = part(venv)
    os.utime(site / "tinydist" / "__init__.py")
    assert part(venv) == before


def test_bytecode_is_not_an_input(venv, site):
    install(site)
    before = part(venv)
    (site / "tinydist" / "__pycache__").mkdir()
    (site / "tinydist" / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"compiled")
    assert part(venv) == before


def test_an_installers_records_are_not_inputs(venv, site):
    # uv writes its build times of an editable install into uv_cache.json, different in every clone;
    # RECORD's hashes of bin/ scripts hold the venv's path. Python imports neither.
    install(site)
    info = next(site.glob("*.dist-info"))
    before = part(venv)
    (info / "uv_cache.json").write_text('{"timestamp": 1}', encoding="utf-8")
    assert part(venv) == before
    (info / "uv_cache.json").write_text('{"timestamp": 2}', encoding="utf-8")
    (info / "RECORD").write_text("../../../bin/tool,sha256=other,1\n", encoding="utf-8")
    assert part(venv) == before


def test_an_editable_installs_long_description_is_not_an_input(venv, site):
    """The project's README is its METADATA's body: a README edit must not execute every run again."""
    install(site)
    info = next(site.glob("*.dist-info"))
    (info / "direct_url.json").write_text('{"url": "file:///p", "dir_info": {"editable": true}}', encoding="utf-8")
    headers = "Metadata-Version: 2.1\nName: tinydist\nVersion: 1.0\n"
    (info / "METADATA").write_text(headers + "\n# tinydist\n\nThe README.\n", encoding="utf-8")
    before = part(venv)
    (info / "METADATA").write_text(headers + "\n# tinydist\n\nThe README, edited.\n", encoding="utf-8")
    assert part(venv) == before
    (info / "METADATA").write_text(headers.replace("1.0", "1.1") + "\n# tinydist\n\nThe README.\n", encoding="utf-8")
    assert part(venv) != before


def test_a_distributions_long_description_is_an_input_unless_editable(venv, site):
    install(site)
    info = next(site.glob("*.dist-info"))
    before = part(venv)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinydist\nVersion: 1.0\n\nA body.\n")
    assert part(venv) != before


def editable(site: Path, tmp_path: Path) -> Path:
    """An editable install as pip makes it: a source folder, and a .pth naming it."""
    source = tmp_path / "src"
    (source / "editable").mkdir(parents=True)
    (source / "editable" / "__init__.py").write_text("value = 1\n")
    (site / "__editable__.editable-0.1.pth").write_text(f"{source}\n")
    return source


def test_a_pth_file_and_the_source_tree_it_adds_are_inputs(venv, site, tmp_path):
    """An editable install as pip makes it: a .pth naming the source folder."""
    source = editable(site, tmp_path)
    before = part(venv)
    assert str(source) in [path for path, _ in before["paths"]]
    (source / "editable" / "__init__.py").write_text("value = 2\n")
    assert part(venv) != before
    edited = part(venv)
    (site / "other.pth").write_text("import os\n")
    assert part(venv) != edited


def test_the_egg_info_setuptools_leaves_in_a_source_tree_is_keyed_by_its_headers(venv, site, tmp_path):
    """setuptools' editable build writes the project's PKG-INFO, README included, into src/."""
    source = editable(site, tmp_path)
    info = source / "editable.egg-info"
    info.mkdir()
    headers = "Metadata-Version: 2.1\nName: editable\nVersion: 0.1\n"
    (info / "PKG-INFO").write_text(headers + "\n# editable\n\nThe README.\n", encoding="utf-8")
    before = part(venv)
    (info / "PKG-INFO").write_text(headers + "\n# editable\n\nThe README, edited.\n", encoding="utf-8")
    assert part(venv) == before
    (info / "PKG-INFO").write_text(headers.replace("0.1", "0.2") + "\n# editable\n\nThe README.\n")
    assert part(venv) != before


def test_a_setuptools_editable_finder_keys_its_source_tree(venv, site, tmp_path):
    source = tmp_path / "mapped" / "pkg"
    source.mkdir(parents=True)
    (source / "__init__.py").write_text("value = 1\n")
    (site / "__editable___pkg_0_1_finder.py").write_text(f"MAPPING: dict[str, str] = {{'pkg': '{source}'}}\n")
    before = part(venv)
    (source / "__init__.py").write_text("value = 2\n")
    assert part(venv) != before


def test_sitecustomize_is_an_input(venv, site):
    (site / "sitecustomize.py").write_text("import os\n")
    before = part(venv)
    assert before["customize"] and before["customize"][0][0].endswith("sitecustomize.py")
    (site / "sitecustomize.py").write_text("import sys\n")
    assert part(venv) != before


def test_paths_written_into_installed_files_are_placeholders(venv, site, tmp_path):
    """A clone elsewhere writes its own path into direct_url.json and the .pth: equal once replaced."""
    parts = []
    for clone in (tmp_path / "a" / "clone", tmp_path / "b" / "elsewhere"):
        (clone / "src").mkdir(parents=True)
        (clone / "src" / "mod.py").write_text("x = 1\n")
        install(site, files={"tinydist/__init__.py": MODULE,
                             "tinydist-1.0.dist-info/direct_url.json":
                                 f'{{"dir_info": {{"editable": true}}, "url": "file://{clone}"}}'.encode()})
        (site / "__editable__.tinydist-1.0.pth").write_text(f"{clone}/src\n")
        parts.append(part(venv, placeholders={"<project>": str(clone)}))
        for child in site.iterdir():
            subprocess.run(["rm", "-rf", str(child)], check=True)
    assert parts[0] == parts[1]


def test_one_computation_per_interpreter_and_settings(venv, site):
    """Four languages' runs ask once: the per-run HOME is a placeholder, and the answer is kept."""
    installed = InstalledFiles()
    install(site)
    first = part(venv, installed, {"<run>": str(venv / "home")})
    (site / "tinydist" / "__init__.py").write_bytes(MODULE.replace(b"1", b"2"))
    assert part(venv, installed, {"<run>": str(venv / "home")}) is first
