"""The Markdown dialects the page reader understands, one registry entry each.

* ``jupytext``: this project's pages, Markdown that jupytext reads as a notebook
  (``CONTRIBUTING.md``), with backend tags on fences and regions.
* ``doc-builder``: Hugging Face's doc-builder Markdown, the dialect of upstream's docs
  and of most translators of this material. Its components (``<frameworkcontent>``,
  ``<pt>``, ``<tf>``, ``<Tip>``, ``[[open-in-colab]]``...) are prose; so that CommonMark
  does not read a fence right after one of them as part of an HTML block, their lines are
  set aside (left blank) before parsing, and kept in the prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE_LANGUAGES = frozenset({"python", "py", "python3", "ipython3", "ipython"})
"""Info-string languages of the fences that are code cells, in every dialect."""
OUTPUT = "output"
"""Info string (exactly) of the fence holding the output a page shows for the cell above."""


@dataclass(frozen=True)
class Dialect:
    name: str
    component: re.Pattern | None
    """A line that is only a component of the dialect (prose, set aside before parsing)."""
    regions: bool
    """Whether jupytext's ``<!-- #region -->`` markers group prose into cells."""
    conventions: bool
    """Whether the project's conventions hold: known tags, [`Name`] links from the table, callouts."""

    def parse_lines(self, lines: list[str]) -> list[str]:
        if self.component is None:
            return lines
        return ["" if self.component.match(line) else line for line in lines]


DOC_BUILDER_COMPONENT = re.compile(
    r"^\s*(</?[A-Za-z][\w.-]*(\s[^<>]*)?/?>|\[\[open-in-colab\]\])\s*$"
)
DIALECTS = {
    "jupytext": Dialect("jupytext", None, regions=True, conventions=True),
    "doc-builder": Dialect("doc-builder", DOC_BUILDER_COMPONENT, regions=False, conventions=False),
}
_DOC_BUILDER_SIGNS = re.compile(
    r"^\s*(\[\[open-in-colab\]\]|</?(frameworkcontent|pt|tf|Tip|hfoptions|hfoption|Youtube)\b)|^```py\s*$",
    re.MULTILINE,
)


def detect(text: str) -> Dialect:
    """The dialect ``text`` is written in: doc-builder when it shows any of its signs."""
    return DIALECTS["doc-builder" if _DOC_BUILDER_SIGNS.search(text) else "jupytext"]
