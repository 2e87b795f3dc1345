"""Hostile bodies are refused before any parser sees them (security review, finding 8)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.actors import csrf, csrf_token, log_in, make_person

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "path", ["/passkeys/login", "/passkeys/register", "/passkeys/register/options"]
)
async def test_json_nested_a_thousand_levels_is_a_400(client: httpx.AsyncClient, path: str) -> None:
    headers = {**await csrf(client), "content-type": "application/json"}
    response = await client.post(path, content=b"[" * 1000 + b"]" * 1000, headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "Les données sont imbriquées trop profondément."


async def test_a_json_body_over_64_kb_is_a_413(client: httpx.AsyncClient) -> None:
    headers = {**await csrf(client), "content-type": "application/json"}
    body = b'{"x": "' + b"a" * (64 * 1024) + b'"}'
    response = await client.post("/passkeys/login", content=body, headers=headers)
    assert response.status_code == 413


async def test_a_form_of_thousands_of_fields_is_refused_before_the_csrf_check(
    client: httpx.AsyncClient,
) -> None:
    body = "&".join(f"f{n}=1" for n in range(5000))
    response = await client.post(
        "/signup",
        content=body.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "Le formulaire contient trop de champs."


async def test_an_anonymous_upload_is_capped_small(client: httpx.AsyncClient) -> None:
    files = {"attachments": ("big.pdf", b"%PDF-" + b"0" * 200_000, "application/pdf")}
    response = await client.post(
        "/requests/ask",
        data={"_csrf_token": await csrf_token(client), "subject": "S", "question": "Q"},
        files=files,
    )
    assert response.status_code == 413


async def test_a_logged_in_upload_and_an_ordinary_form_pass(client: httpx.AsyncClient) -> None:
    await log_in(client, "affiliate", await make_person())
    files = {"attachments": ("scan.pdf", b"%PDF-" + b"0" * 200_000, "application/pdf")}
    response = await client.post(
        "/requests/ask",
        data={"_csrf_token": await csrf_token(client), "subject": "S", "question": "Q"},
        files=files,
    )
    assert response.status_code == 303, response.text


async def test_a_405_names_the_allowed_methods_in_html_and_json(client: httpx.AsyncClient) -> None:
    page = await client.delete("/contact")
    assert page.status_code == 405 and "GET" in page.headers["allow"]
    api = await client.delete(
        "/api/v1/contributions/simulation", headers={"accept": "application/json"}
    )
    assert api.status_code == 405 and "GET" in api.headers["allow"]
    assert api.headers["content-type"] == "application/problem+json"


async def test_login_options_without_a_session_are_throttled_per_address(
    client: httpx.AsyncClient,
    redis_client: object,  # flushed afterwards: no counter lingers
) -> None:
    answers = []
    for _ in range(31):
        client.cookies.clear()  # a flood drops the session cookie it is given each time
        headers = {**await csrf(client), "content-type": "application/json"}
        answers.append(
            (
                await client.post("/passkeys/login/options", content=b"{}", headers=headers)
            ).status_code
        )
    assert set(answers[:30]) == {201}
    assert answers[30] == 429


async def test_a_made_up_session_cookie_does_not_lift_the_login_throttle(
    client: httpx.AsyncClient,
    redis_client: object,  # flushed afterwards: no counter lingers
) -> None:
    answers = []
    for attempt in range(31):
        client.cookies.clear()
        headers = {**await csrf(client), "content-type": "application/json"}
        # A new invented id each time: it names no stored session, so it is no session.
        client.cookies.set("affilio_session", f"{attempt:064x}")
        answer = await client.post("/passkeys/login/options", content=b"{}", headers=headers)
        answers.append(answer.status_code)
    assert set(answers[:30]) == {201}
    assert answers[30] == 429
