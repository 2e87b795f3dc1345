"""Answers left on a device by an anonymous visitor, met by the next person who logs in there.

Security finding "anonymous guide drafts claimed by the next login on the device": nothing is
claimed on a GET; the logged-in affiliate is asked, and only a POST (with its CSRF token)
claims or discards. The draft cookie is expired on claim, on discard and on logout, and the
database keeps only the SHA-256 digest of the cookie's token.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from httpx import AsyncClient, Response

from app.wizards import drafts as store
from app.wizards.drafts import Owner
from app.wizards.tables import WizardDraft
from tests.support.actors import csrf_token, log_in, make_person, make_staff

COOKIE = "affilio_wizard"
CLAIM_PAGE = "/wizards/claim?next=/wizards/new_child/check"
NEW_CHILD = [
    ("event", {"event": "birth"}),
    ("role", {"role": "mother"}),
    ("date", {"child_date": "2026-05-01"}),
    ("child", {"multiple": "no", "disability": "no"}),
    ("activity", {"activity": "main"}),
    ("paid", {"contributions_paid": "yes"}),
]


async def answer_anonymously(client: AsyncClient) -> str:
    """The whole new-child guide as an anonymous visitor; returns the cookie's token."""
    for step, data in NEW_CHILD:
        response = await client.post(
            f"/wizards/new_child/{step}",
            data={**data, "_csrf_token": await csrf_token(client)},
        )
        assert response.status_code == 303, response.text
    token = client.cookies.get(COOKIE)
    assert token
    return token


async def rows() -> list[dict]:
    found = await WizardDraft.select().order_by(WizardDraft.created_at)
    for row in found:
        if isinstance(row["answers"], str):
            row["answers"] = json.loads(row["answers"])
    return found


async def logged_in_affiliate(client: AsyncClient) -> uuid.UUID:
    person_id = await make_person(email=f"lotte.{uuid.uuid4().hex[:8]}@example.be")
    await log_in(client, "affiliate", person_id)
    return person_id


async def own_draft(person_id: uuid.UUID) -> uuid.UUID:
    """The person's own unfinished new-child draft (from another device, say)."""
    return await store.save_answers(
        Owner(person_id=person_id), "new_child", {"event": "adoption"}, "event"
    )


def cookie_expired(response: Response) -> bool:
    for header in response.headers.get_list("set-cookie"):
        name, _, attributes = header.partition("=")
        if name.strip() == COOKIE and "max-age=0" in attributes.lower().replace(" ", ""):
            return True
    return False


async def post(client: AsyncClient, path: str, **data: str) -> Response:
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


