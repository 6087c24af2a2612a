"""One lesson per framework, in Chromium: its table of contents, its text, and the switchers.

Each language's one source page is rendered once per framework (src/finetune_docs/site/);
these tests read what a reader meets: the table of contents lists the lesson's own headings
and each entry scrolls to its heading; no other framework's code, heading or prose is on the
page; the framework and language switchers keep the reader's section; an anchor of the old
one-page address leads to the lesson that has it.
"""

from __future__ import annotations

import pytest
from expected import (
    LANGUAGES,
    LESSON_IDS,
    LESSONS,
    foreign_lines,
    headings,
    landing_url,
    lesson_url,
)

from finetune_docs.backends import BACKENDS

TOC = ".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link"


def assert_clean(watch):
    assert not watch.problems(), "\n".join(watch.problems())


def visible_heading(page, anchor: str) -> bool:
    """Whether the heading ``anchor`` is shown, below the header and inside the window."""
    return page.evaluate(
        """id => {
            const heading = document.getElementById(id);
            if (!heading || heading.offsetParent === null) return false;
            const box = heading.getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            return box.top >= header - 1 && box.bottom <= window.innerHeight;
        }""", anchor)


def anchors_of(page) -> list[str]:
    return [href.split("#", 1)[1] for href in page.locator(TOC).evaluate_all("links => links.map(a => a.href)")]


def scroll_to(page, index: int) -> str:
    """Follow the table of contents' entry ``index``, and wait until its heading is at the top."""
    anchor = anchors_of(page)[index]
    page.locator(TOC).nth(index).click()
    settled(page, anchor)
    return anchor


def settled(page, anchor: str) -> None:
    """Wait until the address names ``anchor`` and its heading has stayed at the top of the view for
    two polls in a row: under load a scroll, or a late layout, may still be moving it."""
    page.wait_for_function(
        """id => { const top = document.getElementById(id).getBoundingClientRect().top;
                   const still = window.__settledTop === top;
                   window.__settledTop = top;
                   return decodeURIComponent(location.hash.slice(1)) === id && still && top >= 0 && top < 120; }""",
        arg=anchor, polling=150)


def open_menu(page, selector: str):
    page.locator(".md-select", has=page.locator(selector)).first.hover()


@pytest.mark.parametrize(("language", "backend"), LESSONS, ids=LESSON_IDS)
def test_the_table_of_contents_is_the_lessons_own_and_every_entry_scrolls_to_its_heading(
        page, base_url, watch, language, backend):
    page.goto(lesson_url(base_url, language, backend), wait_until="networkidle")
    entries = page.locator(TOC)
    shown = [text.strip() for text in entries.all_inner_texts()]
    assert shown == headings(language, backend)
    anchors = [href.split("#", 1)[1] for href in entries.evaluate_all("links => links.map(a => a.href)")]
    assert len(set(anchors)) == len(anchors), anchors
    hidden = []
    for index, anchor in enumerate(anchors):
        entries.nth(index).click()
        page.wait_for_function("id => decodeURIComponent(location.hash.slice(1)) === id", arg=anchor)
        page.wait_for_timeout(100)
        if not visible_heading(page, anchor):
            hidden.append(anchor)
    assert not hidden, f"entries whose heading is not on screen after a click: {hidden}"
    assert_clean(watch)


@pytest.mark.parametrize(("language", "backend"), LESSONS, ids=LESSON_IDS)
def test_no_other_frameworks_text_is_on_the_lesson(page, base_url, watch, language, backend):
    page.goto(lesson_url(base_url, language, backend), wait_until="networkidle")
    text = page.locator("article").inner_text()
    lines = foreign_lines(language, backend)
    assert lines, "the other frameworks' cells gave nothing to look for"
    found = [line for line in lines if line in text]
    assert not found, f"other frameworks' lines on the {backend} lesson: {found[:5]}"
    if backend != "tensorflow":
        assert "to_tf_dataset" not in text
    # The lesson's own: its framework's label in the switcher, and only its notebook's badges.
    assert page.locator(".finetune-frameworks__button").inner_text().strip() == BACKENDS[backend].label
    badges = page.locator("article a:has(img[src*='assets/badges'])").evaluate_all("links => links.map(a => a.href)")
    assert badges and all(f"/{language}/{backend}.ipynb" in href for href in badges), badges
    assert_clean(watch)


