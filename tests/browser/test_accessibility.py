"""axe-core in Chromium on each language's landing page and lessons: no serious or critical violation.

axe-core is the npm package at the version tests/browser/package-lock.json pins, installed
by scripts/axe.sh; it is read from disk and injected, never fetched by the page. Each run's
full list (every impact) goes to artifacts/ beside the screenshots, for the figures the
report quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from expected import LANGUAGES, landing_url, lesson_url

from finetune_docs.backends import BACKENDS

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}


def run_axe(page) -> list[dict]:
    if not AXE.is_file():
        raise pytest.UsageError(f"{AXE} is missing: run scripts/axe.sh")
    page.add_script_tag(path=str(AXE))
    # Only violations are read: axe then processes the other results for one node each, not every node.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [node["target"] for node in v["nodes"]]} for v in result["violations"]]


PAGES = [(language, None) for language in LANGUAGES] + [
    (language, backend) for language in LANGUAGES for backend in BACKENDS]


@pytest.mark.parametrize(("language", "backend"), PAGES, ids=[f"{lang}-{name or 'landing'}" for lang, name in PAGES])
def test_no_serious_accessibility_violation(page, base_url, watch, screenshots, language, backend):
    url = lesson_url(base_url, language, backend) if backend else landing_url(base_url, language)
    page.goto(url, wait_until="networkidle")
    violations = run_axe(page)
    name = f"axe-{language}-{backend or 'landing'}.json"
    (screenshots.parent / name).write_text(json.dumps(violations, indent=1), encoding="utf-8")
    blocking = [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes: {v['nodes'][:3]}): {v['help']}"
                for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(blocking)
    assert not watch.problems(), "\n".join(watch.problems())
