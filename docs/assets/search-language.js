// mkdocs-static-i18n builds one search index for the whole site, every language in it;
// Material's theme loads that one index. Keep only the results in the language of the
// page being read, and say how many there are in the page's language.
(function () {
  const language = document.documentElement.lang;
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  if (!list || !meta) return;
  // Each language's home (src/finetune_docs/site/hook.py writes them), longest first, so
  // that /es/ wins over / for /es/ pages.
  const homes = document.querySelector('meta[name="finetune-docs:language-roots"]');
  if (!homes) return;
  const roots = Object.entries(JSON.parse(homes.content))
    .map(([code, root]) => ({ language: code, path: new URL(root, location.href).pathname }))
    .sort((a, b) => b.path.length - a.path.length);
  const languageOf = (href) => {
    const path = new URL(href, location.href).pathname;
    const root = roots.find((candidate) => path.startsWith(candidate.path));
    return root ? root.language : language;
  };
  const words = JSON.parse(document.getElementById("__config").textContent).translations;
  const filter = () => {
    let shown = 0;
    for (const item of list.querySelectorAll(":scope > .md-search-result__item")) {
      const link = item.querySelector("a[href]");
      item.hidden = Boolean(link) && languageOf(link.href) !== language;
      if (!item.hidden) shown += 1;
    }
    // Material writes the count before it fills the list; only rewrite a count it wrote.
    if (!/\d/.test(meta.textContent) && list.children.length === 0) return;
    meta.textContent = shown === 0 ? words["search.result.none"]
      : shown === 1 ? words["search.result.one"]
      : words["search.result.other"].replace("#", String(shown));
  };
  new MutationObserver(filter).observe(list, { childList: true });
})();
