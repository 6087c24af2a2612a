"""axe-core in Chromium on each language's page: no serious or critical violation.

axe-core is the npm package at the version tests/browser/package-lock.json pins, installed
by scripts/axe.sh; it is read from disk and injected, never fetched by the page. Each run's
full list (every impact) goes to artifacts/ beside the screenshots, for the figures the
report quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finetune_docs import layout

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}


def run_axe(page) -> list[dict]:
    if not AXE.is_file():
        raise pytest.UsageError(f"{AXE} is missing: run scripts/axe.sh")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [node["target"] for node in v["nodes"]]} for v in result["violations"]]


@pytest.mark.parametrize("language", layout.languages())
def test_no_serious_accessibility_violation(page, base_url, watch, screenshots, language):
    root = "" if language == layout.SOURCE_LANGUAGE else f"{language}/"
    page.goto(base_url + root, wait_until="networkidle")
    violations = run_axe(page)
    (screenshots.parent / f"axe-{language}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    blocking = [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes: {v['nodes'][:3]}): {v['help']}"
                for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(blocking)
    assert not watch.problems(), "\n".join(watch.problems())
