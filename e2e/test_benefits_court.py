"""A court procedure on a phone (390 × 844): an affiliate whose quarter went unpaid through the
whole recovery, the personal contact recorded, sees the debt handed to a bailiff: the state in
plain words, whom to contact, each dated step with its costs, and what comes next. The world is
built through the services, as the back office would record it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import _run, activate_affiliate, record_status
from e2e.test_journeys import shot


def _handed_to_a_bailiff(person_id: uuid.UUID) -> str:
    """Q1 2026 unpaid through the recovery; the contact on 2 July; handed to a bailiff on
    20 July, summoned on 10 August. The procedure's id."""
    from app.identity import service as identity
    from app.kit import clock
    from app.kit.audit import SYSTEM, Actor
    from app.payments import service
    from app.payments.court import NewParty, NewStep
    from app.payments.rules.court import CourtStep, PartyKind, ProcedureKind
    from app.payments.tables import RecoveryStep

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 9, 0, tzinfo=clock.BRUSSELS)

    async def make() -> str:
        court = service.court
        supervisor = await identity.create_staff_user(
            email=f"{uuid.uuid4().hex[:8]}@fund.be", full_name="Sam Superviseur",
            role="supervisor", team="general", language="fr", actor=SYSTEM,
        )  # fmt: skip
        actor = Actor(kind="staff", id=supervisor)
        with clock.frozen(at(date(2026, 1, 15))):
            assert await service.issue_quarter_notice(person_id, 2026, 1)
        account = (await service.ensure_account(person_id)).id
        for day in (date(2026, 4, 15), date(2026, 5, 15), date(2026, 6, 14), date(2026, 6, 29)):
            with clock.frozen(at(day)):
                await service.run_recovery_for(account, person_id, clock.today())
        task = await RecoveryStep.select(RecoveryStep.id).where(
            (RecoveryStep.account == account) & (RecoveryStep.kind == "personal_contact")
        ).first()  # fmt: skip
        with clock.frozen(at(date(2026, 7, 2))):
            assert await service.record_personal_contact(actor, task["id"], "Pas de plan.")
        bailiff = await court.add_party(actor, NewParty(
            kind=PartyKind.BAILIFF, name="Maître Dubois", firm="Étude Dubois",
            address="Rue de la Loi 12, 1000 Bruxelles", phone="02 512 34 56",
            email="etude@dubois.be", reference="HUI-77",
        ))  # fmt: skip
        with clock.frozen(at(date(2026, 8, 20))):
            procedure = await court.open_procedure(
                actor, person_id, ProcedureKind.BAILIFF, bailiff, [(2026, 1)],
                NewStep(CourtStep.HANDED_OVER, date(2026, 7, 20), Decimal("0.00")),
                file_reference="REC-2026-0042",
            )  # fmt: skip
            await court.record_step(actor, person_id, procedure, NewStep(
                CourtStep.SUMMONS, date(2026, 8, 10), Decimal("182.47")))  # fmt: skip
        return str(procedure)

    return _run(make)


def test_an_affiliate_sees_their_debt_with_a_bailiff(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    page = browser.new_context(**browser_context_args).new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    procedure = _handed_to_a_bailiff(person["id"])

    page.goto(base_url + "/account/contributions")
    section = page.locator("section.court")
    expect(page.get_by_role("heading", name="Procédure en cours", exact=True)).to_be_visible()
    expect(section).to_contain_text("Vous avez été cité à comparaître devant le tribunal.")
    expect(section).to_contain_text("Prochaine étape\u00a0: le tribunal rend son jugement.")
    expect(section.get_by_role("link", name="02 512 34 56")).to_have_attribute(
        "href", "tel:025123456"
    )
    expect(section.get_by_role("link", name="etude@dubois.be")).to_be_visible()
    expect(section.locator("ol.court-steps > li")).to_have_count(2)
    expect(section.locator("ol.court-steps > li").first).to_contain_text("20 juillet 2026")
    expect(section).to_contain_text("182,47")
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "court-procedure")

    page.goto(base_url + f"/account/contributions/court/{procedure}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Procédure judiciaire")
    expect(page.locator("address")).to_contain_text("Maître Dubois")
    # Told in the inbox, in plain words.
    page.goto(base_url + "/inbox")
    expect(page.get_by_text("Procédure judiciaire\u00a0: Citation").first).to_be_visible()
