"""A file's encoding: UTF-8 or a hint how to convert it, no BOM, one line ending, no mojibake."""

import pytest

from finetune_docs import layout
from finetune_docs.pages import encoding
from finetune_docs.report import ProblemError


def messages(data: bytes) -> list[str]:
    return [str(problem) for problem in encoding.problems(data, "docs/xx/p.md")]


@pytest.mark.parametrize(
    ("data", "codec"),
    [("# T\n\nCafé, naïve, “quoted” – 5 €\n".encode("cp1252"), "cp1252"),
     ("# T\n\nUm modelo pré-treinado\n".encode("mac_roman"), "mac_roman"),
     ("# T\n\nCafé\n".encode("utf-16"), "utf-16")],
)
def test_a_file_not_in_utf8_says_which_codec_it_looks_like_and_how_to_convert(data, codec):
    (message,) = messages(data)
    assert message.startswith("docs/xx/p.md:") and f"looks like {codec}" in message
    assert f"iconv -f {codec} -t utf-8 docs/xx/p.md" in message
    with pytest.raises(ProblemError) as raised:
        encoding.decode(data, "docs/xx/p.md")
    assert raised.value.problems[0].unusable


def test_the_line_of_the_first_bad_byte_is_named():
    (message,) = messages(b"# T\n\nclean\ncaf\xe9\n")
    assert message.startswith("docs/xx/p.md:4: not UTF-8 (byte 0xe9)")


def test_bom_crlf_and_mixed_line_endings_are_reported_at_their_line():
    assert messages("\ufeff# T\n\nok\n".encode()) == [
        "docs/xx/p.md:1: starts with a byte-order mark (U+FEFF); `finetune-docs fix-encoding` removes it"]
    assert messages(b"# T\r\n\r\nok\r\n") == [
        "docs/xx/p.md:1: CRLF line endings (3 lines); the pages use LF (`dos2unix` converts)"]
    (mixed,) = messages(b"# T\n\nok\r\nfine\n")
    assert mixed.startswith("docs/xx/p.md:3: mixed line endings: 1 line(s) end in CRLF, 3 in LF")
    assert encoding.decode("\ufeff# T\n".encode(), "p.md") == "# T\n"


def test_repair_changes_only_the_damaged_lines_and_keeps_crlf():
    data = "\ufeff# T\r\n\r\nUm modelo pr√©-treinado, n√£o?\r\nClean “quotes” stay\r\n".encode()
    fixed, changes = encoding.repair(data, "p.md")
    assert fixed == "# T\r\n\r\nUm modelo pré-treinado, não?\r\nClean “quotes” stay\r\n".encode()
    assert changes[0] == "removed the byte-order mark" and changes[1].startswith("line 3: ")
    assert encoding.problems(fixed, "p.md") == [
        p for p in encoding.problems(fixed, "p.md") if "CRLF" in p.message], "only the line endings are left"


def test_every_page_and_notebook_is_clean_utf8():
    files = sorted([*layout.DOCS.rglob("*.md"), *layout.NOTEBOOKS.rglob("*.ipynb")])
    assert files
    found = [str(problem) for path in files for problem in encoding.problems(path.read_bytes(), path)]
    assert found == [], "repair with `finetune-docs fix-encoding`"


def test_a_binary_file_is_not_text_and_gets_no_iconv_advice():
    (message,) = messages(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xa9\xfe\x88")
    assert message == "docs/xx/p.md:2: not a text file (byte 0x1a is binary data); give a page or a notebook"
    with pytest.raises(ProblemError) as raised:
        encoding.decode(b"# T\n\x00\x00", "p.md")
    assert raised.value.problems[0].unusable and raised.value.problems[0].line == 2


def test_utf16_without_a_bom_and_a_stray_escape_are_still_text():
    (message,) = messages("# T\n\nCafé\n".encode("utf-16-le"))
    assert "looks like utf-16" in message
    assert messages(b"# T\n\nA colour: \x1b[31mred\x1b[0m, in a long enough line of prose.\n") == []
