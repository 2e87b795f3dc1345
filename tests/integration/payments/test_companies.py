"""A company's account: its yearly notice to its directors, the 1 % a month late fine and the
recovery steps with the clock moving, a CODA payment that settles it, the 2026 amounts still
unknown, what its directors (and only they) see, and the solidarity shown on both accounts.

Figures (2025, adeconsultants.webwin.be): balance-sheet total of 2023 up to 858 605,72 € ->
399,73 €, above -> 998,47 €, due 31 December 2025; late: 1 % per started month of delay.
"""

from __future__ import annotations

import html
import uuid
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest

from app.affiliation import service as affiliation
from app.affiliation.tables import Directorship
from app.contributions.rules.errors import UnknownParameter
from app.identity.tables import Person
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.errors import NotFound
from app.kit.tables import OutboxJob
from app.messaging.tables import InboxMessage
from app.payments import queries, service
from app.payments.tables import DueNotice, LedgerEntry, RecoveryStep
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff
from tests.support.coda_builder import BuiltMovement, build_coda

pytestmark = pytest.mark.integration
D = Decimal
NUMBER = "0123.456.749"  # a valid BCE/KBO number (mod 97)


def at(day: date, hour: int = 5) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 10, tzinfo=clock.BRUSSELS)


async def company_with(
    total: str, *, form: str = "srl", incorporated: date = date(2018, 4, 3),
    exemption: bool = False, director: uuid.UUID | None = None,
) -> uuid.UUID:  # fmt: skip
    company = await affiliation.record_company(
        SYSTEM, enterprise_number=NUMBER, name="Claes SRL", legal_form=form,
        incorporated_on=incorporated,
    )  # fmt: skip
    if director is not None:
        await affiliation.record_directorship(
            SYSTEM, person_id=director, enterprise_number=NUMBER, company_name="Claes SRL",
            since=date(2018, 4, 3),
        )  # fmt: skip
    await affiliation.record_company_year(
        SYSTEM, company_id=company, year=2025, balance_sheet_total=D(total),
        exemption_requested=exemption,
    )  # fmt: skip
    return company


async def fines() -> list[tuple[date, Decimal, str]]:
    rows = await LedgerEntry.select().where(LedgerEntry.kind == "surcharge").order_by(
        LedgerEntry.seq
    )  # fmt: skip
    return [(r["booked_on"], D(r["amount"]), r["label"]) for r in rows]


async def run_on(day: date) -> int:
    with clock.frozen(at(day)):
        return await service.run_recovery()


async def test_the_yearly_notice_reaches_each_director_once() -> None:
    anna = await make_person("Anna", "anna@example.be", "fr")
    bram = await make_person("Bram", "bram@example.be", "nl")
    await company_with("412000.00", director=anna)
    await affiliation.record_directorship(
        SYSTEM, person_id=bram, enterprise_number=NUMBER, company_name="Claes SRL",
        since=date(2020, 1, 1),
    )  # fmt: skip
    with clock.frozen(at(date(2025, 11, 30), 4)):  # the lead time (30 days) not reached
        assert (await service.issue_company_notices()).issued == 0
    with clock.frozen(at(date(2025, 12, 1), 4)):
        run = await service.issue_company_notices()
        again = await service.issue_company_notices()
    assert (run.issued, run.year, run.amounts_unknown) == (1, 2025, False)
    assert again.issued == 0
    [notice] = await DueNotice.select()
    assert (notice["kind"], notice["year"], notice["quarter"]) == ("company", 2025, 4)
    assert (D(notice["amount"]), D(notice["management_fee"]), notice["due_on"]) == (
        D("399.73"), D("0.00"), date(2025, 12, 31))  # fmt: skip
    # Account 1, 2025, quarter 4, kind 7: 0000012547, 12547 mod 97 = 34.
    assert notice["communication"] == "000001254734"
    assert D(notice["income_basis"]) == D("412000.00")
    [entry] = await LedgerEntry.select()
    assert (entry["kind"], D(entry["amount"]), entry["label"]) == (
        "contribution", D("399.73"), "Annual company contribution")  # fmt: skip
    inbox = {r["person"]: r for r in await InboxMessage.select()}
    assert inbox[anna]["subject"] == "La cotisation 2025 de Claes SRL"
    assert inbox[bram]["subject"] == "De bijdrage 2025 van Claes SRL"
    assert "399,73\u00a0€ à payer au plus tard le 31 décembre 2025" in inbox[anna]["body"]
    mails = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    assert len(mails) == 2


