"""Drive Debian's Chromium with Playwright (no browser download)."""

import contextlib
import os
import shutil

import pytest

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser():
    """Skip when there is no Chromium, unless CI demands one (KG_REQUIRE_BROWSER=1)."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("KG_REQUIRE_BROWSER"):
            pytest.fail(f"KG_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")


@contextlib.contextmanager
def page():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 1400, "height": 900})
            requests = []
            ctx.on("request", lambda r: requests.append(r.url))
            pg = ctx.new_page()
            pg.kg_console = []
            pg.kg_requests = requests
            pg.on("console", lambda m: pg.kg_console.append((m.type, m.text)))
            pg.on("pageerror", lambda e: pg.kg_console.append(("pageerror", str(e))))
            yield pg
        finally:
            browser.close()
