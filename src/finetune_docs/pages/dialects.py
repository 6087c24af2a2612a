"""The Markdown dialects the page reader understands, one registry entry each.

* ``jupytext``: this project's pages, Markdown that jupytext reads as a notebook
  (``CONTRIBUTING.md``), with backend tags on fences and regions. What jupytext makes a
  code cell, the reader does: a top-level fence whose info string starts with a Python name.
* ``doc-builder``: Hugging Face's doc-builder Markdown, the dialect of upstream's docs
  and of most translators of this material. Its components (``<frameworkcontent>``,
  ``<pt>``, ``<tf>``, ``<Tip>``, ``[[open-in-colab]]``...) are prose; so that CommonMark
  does not read a fence right after one of them as part of an HTML block, their lines are
  set aside (left blank) before parsing, and kept in the prose. Its renderer shows a fence
  inside a numbered step or a block quote like any other, so those are code cells too,
  and so are ``pycon`` (doctest-style) fences.
* ``course``: the Hugging Face course, doc-builder Markdown in which a ```` ```python out ````
  fence shows the output of the code cell above it.

In every dialect the first word of a fence's info string decides what the fence is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CODE_LANGUAGES = frozenset({"python", "py", "python3", "ipython3", "ipython"})
"""Info-string languages of the fences that are code cells, in every dialect."""
OUTPUT = "output"
"""First word of the info string of the fence holding the output a page shows for the cell above."""


@dataclass(frozen=True)
class Dialect:
    name: str
    component: re.Pattern | None
    """A line that is only a component of the dialect (prose, set aside before parsing)."""
    regions: bool
    """Whether jupytext's ``<!-- #region -->`` markers group prose into cells."""
    conventions: bool
    """Whether the project's conventions hold: known tags, [`Name`] links from the table, callouts."""
    code: frozenset[str] = CODE_LANGUAGES
    """First words (lower case) of the info strings of code cells."""
    outputs: tuple[tuple[str, ...], ...] = ((OUTPUT,),)
    """Leading words of the info strings of output blocks (checked before ``code``)."""
    nested: bool = False
    """Whether fences inside list items and block quotes are cells (the renderer runs them)."""
    detected_by: re.Pattern | None = field(default=None, compare=False)
    """Text that only pages of this dialect hold (``detect``)."""

    def parse_lines(self, lines: list[str]) -> list[str]:
        if self.component is None:
            return lines
        return ["" if self.component.match(line) else line for line in lines]

    def kind(self, info: str) -> str | None:
        """"code", "output" or None (prose) for a fence whose info string is ``info``."""
        words = tuple(word.lower() for word in info.split())
        if any(words[: len(leading)] == leading for leading in self.outputs):
            return "output"
        return "code" if words and words[0] in self.code else None


DOC_BUILDER_COMPONENT = re.compile(
    r"^\s*(</?[A-Za-z][\w.-]*(\s[^<>]*)?/?>|\[\[open-in-colab\]\])\s*$"
)
DOC_BUILDER_CODE = CODE_LANGUAGES | {"pycon"}
_DOC_BUILDER_SIGNS = re.compile(
    r"^\s*(\[\[open-in-colab\]\]|</?(frameworkcontent|pt|tf|Tip|hfoptions|hfoption|Youtube)\b)|^```py(con)?\s*$",
    re.MULTILINE,
)
_COURSE_SIGNS = re.compile(r"^\s*(<CourseFloatingBanner\b|```python out\s*$)", re.MULTILINE)

DIALECTS = {
    "jupytext": Dialect("jupytext", None, regions=True, conventions=True),
    "course": Dialect("course", DOC_BUILDER_COMPONENT, regions=False, conventions=False, code=DOC_BUILDER_CODE,
                      outputs=((OUTPUT,), ("python", "out")), nested=True, detected_by=_COURSE_SIGNS),
    "doc-builder": Dialect("doc-builder", DOC_BUILDER_COMPONENT, regions=False, conventions=False,
                           code=DOC_BUILDER_CODE, nested=True, detected_by=_DOC_BUILDER_SIGNS),
}


def detect(text: str) -> Dialect:
    """The dialect ``text`` is written in: the first whose signs it shows, else jupytext."""
    return next((d for d in DIALECTS.values() if d.detected_by is not None and d.detected_by.search(text)),
                DIALECTS["jupytext"])
