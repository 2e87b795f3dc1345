"""Anonymous pages rendered once and served from memory, each copy with its visitor's own CSRF
token; never a page for someone with a session, a guide draft, or another language."""

from __future__ import annotations

import re

import httpx

from tests.support.actors import log_in, make_person

TOKEN_IN_PAGE = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')


def _token(page: httpx.Response) -> str:
    found = TOKEN_IN_PAGE.search(page.text)
    assert found, "the page carries no CSRF token"
    return found.group(1)


async def _first_visit(client: httpx.AsyncClient, path: str) -> httpx.Response:
    client.cookies.clear()
    return await client.get(path)


def _hits(client: httpx.AsyncClient) -> int:
    return int(client.app.state.page_cache.hits)  # type: ignore[attr-defined]


async def test_two_visitors_get_the_same_page_each_with_their_own_token(
    client: httpx.AsyncClient,
) -> None:
    first = await _first_visit(client, "/")
    second = await _first_visit(client, "/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert _hits(client) == 1
    assert second.headers["content-encoding"] == "gzip"
    tokens = [_token(first), _token(second)]
    assert tokens[0] != tokens[1]
    assert [first.cookies["affilio_csrf"], second.cookies["affilio_csrf"]] == tokens
    # The same page around the token, and every place the token goes got the visitor's own.
    assert first.text.replace(tokens[0], "T") == second.text.replace(tokens[1], "T")
    assert second.text.count(tokens[1]) == 3  # the meta, the htmx header, the language form
    # Security headers and the request id are set on a copy as on a rendered page.
    assert second.headers["content-security-policy"].startswith("default-src 'self'")
    assert len(second.headers["x-request-id"]) == 32
    assert "cache-control" not in second.headers


async def test_a_copys_token_is_accepted_by_the_form_it_sits_in(
    client: httpx.AsyncClient,
) -> None:
    await _first_visit(client, "/contact")
    copy = await _first_visit(client, "/contact")
    assert _hits(client) == 1
    # The visitor keeps their cookie (the client's jar) and posts the language form.
    switched = await client.post(
        "/language", data={"_csrf_token": _token(copy), "lang": "nl", "next": "/contact"}
    )
    assert (switched.status_code, switched.headers["location"]) == (303, "/contact")
    again = await client.get("/contact")
    assert '<html lang="nl">' in again.text
    # A returning visitor's token is kept: no new cookie.
    assert "set-cookie" not in again.headers or "affilio_csrf" not in again.headers["set-cookie"]
    assert _token(again) == client.cookies["affilio_csrf"]


async def test_the_language_and_the_query_make_another_page(client: httpx.AsyncClient) -> None:
    simulator = "/simulator/?year=2025&category=main&income=25000"
    french = await _first_visit(client, simulator)
    assert "1\u202f281,25\u00a0€" in french.text  # net per quarter (liantis.be)
    other = await _first_visit(client, "/simulator/?year=2025&category=main&income=30000")
    assert "1\u202f281,25\u00a0€" not in other.text
    client.cookies.clear()
    client.cookies.set("affilio_lang", "nl")
    dutch = await client.get(simulator)
    assert '<html lang="nl">' in dutch.text and '<html lang="fr">' in french.text
    assert _hits(client) == 0
    assert "1\u202f281,25\u00a0€" in (await _first_visit(client, simulator)).text
    assert _hits(client) == 1


async def test_a_signed_in_page_is_never_kept_nor_given_to_a_visitor(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person("Ines", email="ines@example.be")
    client.cookies.clear()
    await log_in(client, "affiliate", person)
    mine = await client.get("/")
    assert mine.status_code == 200 and "Ines" in mine.text
    assert mine.headers["cache-control"] == "no-store"
    for _ in range(2):
        assert "Ines" in (await client.get("/")).text
    assert _hits(client) == 0
    assert len(client.app.state.page_cache) == 0  # type: ignore[attr-defined]
    visitor = await _first_visit(client, "/")
    assert "Ines" not in visitor.text
    assert "/login" in visitor.text
    assert _hits(client) == 0  # the visitor's page was rendered for them


async def test_a_guide_draft_or_a_page_that_does_not_opt_in_is_rendered_each_time(
    client: httpx.AsyncClient,
) -> None:
    await _first_visit(client, "/login")
    await _first_visit(client, "/login")
    client.cookies.clear()
    client.cookies.set("affilio_wizard", "0f0e0d0c-0b0a-4909-8807-060504030201")
    await client.get("/wizards")
    await client.get("/wizards")
    assert _hits(client) == 0
    # A POST is never answered from memory.
    await _first_visit(client, "/wizards")
    token = client.cookies["affilio_csrf"]
    posted = await client.post("/language", data={"_csrf_token": token, "lang": "en", "next": "/"})
    assert posted.status_code == 303
    assert _hits(client) == 0
