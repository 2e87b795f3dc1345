"""The court follow-up against the real database: no procedure before the personal contact,
no step before the previous one, the affiliate sees their own procedure (another gets 404),
and each step is told in their inbox."""

from __future__ import annotations

import html
import uuid
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.tables import AuditEvent
from app.messaging.tables import InboxMessage
from app.payments import service
from app.payments.court import CourtRefused, NewParty, NewStep
from app.payments.rules.court import CourtStep, PartyKind, ProcedureKind
from app.payments.tables import CourtProcedure, RecoveryStep
from tests.support.actors import csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
D = Decimal
court = service.court


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=clock.BRUSSELS)


async def late_person(*, contact: bool) -> tuple[uuid.UUID, uuid.UUID]:
    """A person whose quarter 1 2026 went unpaid through the recovery to the personal
    contact (recorded when `contact`); and the supervisor."""
    person = await make_person()
    supervisor = await make_staff("supervisor")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(at(date(2026, 1, 15))):
        assert await service.issue_quarter_notice(person, 2026, 1)
    for day in (date(2026, 4, 15), date(2026, 5, 15), date(2026, 6, 14), date(2026, 6, 29)):
        with clock.frozen(at(day)):
            await service.run_recovery()
    if contact:
        task = await RecoveryStep.select(RecoveryStep.id).where(
            RecoveryStep.kind == "personal_contact"
        ).first()  # fmt: skip
        with clock.frozen(at(date(2026, 7, 2))):
            assert await service.record_personal_contact(
                staff(supervisor), task["id"], "Appelé : ne paiera pas sans jugement."
            )
    return person, supervisor


async def a_bailiff(supervisor: uuid.UUID) -> uuid.UUID:
    return await court.add_party(staff(supervisor), NewParty(
        kind=PartyKind.BAILIFF, name="Maître Dubois", firm="Dubois & Associés",
        address="Rue de la Loi 12, 1000 Bruxelles", phone="02 512 34 56",
        email="etude@dubois.be", reference="HUI-77",
    ))  # fmt: skip


async def test_no_procedure_before_the_personal_contact() -> None:
    person, supervisor = await late_person(contact=False)
    bailiff = await a_bailiff(supervisor)
    with clock.frozen(at(date(2026, 8, 1))), pytest.raises(CourtRefused) as refused:
        await court.open_procedure(
            staff(supervisor), person, ProcedureKind.BAILIFF, bailiff, [(2026, 1)],
            NewStep(CourtStep.HANDED_OVER, date(2026, 8, 1), D("0.00")),
        )  # fmt: skip
    assert refused.value.code == "no_contact"
    assert await CourtProcedure.count() == 0


async def test_no_procedure_before_contact_through_the_back_office(
    client: httpx.AsyncClient,
) -> None:
    person, supervisor = await late_person(contact=False)
    bailiff = await a_bailiff(supervisor)
    await log_in(client, "staff", supervisor)
    token = await csrf_token(client)
    with clock.frozen(at(date(2026, 8, 1))):
        await log_in(client, "staff", supervisor)
        page = await client.post(f"/staff/people/{person}/court", data={
            "_csrf_token": token, "kind": "bailiff", "party": str(bailiff),
            "quarters": "2026-Q1", "on": "2026-08-01", "costs": "",
        })  # fmt: skip
    assert page.status_code == 422
    assert "Aucune étape judiciaire avant le contact personnel" in html.unescape(page.text)
    assert await CourtProcedure.count() == 0


