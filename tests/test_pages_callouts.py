"""Callouts: GitHub alerts in the page, admonitions on the site, blockquotes in notebooks."""

import pytest

from finetune_docs.pages import PageError, callouts, reads

CALLOUT = "Before.\n\n> [!WARNING]\n> **Look out.** First line,\n> second line.\n\nAfter."


def test_a_callout_becomes_an_admonition_titled_by_its_bold_lead():
    assert callouts.to_admonition(CALLOUT) == (
        'Before.\n\n!!! warning "Look out."\n    First line,\n    second line.\n\nAfter.'
    )


def test_a_callout_without_a_lead_has_no_title():
    assert callouts.to_admonition("> [!TIP]\n> Just this.") == '!!! tip ""\n    Just this.'


def test_a_notebook_keeps_the_blockquote_without_the_marker():
    assert callouts.to_blockquote(CALLOUT) == "Before.\n\n> **Look out.** First line,\n> second line.\n\nAfter."


def test_an_unknown_kind_is_an_error_naming_file_and_line():
    with pytest.raises(PageError) as error:
        reads("# T\n\n> [!HINT]\n> Text.\n", "docs/en/x.md")
    assert str(error.value).startswith("docs/en/x.md:3:") and "[!HINT]" in str(error.value)


BOX = ("Before.\n\n<details>\n<summary>Why <code>x</code> \"here\"</summary>\n\n"
       "Body **b**,\n\n- a list.\n\n</details>\n\nAfter.")


def test_a_collapsed_box_becomes_a_collapsed_admonition_titled_by_its_summary():
    assert callouts.to_admonition(BOX) == (
        'Before.\n\n??? note "Why `x` &quot;here&quot;"\n    Body **b**,\n\n    - a list.\n\nAfter.'
    )


def test_a_notebook_keeps_the_collapsed_box_as_html():
    assert callouts.to_blockquote(BOX) == BOX


@pytest.mark.parametrize(("text", "line", "message"), [
    ("# T\n\n<details>\n\nBody.\n\n</details>\n", 3, "must be followed by a line <summary>"),
    ("# T\n\n<details>\n<summary>S</summary>\n\nBody.\n", 3, "never closed"),
    ("# T\n\nText.\n\n</details>\n", 5, "</details> without <details>"),
])
def test_a_broken_box_is_an_error_naming_file_and_line(text, line, message):
    with pytest.raises(PageError) as error:
        reads(text, "docs/en/x.md")
    assert str(error.value).startswith(f"docs/en/x.md:{line}:") and message in str(error.value)
