"""The installable app in Chromium (issue 16, item 1): installable, an offline page in the
reader's language for a page never visited, and nothing personal in the service worker's caches.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, BrowserType, Page, expect

from e2e.auth import activate_affiliate

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


WORKER_STATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return "not registered";
  const state = (worker) => worker ? worker.state : "none";
  return `active ${state(registration.active)}, waiting ${state(registration.waiting)}, `
    + `installing ${state(registration.installing)}, caches ${await caches.keys()}`;
}"""


def _until(page: Page, script: str, timeout: float = 30.0) -> None:
    """Poll `script` (an async function) until it returns true. Not wait_for_function: that
    evaluates a string in the page, which the portal's CSP (no eval) rightly refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            state = page.evaluate(WORKER_STATE)
            raise AssertionError(f"never true: {script}; service worker: {state}")
        page.wait_for_timeout(100)


def _controlled(page: Page) -> None:
    """Wait until the service worker runs and controls this page. It claims the pages open when
    it activates; a page whose navigation began before that (a redirect during the install)
    is controlled from its next load, as in a browser, so it is reloaded once."""
    _until(
        page,
        "() => Promise.race([navigator.serviceWorker.ready.then("
        "r => r.active.state === 'activated'), new Promise(r => setTimeout(() => r(false), 500))])",
    )
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    _until(page, "() => navigator.serviceWorker.controller !== null")


def test_the_portal_is_installable(
    browser_type: BrowserType,
    browser_type_launch_args: dict[str, Any],
    browser_context_args: dict[str, Any],
    base_url: str,
    tmp_path: Path,
) -> None:
    # A profile on disk: Chromium never offers to install from an incognito context, which is
    # what Playwright's usual contexts are ("in-incognito" would be the only error).
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args, **browser_context_args
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(base_url + "/")
        _controlled(page)
        cdp = context.new_cdp_session(page)
        errors: dict[str, Any] = cdp.send("Page.getInstallabilityErrors")
        assert errors["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == base_url + "/manifest.webmanifest"
        assert manifest["errors"] == []
    finally:
        context.close()


def test_offline_a_page_never_visited_shows_the_offline_page(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    page.goto(base_url + "/")
    _controlled(page)
    context.set_offline(True)
    try:
        page.goto(base_url + "/wizards/new_child")
        expect(page.get_by_role("heading", level=1)).to_have_text("Pas de connexion")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        # The page's style came from the worker's cache: the header is laid out, not bare.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.site-header')).display")
            != "inline"
        )
    finally:
        context.set_offline(False)
    # Back online, "Try again" opens the page asked for.
    page.get_by_role("link", name="Réessayer").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Pas de connexion")
    assert urlparse(page.url).path == "/wizards/new_child"


def test_the_offline_page_speaks_the_language_chosen(
    page: Page, context: BrowserContext, base_url: str
) -> None:
    page.goto(base_url + "/")
    _controlled(page)
    page.get_by_role("button", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # The worker hears the language from the page: give it a moment to store it.
    _until(
        page,
        """async () => {
          const name = (await caches.keys()).find(n => n.startsWith('affilio-'));
          const cache = await caches.open(name);
          const stored = await cache.match('/__affilio/language');
          return stored && (await stored.text()) === 'nl';
        }""",
    )
    context.set_offline(True)
    try:
        page.goto(base_url + "/simulator")
        expect(page.get_by_role("heading", level=1)).to_have_text("Geen verbinding")
    finally:
        context.set_offline(False)


def test_no_personal_page_in_the_caches(page: Page, base_url: str) -> None:
    activate_affiliate(page, base_url)
    _controlled(page)
    for path in ("/account", "/requests", "/inbox", "/documents", "/account/contributions"):
        page.goto(base_url + path)
    page.evaluate("fetch('/api/v1/contributions/simulation?category=main&income=30000')")
    urls = page.evaluate(CACHED_URLS)
    paths = [urlparse(url).path for url in urls]
    assert "/offline/fr" in paths and "/static/css/app.css" in paths
    for url in urls:
        parsed = urlparse(url)
        fingerprinted = parsed.path.startswith("/static/") and "v=" in parsed.query
        shell = parsed.path.startswith("/offline/") or parsed.path == "/__affilio/language"
        assert fingerprinted or shell, url
