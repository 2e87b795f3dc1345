"""The guides' JSON API (/api/v1/guides): anonymous and signed-in drafts, one step at a time,
the pages' checks and messages, idempotent replays, filing for a signed-in affiliate."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
import redis.asyncio as aioredis

from app.kit import clock
from app.kit.http import WIZARD_DRAFT_COOKIE
from app.requests.tables import Request
from app.wizards.catalogue import WIZARDS
from app.wizards.schemas import GuideSlug
from app.wizards.tables import WizardDraft
from tests.support.actors import csrf, log_in, make_person

pytestmark = pytest.mark.integration
API = "/api/v1/guides/new_child/draft"


@pytest.fixture(autouse=True)
def _fresh_limits(redis_client: aioredis.Redis) -> None:
    """The anonymous-drafts counter per address is emptied after each test (flushdb)."""


def new_child() -> list[tuple[str, dict[str, str]]]:
    born = (clock.today() - timedelta(days=30)).isoformat()
    return [
        ("event", {"event": "birth"}),
        ("role", {"role": "mother"}),
        ("date", {"child_date": born}),
        ("child", {"multiple": "no", "disability": "no"}),
        ("activity", {"activity": "main"}),
        ("paid", {"contributions_paid": "yes"}),
    ]


async def save(
    client: httpx.AsyncClient, step: str, answers: dict[str, str], key: str = ""
) -> httpx.Response:
    return await client.put(
        f"{API}/steps/{step}",
        json={"answers": answers, "idempotency_key": key or f"k-{step}"},
        headers=await csrf(client),
    )


async def complete(client: httpx.AsyncClient) -> httpx.Response:
    response = None
    for step, answers in new_child():
        response = await save(client, step, answers)
        assert response.status_code == 200, response.text
    assert response is not None
    return response


def test_the_slugs_of_the_schema_are_the_guides() -> None:
    assert [s.value for s in GuideSlug] == list(WIZARDS)


class TestAnonymousDraft:
    async def test_read_save_read_with_the_device_cookie(self, client: httpx.AsyncClient) -> None:
        empty = await client.get(API)
        assert empty.status_code == 200
        body = empty.json()
        assert body["draft_id"] is None and body["next_step"] == "event"
        assert [s["id"] for s in body["steps"]] == ["event"]
        assert {o["value"] for o in body["steps"][0]["questions"][0]["options"]} == {
            "birth",
            "adoption",
            "foster",
        }
        saved = await save(client, "event", {"event": "birth"})
        assert saved.status_code == 200
        assert client.cookies.get(WIZARD_DRAFT_COOKIE)
        assert saved.json()["next_step"] == "role"
        again = (await client.get(API)).json()
        assert again["draft_id"] == saved.json()["draft_id"]
        assert again["steps"][0]["questions"][0]["answer"] == "birth"
        rows = await WizardDraft.select(WizardDraft.person, WizardDraft.owner_token)
        assert len(rows) == 1 and rows[0]["person"] is None and rows[0]["owner_token"]

    async def test_another_device_sees_nothing_of_it(self, client: httpx.AsyncClient) -> None:
        assert (await save(client, "event", {"event": "birth"})).status_code == 200
        client.cookies.delete(WIZARD_DRAFT_COOKIE)
        assert (await client.get(API)).json()["draft_id"] is None

    async def test_a_replayed_key_does_not_undo_a_later_answer(
        self, client: httpx.AsyncClient
    ) -> None:
        assert (await save(client, "event", {"event": "birth"}, key="a1")).status_code == 200
        assert (await save(client, "event", {"event": "adoption"}, key="a2")).status_code == 200
        replay = await save(client, "event", {"event": "birth"}, key="a1")
        assert replay.status_code == 200
        assert replay.json()["steps"][0]["questions"][0]["answer"] == "adoption"
        assert await WizardDraft.count() == 1

    async def test_submitting_needs_a_login(self, client: httpx.AsyncClient) -> None:
        await complete(client)
        response = await client.post(
            f"{API}/submit",
            json={"kinds": ["maternity_aid"], "declaration": True},
            headers=await csrf(client),
        )
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert await Request.count() == 0


class TestChecks:
    async def test_a_refused_answer_is_422_with_the_pages_message(
        self, client: httpx.AsyncClient
    ) -> None:
        client.cookies.set("affilio_lang", "en")
        await save(client, "event", {"event": "birth"})
        await save(client, "role", {"role": "mother"})
        response = await save(client, "date", {"child_date": "31/02/2026"})
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["errors"] == [
            {"field": "child_date", "message": "Enter a real date, for example 31/03/2026"}
        ]
        missing = await save(client, "role", {})
        assert missing.json()["errors"] == [{"field": "role", "message": "Select an answer"}]

    async def test_the_message_is_in_the_readers_language(self, client: httpx.AsyncClient) -> None:
        client.cookies.set("affilio_lang", "nl")
        response = await save(client, "event", {"event": "nothing"})
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "event", "message": "Kies een antwoord"}]
        assert response.headers["content-language"] == "nl"

    async def test_a_nul_never_reaches_the_draft(self, client: httpx.AsyncClient) -> None:
        saved = await save(client, "event", {"event": "bir\u0000th"})
        assert saved.status_code == 200
        assert saved.json()["steps"][0]["questions"][0]["answer"] == "birth"

    async def test_a_step_ahead_of_the_path_is_409_and_an_unknown_one_404(
        self, client: httpx.AsyncClient
    ) -> None:
        ahead = await save(client, "paid", {"contributions_paid": "yes"})
        assert ahead.status_code == 409
        unknown = await save(client, "nowhere", {"x": "y"})
        assert unknown.status_code == 404
        assert unknown.headers["content-type"].startswith("application/problem+json")
        assert await WizardDraft.count() == 0

    async def test_a_save_without_the_csrf_header_is_403(self, client: httpx.AsyncClient) -> None:
        await csrf(client)
        response = await client.put(
            f"{API}/steps/event", json={"answers": {"event": "birth"}, "idempotency_key": "x"}
        )
        assert response.status_code == 403
        assert await WizardDraft.count() == 0


class TestSignedIn:
    async def test_complete_then_file_202_with_the_status_urls(
        self, client: httpx.AsyncClient
    ) -> None:
        person = await make_person()
        await log_in(client, "affiliate", person)
        done = (await complete(client)).json()
        assert done["complete"] is True and done["next_step"] == "check"
        assert "maternity_aid" in [o["kind"] for o in done["offers"]]
        response = await client.post(
            f"{API}/submit",
            json={"kinds": ["maternity_aid"], "declaration": True},
            headers=await csrf(client),
        )
        assert response.status_code == 202, response.text
        filed = response.json()["filed"]
        assert [f["kind"] for f in filed] == ["maternity_aid"]
        assert filed[0]["status"] == "submitted"
        row = await Request.select(Request.id, Request.person, Request.kind).first()
        assert row is not None and row["person"] == person and row["kind"] == "maternity_aid"
        status = await client.get(filed[0]["status_url"])
        assert status.status_code == 200 and status.json()["kind"] == "maternity_aid"
        again = await client.post(
            f"{API}/submit",
            json={"kinds": ["maternity_aid"], "declaration": True},
            headers=await csrf(client),
        )
        assert again.status_code == 409
        assert await Request.count() == 1

    async def test_an_incomplete_draft_or_a_kind_not_offered_is_409(
        self, client: httpx.AsyncClient
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        await save(client, "event", {"event": "birth"})
        body = {"kinds": ["maternity_aid"], "declaration": True}
        early = await client.post(f"{API}/submit", json=body, headers=await csrf(client))
        assert early.status_code == 409
        await complete(client)
        other = await client.post(
            f"{API}/submit",
            json={"kinds": ["payment_plan"], "declaration": True},
            headers=await csrf(client),
        )
        assert other.status_code == 409
        assert await Request.count() == 0

    async def test_the_declaration_must_be_given(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person())
        await complete(client)
        response = await client.post(
            f"{API}/submit",
            json={"kinds": ["maternity_aid"], "declaration": False},
            headers=await csrf(client),
        )
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["declaration"]
        assert await Request.count() == 0

    async def test_the_persons_draft_is_theirs_only(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person("Anna"))
        await save(client, "event", {"event": "birth"})
        await log_in(client, "affiliate", await make_person("Bert"))
        assert (await client.get(API)).json()["draft_id"] is None
