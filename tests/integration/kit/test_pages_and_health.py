"""The front door over HTTP: language, security headers, errors, CSRF, health probes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest
from httpx import AsyncClient

from app.kit.settings import get_settings
from tests.support.redis_server import private_redis


async def test_home_is_french_by_default_with_security_headers(client: AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "Votre statut social d'indépendant, simplement" in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]
    assert "strict-transport-security" not in response.headers  # plain http in tests
    assert len(response.headers["x-request-id"]) >= 8


async def test_language_switch_is_remembered(client: AsyncClient) -> None:
    page = await client.get("/")
    token = page.cookies.get("affilio_csrf") or client.cookies.get("affilio_csrf")
    assert token
    switched = await client.post(
        "/language",
        data={"lang": "nl", "next": "/", "_csrf_token": token},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/"
    again = await client.get("/")
    assert '<html lang="nl">' in again.text
    assert "Uw sociaal statuut als zelfstandige, eenvoudig" in again.text


async def test_language_switch_refuses_open_redirects(client: AsyncClient) -> None:
    await client.get("/")
    token = client.cookies.get("affilio_csrf")
    response = await client.post(
        "/language",
        data={"lang": "en", "next": "https://evil.example/", "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


async def test_post_without_csrf_token_is_refused(client: AsyncClient) -> None:
    await client.get("/")
    response = await client.post("/language", data={"lang": "nl"}, follow_redirects=False)
    assert response.status_code == 403


async def test_htmx_header_token_is_accepted(client: AsyncClient) -> None:
    await client.get("/")
    token = client.cookies.get("affilio_csrf")
    response = await client.post(
        "/language",
        data={"lang": "en"},
        headers={"x-csrftoken": token or "", "hx-request": "true"},
        follow_redirects=False,
    )
    assert response.status_code == 303


async def test_friendly_404_in_the_users_language(client: AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"cookie": "affilio_lang=nl"})
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert "Traceback" not in response.text
    # Unmatched routes get the same headers as pages.
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-request-id"]


async def test_api_errors_are_problem_details(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 404 and body["title"] and body["instance"] == "/api/v1/nothing-here"


async def test_openapi_schema_is_published(client: AsyncClient) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Affilio API"


async def test_the_api_documentation_is_a_page_that_needs_no_script(client: AsyncClient) -> None:
    # Swagger UI needed a CDN and an inline script: the portal's CSP blocked both (blank page).
    response = await client.get("/schema")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<script" not in response.text
    assert "GET /api/v1/contributions/simulation" in response.text
    assert 'href="/schema/openapi.json"' in response.text
    assert "Paramètres" in response.text  # the page speaks the visitor's language


async def test_healthz_and_readyz_when_everything_is_up(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok"}


async def test_readyz_names_redis_when_it_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.main import create_app

    with tempfile.TemporaryDirectory(prefix="affilio-r-", dir="/tmp") as folder:
        with private_redis(Path(folder)) as redis_server:
            monkeypatch.setenv("REDIS_URL", redis_server.url)
            get_settings.cache_clear()
            try:
                app = create_app()
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://t"
                ) as test_client:
                    assert (await test_client.get("/readyz")).status_code == 200
                    redis_server.stop()
                    response = await test_client.get("/readyz")
                    assert response.status_code == 503
                    body = response.json()
                    assert body["failing"] == ["redis"]
                    assert body["checks"]["postgres"] == "ok"
                    assert body["checks"]["redis"].startswith("unreachable")
                    # The process itself is still alive.
                    assert (await test_client.get("/healthz")).status_code == 200
            finally:
                monkeypatch.undo()
                get_settings.cache_clear()


async def test_anonymous_visits_leave_no_session_behind(client: AsyncClient) -> None:
    redis = client.app.state.redis  # type: ignore[attr-defined]
    before = len(await redis.keys("affilio:session*"))
    for path in ("/", "/simulator", "/wizards", "/login"):
        response = await client.get(path)
        assert response.status_code == 200
        assert "affilio_session" not in " ".join(response.headers.get_list("set-cookie"))
    assert len(await redis.keys("affilio:session*")) == before


async def test_switching_language_keeps_what_the_page_showed(client: AsyncClient) -> None:
    page = await client.get("/simulator?income=25000&category=main&year=2026")
    assert (
        'name="next" value="/simulator?income=25000&amp;category=main&amp;year=2026"' in page.text
    )
    token = client.cookies.get("affilio_csrf")
    switched = await client.post(
        "/language",
        data={"lang": "en", "next": "/simulator?income=25000&category=main&year=2026",
              "_csrf_token": token},
    )  # fmt: skip
    assert switched.headers["location"] == "/simulator?income=25000&category=main&year=2026"
