"""The built site as a reader meets it, in Chromium: one run per language.

Each test also fails if the browser logged an error, a request of the site failed, or the
page reached for a host other than the loopback server (see conftest.py).
"""

from __future__ import annotations

import re

import pytest

from finetune_docs import layout
from finetune_docs.notebooks.make import open_urls
from finetune_docs.pages import read

LANGUAGES = layout.languages()
BACKEND_LABEL = "TensorFlow"


def root_of(language: str) -> str:
    return "" if language == layout.SOURCE_LANGUAGE else f"{language}/"


def tutorial(language: str):
    return read(layout.DOCS / language / "index.md")


def open_page(page, base_url, language):
    page.goto(base_url + root_of(language), wait_until="networkidle")
    return page


def assert_clean(watch):
    assert not watch.problems(), "\n".join(watch.problems())


def code_lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_loads_in_its_language(page, base_url, watch, screenshots, record_weight, language):
    open_page(page, base_url, language)
    record_weight(language, dict(watch.loaded))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("article h1").first.inner_text().strip() == tutorial(language).title
    page.screenshot(path=screenshots / f"{language}-top.png")
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_keeps_the_reader_on_the_same_page(page, base_url, watch, language):
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    open_page(page, base_url, language)
    page.locator(".md-select").first.hover()
    with page.expect_navigation():
        page.locator(f'.md-select__link[hreflang="{other}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + root_of(other)
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("article h1").first.inner_text().strip() == tutorial(other).title
    assert_clean(watch)


def selected_labels(page) -> list[tuple[list[str], str]]:
    """For each tab set: its labels, and the label of the tab shown."""
    return page.locator(".tabbed-set").evaluate_all(
        """sets => sets.map(set => {
            const inputs = [...set.querySelectorAll(':scope > input')];
            const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')].map(l => l.innerText.trim());
            return [labels, labels[inputs.findIndex(i => i.checked)]];
        })"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_tab_choice_switches_every_block_and_is_remembered(page, base_url, watch, screenshots, language):
    open_page(page, base_url, language)
    cells = [c for c in tutorial(language).cells if c.backends == {"tensorflow"} and c.kind == "code"]
    expected = {code_lines(c.source) for c in cells} | {code_lines(c.output) for c in cells if c.output}
    label = page.locator(".tabbed-labels > label", has_text=re.compile(f"^{BACKEND_LABEL}$"))
    label.first.click()

    sets = selected_labels(page)
    with_tab = [shown for labels, shown in sets if BACKEND_LABEL in labels]
    assert with_tab and all(shown == BACKEND_LABEL for shown in with_tab), sets
    shown_code = [code_lines(text) for text in page.locator(".tabbed-block pre code").evaluate_all(
        "blocks => blocks.filter(b => b.offsetParent !== null).map(b => b.innerText)")]
    tensorflow_blocks = [code for code in shown_code if code in expected]
    assert tensorflow_blocks, "no TensorFlow code shown after choosing its tab"
    # Tab sets without a TensorFlow tab (the native loops) keep showing their own code.
    assert sum(code in expected for code in shown_code) >= len(cells)
    page.locator(".tabbed-set", has=label).first.screenshot(path=screenshots / f"{language}-tensorflow-tab.png")

    # The choice follows the reader to the next page they open: another language's.
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    open_page(page, base_url, other)
    again = [shown for labels, shown in selected_labels(page) if BACKEND_LABEL in labels]
    assert again and all(shown == BACKEND_LABEL for shown in again)
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_badges_open_this_languages_notebooks(page, base_url, watch, language):
    open_page(page, base_url, language)
    badges = page.locator("article a:has(img[src*='assets/badges'])")
    found = badges.evaluate_all("links => links.map(a => [a.href, a.querySelector('img').naturalWidth])")
    notebooks = sorted((layout.NOTEBOOKS / language).glob("*.ipynb"))
    assert notebooks
    expected = {url for nb in notebooks for url in open_urls(nb.relative_to(layout.ROOT)).values()}
    assert {href for href, _ in found} == expected
    assert len(found) == len(expected)
    assert all(width > 0 for _, width in found), "a badge image did not load"
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_answers_in_the_pages_language(page, base_url, watch, screenshots, language):
    open_page(page, base_url, language)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Trainer", delay=50)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="attached", timeout=20_000)
    page.wait_for_timeout(300)
    hrefs = items.evaluate_all("items => items.map(i => [i.hidden, i.querySelector('a').href])")
    shown = [href for hidden, href in hrefs if not hidden]
    prefix = base_url + root_of(language)
    others = tuple(base_url + root_of(lang) for lang in LANGUAGES if lang not in (layout.SOURCE_LANGUAGE, language))
    assert shown, "no result in the page's language"
    assert all(href.startswith(prefix) and not href.startswith(others) for href in shown), shown
    assert len(shown) < len(hrefs), "the index holds every language; some results should have been left out"
    page.screenshot(path=screenshots / f"{language}-search.png")
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_code_block_scrolls_sideways_at_1280_px(page, base_url, watch, language):
    open_page(page, base_url, language)
    assert page.viewport_size["width"] == 1280
    wide = {}
    # Each framework's tab in turn (linked tabs: one click shows it everywhere), so that every
    # block is measured while it is shown; hidden blocks measure 0.
    for label in ("PyTorch", "TensorFlow", "MindSpore"):
        page.locator(".tabbed-labels > label", has_text=re.compile(f"^{label}$")).first.click()
        # Material scrolls the <code> inside each <pre>; either one may be the box that scrolls.
        for index, scroll, client, text in page.locator("article pre, article pre > code").evaluate_all(
                """boxes => boxes.map((box, i) => [i, box.scrollWidth, box.clientWidth,
                       box.innerText.split('\\n')[0].slice(0, 60)]).filter(b => b[2] > 0)"""):
            if scroll > client:
                wide[index] = f"{label}: block {index} ({scroll} > {client} px): {text}"
    assert not wide, "\n".join(wide.values())
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_repository_and_edit_links(page, base_url, watch, language):
    from finetune_docs.layout import settings

    open_page(page, base_url, language)
    repository = f"https://github.com/{settings()['github_repo']}"
    assert page.locator("a.md-source").first.get_attribute("href") == repository
    edit = page.locator("a.md-content__button[href*='/edit/']").first.get_attribute("href")
    assert edit == f"{repository}/edit/{settings()['branch']}/docs/{language}/index.md"
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_site_adds_speaks_the_pages_language(page, base_url, watch, language):
    from finetune_docs.site import strings

    open_page(page, base_url, language)
    titles = page.locator(".highlight > .filename, .highlight .filename").evaluate_all(
        "spans => spans.map(s => s.textContent.trim())")
    assert titles and set(titles) == {strings.get(language, "output")}, set(titles)
    alts = page.locator("article img[src*='assets/badges']").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert alts and all(alt.startswith(strings.get(language, "open_in", where="")) for alt in alts), alts
    assert page.locator("article table th").first.inner_text().strip() == strings.get(language, "framework")
    heading = page.locator("article h2", has_text=strings.get(language, "install_heading")).first
    assert heading.is_visible()
    # The install section comes before every other section.
    assert page.locator("article h2").first.inner_text().strip().startswith(strings.get(language, "install_heading"))
    assert_clean(watch)
