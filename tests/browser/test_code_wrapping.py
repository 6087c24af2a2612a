"""Code lines wrap like code, in Chromium, on a phone (390 px) and a laptop (1280 px).

Every character of every code block is measured where the browser put it: where a line goes
on below (a soft wrap), the characters on either side must not both be part of a name, and
the wrapped part must start further in than the line's own first character (a hanging
indent), so that a reader tells a wrapped line from the next one.
"""

from __future__ import annotations

import pytest
from expected import LESSON_IDS, LESSONS, lesson_url

WIDTHS = [390, 1280]

MEASURE = """blocks => {
  const found = {wraps: 0, broken: [], flush: []};
  const word = /[A-Za-z0-9_]/;
  blocks.forEach((code, block) => {
    if (code.offsetParent === null) return;
    for (const line of code.querySelectorAll(':scope > span[id^="__span-"]')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let first = null, previous = null, text = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i += 1) {
          const char = node.data[i];
          if (char === '\\n') continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getClientRects()[0];
          if (!box) continue;
          if (first === null && char !== ' ') first = box;
          if (previous && box.top > previous.box.top + box.height / 2 && char !== ' ') {
            found.wraps += 1;
            const where = `block ${block}: ${JSON.stringify(text.trim().slice(-30))} | ${JSON.stringify(char)}`;
            if (word.test(previous.char) && word.test(char)) found.broken.push(where);
            if (first && box.left < first.left + 2 * first.width) found.flush.push(where);
          }
          previous = {char, box};
          text += char;
        }
      }
    }
  });
  return found;
}"""


@pytest.mark.parametrize(("language", "backend"), LESSONS, ids=LESSON_IDS)
def test_no_name_is_broken_and_wrapped_lines_hang(browser, base_url, screenshots, language, backend):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    found = {}
    try:
        page = context.new_page()
        page.goto(lesson_url(base_url, language, backend), wait_until="networkidle")
        # One load, measured at each width: the browser lays the page out again for each.
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found[width] = page.locator("article pre > code").evaluate_all(MEASURE)
            if width == WIDTHS[0] and language == "en":
                wrapped = page.locator("article pre").nth(1)
                wrapped.scroll_into_view_if_needed()
                page.screenshot(path=screenshots / f"{language}-{backend}-{width}px-code.png")
    finally:
        context.close()
    for width, measured in found.items():
        assert not measured["broken"], f"{width} px: names broken across lines:\n" + "\n".join(measured["broken"])
        assert not measured["flush"], f"{width} px: wrapped lines not indented:\n" + "\n".join(measured["flush"])
    assert found[WIDTHS[0]]["wraps"] > 0, "no code line wraps at 390 px: the test measured nothing"
