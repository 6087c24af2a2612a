"""The built site as a reader meets it, in Chromium: one run per language (and per lesson,
where the lessons differ; tests/browser/test_lessons.py has what is each lesson's own).

Each test also fails if the browser logged an error, a request of the site failed, or the
page reached for a host other than the loopback server (see conftest.py).
"""

from __future__ import annotations

import pytest
from expected import LANGUAGES, LESSON_IDS, LESSONS, landing_url, lesson_url, root_of

from finetune_docs import layout
from finetune_docs.backends import BACKENDS
from finetune_docs.notebooks.make import open_urls
from finetune_docs.pages import read


def tutorial(language: str):
    return read(layout.DOCS / language / "index.md")


def open_page(page, base_url, language, backend: str | None = None):
    """The language's landing page, or one of its lessons."""
    url = lesson_url(base_url, language, backend) if backend else landing_url(base_url, language)
    page.goto(url, wait_until="networkidle")
    return page


def assert_clean(watch):
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_loads_in_its_language(page, base_url, watch, screenshots, record_weight, language):
    open_page(page, base_url, language)
    record_weight(language, dict(watch.loaded))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("article h1").first.inner_text().strip() == tutorial(language).title
    page.screenshot(path=screenshots / f"{language}-top.png")
    # The landing page leads to each lesson.
    links = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert all(lesson_url(base_url, language, backend) in links for backend in BACKENDS), links
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_keeps_the_reader_on_the_same_page(page, base_url, watch, language):
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    for backend in (None, "mindspore"):
        open_page(page, base_url, language, backend)
        link = page.locator(f'.md-select__link[hreflang="{other}"]').first
        page.locator(".md-select", has=link).first.hover()
        with page.expect_navigation():
            link.click()
        page.wait_for_load_state("networkidle")
        expected = lesson_url(base_url, other, backend) if backend else landing_url(base_url, other)
        assert page.url.split("#")[0] == expected
        assert page.locator("html").get_attribute("lang") == other
        assert page.locator("article h1").first.inner_text().strip() == tutorial(other).title
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_badges_open_this_languages_notebooks(page, base_url, watch, language):
    """The landing page's badges open each of this language's notebooks (a lesson's, its own:
    test_lessons.py)."""
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
    open_page(page, base_url, language, "pytorch")
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


@pytest.mark.parametrize(("language", "backend"), LESSONS, ids=LESSON_IDS)
def test_no_code_block_scrolls_sideways_at_1280_px(page, base_url, watch, language, backend):
    open_page(page, base_url, language, backend)
    assert page.viewport_size["width"] == 1280
    wide = []
    # Material scrolls the <code> inside each <pre>; either one may be the box that scrolls.
    for index, scroll, client, text in page.locator("article pre, article pre > code").evaluate_all(
            """boxes => boxes.map((box, i) => [i, box.scrollWidth, box.clientWidth,
                   box.innerText.split('\\n')[0].slice(0, 60)]).filter(b => b[2] > 0)"""):
        if scroll > client:
            wide.append(f"block {index} ({scroll} > {client} px): {text}")
    assert page.locator("article pre").count() > 0
    assert not wide, "\n".join(wide)
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_repository_and_edit_links(page, base_url, watch, language):
    from finetune_docs.layout import settings

    repository = f"https://github.com/{settings()['github_repo']}"
    for backend in BACKENDS:
        open_page(page, base_url, language, backend)
        assert page.locator("a.md-source").first.get_attribute("href") == repository
        # Every lesson is made from the language's one page: that is the page to edit.
        edit = page.locator("a.md-content__button[href*='/edit/']").first.get_attribute("href")
        assert edit == f"{repository}/edit/{settings()['branch']}/docs/{language}/index.md"
    # The landing page's words are the site's (strings.toml) and the page's: no one file to edit.
    open_page(page, base_url, language)
    assert page.locator("a.md-source").first.get_attribute("href") == repository
    assert page.locator("a.md-content__button[href*='/edit/']").count() == 0
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_site_adds_speaks_the_pages_language(page, base_url, watch, language):
    from finetune_docs.site import strings

    open_page(page, base_url, language, "tensorflow")
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
    assert page.locator(".finetune-frameworks__button").get_attribute("aria-label") == strings.get(
        language, "framework_menu", framework="TensorFlow")
    open_page(page, base_url, language)
    assert page.locator("article h2").first.inner_text().strip() == strings.get(language, "choose_heading")
    assert page.locator(".finetune-frameworks__button").inner_text().strip() == strings.get(language, "framework")
    assert_clean(watch)
