"""Colab's next runtime, from crafted backend-info folders: what changes for a reader is reported."""

import re
import shutil

import pytest

from finetune_docs.colab.__main__ import notebook
from finetune_docs.colab.cells import install_cell_source
from finetune_docs.freshness.colabnext import BackendInfoError, anything, compare_runtimes, markdown
from finetune_docs.runtimes import DATA


def backend_info(tmp_path, *, torch=None, python=None, lists=("pip-freeze.gpu.txt",)):
    """A backend-info folder: the recorded current runtime, with torch or Python changed."""
    folder = tmp_path / "backend-info"
    folder.mkdir()
    for name in ("os-info.txt", *lists):
        shutil.copyfile(DATA / "current" / name, folder / name)
    if torch:
        for name in lists:
            text = (folder / name).read_text(encoding="utf-8")
            assert re.search(r"(?m)^torch==2\.11\.0", text)
            (folder / name).write_text(re.sub(r"(?m)^torch==\S+", f"torch=={torch}", text), encoding="utf-8")
    if python:
        text = (folder / "os-info.txt").read_text(encoding="utf-8")
        (folder / "os-info.txt").write_text(text.replace("Python 3.13.15", f"Python {python}"), encoding="utf-8")
    return folder


def cells(*backends):
    return {b: install_cell_source(notebook(b)) for b in backends}


def by_backend(changes):
    return {(c.backend, c.runtime): c for c in changes}


def test_an_unchanged_list_changes_nothing(tmp_path):
    folder = backend_info(tmp_path)
    changes, touched = compare_runtimes(folder, cells("pytorch", "tensorflow", "mindspore"))
    assert touched == [] and not anything(changes)
    assert len(changes) == 3 and all(c.changes == [] and c.note == "" for c in changes)
    assert markdown(changes, touched, folder).count("| nothing changes |") == 3


def test_torch_2_15_in_colab_makes_the_pytorch_cell_download_an_older_torch(tmp_path):
    folder = backend_info(tmp_path, torch="2.15.0+cu128")
    changes, touched = compare_runtimes(folder, cells("pytorch"))
    assert touched == ["colab-current-gpu: torch 2.11.0+cu128 → 2.15.0+cu128"]
    found = by_backend(changes)[("pytorch", "colab-current-gpu")].changes
    assert "downgrades torch 2.15.0+cu128 → 2.13.0" in found, found
    download = next(line for line in found if line.startswith("downloads "))
    # PyPI's torch 2.13.0 with its CUDA 13 libraries, where today's runtime downloads under 100 MB.
    assert int(download.split()[1]) > 2000 and int(download.split("was ")[1].split()[0]) < 100, download
    assert "breaks torchvision" in found
    assert anything(changes)


def test_python_3_14_stops_the_mindspore_cell_and_says_what_could_not_be_simulated(tmp_path):
    folder = backend_info(tmp_path, python="3.14.0")
    changes, touched = compare_runtimes(folder, cells("mindspore", "pytorch"))
    assert touched[0] == "colab-current-gpu: Python 3.13.15 → 3.14.0"
    mindspore = by_backend(changes)[("mindspore", "colab-current-gpu")]
    assert len(mindspore.changes) == 1, mindspore.changes
    assert mindspore.changes[0].startswith("the cell stops: MindSpore needs Python 3.11-3.12")
    assert "this runtime has Python 3.14" in mindspore.changes[0] and mindspore.note == ""
    pytorch = by_backend(changes)[("pytorch", "colab-current-gpu")]
    # No python3.14 here: the run says so instead of passing the cell.
    assert pytorch.changes == [] and pytorch.note.startswith("pip not simulated: no python3.14 here")
    assert anything(changes)


@pytest.mark.parametrize("broken", ["no-os-info", "no-lists", "bad-line"])
def test_a_folder_that_is_not_backend_info_is_one_line_naming_the_file(tmp_path, broken):
    folder = backend_info(tmp_path)
    if broken == "no-os-info":
        (folder / "os-info.txt").unlink()
    elif broken == "no-lists":
        (folder / "pip-freeze.gpu.txt").unlink()
    else:
        with (folder / "pip-freeze.gpu.txt").open("a", encoding="utf-8") as out:
            out.write("this is not a pin\n")
    with pytest.raises(BackendInfoError) as error:
        compare_runtimes(folder, cells("pytorch"))
    assert str(folder) in str(error.value) and "\n" not in str(error.value)


def test_the_gpu_lists_own_os_info_names_its_python(tmp_path):
    from finetune_docs.freshness.colabnext import next_runtimes

    folder = backend_info(tmp_path, lists=("pip-freeze.txt", "pip-freeze.gpu.txt"))
    text = (folder / "os-info.txt").read_text(encoding="utf-8")
    (folder / "os-info-gpu.txt").write_text(text.replace("Python 3.13.15", "Python 3.14.1"), encoding="utf-8")
    found = next_runtimes(folder)
    assert (found["colab-current-cpu"].python_full, found["colab-current-gpu"].python_full) == ("3.13.15", "3.14.1")
    assert found["colab-current-gpu"].python == "3.14"
