"""Opening litgraph pages in a real headless Chromium (Debian's `chromium`) with the network cut.

`.ci/run` installs Chromium when it is missing; elsewhere the browser tests
skip, saying why.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

import pytest

CHROMIUM = os.environ.get("LITGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-extensions"]


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


needs_browser = pytest.mark.skipif(not CHROMIUM or _playwright() is None,
                                   reason="needs Debian's chromium and playwright (.ci/run installs both)")


@dataclass
class Visit:
    page: object
    requests: list = field(default_factory=list)
    console: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    @property
    def errors(self):
        return [text for kind, text in self.console if kind in ("error", "pageerror")]


class Browser:
    def __init__(self):
        self._pw = _playwright()().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def open(self, path, width=1400, height=900) -> Visit:
        page = self._browser.new_page(viewport={"width": width, "height": height})
        visit = Visit(page)

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:  # every network request is blocked, and counted
                visit.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: visit.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: visit.console.append(("pageerror", str(e))))
        page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
        page.goto(f"file://{os.path.abspath(path)}", timeout=180_000)  # a 20,000-node page on a loaded machine
        # The page marks itself ready once drawn (after the forces settle).
        page.wait_for_selector("body[data-ready=yes]", state="attached", timeout=300_000)
        return visit

    def close(self):
        self._browser.close()
        self._pw.stop()
