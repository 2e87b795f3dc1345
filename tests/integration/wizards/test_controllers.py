"""The wizard pages over HTTP: drafts saved at every step, resume, errors, login, filing."""

from __future__ import annotations

import json
import uuid

import httpx
from httpx import AsyncClient

from app.kit.audit import Actor
from app.main import create_app
from app.requests.tables import Request
from app.wizards import service
from app.wizards.tables import WizardDraft
from tests.support.actors import csrf_token
from tests.support.passkey_client import activated_affiliate, log_in

NEW_CHILD = [
    ("event", {"event": "birth"}),
    ("role", {"role": "mother"}),
    ("date", {"child_date": "2026-05-01"}),
    ("child", {"multiple": "no", "disability": "no"}),
    ("activity", {"activity": "main"}),
    ("paid", {"contributions_paid": "yes"}),
]


async def post_step(
    client: AsyncClient, slug: str, step: str, data: dict[str, str], **headers: str
):
    return await client.post(
        f"/wizards/{slug}/{step}",
        data={**data, "_csrf_token": await csrf_token(client)},
        headers=headers,
    )


async def drafts() -> list[dict]:
    rows = await WizardDraft.select()
    for row in rows:
        row["answers"] = (
            json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
        )
    return rows


async def complete_new_child(client: AsyncClient) -> None:
    for step, data in NEW_CHILD:
        response = await post_step(client, "new_child", step, data)
        assert response.status_code == 303, response.text


class TestPages:
    async def test_index_lists_the_seven_guides(self, client: AsyncClient) -> None:
        response = await client.get("/wizards")
        assert response.status_code == 200
        for slug in (
            "starting_out", "new_child", "illness", "payment_difficulty", "bankruptcy",
            "pension", "cessation",
        ):  # fmt: skip
            assert f'href="/wizards/{slug}"' in response.text

    async def test_unknown_wizard_or_step_is_404(self, client: AsyncClient) -> None:
        assert (await client.get("/wizards/nope")).status_code == 404
        assert (await client.get("/wizards/new_child/nope")).status_code == 404

    async def test_cannot_skip_ahead(self, client: AsyncClient) -> None:
        response = await client.get("/wizards/new_child/activity")
        assert response.status_code == 303
        assert response.headers["location"] == "/wizards/new_child/event"


class TestDrafts:
    async def test_answers_are_saved_at_every_step(self, client: AsyncClient) -> None:
        response = await post_step(client, "new_child", "event", {"event": "birth"})
        assert response.status_code == 303
        assert response.headers["location"] == "/wizards/new_child/role"
        assert client.cookies.get("affilio_wizard")
        assert [d["answers"] for d in await drafts()] == [{"event": "birth"}]
        await post_step(client, "new_child", "role", {"role": "mother"})
        rows = await drafts()
        assert len(rows) == 1
        assert rows[0]["answers"] == {"event": "birth", "role": "mother"}
        assert rows[0]["current_step"] == "role"

    async def test_resume_offers_the_existing_draft_instead_of_a_duplicate(
        self, client: AsyncClient
    ) -> None:
        await post_step(client, "new_child", "event", {"event": "birth"})
        await post_step(client, "new_child", "role", {"role": "co_parent"})
        page = await client.get("/wizards/new_child")
        assert 'href="/wizards/new_child/date"' in page.text
        # Going through the first step again updates the same draft.
        await post_step(client, "new_child", "event", {"event": "birth"})
        assert len(await drafts()) == 1
        # Start again throws the draft away.
        restart = await client.post(
            "/wizards/new_child/restart", data={"_csrf_token": await csrf_token(client)}
        )
        assert restart.status_code == 303
        assert await drafts() == []

    async def test_validation_error_is_shown_and_nothing_is_lost(self, client: AsyncClient) -> None:
        await post_step(client, "payment_difficulty", "owed", {"amount_owed": "2 500,00"})
        response = await post_step(
            client, "payment_difficulty", "capacity", {"monthly_capacity": "deux cents"}
        )
        assert response.status_code == 200
        html = response.text
        assert 'class="error-summary"' in html
        assert 'href="#field-monthly_capacity"' in html
        assert 'id="error-monthly_capacity"' in html
        assert 'value="deux cents"' in html  # what was typed is still there
        assert (await drafts())[0]["answers"] == {"amount_owed": "2500.00"}
        fixed = await post_step(
            client, "payment_difficulty", "capacity", {"monthly_capacity": "200"}
        )
        assert fixed.status_code == 303
        assert (await drafts())[0]["answers"]["monthly_capacity"] == "200.00"

    async def test_errors_are_in_the_users_language(self, client: AsyncClient) -> None:
        client.cookies.set("affilio_lang", "nl")
        response = await post_step(client, "pension", "birth", {"birth_date": "31/02/1960"})
        assert response.status_code == 200
        assert "Vul een echte datum in" in response.text

    async def test_htmx_gets_the_next_partial_and_the_url(self, client: AsyncClient) -> None:
        response = await post_step(
            client, "new_child", "event", {"event": "adoption"}, **{"hx-request": "true"}
        )
        assert response.status_code == 200
        assert "<html" not in response.text
        assert 'name="child_date"' in response.text  # adoption skips the role question
        assert response.headers["hx-push-url"] == "/wizards/new_child/date"


