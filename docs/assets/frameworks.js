// The reader's place, kept across the framework and language switchers (a landing page's
// first script, from src/finetune_docs/site/hook.py, sends an old address's anchor on).
// Each framework's lesson is a page of its own (src/finetune_docs/site/hook.py); the framework
// switcher's links (overrides/partials/frameworks.html) carry each lesson's section anchors.
(function () {
  const links = Array.from(document.querySelectorAll(".finetune-frameworks a[data-lesson]"));
  if (links.length === 0) return;
  const lessons = links.map((link) => ({
    name: link.dataset.lesson,
    url: new URL(link.getAttribute("href"), location.href),
    anchors: new Set(link.dataset.anchors.split(" ").filter(Boolean)),
    current: link.getAttribute("aria-current") === "page",
  }));
  const current = lessons.find((lesson) => lesson.current);
  const KEY = "finetune-docs:place";
  // The language switcher's links lead to this very page in each language (mkdocs-static-i18n
  // writes them); Material's own handler would rebuild them as if they led to each language's
  // home, and lose the page: it is not given the click.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".md-select__link[hreflang]") : null;
    if (!link) return;
    event.stopPropagation();
    if (current) sessionStorage.setItem(KEY, JSON.stringify({ lesson: current.name, time: Date.now(), ...rank() }));
  }, true);
  const hashId = () => decodeURIComponent(location.hash.slice(1));

  if (!current) return;

  const headings = () => Array.from(document.querySelectorAll("article h2[id], article h3[id]"));
  // The section being read: the last heading above the upper quarter of the text's view, or
  // the one the address names while it is still there (a table of contents' click).
  const place = () => {
    const header = document.querySelector(".md-header");
    const top = header ? header.getBoundingClientRect().bottom : 0;
    const limit = top + (window.innerHeight - top) / 4;
    const above = headings().filter((heading) => heading.getBoundingClientRect().top <= limit);
    const named = document.getElementById(hashId());
    if (named && above.includes(named) && named.getBoundingClientRect().bottom >= top) return named;
    return above.length ? above[above.length - 1] : null;
  };

  // Another lesson, at the same section or the nearest one before it that the lesson has.
  const sameSection = (lesson) => {
    const all = headings();
    for (let index = all.indexOf(place()); index >= 0; index -= 1) {
      if (lesson.anchors.has(all[index].id)) return new URL(`#${encodeURIComponent(all[index].id)}`, lesson.url);
    }
    return lesson.url;
  };
  const lessonOf = (link) => {
    const url = new URL(link.href, location.href);
    if (url.hash) return null;
    return lessons.find((lesson) => !lesson.current && lesson.url.href === url.href) || null;
  };
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    const lesson = link && lessonOf(link);
    if (!lesson || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    location.assign(sameSection(lesson));
  }, true);

  // The same lesson in another language: its sections come in the same order, under other
  // names; the place goes along as the section's rank, and the next page scrolls to it.
  function rank() {
    const here = place();
    const all = headings();
    const sections = all.filter((heading) => heading.tagName === "H2");
    const section = sections.filter((heading) => all.indexOf(heading) <= all.indexOf(here)).length - 1;
    return { index: all.indexOf(here), count: all.length, section: here ? section : -1, sections: sections.length };
  }
  const stored = JSON.parse(sessionStorage.getItem(KEY) || "null");
  sessionStorage.removeItem(KEY);
  if (!stored || stored.lesson !== current.name || Date.now() - stored.time > 60000) return;
  const all = headings();
  const sections = all.filter((heading) => heading.tagName === "H2");
  const heading = all.length === stored.count ? all[stored.index]
    : sections.length === stored.sections ? sections[stored.section] : null;
  if (!heading) return;
  history.replaceState(history.state, "", `#${encodeURIComponent(heading.id)}`);
  heading.scrollIntoView();
  window.addEventListener("load", () => heading.scrollIntoView(), { once: true });
})();
