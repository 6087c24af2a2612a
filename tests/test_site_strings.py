"""Every language has every site string, with the same placeholders."""

import string

import pytest

from finetune_docs import layout
from finetune_docs.site import strings


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys_and_placeholders():
    english = strings.strings("en")
    for language in layout.languages():
        own = strings.strings(language)
        assert own.keys() == english.keys(), language
        for key, text in own.items():
            assert fields(text) == fields(english[key]), (language, key)


@pytest.mark.parametrize("key", ["output", "open_in", "install_heading"])
def test_translations_do_not_keep_the_english_words(key):
    english = strings.get("en", key, where="Colab")
    for language in layout.languages()[1:]:
        assert strings.get(language, key, where="Colab") != english, (language, key)


def test_a_missing_language_or_key_names_the_table():
    with pytest.raises(KeyError, match=r"strings.toml: no \[xx\] table"):
        strings.get("xx", "output")
    with pytest.raises(KeyError, match=r"strings.toml: \[es\] has no 'nope'"):
        strings.get("es", "nope")
