"""Filing from a guide's outcome (issue 12): nothing pre-ticked, a check page with the
declaration, a confirmation, and the outcome still readable once filed."""

from __future__ import annotations

import re

from httpx import AsyncClient

from app.requests.tables import Request
from app.wizards.tables import WizardDraft
from tests.integration.wizards.test_controllers import post_step
from tests.support.actors import csrf_token
from tests.support.passkey_client import activated_affiliate

PAYMENT_DIFFICULTY = [
    ("owed", {"amount_owed": "2500"}),
    ("capacity", {"monthly_capacity": "300"}),
    ("cause", {"cause": "illness"}),
    ("duration", {"duration": "short"}),
    ("activity", {"activity": "main"}),
    ("active", {"active_four_quarters": "yes"}),
    ("income", {"expected_income": "12000"}),
    ("stopping", {"stopping": "no"}),
]


async def complete(client: AsyncClient) -> None:
    for step, data in PAYMENT_DIFFICULTY:
        response = await post_step(client, "payment_difficulty", step, data)
        assert response.status_code == 303, (step, response.text)
    assert response.headers["location"] == "/wizards/payment_difficulty/check"


async def submit(client: AsyncClient, **data: object) -> object:
    return await client.post(
        "/wizards/payment_difficulty/submit",
        data={**data, "_csrf_token": await csrf_token(client)},
    )


def offered(text: str) -> dict[str, bool]:
    """Each offered request kind and whether its checkbox is ticked."""
    return {
        kind: "checked" in tag
        for tag, kind in re.findall(r'(<input type="checkbox"[^>]*value="([a-z_]+)"[^>]*>)', text)
    }


class TestNothingPreTicked:
    async def test_the_outcome_ticks_no_request(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        await complete(client)
        outcome = await client.get("/wizards/payment_difficulty/outcome")
        assert outcome.status_code == 200
        boxes = offered(outcome.text)
        assert "payment_plan" in boxes and "provisional_adjustment" in boxes
        assert not any(boxes.values())
        assert 'action="/wizards/payment_difficulty/review"' in outcome.text

    async def test_nothing_ticked_is_told_to_tick_one(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        await complete(client)
        review = await client.get("/wizards/payment_difficulty/review")
        assert review.status_code == 422
        assert "Cochez au moins une demande" in review.text
        assert 'href="#field-kind"' in review.text
        response = await submit(client, declaration="yes")
        assert response.status_code == 422
        assert "Cochez au moins une demande" in response.text
        assert await Request.count() == 0


class TestCheckBeforeFiling:
    async def test_the_check_page_lists_exactly_what_is_ticked(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        await complete(client)
        review = await client.get("/wizards/payment_difficulty/review?kind=payment_plan")
        assert review.status_code == 200
        assert re.findall(r'data-kind="([a-z_]+)"', review.text) == ["payment_plan"]
        assert "Plan d'apurement" in review.text or "Plan d&#39;apurement" in review.text
        assert 'name="declaration"' in review.text
        assert 'name="kind" value="payment_plan"' in review.text
        assert "Je confirme que ces réponses sont exactes" in review.text
        assert await Request.count() == 0  # a GET files nothing

    async def test_a_kind_not_offered_is_ignored(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        await complete(client)
        review = await client.get(
            "/wizards/payment_difficulty/review?kind=payment_plan&kind=pension_help"
        )
        assert re.findall(r'data-kind="([a-z_]+)"', review.text) == ["payment_plan"]

    async def test_an_anonymous_visitor_logs_in_first(self, client: AsyncClient) -> None:
        await complete(client)
        review = await client.get("/wizards/payment_difficulty/review?kind=payment_plan")
        assert review.status_code == 303
        assert review.headers["location"] == (
            "/login?next=/wizards/payment_difficulty/review%3Fkind%3Dpayment_plan"
        )

    async def test_without_the_declaration_nothing_is_filed(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        await complete(client)
        response = await submit(client, kind="payment_plan")
        assert response.status_code == 422
        assert "Cochez la case pour confirmer que vos réponses sont exactes" in response.text
        assert 'id="error-declaration"' in response.text
        assert 'href="#field-declaration"' in response.text
        assert await Request.count() == 0


class TestFiled:
    async def test_one_request_per_ticked_kind_then_the_outcome_stays(
        self, client: AsyncClient
    ) -> None:
        person_id, _key = await activated_affiliate(client)
        await complete(client)
        response = await submit(client, kind="payment_plan", declaration="yes")
        assert response.status_code == 303, response.text
        done_url = response.headers["location"]
        assert done_url.startswith("/wizards/payment_difficulty/done?draft=")
        requests = await Request.select(Request.kind, Request.id, Request.reference).where(
            Request.person == person_id
        )
        assert [r["kind"] for r in requests] == ["payment_plan"]
        # A double tap files nothing more (the wizard:{draft}:{kind} key).
        await submit(client, kind="payment_plan", declaration="yes")
        assert await Request.count().where(Request.person == person_id) == 1

        draft_id = done_url.split("draft=")[1]
        done = await client.get(done_url)
        assert done.status_code == 200
        assert requests[0]["reference"] in done.text
        outcome_url = f"/wizards/payment_difficulty/outcome?draft={draft_id}"
        assert f'href="{outcome_url}"' in done.text
        assert f'href="/requests/{requests[0]["id"]}"' in done.text

        outcome = await client.get(outcome_url)
        assert outcome.status_code == 200
        assert 'id="rights"' in outcome.text
        assert requests[0]["reference"] in outcome.text
        assert "/submit" not in outcome.text and "/review" not in outcome.text
        # From "My requests" (the list and the request's page), a link back to the outcome.
        link = f'href="/wizards/filed?draft={draft_id}"'
        assert link in (await client.get("/requests")).text
        assert link in (await client.get(f"/requests/{requests[0]['id']}")).text
        back = await client.get(f"/wizards/filed?draft={draft_id}")
        assert back.status_code == 303
        assert back.headers["location"] == outcome_url
        # Without the id too: the last filed outcome, not the first question.
        plain = await client.get("/wizards/payment_difficulty/outcome")
        assert plain.status_code == 200
        assert requests[0]["reference"] in plain.text
        assert (await WizardDraft.select(WizardDraft.submitted_at))[0]["submitted_at"]

    async def test_a_filed_outcome_of_someone_else_is_404(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        await complete(client)
        await submit(client, kind="payment_plan", declaration="yes")
        draft_id = (await WizardDraft.select(WizardDraft.id))[0]["id"]
        client.cookies.clear()
        await activated_affiliate(client)
        response = await client.get(f"/wizards/payment_difficulty/outcome?draft={draft_id}")
        assert response.status_code == 404
        assert (await client.get(f"/wizards/filed?draft={draft_id}")).status_code == 404