async def test_a_procedure_step_by_step_seen_by_its_affiliate_only(
    client: httpx.AsyncClient,
) -> None:
    person, supervisor = await late_person(contact=True)
    other, _ = await late_person(contact=False)
    bailiff = await a_bailiff(supervisor)
    actor = staff(supervisor)
    with clock.frozen(at(date(2026, 8, 1))):
        procedure = await court.open_procedure(
            actor, person, ProcedureKind.BAILIFF, bailiff, [(2026, 1)],
            NewStep(CourtStep.HANDED_OVER, date(2026, 7, 20), D("0.00"), note="Dossier complet"),
            file_reference="REC-2026-0042",
        )  # fmt: skip
    with clock.frozen(at(date(2026, 9, 1))):
        # Before the previous step: refused; in the future: refused.
        with pytest.raises(CourtRefused) as early:
            await court.record_step(
                actor, person, procedure, NewStep(CourtStep.SUMMONS, date(2026, 7, 19), D("182.47"))
            )
        assert early.value.code == "before_previous"
        with pytest.raises(CourtRefused) as later:
            await court.record_step(
                actor, person, procedure, NewStep(CourtStep.SUMMONS, date(2026, 9, 2), D("182.47"))
            )
        assert later.value.code == "in_future"
        with pytest.raises(CourtRefused) as skipped:
            await court.record_step(
                actor, person, procedure, NewStep(CourtStep.JUDGMENT, date(2026, 8, 20), D("0.00"))
            )
        assert skipped.value.code == "not_allowed"
        with pytest.raises(LookupError):  # not the other person's procedure
            await court.record_step(
                actor, other, procedure, NewStep(CourtStep.SUMMONS, date(2026, 8, 10), D("0.00"))
            )
        await court.record_step(
            actor, person, procedure, NewStep(CourtStep.SUMMONS, date(2026, 8, 10), D("182.47"))
        )
    view = await court.procedure_of_person(person, procedure)
    assert view is not None
    assert [(s.kind, s.on, s.costs) for s in view.steps] == [
        ("handed_over", date(2026, 7, 20), D("0.00")),
        ("summons", date(2026, 8, 10), D("182.47")),
    ]
    assert (view.amount, view.quarters, view.next_step) == (
        D("944.29"),
        "2026-Q1",
        "judgment",
    )  # 917,58 € and its 3 %
    # Each step told in the inbox, in plain words.
    notices = [r["subject"] for r in await InboxMessage.select().where(
        InboxMessage.person == person, InboxMessage.kind == "court_step",
    ).order_by(InboxMessage.created_at)]  # fmt: skip
    assert notices == [
        "Procédure judiciaire\u00a0: Remis pour recouvrement",
        "Procédure judiciaire\u00a0: Citation",
    ]
    actions = {r["action"] for r in await AuditEvent.select(AuditEvent.action)}
    assert {"payments.court_procedure_opened", "payments.court_step_recorded"} <= actions
    # The affiliate sees it on their account and on its own page; the other gets 404.
    await log_in(client, "affiliate", person)
    with clock.frozen(at(date(2026, 9, 2))):
        await log_in(client, "affiliate", person)
        account = html.unescape((await client.get("/account/contributions")).text)
        page = await client.get(f"/account/contributions/court/{procedure}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for seen in (account, text):
        assert "Maître Dubois" in seen and "02 512 34 56" in seen and "etude@dubois.be" in seen
        assert "Vous avez été cité à comparaître devant le tribunal." in seen
        assert "Prochaine étape\u00a0: le tribunal rend son jugement." in seen
    await log_in(client, "affiliate", other)
    with clock.frozen(at(date(2026, 9, 2))):
        await log_in(client, "affiliate", other)
        assert (await client.get(f"/account/contributions/court/{procedure}")).status_code == 404


async def test_a_bankruptcy_with_its_curator_and_claim(client: httpx.AsyncClient) -> None:
    person, supervisor = await late_person(contact=True)
    curator = await court.add_party(staff(supervisor), NewParty(
        kind=PartyKind.CURATOR, name="Me Janssens", phone="09 223 11 00",
    ))  # fmt: skip
    bailiff = await a_bailiff(supervisor)
    with clock.frozen(at(date(2026, 8, 1))):
        with pytest.raises(CourtRefused) as wrong:  # a bankruptcy is the curator's
            await court.open_procedure(
                staff(supervisor), person, ProcedureKind.BANKRUPTCY, bailiff, [(2026, 1)],
                NewStep(CourtStep.CURATOR_RECORDED, date(2026, 7, 30), D("0.00")),
            )  # fmt: skip
        assert wrong.value.code == "party"
        await log_in(client, "staff", supervisor)
        token = await csrf_token(client)
        opened = await client.post(f"/staff/people/{person}/court", data={
            "_csrf_token": token, "kind": "bankruptcy", "party": str(curator),
            "quarters": "2026-Q1", "on": "2026-07-30", "costs": "",
            "file_reference": "FAIL-12",
        })  # fmt: skip
        assert opened.status_code == 303, opened.text
        [procedure] = await court.procedures_of_person(person)
        suffix = f"-{procedure.id}"
        claim = await client.post(f"/staff/people/{person}/court/{procedure.id}/steps", data={
            "_csrf_token": token, f"step{suffix}": "claim_filed", f"on{suffix}": "2026-07-31",
            f"costs{suffix}": "0", f"amount{suffix}": "944,29",
        })  # fmt: skip
        assert claim.status_code == 303, claim.text
        page = await client.get(f"/staff/people/{person}/court")
    assert page.status_code == 200
    [procedure] = await court.procedures_of_person(person)
    assert [(s.kind, s.amount) for s in procedure.steps] == [
        ("curator_recorded", None), ("claim_filed", D("944.29"))]  # fmt: skip
