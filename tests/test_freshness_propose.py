"""The proposal bumps the pins in place: comments, spelling and order kept."""

from finetune_docs.freshness.propose import bumped, write

TEXT = "# why\nhuggingface_hub==1.33.0  # Colab's gradio\ntorch==2.13.0\nMatplotlib == 3.10.0\n"


def test_only_the_named_pins_change_and_everything_else_stays():
    assert bumped(TEXT, {"huggingface-hub": "1.34.0", "matplotlib": "3.11.2"}) == (
        "# why\nhuggingface_hub==1.34.0  # Colab's gradio\ntorch==2.13.0\nMatplotlib == 3.11.2\n")


def test_write_says_whether_the_file_changed(tmp_path):
    path = tmp_path / "pytorch.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert write(path, {"torch": "2.13.0"}) is False and path.read_text() == TEXT
    assert write(path, {"torch": "2.14.0"}) is True and "torch==2.14.0\n" in path.read_text()
