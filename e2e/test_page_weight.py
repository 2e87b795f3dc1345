"""A first visit on a poor connection (issue 16, item 5): each anonymous page, in a new browser
profile, costs at most 40 kB on the wire and 7 requests, the manifest included; text comes
compressed; static files are fingerprinted, immutable for a year and carry no cookie.

Bytes are what Chromium counts on the wire (the DevTools protocol's encodedDataLength:
headers and compressed body). The service worker's own downloads (its precache, after the
page) are another target's and are not the page's first visit."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

MAX_BYTES = 40_000
MAX_REQUESTS = 7
PAGES = [
    "/",
    "/wizards",
    "/wizards/starting_out/who",
    "/simulator/?category=main&income=30000",
    "/contact",
    "/login",
    "/forms/",
]


def _first_visit(browser: Browser, url: str) -> dict[str, dict[str, Any]]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        seen: dict[str, dict[str, Any]] = {}

        def sent(event: dict[str, Any]) -> None:
            seen.setdefault(event["requestId"], {})["url"] = event["request"]["url"]

        def answered(event: dict[str, Any]) -> None:
            headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
            seen.setdefault(event["requestId"], {})["headers"] = headers
            seen[event["requestId"]]["status"] = event["response"]["status"]

        def finished(event: dict[str, Any]) -> None:
            seen.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.responseReceived", answered)
        cdp.on("Network.loadingFinished", finished)
        cdp.send("Network.enable")
        page.goto(url, wait_until="networkidle")
        # A browser asks for the manifest when it checks whether the page can be installed;
        # headless Chromium only does when asked, as DevTools does here.
        cdp.send("Page.getAppManifest")
        page.wait_for_timeout(300)
        # data: URLs (the inline logo) are in the page, not on the wire.
        return {e["url"]: e for e in seen.values() if e.get("url", "").startswith("http")}
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_first_visit_is_light(browser: Browser, base_url: str, path: str) -> None:
    loaded = _first_visit(browser, base_url + path)
    total = sum(entry.get("bytes", 0) for entry in loaded.values())
    assert len(loaded) <= MAX_REQUESTS, sorted(loaded)
    assert total <= MAX_BYTES, {url: entry.get("bytes") for url, entry in loaded.items()}
    assert any(url.endswith("/manifest.webmanifest") for url in loaded), sorted(loaded)
    for url, entry in loaded.items():
        headers = entry.get("headers", {})
        assert entry.get("status") in (200, 201), (url, entry.get("status"))
        kind = headers.get("content-type", "")
        if kind.startswith(("text/html", "text/css", "application/javascript", "text/javascript")):
            if int(headers.get("content-length", "2000")) > 1024 or "content-length" not in headers:
                assert headers.get("content-encoding") in ("gzip", "br"), url
        if "/static/" in url:
            assert "?v=" in url, f"{url} is not fingerprinted"
            assert headers.get("cache-control") == "max-age=31536000, public, immutable", url
            assert "set-cookie" not in headers, url