class TestNothingHappensOnGet:
    async def test_pages_after_login_ask_and_claim_nothing(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        person_id = await logged_in_affiliate(client)
        mine = await own_draft(person_id)
        before = await rows()
        check = await client.get("/wizards/new_child/check")
        assert check.status_code == 303
        assert check.headers["location"] == CLAIM_PAGE
        for path in (
            "/wizards", "/wizards/new_child", "/wizards/new_child/event",
            "/wizards/new_child/outcome",
        ):  # fmt: skip
            response = await client.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/wizards/claim?next="), path
        page = await client.get(CLAIM_PAGE)
        assert page.status_code == 200
        assert "Continuer le guide commencé avant de vous connecter\u00a0?" in page.text
        assert 'action="/wizards/claim"' in page.text
        assert 'action="/wizards/claim/discard"' in page.text
        assert page.text.count('name="_csrf_token"') >= 2
        assert 'name="next" value="/wizards/new_child/check"' in page.text
        # They have their own unfinished answers to this guide: the page says they would go.
        assert "remplacent" in page.text
        assert not cookie_expired(page)
        after = await rows()
        assert after == before
        anonymous = next(r for r in after if r["id"] != mine)
        assert anonymous["person"] is None and anonymous["owner_token"]
        assert next(r for r in after if r["id"] == mine)["answers"] == {"event": "adoption"}

    async def test_the_page_is_in_dutch_and_english(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        await logged_in_affiliate(client)
        client.cookies.set("affilio_lang", "nl")
        dutch = await client.get(CLAIM_PAGE)
        assert "Doorgaan met de gids die u begon voordat u zich aanmeldde?" in dutch.text
        client.cookies.set("affilio_lang", "en")
        english = await client.get(CLAIM_PAGE)
        assert "Continue the guide you started before logging in?" in english.text
        # No unfinished answers of their own: nothing is said about replacing them.
        assert "replace" not in english.text

    async def test_without_an_anonymous_draft_the_page_sends_back(
        self, client: AsyncClient
    ) -> None:
        await logged_in_affiliate(client)
        response = await client.get(CLAIM_PAGE)
        assert response.status_code == 303
        assert response.headers["location"] == "/wizards/new_child/check"
        # A stale cookie (its draft gone) changes nothing either: the guide just opens.
        client.cookies.set(COOKIE, "stale-token")
        assert (await client.get("/wizards/new_child")).status_code == 200

    async def test_only_a_logged_in_affiliate_is_asked(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        anonymous = await client.get(CLAIM_PAGE)
        assert anonymous.status_code == 303
        assert anonymous.headers["location"].startswith("/login?next=")
        assert (await client.get("/wizards/new_child/check")).status_code == 200
        await log_in(client, "staff", await make_staff())
        assert (await client.get(CLAIM_PAGE)).status_code == 403
        refused = await post(client, "/wizards/claim", next="/wizards")
        assert refused.status_code == 403
        assert (await rows())[0]["person"] is None


class TestConfirmation:
    async def test_continue_claims_replaces_and_expires_the_cookie(
        self, client: AsyncClient
    ) -> None:
        await answer_anonymously(client)
        person_id = await logged_in_affiliate(client)
        mine = await own_draft(person_id)
        response = await post(client, "/wizards/claim", next="/wizards/new_child/check")
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/wizards/new_child/check"
        assert cookie_expired(response)
        assert not client.cookies.get(COOKIE)
        found = await rows()
        assert len(found) == 1 and found[0]["id"] != mine
        assert found[0]["person"] == person_id and found[0]["owner_token"] is None
        assert found[0]["answers"]["event"] == "birth"
        check = await client.get("/wizards/new_child/check")
        assert check.status_code == 200

    async def test_continue_keeps_their_drafts_of_other_guides(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        person_id = await logged_in_affiliate(client)
        other = await store.save_answers(
            Owner(person_id=person_id), "cessation", {"end_date": "2026-12-31"}, "date"
        )
        response = await post(client, "/wizards/claim", next="/wizards")
        assert response.status_code == 303, response.text
        found = {r["wizard"]: r for r in await rows()}
        assert found["cessation"]["id"] == other
        assert found["new_child"]["person"] == person_id

    async def test_continue_needs_the_csrf_token(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        await logged_in_affiliate(client)
        response = await client.post("/wizards/claim", data={"next": "/wizards"})
        assert response.status_code == 403
        assert (await rows())[0]["person"] is None

    async def test_next_stays_in_the_guides(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        await logged_in_affiliate(client)
        page = await client.get("/wizards/claim?next=https://evil.example/")
        assert 'name="next" value="/wizards"' in page.text
        response = await post(client, "/wizards/claim", next="//evil.example/")
        assert response.headers["location"] == "/wizards"

    async def test_discard_deletes_only_the_anonymous_draft(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        person_id = await logged_in_affiliate(client)
        mine = await own_draft(person_id)
        response = await post(client, "/wizards/claim/discard", next="/wizards/new_child")
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/wizards/new_child"
        assert cookie_expired(response)
        found = await rows()
        assert [r["id"] for r in found] == [mine]
        assert found[0]["answers"] == {"event": "adoption"}
        assert (await client.get("/wizards/new_child")).status_code == 200


class TestCookieAndToken:
    async def test_logout_expires_the_draft_cookie(self, client: AsyncClient) -> None:
        await answer_anonymously(client)
        await logged_in_affiliate(client)
        response = await post(client, "/logout")
        assert response.status_code == 303
        assert cookie_expired(response)
        assert not client.cookies.get(COOKIE)

    async def test_the_database_keeps_only_the_tokens_digest(self, client: AsyncClient) -> None:
        token = await answer_anonymously(client)
        stored = [r["owner_token"] for r in await WizardDraft.select(WizardDraft.owner_token)]
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]
        assert token not in stored
        # The cookie still finds its draft.
        page = await client.get("/wizards/new_child")
        assert 'href="/wizards/new_child/check"' in page.text
        # The digest itself, used as a cookie, finds nothing.
        client.cookies.set(COOKIE, stored[0])
        assert (
            'href="/wizards/new_child/check"' not in (await client.get("/wizards/new_child")).text
        )
