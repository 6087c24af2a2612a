"""The notebooks' own words: one table per page language, each with English's keys and fields."""

import pytest

from finetune_docs import layout
from finetune_docs.notebooks.strings import StringsError, fields, strings, table


def test_every_page_language_has_every_string_with_englishs_fields():
    english = strings("en")
    for language in layout.languages():
        found = strings(language)
        assert set(found) == set(english), language
        assert all(fields(found[k]) == fields(english[k]) for k in english), language
        if language != "en":
            assert all(found[k] != english[k] for k in english), language


@pytest.mark.parametrize(("text", "message"), [
    ('[en]\na = "x {f}"\n[es]\n', "[es] lacks a"),
    ('[en]\na = "x {f}"\n[es]\na = "y {g}"\n', "[es] a has fields ['g'], English has ['f']"),
    ('[en\n', "strings.toml: "),
])
def test_a_bad_table_is_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "strings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StringsError) as error:
        table(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_language_without_a_table_is_refused_by_name():
    with pytest.raises(StringsError, match=r"no \[xx\] table"):
        strings("xx")


def test_each_notebooks_badges_and_setup_comment_are_in_its_language():
    import nbformat

    for language in layout.languages():
        notebook = nbformat.read(layout.NOTEBOOKS / language / "mindspore.ipynb", as_version=4)
        assert strings(language)["open_in"].format(name="Colab") in notebook.cells[0].source
        assert notebook.cells[2].source.endswith("# " + strings(language)["glog"])
