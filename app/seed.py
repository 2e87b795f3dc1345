"""Demo data for `make run`: one affiliate with their status and a year of contributions, one
staff member, created once (idempotent: a second run books nothing more)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.affiliation import queries as affiliation_queries
from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.identity import queries, service
from app.identity.service import LinkPurpose
from app.kit import audit, clock
from app.kit.audit import SYSTEM
from app.kit.db import fetch
from app.kit.i18n import N_
from app.messaging.rules import appointments as appointment_rules
from app.messaging.service import appointments
from app.payments import queries as payment_queries
from app.payments import service as payments
from app.payments.rules import recovery
from app.payments.rules.ledger import EntryKind


@dataclass(frozen=True, slots=True)
class DemoAccounts:
    person_national_number: str
    staff_email: str
    created: bool
    # Fresh one-time links (each run kills the previous ones): register a passkey in a browser.
    person_activation_url: str = ""
    staff_activation_url: str = ""


DEMO_PERSON = service.NewPerson(
    national_number="85073003328",  # a valid NISS (checksum included) for a fictitious person
    first_name="Camille",
    last_name="Dubois",
    email="camille.dubois@example.be",
    phone="+32 470 12 34 56",
    language="fr",
    postcode="1050",  # Ixelles, Brussels-Capital
)
DEMO_STAFF_EMAIL = "agent.demo@affilio.example"
# A few more affiliates across the regions (postcodes) and categories, each with requests at
# different ages, so the supervisors' dashboard and the reports have something to show:
# (national number, first name, last name, postcode, category, start, (received days ago,
# decided days after receipt or None)...).
DEMO_PEOPLE: tuple[tuple[str, str, str, str | None, Category, date,
                         tuple[tuple[int, int | None], ...]], ...] = (
    ("72031501105", "Luc", "Lambert", "4000", Category.MAIN, date(2005, 9, 1),
     ((150, None), (40, 3))),
    ("90051202288", "Sarah", "Peeters", "9000", Category.SECONDARY, date(2021, 1, 1),
     ((70, None), (20, 12))),
    ("68092103352", "Marc", "Janssens", "2000", Category.PENSIONER, date(1994, 4, 1),
     ((10, None),)),
    ("95070404437", "Emma", "Dupont", "1348", Category.STARTER, date(2026, 7, 1),
     ((100, None), (60, 5))),
    ("83013005519", "Nadia", "El Amrani", "1030", Category.MAIN, date(2012, 2, 1),
     ((2, None), (30, 25))),
    ("01081706615", "Tom", "Maes", None, Category.STUDENT, date(2024, 9, 1), ((45, None),)),
)  # fmt: skip
# Camille is self-employed in main activity since 2019 (the demo's status at the fund).
DEMO_STATUS_START = date(2019, 3, 1)
# Her provisional contributions of 2026 rest on the income she declared for that year (a granted
# adjustment, recorded before the first notice of 2026 left); 2025's are the legal minimum.
DEMO_DECLARED_INCOME = Decimal("32000.00")
DEMO_INCOME_YEAR = 2026
DEMO_INCOME_RECORDED_AT = datetime(2025, 12, 8, 10, 0, tzinfo=clock.BRUSSELS)
# Her account's year: each quarter's notice, and the day her transfer reached the fund's bank
# account (a few days before the due date) — None: not paid (Q3 2026 is late since 30 September).
DEMO_QUARTERS: tuple[tuple[int, int, date | None], ...] = (
    (2025, 4, date(2025, 12, 23)),
    (2026, 1, date(2026, 3, 26)),
    (2026, 2, date(2026, 6, 25)),
    (2026, 3, None),
    (2026, 4, None),
)
# Camille also runs a small company: its 2025 contribution was invited on 1 December 2025 and
# paid on the 18th; its 2026 balance-sheet total is recorded, but the 2026 amounts are not known
# yet, so its 2026 notice waits (the staff's companies page says so).
DEMO_COMPANY_NUMBER = "0812.345.603"
DEMO_COMPANY_NAME = "Atelier Dubois SRL"
DEMO_COMPANY_START = date(2021, 3, 1)
DEMO_COMPANY_YEARS = ((2025, Decimal("412000.00"), date(2025, 12, 18)),
                      (2026, Decimal("455300.00"), None))  # fmt: skip
COMPANY_NOTICE_AT = datetime(2025, 12, 1, 4, 50, tzinfo=clock.BRUSSELS)

# Camille's bridging right after a bankruptcy on 6 October 2025 (8 years of career: 12 months),
# granted by the demo staff member, with the account it is paid to. 2025's monthly amount is
# recorded as a confirmed figure (the year file's 1 638,26 EUR, its date unconfirmed there), so
# a payment run in `make run` pays the 2025 periods; 2026's stay "not yet confirmed".
DEMO_BRIDGING = {
    "event": "bankruptcy",
    "event_date": "2025-10-06",
    "guide": {"wizard": "bankruptcy", "answers": {"career_years": "8", "family_charge": "no"}},
}
DEMO_PAYOUT_IBAN = "BE62510007547061"
DEMO_FIGURE = ("guides.bridging.monthly_single", date(2025, 1, 1), Decimal("1638.26"),
               "INASTI, droit passerelle: montants au 1er janvier 2025 (demo)")  # fmt: skip

NOTICE_HOUR = time(9, 25)  # the hourly notice job runs at :25 (workers/schedules.py)
RECOVERY_HOUR = time(5, 10)  # the daily recovery job (workers/schedules.py)


async def seed_demo() -> DemoAccounts:
    created = False
    person_id = await queries.person_id_by_national_number(DEMO_PERSON.national_number)
    if person_id is None:
        person_id = await service.create_person(DEMO_PERSON, actor=SYSTEM)
        created = True
    if await affiliation_queries.affiliation_of(person_id) is None:
        await affiliation.record_affiliation(
            SYSTEM, person_id=person_id, category=Category.MAIN, starts_on=DEMO_STATUS_START
        )
        created = True
    if await _seed_contribution_account(person_id):
        created = True
    if await _seed_company(person_id):
        created = True
    staff_id = await queries.staff_id_by_email(DEMO_STAFF_EMAIL)
    if staff_id is None:
        staff_id = await service.create_staff_user(
            email=DEMO_STAFF_EMAIL,
            full_name="Sarah Janssens",
            role="admin",
            team="general",
            language="fr",
            actor=SYSTEM,
        )
        created = True
    if await _seed_dashboard_people(staff_id):
        created = True
    if await _seed_bridging_right(person_id, staff_id):
        created = True
    if await _seed_appointment_slots(person_id, staff_id):
        created = True
    person_url = await service.issue_activation_link(
        "affiliate", person_id, actor=SYSTEM, send_mail=False
    )
    staff_url = await service.issue_activation_link(
        "staff", staff_id, purpose=LinkPurpose.STAFF_INVITE, actor=SYSTEM, send_mail=False
    )
    return DemoAccounts(
        DEMO_PERSON.national_number, DEMO_STAFF_EMAIL, created, person_url, staff_url
    )


async def _seed_dashboard_people(staff_id: uuid.UUID) -> bool:
    """DEMO_PEOPLE, their status and their general questions: some still open (one past its
    legal deadline, some past the fund's target), some answered. Once: a person found already
    is left as is."""
    from app.requests import service as requests

    changed = False
    today = clock.today()
    staff = audit.Actor(kind="staff", id=staff_id)
    for number, first, last, postcode, category, since, asked in DEMO_PEOPLE:
        if await queries.person_id_by_national_number(number) is not None:
            continue
        person_id = await service.create_person(
            service.NewPerson(national_number=number, first_name=first, last_name=last,
                              postcode=postcode, language="fr"),
            actor=SYSTEM,
        )  # fmt: skip
        await affiliation.record_affiliation(
            SYSTEM, person_id=person_id, category=category, starts_on=since
        )
        for n, (days_ago, decided_after) in enumerate(asked):
            received = datetime.combine(today - timedelta(days=days_ago), time(10),
                                        tzinfo=clock.BRUSSELS)  # fmt: skip
            with clock.frozen(received):
                filed = await requests.submit_request(
                    audit.Actor(kind="affiliate", id=person_id), person_id=person_id,
                    kind="general_question",
                    answers={"subject": "Cotisations", "question": "Quand dois-je payer ?"},
                    idempotency_key=f"seed:{number}:{n}",
                )  # fmt: skip
                await requests.acknowledge_request(filed.id)
            if decided_after is None:
                continue
            with clock.frozen(received + timedelta(days=decided_after)):
                await requests.take_request(staff, filed.id)
                await requests.decide_request(
                    staff, filed.id, decision="grant",
                    motivation="Réponse donnée par votre gestionnaire de dossier.",
                )  # fmt: skip
        changed = True
    return changed


async def _notices(person_id: uuid.UUID) -> dict[tuple[int, int], payment_queries.NoticeLine]:
    """The person's notices by quarter, read as the person (the account is theirs)."""
    view = await payment_queries.account_for(audit.Actor(kind="affiliate", id=person_id))
    return {(n.year, n.quarter): n for n in view.notices}


async def _seed_contribution_account(person_id: uuid.UUID) -> bool:
    """Her account's story, in the order it happened, each step on its own day: the notices
    through the real notice issuing (amounts from the contribution engine, inbox message and
    e-mail included), the payments as the bank statement brings them. A step whose day is still
    to come is left for later runs; a step done already books nothing (idempotency keys)."""
    today = clock.today()
    changed = False
    status = await affiliation_queries.affiliation_of(person_id)
    if status is None:
        return False
    if status.declared_income_year is None and today >= DEMO_INCOME_RECORDED_AT.date():
        # Not once a notice of that year is out at another amount (the hourly job may have
        # issued the current quarter's on an older demo database): the year stays coherent.
        if not any(year == DEMO_INCOME_YEAR for year, _q in await _notices(person_id)):
            with clock.frozen(DEMO_INCOME_RECORDED_AT):
                changed |= await affiliation.record_declared_income(
                    SYSTEM, person_id=person_id, income=DEMO_DECLARED_INCOME,
                    year=DEMO_INCOME_YEAR,
                )  # fmt: skip
            status = await affiliation_queries.affiliation_of(person_id)
            assert status is not None
    lead = timedelta(days=payments.notice_policy().lead_days)
    for year, quarter, paid_on in DEMO_QUARTERS:
        due = payments.quarter_due(status, year, quarter)
        if due is None or due.due_on - lead > today:
            continue
        issued_at = datetime.combine(due.due_on - lead, NOTICE_HOUR, tzinfo=clock.BRUSSELS)
        with clock.frozen(issued_at):
            changed |= await payments.issue_quarter_notice(person_id, year, quarter)
        if paid_on is None or paid_on > today:
            continue
        notice = (await _notices(person_id)).get((year, quarter))
        if notice is None:
            continue
        account = await payments.ensure_account(person_id)
        changed |= await payments.book(
            account.id,
            payments.NewEntry(
                kind=EntryKind.PAYMENT, amount=-notice.amount, booked_on=paid_on, year=year,
                quarter=quarter, label=N_("Payment received"),
                idempotency_key=f"seed:payment:{year}-{quarter}",
            ),
        )  # fmt: skip
    changed |= await _recovery_days(person_id, today)
    return changed


async def _recovery_days(person_id: uuid.UUID, today: date) -> bool:
    """The daily recovery job as it would have run on each day a step of her late quarter fell
    due (surcharges at its due date, the reminder, the statement…), up to today."""
    account = await payments.ensure_account(person_id)
    view = await payment_queries.account_for(audit.Actor(kind="affiliate", id=person_id), today)
    schedule = recovery.load_schedule()
    changed = False
    for quarter in view.quarters:
        if quarter.outstanding <= 0 or quarter.due_on >= today:
            continue
        days = {quarter.due_on + timedelta(days=1)} | {
            recovery.step_date(schedule, step.kind, quarter.due_on)
            for step in schedule.steps
            if step.kind is not recovery.StepKind.COURT
        }
        for day in sorted(d for d in days if d <= today):
            with clock.frozen(datetime.combine(day, RECOVERY_HOUR, tzinfo=clock.BRUSSELS)):
                changed |= await payments.run_recovery_for(account.id, person_id, day) > 0
    return changed


async def _seed_company(person_id: uuid.UUID) -> bool:
    """Her company, her directorship, its yearly figures and its 2025 notice and payment, each
    once (a second run finds them and writes nothing)."""
    changed = False
    found = await affiliation_queries.companies(DEMO_COMPANY_NUMBER, limit=1)
    if found:
        company_id = found[0].id
    else:
        company_id = await affiliation.record_company(
            SYSTEM, enterprise_number=DEMO_COMPANY_NUMBER, name=DEMO_COMPANY_NAME,
            legal_form="srl", incorporated_on=DEMO_COMPANY_START,
        )  # fmt: skip
        changed = True
    if not await affiliation_queries.directors_of(company_id):
        await affiliation.record_directorship(
            SYSTEM, person_id=person_id, enterprise_number=DEMO_COMPANY_NUMBER,
            company_name=DEMO_COMPANY_NAME, since=DEMO_COMPANY_START,
        )  # fmt: skip
        changed = True
    today = clock.today()
    for year, total, paid_on in DEMO_COMPANY_YEARS:
        if await affiliation_queries.company_year(company_id, year) is None:
            await affiliation.record_company_year(
                SYSTEM, company_id=company_id, year=year, balance_sheet_total=total
            )
            changed = True
        if paid_on is None or paid_on > today:
            continue
        with clock.frozen(COMPANY_NOTICE_AT.replace(year=year)):
            changed |= await payments.issue_company_notice(company_id, year)
        account = await payments.ensure_company_account(company_id)
        view = await payment_queries.company_account_of(company_id, today)
        notice = next((n for n in view.view.notices if n.year == year), None)
        if notice is not None:
            changed |= await payments.book(
                account.id,
                payments.NewEntry(
                    kind=EntryKind.PAYMENT, amount=-notice.amount, booked_on=paid_on,
                    year=year, quarter=notice.quarter, label=N_("Payment received"),
                    idempotency_key=f"seed:company-payment:{year}",
                ),
            )  # fmt: skip
    return changed


async def _seed_bridging_right(person_id: uuid.UUID, staff_id: uuid.UUID) -> bool:
    """Camille's granted bridging right with its schedule and payout account (once)."""
    from app.benefits import payouts
    from app.benefits.rules.common import BenefitKind
    from app.benefits.service import open_entitlement
    from app.kit.db import fetch
    from app.requests import service as requests

    if await fetch(
        "SELECT 1 FROM benefit_entitlement WHERE person = {} AND kind = 'bridging_right'",
        person_id,
    ):
        return False
    agent = audit.Actor(kind="staff", id=staff_id)
    submitted = await requests.submit_request(
        audit.Actor(kind="affiliate", id=person_id), person_id=person_id,
        kind="bridging_right", answers=dict(DEMO_BRIDGING), idempotency_key="demo-bridging",
    )  # fmt: skip
    await requests.acknowledge_request(submitted.id)
    await requests.take_request(agent, submitted.id)
    await requests.decide_request(
        agent, submitted.id, decision="grant", motivation="Conditions remplies (démo)."
    )
    # The effect is wired by create_app; the seed runs without it (ON CONFLICT: once).
    await open_entitlement(agent, BenefitKind.BRIDGING_RIGHT, person_id, submitted.id,
                           "demo", DEMO_BRIDGING)  # fmt: skip
    await payouts.record_figure(agent, *DEMO_FIGURE)
    await payouts.set_account(agent, person_id, DEMO_PAYOUT_IBAN, "Camille Dubois")
    return True


# The demo agent's free times on the next working days (app/messaging/appointments.py): at
# the office in the morning, by phone in the afternoon.
DEMO_SLOTS = ((time(10, 0), 2, "office"), (time(14, 0), 3, "phone"))
DEMO_SLOT_DAYS = 5


async def _seed_appointment_slots(person_id: uuid.UUID, staff_id: uuid.UUID) -> bool:
    """The demo agent is the demo affiliate's account manager and offers times to book; once
    (a later run leaves the slots, booked or not, as they are)."""
    await affiliation.keep_account_manager(person_id, staff_id)
    agent = audit.Actor(kind="staff", id=staff_id)
    if await fetch("SELECT 1 FROM appointment_slot WHERE staff = {} LIMIT 1", staff_id):
        return False
    day, days = clock.today(), 0
    while days < DEMO_SLOT_DAYS:
        day += timedelta(days=1)
        if not appointment_rules.working_day(day):
            continue
        days += 1
        for first, count, channel in DEMO_SLOTS:
            await appointments.publish_slots(
                agent, appointments.SlotSeries(day, first, 30, count, channel)
            )
    return True
