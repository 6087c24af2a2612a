"""[`Name`] in a page's prose: a link from one table, or an error naming file and line."""

import pytest

from finetune_docs import layout
from finetune_docs.pages import PageError, apirefs, reads


def test_a_known_name_becomes_a_link_and_other_brackets_stay():
    text = "Use [`Trainer`], not [`Trainer`](elsewhere) or [x][`y`] or `Trainer`."
    resolved = apirefs.resolve(text)
    assert resolved.startswith("Use [`Trainer`](https://huggingface.co/docs/transformers/main_classes/trainer#")
    assert resolved.endswith(", not [`Trainer`](elsewhere) or [x][`y`] or `Trainer`.")


def test_an_unknown_name_is_an_error_naming_file_and_line():
    with pytest.raises(PageError) as error:
        reads("# T\n\nProse.\n\nUse [`Trainr`] here.\n", "docs/en/x.md")
    assert str(error.value).startswith("docs/en/x.md:5:")
    assert "[`Trainr`]" in str(error.value) and "api_links.toml" in str(error.value)


def test_every_link_is_https_and_every_page_reference_is_known():
    assert all(url.startswith("https://") for url in apirefs.table().values())
    for language in layout.languages():
        for page in layout.pages(language):
            text = page.read_text(encoding="utf-8")
            assert apirefs.unknown(text) == [], page
