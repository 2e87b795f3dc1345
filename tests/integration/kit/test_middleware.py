"""What every response gets: no copy kept of personal pages, no one-time token in the logs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.identity import service
from app.kit import middleware
from app.kit.audit import SYSTEM
from app.kit.middleware import loggable_path
from tests.support.actors import log_in, make_person

pytestmark = pytest.mark.integration


async def test_pages_for_a_session_are_never_stored(client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/contact")
    assert anonymous.status_code == 200
    assert "no-store" not in anonymous.headers.get("cache-control", "")
    await log_in(client, "affiliate", await make_person())
    for path in ("/contact", "/requests", "/account", "/no-such-page"):
        response = await client.get(path)
        assert response.headers["cache-control"] == "no-store", path
    # Static files stay cacheable for everyone: they carry nothing personal.
    static = await client.get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


class _Recorder:
    def __init__(self) -> None:
        self.lines: list[tuple[str, dict[str, Any]]] = []

    def info(self, event: str, **fields: Any) -> None:
        self.lines.append((event, fields))


async def test_an_activation_token_never_reaches_the_access_log(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = await make_person(email="token@example.be")
    url = await service.issue_activation_link("affiliate", person, actor=SYSTEM)
    token = url.rsplit("/", 1)[1]
    recorder = _Recorder()
    monkeypatch.setattr(middleware, "log", recorder)
    page = await client.get(f"/activate/{token}")
    assert page.status_code == 200
    [(event, fields)] = recorder.lines
    assert (event, fields["path"], fields["status"]) == ("request", "/activate/***", 200)
    assert token not in repr(recorder.lines)


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/activate/abcDEF123_-", "/activate/***"),
        ("/activate/", "/activate/"),
        ("/requests/2f1c", "/requests/2f1c"),
        ("/login", "/login"),
        ("/mandates/invitations/xYz_-09", "/mandates/invitations/***"),
        ("/mandates/3f2a/give-up", "/mandates/3f2a/give-up"),
    ],
    ids=["token", "empty", "other", "plain", "invitation", "mandate"],
)
def test_loggable_path(path: str, kept: str) -> None:
    assert loggable_path(path) == kept
