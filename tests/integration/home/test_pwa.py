"""The installable app's files: the manifest per language, the service worker and the offline
page, the same for everybody and never carrying a cookie; static files cached for a year."""

from __future__ import annotations

import json
import re

from httpx import AsyncClient

from tests.support.actors import log_in, make_person


async def test_the_manifest_speaks_the_readers_language(client: AsyncClient) -> None:
    french = await client.get("/manifest.webmanifest")
    assert french.status_code == 200
    assert french.headers["content-type"].startswith("application/manifest+json")
    assert "cookie" in french.headers["vary"].lower()
    body = french.json()
    assert body["name"] == "Affilio, votre caisse d'assurances sociales"
    assert body["short_name"] == "Affilio"
    assert body["lang"] == "fr"
    assert (body["start_url"], body["scope"], body["display"]) == ("/", "/", "standalone")
    assert body["theme_color"] == "#0b5394"
    icons = {(icon["sizes"], icon["purpose"]) for icon in body["icons"]}
    assert icons == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in body["icons"]:
        image = await client.get(icon["src"])
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        # The PNG's own header says its size: what the manifest promises.
        width = int.from_bytes(image.content[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]

    dutch = await client.get("/manifest.webmanifest", headers={"cookie": "affilio_lang=nl"})
    assert dutch.json()["name"] == "Affilio, uw sociaal verzekeringsfonds"
    assert dutch.json()["lang"] == "nl"
    english = await client.get("/manifest.webmanifest", headers={"cookie": "affilio_lang=en"})
    assert english.json()["name"] == "Affilio, your social insurance fund"


async def test_no_cookie_on_the_app_shell_or_static_files(client: AsyncClient) -> None:
    for path in ("/manifest.webmanifest", "/sw.js", "/offline/fr", "/static/css/app.css"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path
    # A page does set the CSRF cookie: the check above would see one.
    assert "set-cookie" in (await client.get("/")).headers


async def test_the_service_worker_precaches_the_shell_and_the_offline_pages(
    client: AsyncClient,
) -> None:
    response = await client.get("/sw.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    first_line = response.text.splitlines()[0]
    config = json.loads(re.fullmatch(r"self\.AFFILIO_SW = (.*);", first_line).group(1))  # type: ignore[union-attr]
    assert config["offline"] == {"fr": "/offline/fr", "nl": "/offline/nl", "en": "/offline/en"}
    assert config["fallbackLanguage"] == "fr"
    assert {"/offline/fr", "/offline/nl", "/offline/en"} <= set(config["precache"])
    static = [url for url in config["precache"] if url.startswith("/static/")]
    assert any(url.startswith("/static/css/app.css?v=") for url in static)
    assert any(url.startswith("/static/vendor/htmx-") for url in static)
    # Only fingerprinted files and the offline pages: no page a person could own.
    assert all(re.fullmatch(r"/static/[\w./-]+\?v=[0-9a-f]{10}", url) for url in static)
    assert len(static) + 3 == len(config["precache"])
    for url in config["precache"]:
        assert (await client.get(url)).status_code == 200, url
    assert 'addEventListener("fetch"' in response.text


async def test_the_offline_page_in_each_language(client: AsyncClient) -> None:
    french = await client.get("/offline/fr")
    assert '<html lang="fr">' in french.text
    assert "<h1>Pas de connexion</h1>" in french.text
    dutch = await client.get("/offline/nl", headers={"cookie": "affilio_lang=fr"})
    assert '<html lang="nl">' in dutch.text and "<h1>Geen verbinding</h1>" in dutch.text
    assert "No connection" in (await client.get("/offline/en")).text
    assert (await client.get("/offline/xx")).status_code == 404
    # Standalone: no token, no form, nothing that needs a session.
    assert "csrf" not in french.text and "<form" not in french.text


async def test_static_files_are_immutable_for_a_year(client: AsyncClient) -> None:
    response = await client.get("/static/css/app.css?v=whatever")
    cache = {part.strip() for part in response.headers["cache-control"].split(",")}
    assert {"public", "immutable", "max-age=31536000"} <= cache


async def test_every_page_links_the_manifest_and_the_same_for_a_signed_in_person(
    client: AsyncClient,
) -> None:
    for path in ("/", "/simulator", "/wizards", "/contact"):
        page = await client.get(path)
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page.text, path
        assert '<meta name="theme-color" content="#0b5394">' in page.text, path
    person = await make_person(first_name="Lea")
    await log_in(client, "affiliate", person)
    signed_in = await client.get("/manifest.webmanifest")
    assert "set-cookie" not in signed_in.headers
    assert signed_in.json()["name"] == "Affilio, votre caisse d'assurances sociales"