async def test_the_bracket_the_exemption_and_the_unknown_year() -> None:
    high = await company_with("858605.73")  # one cent above the 2025 threshold
    with clock.frozen(at(date(2025, 12, 1))):
        assert await service.issue_company_notice(high, 2025)
    [notice] = await DueNotice.select()
    assert D(notice["amount"]) == D("998.47")
    # A start-up (incorporated 2024) that asked for the exemption: nothing to pay, no notice.
    start_up = await affiliation.record_company(
        SYSTEM, enterprise_number="0812.345.603", name="Neuf SRL", legal_form="srl",
        incorporated_on=date(2024, 2, 1),
    )  # fmt: skip
    await affiliation.record_company_year(
        SYSTEM, company_id=start_up, year=2025, balance_sheet_total=D("10000.00"),
        exemption_requested=True,
    )  # fmt: skip
    with clock.frozen(at(date(2025, 12, 1))):
        assert not await service.issue_company_notice(start_up, 2025)
    # 2026: the amounts are not known (facts: not found), so nothing leaves and the run says so.
    await affiliation.record_company_year(
        SYSTEM, company_id=high, year=2026, balance_sheet_total=D("900000.00")
    )
    with clock.frozen(at(date(2026, 12, 2))), pytest.raises(UnknownParameter):
        await service.issue_company_notice(high, 2026)
    with clock.frozen(at(date(2026, 12, 2))):
        run = await service.issue_company_notices()
    assert (run.issued, run.year, run.amounts_unknown) == (0, 2026, True)
    assert await DueNotice.count() == 1


