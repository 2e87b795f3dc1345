"""The account's JSON API (/api/v1/account): the session person's balance per quarter and
due notices, money as decimal strings."""

from __future__ import annotations

from datetime import date, datetime

import httpx
import pytest

from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.kit import clock
from app.kit.audit import SYSTEM
from app.payments import service
from tests.support.actors import log_in, make_person, make_staff

pytestmark = pytest.mark.integration
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)
LATER = datetime(2026, 2, 1, 9, 0, tzinfo=clock.BRUSSELS)


async def with_a_notice() -> object:
    """A main-activity affiliate since 2019 with the 2026 Q1 notice: 890,42 + 27,16 fees."""
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_quarter_notice(person, 2026, 1)  # type: ignore[arg-type]
    return person


async def test_the_balance_per_quarter_as_decimal_strings(client: httpx.AsyncClient) -> None:
    person = await with_a_notice()
    await log_in(client, "affiliate", person)  # type: ignore[arg-type]
    with clock.frozen(LATER):
        response = await client.get("/api/v1/account")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["balance"] == "917.58"
    q1 = {"year": 2026, "quarter": 1, "due_on": "2026-03-31", "charged": "917.58",
          "settled": "0.00", "outstanding": "917.58", "status": "due"}  # fmt: skip
    assert body["quarters"] == [q1]
    assert body["next_due"] == q1


async def test_the_notices(client: httpx.AsyncClient) -> None:
    person = await with_a_notice()
    await log_in(client, "affiliate", person)  # type: ignore[arg-type]
    [notice] = (await client.get("/api/v1/account/notices")).json()
    assert (notice["year"], notice["quarter"], notice["amount"]) == (2026, 1, "917.58")
    assert (notice["due_on"], notice["issued_on"]) == ("2026-03-31", "2026-01-15")
    # Account 1: 0000012610, 12610 = 97 × 130, remainder 0 so the check digits are 97.
    assert notice["communication"] == "+++000/0012/61097+++"
    assert notice["url"] == f"/account/contributions/notices/{notice['id']}"


async def test_someone_else_sees_an_empty_account(client: httpx.AsyncClient) -> None:
    await with_a_notice()
    await log_in(client, "affiliate", await make_person("Bert"))
    assert (await client.get("/api/v1/account")).json() == {
        "balance": "0.00",
        "next_due": None,
        "quarters": [],
    }
    assert (await client.get("/api/v1/account/notices")).json() == []


async def test_signed_out_is_401_and_staff_403(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/account", "/api/v1/account/notices"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
    await log_in(client, "staff", await make_staff())
    assert (await client.get("/api/v1/account")).status_code == 403
