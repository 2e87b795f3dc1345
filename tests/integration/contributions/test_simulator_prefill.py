"""The simulator is prefilled from what the fund knows of a logged-in affiliate: their status
in the affiliation domain, written when staff grant an affiliation or an adjustment request.
A request still waiting for a decision prefills nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from app.kit import clock
from app.requests import service
from app.requests.tables import Request
from tests.support.actors import csrf, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
NO_FILE = {"attachment": ("", b"", "application/octet-stream")}
BANNER = 'class="banner prefill-note"'

STARTING_OUT = [
    ("who", {"status": "own_name"}),
    ("activity", {"activity": "main"}),
    ("first_time", {"first_time": "yes"}),
    ("reduction", {"first_quarter_reduction": "no"}),
    ("start", {"start_date": "2026-04-01"}),
    ("enterprise", {"enterprise_number": ""}),
    ("income", {"expected_income": "18000"}),
]


@pytest.fixture
def in_2026() -> Iterator[None]:
    with clock.frozen(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        yield


async def file_adjustment(client: httpx.AsyncClient, income: str, key: str) -> str:
    data = {
        "year": "2026", "category": "secondary", "income": income,
        "current_quarterly": "1500", "direction": "lower",
        "justification": "Moins de clients.", "idempotency_key": key,
    }  # fmt: skip
    response = await client.post(
        "/simulator/adjust", data=data, files=NO_FILE, headers=await csrf(client)
    )
    assert response.headers["location"] == "/simulator/adjust/sent", response.text
    row = (
        await Request.select(Request.reference)
        .where(Request.kind == "provisional_adjustment")
        .order_by(Request.submitted_at, ascending=False)
        .first()
    )
    assert row is not None
    return row["reference"]


async def file_starting_out(client: httpx.AsyncClient) -> str:
    headers = await csrf(client)
    for step, data in STARTING_OUT:
        response = await client.post(f"/wizards/starting_out/{step}", data=data, headers=headers)
        assert response.status_code == 303, (step, response.text)
    response = await client.post(
        "/wizards/starting_out/submit",
        data={"kind": ["affiliation"], "declaration": "yes"},
        headers=headers,
    )
    assert response.status_code == 303, response.text
    row = await Request.select(Request.reference).where(Request.kind == "affiliation").first()
    assert row is not None
    return row["reference"]


async def grant(reference: str) -> None:
    """The request goes through the back office: received, taken, granted with a motivation."""
    row = await Request.select(Request.id).where(Request.reference == reference).first()
    assert row is not None
    agent = staff(await make_staff(role="supervisor"))
    assert await service.acknowledge_request(row["id"]) is True
    await service.take_request(agent, row["id"])
    await service.decide_request(agent, row["id"], decision="grant", motivation="Justifié.")


def checked(text: str, value: str) -> bool:
    start = text.index(f'value="{value}"')
    tag = text[text.rindex("<input", 0, start) : text.index(">", start)]
    return "checked" in tag


class TestSimulatorPrefill:
    async def test_nothing_known_leaves_the_form_empty(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        page = await client.get("/simulator")
        assert page.status_code == 200
        assert BANNER not in page.text
        assert 'name="income" type="text" value=""' in page.text

    async def test_from_the_latest_adjustment_request(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        await grant(await file_starting_out(client))
        reference = await file_adjustment(client, "6000", "prefill-1")
        waiting = (await client.get("/simulator")).text
        assert reference not in waiting and 'value="18000"' in waiting  # not decided yet
        await grant(reference)
        text = (await client.get("/simulator")).text
        assert BANNER in text
        assert f'dossier à la caisse (demande <span class="nowrap">{reference}</span>)' in text
        # The category comes from the affiliation (issue 12 item 14: the adjustment form does not
        # ask it again), the income from the granted adjustment.
        assert 'value="6000"' in text and checked(text, "starter")
        # The result is shown at once, computed from the prefilled values.
        assert 'class="field-error"' not in text
        assert "Vos cotisations provisoires 2026" in text

    async def test_explicit_url_parameters_win(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        await grant(await file_starting_out(client))
        await grant(await file_adjustment(client, "6000", "prefill-2"))
        page = await client.get("/simulator", params={"income": "30000", "category": "main"})
        assert BANNER not in page.text
        assert 'value="30000"' in page.text and checked(page.text, "main")
        # Only the missing income is taken from the request; the category asked for stays.
        page = await client.get("/simulator", params={"category": "student"})
        assert BANNER in page.text
        assert 'value="6000"' in page.text and checked(page.text, "student")

    async def test_htmx_requests_are_never_prefilled(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        await grant(await file_starting_out(client))
        await grant(await file_adjustment(client, "6000", "prefill-3"))
        partial = await client.get(
            "/simulator",
            params={"category": "main", "year": "2026"},
            headers={"HX-Request": "true", "HX-Current-URL": "http://localhost:8000/simulator"},
        )
        assert BANNER not in partial.text and "6\u202f000" not in partial.text

    async def test_from_the_starting_out_journey_with_its_affiliation(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        reference = await file_starting_out(client)
        assert BANNER not in (await client.get("/simulator")).text  # filed, not yet granted
        await grant(reference)
        text = (await client.get("/simulator")).text
        assert BANNER in text and reference in text
        # The affiliation carries the journey's answers: a first main activity started on
        # 1 April 2026 is a primo-starter's in 2026, with the expected income of 18 000.
        assert 'value="18000"' in text and checked(text, "starter")

    async def test_the_newest_source_wins(self, client: httpx.AsyncClient, in_2026: None) -> None:
        person = await make_person()
        await log_in(client, "affiliate", person)
        await grant(await file_starting_out(client))
        with clock.frozen(datetime(2026, 3, 20, 9, 0, tzinfo=UTC)):
            await log_in(client, "affiliate", person)  # a new visit, weeks later
            reference = await file_adjustment(client, "6000", "prefill-4")
            await grant(reference)
            text = (await client.get("/simulator")).text
        assert reference in text
        # The category comes from the affiliation (issue 12 item 14: the adjustment form does not
        # ask it again), the income from the granted adjustment.
        assert 'value="6000"' in text and checked(text, "starter")

    async def test_only_the_affiliates_own_records(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        await grant(await file_starting_out(client))
        await grant(await file_adjustment(client, "6000", "prefill-5"))
        await log_in(client, "affiliate", await make_person())
        page = await client.get("/simulator")
        assert BANNER not in page.text and 'value="6000"' not in page.text
        client.cookies.delete("affilio_session")
        anonymous = await client.get("/simulator")
        assert BANNER not in anonymous.text