async def test_an_unpaid_company_contribution_through_the_first_months() -> None:
    anna = await make_person("Anna", "anna@example.be", "fr")
    company = await company_with("412000.00", director=anna)
    with clock.frozen(at(date(2025, 12, 1))):
        assert await service.issue_company_notice(company, 2025)
    assert await run_on(date(2025, 12, 31)) == 0  # the due date itself: on time
    assert await fines() == []
    assert await run_on(date(2026, 1, 1)) == 0
    # The first month of delay has started: 1 % of 399,73 € = 4,00 €. No 3 % or 7 %.
    assert await fines() == [(date(2026, 1, 1), D("4.00"), "Late payment fine")]
    assert await run_on(date(2026, 1, 15)) == 1  # + 15 days: the reminder
    assert await run_on(date(2026, 1, 15)) == 0
    assert await run_on(date(2026, 2, 14)) == 1  # + 45: the statement
    assert await run_on(date(2026, 3, 16)) == 1  # + 75: the formal notice
    assert await fines() == [
        (date(2026, 1, 1), D("4.00"), "Late payment fine"),
        (date(2026, 2, 1), D("4.00"), "Late payment fine"),
        (date(2026, 3, 1), D("4.00"), "Late payment fine"),
    ]
    rows = await RecoveryStep.select().order_by(RecoveryStep.scheduled_on)
    assert [(r["kind"], r["done_on"]) for r in rows] == [
        ("reminder", date(2026, 1, 15)),
        ("statement", date(2026, 2, 14)),
        ("formal_notice", date(2026, 3, 16)),
    ]
    messages = await InboxMessage.select().where(InboxMessage.person == anna).order_by(
        InboxMessage.created_at
    )  # fmt: skip
    assert [m["subject"] for m in messages] == [
        "La cotisation 2025 de Claes SRL",
        "Rappel\u00a0: la cotisation 2025 de Claes SRL n'est pas payée",
        "Extrait de compte de Claes SRL\u00a0: 407,73\u00a0€ restent à payer",
        "Mise en demeure\u00a0: la cotisation 2025 de Claes SRL",
    ]
    assert "une amende de 1\u00a0% de la cotisation" in messages[1]["body"]
    # The director reads what comes next on the company's page: the fund's personal contact.
    with clock.frozen(at(date(2026, 3, 17))):
        page = await queries.company_account_for(affiliate(anna), company)
    [line] = page.view.recovery
    assert line.next is not None and (line.next.kind.value, line.next.on) == (
        "personal_contact", date(2026, 3, 31))  # fmt: skip
    # Paid by transfer with the notice's communication: 399,73 + 3 × 4,00 = 411,73 €.
    with clock.frozen(at(date(2026, 3, 21), 9)):
        result = await service.import_statement(SYSTEM, build_coda(
            account_iban="BE71096123456769", holder="AFFILIO", sequence=7,
            created=date(2026, 3, 20), old_balance=D("0.00"), movements=[BuiltMovement(
                D("411.73"), date(2026, 3, 20), structured_communication="000001254734",
                counterparty_iban="BE43068999999501", counterparty_name="CLAES SRL")],
        ))  # fmt: skip
    assert (result.matched, result.unmatched) == (1, 0)
    assert await run_on(date(2026, 4, 2)) == 0  # settled: no April fine, no contact task
    assert len(await fines()) == 3
    with clock.frozen(at(date(2026, 4, 2))):
        page = await queries.company_account_for(affiliate(anna), company)
    assert page.view.balance == D("0.00") and page.view.recovery == ()
    assert [q.status.value for q in page.view.quarters] == ["paid"]


async def test_only_the_directors_in_office_see_the_company() -> None:
    anna = await make_person("Anna", "anna@example.be")
    other = await make_person("Olga", "olga@example.be")
    former = await make_person("Frida", "frida@example.be")
    company = await company_with("412000.00", director=anna)
    await affiliation.record_directorship(
        SYSTEM, person_id=former, enterprise_number=NUMBER, company_name="Claes SRL",
        since=date(2019, 1, 1),
    )  # fmt: skip
    await Directorship.update({Directorship.until: date(2025, 6, 30)}).where(
        Directorship.person == former
    )
    with clock.frozen(at(date(2025, 12, 1))):
        await service.issue_company_notice(company, 2025)
        [summary] = await queries.companies_for(affiliate(anna))
        assert await queries.companies_for(affiliate(other)) == []
        assert await queries.companies_for(affiliate(former)) == []
        notice = await DueNotice.select(DueNotice.id).first()
        assert notice is not None
        detail = await queries.notice_for(affiliate(anna), notice["id"])
        for outsider in (other, former):
            with pytest.raises(NotFound):
                await queries.company_account_for(affiliate(outsider), company)
            with pytest.raises(NotFound):
                await queries.notice_for(affiliate(outsider), notice["id"])
    assert (summary.company.name, summary.balance, summary.late) == ("Claes SRL", D("399.73"),
                                                                      False)  # fmt: skip
    assert detail.company is not None and detail.notice.communication == "+++000/0012/54734+++"
    # The former director got no notice: only those in office on the day it left.
    assert not await InboxMessage.exists().where(InboxMessage.person == former)


