"""Compare what a cell printed with the output its page shows.

The page's output uses doctest's conventions: ``...`` stands for any text, and runs of
whitespace compare equal. doctest's own checker does the matching. An output whose
figures are the real Hub model's (``hub-output``) is compared with every number masked on
both sides: the offline stand-ins print other figures, but the same text around them.
"""

from __future__ import annotations

import difflib
import doctest
import re

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")
"""A number standing on its own: ``12``, ``0.846``, ``-1e-05``; not the digits of ``float32``."""
MASK = "#"


def mask_numbers(text: str) -> str:
    """``text`` with each number replaced by ``#``; ``...`` is no number and stays."""
    return NUMBER.sub(MASK, text)


def matches(expected: str, actual: str, *, numbers: bool = True) -> bool:
    """Whether ``actual`` is what ``expected`` shows; with ``numbers=False``, whatever numbers
    stand where ``expected`` has numbers."""
    if not numbers:
        expected, actual = mask_numbers(expected), mask_numbers(actual)
    return doctest.OutputChecker().check_output(expected.strip() + "\n", actual.strip() + "\n", FLAGS)


def difference(expected: str, actual: str, *, numbers: bool = True) -> str:
    if not numbers:
        expected, actual = mask_numbers(expected), mask_numbers(actual)
    diff = difflib.unified_diff(
        expected.strip().splitlines(), actual.strip().splitlines(),
        "shown on the page" + ("" if numbers else " (numbers masked)"), "printed by the cell", lineterm="",
    )
    return "\n".join(diff)
