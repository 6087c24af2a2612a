"""A built site served on loopback, and Debian's Chromium driven by Playwright.

Every request the browser makes is routed: the site's own are served, anything else is
refused and recorded, so a test fails when the site reaches for another host (a web font,
a badge image) instead of passing on a machine that happens to have a network.
"""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from finetune_docs import layout

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium reaches for Google's services at start-up and, here, logs errors.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-quic", "--no-first-run", "--disable-sync",
]


def site_path() -> str:
    """The path the site is published under (site_url in mkdocs.yml): /name/ on GitHub Pages."""
    import yaml

    config = yaml.safe_load((layout.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return urllib.parse.urlsplit(config["site_url"]).path or "/"


class _Site(http.server.SimpleHTTPRequestHandler):
    """Serves the site under its published path, as GitHub Pages and `mkdocs serve` do."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_dir(pytestconfig) -> Path:
    path = Path(pytestconfig.getoption("--site"))
    if not (path / "index.html").is_file():
        raise pytest.UsageError(f"--site {path}: no index.html there; build the site first (nox -s docs)")
    return path


@pytest.fixture(scope="session")
def base_url(site_dir):
    prefix = site_path()
    handler = type("Handler", (_Site,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=site_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise pytest.UsageError(f"{CHROMIUM} is missing: run scripts/chromium.sh (Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    loaded: dict[str, int] = field(default_factory=dict)
    """Bytes of each response body the page received, by URL."""

    def problems(self) -> list[str]:
        return ([f"console: {m}" for m in self.console_errors] + [f"script: {m}" for m in self.page_errors]
                + [f"failed: {u}" for u in self.failed] + [f"left loopback: {u}" for u in self.elsewhere])


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def page(browser, base_url, watch):
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            watch.elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    # A request the browser itself cancels when the test opens the next page (a search language's
    # script still loading, say) is no fault of the site; a missing file is a response >= 400 below.
    page.on("requestfailed", lambda request: request.url.startswith(base_url)
            and "ERR_ABORTED" not in (request.failure or "") and watch.failed.append(request.url))
    page.on("requestfinished", lambda request: watch.loaded.update({request.url: request.sizes()["responseBodySize"]}))
    page.on("response", lambda response: response.status >= 400
            and watch.failed.append(f"{response.url} ({response.status})"))
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots(pytestconfig) -> Path:
    path = Path(pytestconfig.getoption("--screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def record_weight(record_property):
    """Keep a language's first-load weight as a property of its test's report: the summary below
    reads it there, also from pytest-xdist's workers, whose reports reach the controller."""
    def record(language: str, loaded: dict[str, int]) -> None:
        record_property("page_weight", [language, sum(loaded.values()), len(loaded), next(iter(loaded.values()), 0)])
    return record


def pytest_terminal_summary(terminalreporter, config):
    weights = [value for report in terminalreporter.stats.get("passed", [])
               for name, value in getattr(report, "user_properties", ()) if name == "page_weight"]
    if weights:
        terminalreporter.section("page weight (first load, uncompressed)")
        for language, total, requests, html in sorted(weights):
            terminalreporter.write_line(f"{language}: {total / 1024:.0f} KiB in {requests} requests "
                                        f"(the page's HTML: {html / 1024:.0f} KiB)")