class TestOutcome:
    async def test_check_then_outcome_for_an_anonymous_visitor(self, client: AsyncClient) -> None:
        await complete_new_child(client)
        check = await client.get("/wizards/new_child/check")
        assert check.status_code == 200
        assert 'href="/wizards/new_child/date?change=1"' in check.text
        # Back leads to the last question asked.
        assert 'class="back-link" href="/wizards/new_child/paid"' in check.text
        outcome = await client.get("/wizards/new_child/outcome")
        assert outcome.status_code == 200
        assert "105" in outcome.text  # maternity aid vouchers, from the 2026 parameters
        assert 'value="maternity_aid"' in outcome.text
        submit = await client.post(
            "/wizards/new_child/submit",
            data={"kind": "maternity_aid", "_csrf_token": await csrf_token(client)},
        )
        assert submit.status_code == 303
        # Back from the login, the person sees the check page of what they ticked.
        assert (
            submit.headers["location"]
            == "/login?next=/wizards/new_child/review%3Fkind%3Dmaternity_aid"
        )

    async def test_anonymous_draft_is_claimed_on_confirmation_and_filed_once(
        self, client: AsyncClient
    ) -> None:
        await complete_new_child(client)
        person_id, _key = await activated_affiliate(client)  # logs in on this client
        # Back from the login page: asked first, the draft is claimed only on confirmation.
        check = await client.get("/wizards/new_child/check")
        assert check.status_code == 303
        assert check.headers["location"] == "/wizards/claim?next=/wizards/new_child/check"
        assert (await drafts())[0]["person"] is None
        claim = await client.post(
            "/wizards/claim",
            data={"next": "/wizards/new_child/check", "_csrf_token": await csrf_token(client)},
        )
        assert claim.headers["location"] == "/wizards/new_child/check"
        check = await client.get("/wizards/new_child/check")
        assert check.status_code == 200
        rows = await drafts()
        assert len(rows) == 1 and rows[0]["person"] == person_id
        assert rows[0]["owner_token"] is None
        response = await client.post(
            "/wizards/new_child/submit",
            data={
                "kind": ["maternity_aid", "quarter_exemption_birth"],
                "declaration": "yes",
                "_csrf_token": await csrf_token(client),
            },
        )
        assert response.status_code == 303, response.text
        assert response.headers["location"].startswith("/wizards/new_child/done?draft=")
        requests = await Request.select().where(Request.person == person_id)
        assert sorted(r["kind"] for r in requests) == ["maternity_aid", "quarter_exemption_birth"]
        done = await client.get(response.headers["location"])
        assert done.status_code == 200
        for row in requests:
            assert row["reference"] in done.text
        # Filing again (a double tap, a retried job) creates nothing new.
        again = await service.file_requests(
            Actor(kind="affiliate", id=person_id),
            person_id=person_id,
            draft_id=rows[0]["id"],
            kinds=["maternity_aid"],
        )
        assert again[0].id in {r["id"] for r in requests}
        assert await Request.count().where(Request.person == person_id) == 2

    async def test_a_logged_in_draft_resumes_on_another_device(self, client: AsyncClient) -> None:
        _person_id, key = await activated_affiliate(client)
        await post_step(client, "cessation", "date", {"end_date": "2026-12-31"})
        other_app = create_app()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=other_app), base_url="http://localhost:8000"
        ) as phone:
            response = await log_in(phone, key)
            assert response.status_code in (200, 201), response.text
            page = await phone.get("/wizards/cessation")
            assert 'href="/wizards/cessation/reason"' in page.text
            await other_app.state.redis.aclose()

    async def test_done_page_of_someone_else_is_404(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        response = await client.get(f"/wizards/new_child/done?draft={uuid.uuid4()}")
        assert response.status_code == 404


class TestGuideCorrections:
    """The corrected guides (issue 11) over HTTP, in French: what the page says and offers."""

    async def test_secondary_co_parent_is_told_why_there_is_no_birth_leave(
        self, client: AsyncClient
    ) -> None:
        for step, data in [
            ("event", {"event": "birth"}),
            ("role", {"role": "co_parent"}),
            ("date", {"child_date": "2026-05-01"}),
            ("child", {"multiple": "no", "disability": "no"}),
            ("activity", {"activity": "secondary"}),  # no "paid" question then
        ]:
            assert (await post_step(client, "new_child", step, data)).status_code == 303
        outcome = await client.get("/wizards/new_child/outcome")
        assert outcome.status_code == 200
        assert "Congé de naissance\u00a0: pas par nous" in outcome.text
        assert 'value="birth_leave"' not in outcome.text

    async def test_illness_deadline_moves_past_a_public_holiday(self, client: AsyncClient) -> None:
        # 14/7/2026 + 7 days = Tuesday 21/7/2026, National Day: the next working day, 22/7/2026.
        for step, data in [
            ("who", {"who": "self"}),
            ("since", {"since": "2026-07-14"}),
            ("stopped", {"stopped": "yes"}),
            ("history", {"self_employed_90_days": "yes", "previous_quarter_paid": "yes"}),
        ]:
            assert (await post_step(client, "illness", step, data)).status_code == 303
        outcome = await client.get("/wizards/illness/outcome")
        assert outcome.status_code == 200
        assert "22 juillet 2026" in outcome.text
        # July is the first month of Q3: the assimilation starts in that very quarter.
        assert "à partir du trimestre 3/2026" in outcome.text
        assert 'value="sickness_assimilation"' in outcome.text
