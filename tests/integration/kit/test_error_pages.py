"""Unexpected errors: a friendly page or problem details, never a traceback outside development."""

from __future__ import annotations

import httpx
import pytest
from litestar import Litestar, get

from app.kit.middleware import request_context_middleware
from app.kit.problems import EXCEPTION_HANDLERS
from app.kit.settings import get_settings
from app.kit.templating import template_config


@get("/boom", sync_to_thread=False)
def boom() -> str:
    raise RuntimeError("secret internals")


@get("/api/v1/boom", sync_to_thread=False)
def api_boom() -> dict[str, str]:
    raise RuntimeError("secret internals")


@get("/api/v1/echo", sync_to_thread=False)
def echo(year: int) -> dict[str, int]:
    return {"year": year}


def _app() -> Litestar:
    app = Litestar(
        route_handlers=[boom, api_boom, echo],
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=template_config(),
    )
    app.asgi_handler = request_context_middleware(get_settings())(app.asgi_handler)
    return app


@pytest.fixture
async def http() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        yield client


async def test_server_error_page_is_friendly_and_hides_the_traceback(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get("/boom", headers={"cookie": "affilio_lang=nl"})
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert response.headers["x-request-id"] in response.text  # reference for the help desk


async def test_api_server_error_is_problem_details_without_internals(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "secret internals" not in response.text


async def test_malformed_query_names_the_field(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/echo", params={"year": "twenty"})
    assert response.status_code == 422
    body = response.json()
    assert [error["field"] for error in body["errors"]] == ["year"]
    missing = await http.get("/api/v1/echo")
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "year"
