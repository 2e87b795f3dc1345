"""The notice downloaded as UBL 2.1: it validates against the OASIS schema, carries the
notice's amount and communication, and is the affiliate's own (404 for anyone else)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest
import xmlschema

from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.kit import clock
from app.kit.audit import SYSTEM
from app.payments import service
from app.payments.rules import ubl
from app.payments.tables import DueNotice
from app.requests.tables import Request
from tests.support.actors import log_in, make_person

pytestmark = pytest.mark.integration
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)
LATER = datetime(2026, 2, 1, 9, 0, tzinfo=clock.BRUSSELS)
XSD = Path("app/payments/schemas/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd")
NS = {"cbc": ubl.CBC, "cac": ubl.CAC}


async def affiliated() -> object:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2019, 3, 1)
    )
    return person


async def test_the_affiliate_downloads_a_ubl_notice_that_validates(
    client: httpx.AsyncClient,
) -> None:
    person = await affiliated()
    other = await affiliated()
    with clock.frozen(ISSUE_DAY):
        await service.issue_quarter_notice(person, 2026, 1)  # type: ignore[arg-type]
    notice = await DueNotice.select().where(DueNotice.communication == "000001261097").first()
    assert notice is not None
    url = f"/account/contributions/notices/{notice['id']}/ubl"
    await log_in(client, "affiliate", person)  # type: ignore[arg-type]
    with clock.frozen(LATER):
        page = await client.get(f"/account/contributions/notices/{notice['id']}")
        got = await client.get(url)
    assert url in page.text and "(UBL)" in page.text
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/xml")
    assert 'filename="affilio-notice-00000001-2026Q1.xml"' in got.headers["content-disposition"]
    xmlschema.XMLSchema(str(XSD)).validate(got.text)
    root = ET.fromstring(got.content)
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "917.58"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS) == (
        "+++000/0012/61097+++"
    )
    assert root.findtext("cbc:DueDate", namespaces=NS) == "2026-03-31"
    await log_in(client, "affiliate", other)  # type: ignore[arg-type]
    assert (await client.get(url)).status_code == 404


async def test_a_plan_payment_downloads_as_ubl_for_its_affiliate_only(
    client: httpx.AsyncClient,
) -> None:
    """Camille's plan of 22 April 2026 (tests/integration/payments/test_plans.py): the
    advance of 200,00 EUR due 7 May, instalment 6 of 124,04 EUR due 30 November."""
    from tests.integration.payments.test_plans import DAY, decide, in_debt
    from tests.support.actors import csrf_token, make_staff

    person = await in_debt()
    other = await affiliated()
    with clock.frozen(DAY):
        await log_in(client, "affiliate", person)
        filed = await client.post("/account/contributions/plan", data={
            "_csrf_token": await csrf_token(client), "advance": "200,00", "instalments": "6",
            "reason": "Une grosse facture impayée par un client."})  # fmt: skip
    assert filed.status_code == 303
    [row] = await Request.select(Request.id).where(Request.kind == "payment_plan")
    await decide(row["id"], await make_staff())
    url = "/account/contributions/plan/payments/6/ubl"
    with clock.frozen(LATER.replace(month=5)):
        await log_in(client, "affiliate", person)  # a new session, ten days on
        page = await client.get("/account/contributions/plan")
        got = await client.get(url)
        advance = await client.get("/account/contributions/plan/payments/0/ubl")
        missing = await client.get("/account/contributions/plan/payments/7/ubl")
    assert url in page.text
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/xml")
    assert 'filename="affilio-plan-00000001-6.xml"' in got.headers["content-disposition"]
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(got.text)
    schema.validate(advance.text)
    root = ET.fromstring(got.content)
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "124.04"
    assert root.findtext("cbc:DueDate", namespaces=NS) == "2026-11-30"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS) == (
        "+++000/0010/07382+++"  # account 1, payment 7, kind 3: 10073 mod 97 = 82
    )
    first = ET.fromstring(advance.content)
    assert first.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "200.00"
    assert first.findtext("cbc:DueDate", namespaces=NS) == "2026-05-07"
    assert first.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS) == (
        "+++000/0010/01322+++"
    )
    assert missing.status_code == 404
    await log_in(client, "affiliate", other)  # type: ignore[arg-type]
    assert (await client.get(url)).status_code == 404
