"""The notebooks' own words in each page's language, from ``strings.toml``.

A language without a table, or a table missing a key of English's, is refused with one
line naming the file and the language: a notebook never mixes languages silently.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("strings.toml")
SOURCE = "en"


class StringsError(ValueError):
    """The table lacks a language or a key, or a translation's {fields} differ from English's."""


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def table(path: Path = TABLE) -> dict[str, dict[str, str]]:
    try:
        found = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise StringsError(f"{path}: {error}") from None
    english = found.get(SOURCE, {})
    for language, strings in found.items():
        missing = sorted(set(english) - set(strings))
        if missing:
            raise StringsError(f"{path}: [{language}] lacks {', '.join(missing)}")
        for key, text in strings.items():
            if key in english and fields(text) != fields(english[key]):
                raise StringsError(f"{path}: [{language}] {key} has fields {sorted(fields(text))}, "
                                   f"English has {sorted(fields(english[key]))}")
    return found


def strings(language: str, path: Path = TABLE) -> dict[str, str]:
    """Every string of ``language``."""
    found = table(path)
    if language not in found:
        raise StringsError(f"{path}: no [{language}] table (it has {', '.join(found)})")
    return found[language]