def rank(english_heading: str) -> int:
    """Where a section is on the PyTorch lesson: the same rank in every language."""
    return next(i for i, text in enumerate(headings("en", "pytorch")) if text.startswith(english_heading))


# From a section every lesson has; from one only PyTorch has (sharing on the Hub), which
# leads to the nearest section before it that TensorFlow's lesson has.
PLACES = {"shared": ("Prepare a data set", "Prepare a data set"),
          "pytorch-only": ("Share your model", "Measure on the test reviews")}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("place", list(PLACES))
def test_the_framework_switcher_keeps_the_place(page, base_url, watch, screenshots, language, place):
    section, expected = PLACES[place]
    page.goto(lesson_url(base_url, language, "pytorch"), wait_until="networkidle")
    anchors = anchors_of(page)
    anchor = scroll_to(page, rank(section))
    open_menu(page, "a[data-lesson]")
    settled(page, anchor)
    with page.expect_navigation():
        # A click event where the reader clicks: Playwright's own click would first scroll what it
        # deems out of view, and under load that moved the page off the place being tested.
        page.locator('.finetune-frameworks a[data-lesson="tensorflow"]').dispatch_event("click")
    page.wait_for_load_state("networkidle")
    wanted = anchors[rank(expected)]
    assert page.url == f"{lesson_url(base_url, language, 'tensorflow')}#{wanted}"
    assert wanted in anchors_of(page)
    assert visible_heading(page, wanted)
    page.screenshot(path=screenshots / f"{language}-switched-{place}.png")
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_keeps_the_lesson_and_the_place(page, base_url, watch, language):
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    page.goto(lesson_url(base_url, language, "tensorflow"), wait_until="networkidle")
    index = 4
    anchor = scroll_to(page, index)
    open_menu(page, f'.md-select__link[hreflang="{other}"]')
    settled(page, anchor)
    with page.expect_navigation():
        page.locator(f'.md-select__link[hreflang="{other}"]').first.dispatch_event("click")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.locator("html").get_attribute("lang") == other
    assert page.url.split("#")[0] == lesson_url(base_url, other, "tensorflow")
    anchors = anchors_of(page)
    assert page.url.endswith(f"#{anchors[index]}"), (page.url, anchors[index])
    assert visible_heading(page, anchors[index])
    assert_clean(watch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_old_anchor_leads_to_the_lesson_that_has_it(page, base_url, watch, language):
    aborted = []
    page.on("requestfailed", lambda request: request.failure == "net::ERR_ABORTED" and aborted.append(request.url))
    for backend in ("tensorflow", "pytorch"):
        page.goto(lesson_url(base_url, language, backend), wait_until="networkidle")
        anchors = anchors_of(page)
        if backend == "tensorflow":
            # A section of TensorFlow's lesson that PyTorch's has not.
            page.goto(lesson_url(base_url, language, "pytorch"), wait_until="networkidle")
            pytorch = set(anchors_of(page))
            anchor = next(anchor for anchor in anchors if anchor not in pytorch)
        else:
            anchor = anchors[rank("Prepare a data set")]
        with page.expect_navigation(url=f"{lesson_url(base_url, language, backend)}#{anchor}"):
            page.goto(f"{landing_url(base_url, language)}#{anchor}", wait_until="commit")
        page.wait_for_load_state("load")
        page.wait_for_function("id => document.getElementById(id) !== null", arg=anchor)
        page.wait_for_timeout(300)
        assert visible_heading(page, anchor)
    # What a page had begun to load when the reader was sent on (by the landing page's script,
    # or by this test) is cancelled, not failed.
    watch.failed[:] = [url for url in watch.failed if url not in aborted]
    assert_clean(watch)
