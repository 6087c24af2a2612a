"""The words the site adds to a page (labels, alt text, the install section), per language.

One table, ``strings.toml``: a language it lacks, or a key one language lacks, is an error
naming the file, never an English word slipped into a translated page.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

TABLE = Path(__file__).with_name("strings.toml")


@functools.cache
def table() -> dict[str, dict[str, str]]:
    with TABLE.open("rb") as handle:
        return tomllib.load(handle)


def strings(language: str) -> dict[str, str]:
    try:
        return table()[language]
    except KeyError:
        raise KeyError(f"{TABLE}: no [{language}] table; it has {', '.join(table())}") from None


def get(language: str, key: str, **values: str) -> str:
    try:
        text = strings(language)[key]
    except KeyError:
        if language in table():
            raise KeyError(f"{TABLE}: [{language}] has no {key!r}") from None
        raise
    return text.format(**values)
