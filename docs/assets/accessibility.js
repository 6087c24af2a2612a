// Names that Material's markup lacks, which screen readers announce (axe-core rules
// aria-dialog-name and landmark-unique; tests/browser/test_accessibility.py).
(function () {
  // The search dialog is named as its input is (Material's own, translated "Search").
  const search = document.querySelector('.md-search[role="dialog"]');
  const input = document.querySelector(".md-search__input");
  if (search && input && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder);
  }
  // Material adds a <nav> (the copy button) to every code block: one landmark each, all
  // unnamed. Name each after its block's place on the page, in the page's language.
  const meta = document.querySelector('meta[name="finetune-docs:code-block"]');
  const word = meta ? meta.content : "Code block";
  const name = () => {
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach((nav) => {
      const blocks = Array.from(document.querySelectorAll(".md-typeset pre"));
      const index = blocks.indexOf(nav.closest("pre")) + 1;
      nav.setAttribute("aria-label", `${word} ${index > 0 ? index : ""}`.trim());
    });
  };
  name();
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
})();
