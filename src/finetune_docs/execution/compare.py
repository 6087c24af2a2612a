"""Compare what a cell printed with the output its page shows.

The page's output uses doctest's conventions: ``...`` stands for any text, and runs of
whitespace compare equal. doctest's own checker does the matching.
"""

from __future__ import annotations

import difflib
import doctest

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def matches(expected: str, actual: str) -> bool:
    return doctest.OutputChecker().check_output(expected.strip() + "\n", actual.strip() + "\n", FLAGS)


def difference(expected: str, actual: str) -> str:
    diff = difflib.unified_diff(
        expected.strip().splitlines(), actual.strip().splitlines(),
        "shown on the page", "printed by the cell", lineterm="",
    )
    return "\n".join(diff)