async def test_the_director_pages_show_the_company_and_the_solidarity(
    client: httpx.AsyncClient,
) -> None:
    anna = await make_person("Anna", "anna@example.be")
    company = await company_with("412000.00", director=anna)
    with clock.frozen(at(date(2025, 12, 1))):
        await service.issue_company_notice(company, 2025)
    notice = await DueNotice.select(DueNotice.id).first()
    assert notice is not None
    await log_in(client, "affiliate", anna)
    with clock.frozen(at(date(2025, 12, 2), 10)):
        mine = html.unescape((await client.get("/account/contributions")).text)
        page = html.unescape((await client.get(f"/account/companies/{company}")).text)
        detail = html.unescape(
            (await client.get(f"/account/contributions/notices/{notice['id']}")).text
        )
    assert "Les sociétés que vous dirigez" in mine
    assert "la caisse peut réclamer à votre société ce que vous devez" in mine
    assert f'href="/account/companies/{company}"' in mine
    assert "La société doit 399,73\u00a0€" in page.replace("\u202f", " ")
    assert "elle coûte 1\u00a0% de la cotisation par mois de retard" in page
    assert "art. 15, §1er, alinéa 3" in page
    assert "Cette règle doit encore être vérifiée" in page  # the rule is flagged unconfirmed
    assert "Cotisation de société 2025" in detail and "+++000/0012/54734+++" in detail
    assert "Total du bilan 2023" in detail and "Frais de gestion" not in detail


async def test_staff_record_a_company_its_year_and_a_director(
    client: httpx.AsyncClient,
) -> None:
    # The whole visit on 2 December 2026, when the 2026 company notices would be due.
    with clock.frozen(at(date(2026, 12, 2), 10)):
        agent = await make_staff()
        anna = await make_person("Anna", "anna@example.be")
        await log_in(client, "staff", agent)
        token = await csrf_token(client)
        refused = await client.post("/staff/companies", data={
            "_csrf_token": token, "enterprise_number": "0123.456.740", "name": "Claes SRL",
            "legal_form": "srl", "incorporated_on": "2018-04-03"})  # fmt: skip
        assert refused.status_code == 422
        text = html.unescape(refused.text)
        assert "Indiquez un numéro d’entreprise (BCE) valable" in text
        assert 'value="Claes SRL"' in text and 'value="0123.456.740"' in text  # nothing lost
        created = await client.post("/staff/companies", data={
            "_csrf_token": token, "enterprise_number": "0123456749", "name": "Claes SRL",
            "legal_form": "srl", "incorporated_on": "2018-04-03"})  # fmt: skip
        assert created.status_code == 303
        path = created.headers["location"].split("?")[0]
        bad_year = await client.post(f"{path}/years", data={
            "_csrf_token": token, "year": "2025", "balance_sheet_total": "quatre cent mille",
            "exemption_requested": "no"})  # fmt: skip
        assert bad_year.status_code == 422
        assert 'value="quatre cent mille"' in html.unescape(bad_year.text)
        assert (await client.post(f"{path}/years", data={
            "_csrf_token": token, "year": "2025", "balance_sheet_total": "412 000,00",
            "exemption_requested": "no"})).status_code == 303  # fmt: skip
        niss = await client.post(f"{path}/directors", data={
            "_csrf_token": token, "niss": "85073003328", "since": "2018-04-03"})  # fmt: skip
        assert niss.status_code == 422
        assert "Aucune personne de la caisse n'a ce numéro" in html.unescape(niss.text)
        row = await Person.select(Person.national_number).where(Person.id == anna).first()
        assert row is not None
        assert (await client.post(f"{path}/directors", data={
            "_csrf_token": token, "niss": row["national_number"], "since": "2018-04-03"}
        )).status_code == 303  # fmt: skip
        page = html.unescape((await client.get(path)).text)
        found = await client.get("/staff/companies?q=0123")
        listing = html.unescape(found.text)
        assert found.status_code == 200, (found.status_code, found.headers)
        assert "Claes SRL" in listing
        assert "Les avis des sociétés pour 2026 sont retenus" in listing
        assert "412 000,00" in page.replace("\u202f", " ").replace("\u00a0", " ")
        assert "399,73\u00a0€" in page  # 2025's amount from the year file
        assert "Dirigeants et responsabilité solidaire" in page
        assert f'href="/staff/people/{anna}/account"' in page
