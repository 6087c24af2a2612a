"""A local package index (PEP 503 pages, PEP 658 metadata) made from the recorded snapshot.

Each file is listed with ``data-dist-info-metadata`` and ``data-core-metadata`` and only its
``.metadata`` is written: the wheel's own URL points at nothing, so a pip that tried to fetch
a wheel would fail, and the simulation proves it resolved from metadata alone.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..runtimes import normalize
from .environment import metadata_text, snapshot


def write(root: Path) -> str:
    """Write the index under ``root``; returns its URL for ``--index-url``."""
    simple, files = root / "simple", root / "files"
    files.mkdir(parents=True)
    for project, records in snapshot()["files"].items():
        links = []
        for record in records:
            name = record["filename"]
            (files / f"{name}.metadata").write_text(
                metadata_text(record["name"], record["version"], record["meta"]), encoding="utf-8")
            python = html.escape(record["meta"].get("requires_python") or "")
            links.append(f'<a href="../../files/{html.escape(name)}" data-requires-python="{python}" '
                         f'data-dist-info-metadata="true" data-core-metadata="true">{html.escape(name)}</a>')
        page = simple / normalize(project)
        page.mkdir(parents=True)
        body = "<br>\n".join(links)
        (page / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n", encoding="utf-8")
    return simple.as_uri() + "/"


def wheel_size(filename: str) -> int:
    """The recorded size in bytes of a file the index lists."""
    return _sizes()[filename]


def _sizes() -> dict[str, int]:
    return {r["filename"]: r["size"] for records in snapshot()["files"].values() for r in records}
