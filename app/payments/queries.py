"""Reads of the contribution account, scoped to the person asking."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from app.affiliation import queries as affiliation
from app.contributions.rules.errors import UnknownYear
from app.contributions.rules.parameters import load_year
from app.identity.rules import StaffRole
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.kit.settings import get_settings
from app.payments.rules import exemptions as exemption_rules
from app.payments.rules import ledger
from app.payments.rules import plans as plan_rules
from app.payments.rules.communication import format_communication
from app.payments.rules.epc import epc_payload, epc_qr_svg
from app.payments.rules.ledger import Entry, EntryKind, QuarterPosition
from app.payments.rules.plans import SurchargeWaiver, waivable_surcharges
from app.payments.rules.recovery import Step, StepKind, load_schedule, next_step
from app.payments.rules.solidarity import Solidarity, load_solidarity
from app.payments.tables import (
    DueNotice,
    LedgerEntry,
    PaymentAccount,
    PaymentPlan,
    PlanInstalment,
    RecoveryStep,
)
from app.requests import states

HISTORY_SHOWN = 200


@dataclass(frozen=True, slots=True)
class HistoryLine:
    id: uuid.UUID
    booked_on: date
    kind: EntryKind
    label: str  # English message id, translated by the page
    amount: Decimal
    year: int | None
    quarter: int | None
    running_balance: Decimal
    reversed: bool = False  # a later entry cancels it (with its reason)
    reason: str = ""  # why, on a reversal


@dataclass(frozen=True, slots=True)
class NoticeLine:
    id: uuid.UUID
    year: int
    quarter: int
    amount: Decimal
    due_on: date
    issued_on: date
    communication: str  # +++xxx/xxxx/xxxxx+++


@dataclass(frozen=True, slots=True)
class RecoveryLine:
    """Where the recovery of one unpaid quarter stands: what was done, what comes next."""

    year: int
    quarter: int
    done: tuple[tuple[StepKind, date], ...]
    next: Step | None
    contact_open: bool  # the personal contact is due and not recorded yet


@dataclass(frozen=True, slots=True)
class AccountView:
    balance: Decimal
    quarters: tuple[QuarterPosition, ...]
    next_due: QuarterPosition | None
    notices: tuple[NoticeLine, ...]
    history: tuple[HistoryLine, ...]  # newest first
    recovery: tuple[RecoveryLine, ...] = ()


@dataclass(frozen=True, slots=True)
class NoticeDetail:
    notice: NoticeLine
    contribution: Decimal
    management_fee: Decimal
    category: str
    income_basis: Decimal
    position: QuarterPosition | None
    beneficiary: str
    iban: str  # grouped by four for reading
    iban_compact: str
    bic: str | None
    qr_svg: str
    company: affiliation.CompanyView | None = None  # a company's yearly notice


def _person(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


async def _account_id(person_id: uuid.UUID) -> uuid.UUID | None:
    row = (
        await PaymentAccount.select(PaymentAccount.id)
        .where(PaymentAccount.person == person_id)
        .first()
    )
    return row["id"] if row else None


def _notice_line(row: dict[str, object]) -> NoticeLine:
    return NoticeLine(
        id=row["id"], year=row["year"], quarter=row["quarter"],  # type: ignore[arg-type]
        amount=Decimal(str(row["amount"])), due_on=row["due_on"],  # type: ignore[arg-type]
        issued_on=row["issued_on"],  # type: ignore[arg-type]
        communication=format_communication(str(row["communication"])),
    )  # fmt: skip


async def _entries(account_id: uuid.UUID) -> list[dict[str, object]]:
    return list(
        await LedgerEntry.select()
        .where(LedgerEntry.account == account_id)
        .order_by(LedgerEntry.booked_on)
        .order_by(LedgerEntry.seq)
    )


def _entry(row: dict[str, object]) -> Entry:
    return Entry(
        kind=EntryKind(str(row["kind"])), amount=Decimal(str(row["amount"])),
        booked_on=row["booked_on"], year=row["year"], quarter=row["quarter"],  # type: ignore[arg-type]
        due_on=row["due_on"],  # type: ignore[arg-type]
    )  # fmt: skip


async def account_for(
    actor: audit.Actor, today: date | None = None, *, shown: int | None = HISTORY_SHOWN
) -> AccountView:
    """The person's own account: balance, quarters, notices and the latest `history` entries
    (`shown`; None: all of them, for the statement)."""
    account_id = await _account_id(_person(actor))
    return await _account_view(account_id, today or clock.today(), shown)


async def plan_quarters_of(account_id: uuid.UUID) -> frozenset[tuple[int, int]]:
    """The quarters the account's approved plan covers (none without one): their recovery
    steps wait while it holds."""
    plan = await PaymentPlan.select(PaymentPlan.quarters).where(
        PaymentPlan.account == account_id, PaymentPlan.status == "approved"
    ).first()  # fmt: skip
    return frozenset(ledger.named_quarters(str(plan["quarters"]))) if plan else frozenset()


async def _in_plan(
    account_id: uuid.UUID, positions: list[QuarterPosition]
) -> list[QuarterPosition]:
    """The unpaid quarters an approved plan covers read "in a plan", not late."""
    covered = await plan_quarters_of(account_id)
    if not covered:
        return positions
    return [
        replace(p, status=ledger.QuarterStatus.IN_PLAN)
        if (p.year, p.quarter) in covered and p.outstanding > 0 else p
        for p in positions
    ]  # fmt: skip


async def _account_view(account_id: uuid.UUID | None, day: date, shown: int | None) -> AccountView:
    if account_id is None:
        return AccountView(ledger.ZERO, (), None, (), ())
    rows = await _entries(account_id)
    entries = [_entry(r) for r in rows]
    positions = await _in_plan(account_id, ledger.quarter_positions(entries, day))
    lines = _history(rows, entries)
    notices = (
        await DueNotice.select()
        .where(DueNotice.account == account_id)
        .order_by(DueNotice.due_on, ascending=False)
    )
    return AccountView(
        balance=ledger.balance(entries),
        quarters=tuple(positions),
        next_due=ledger.next_due(positions),
        notices=tuple(_notice_line(n) for n in notices),
        history=tuple(reversed(lines if shown is None else lines[-shown:] if shown else [])),
        recovery=tuple(await recovery_of(account_id, positions, day)),
    )


def _history(rows: list[dict[str, object]], entries: list[Entry]) -> list[HistoryLine]:
    """The entries oldest first, each with the balance after it and whether it was reversed."""
    running = ledger.ZERO
    lines: list[HistoryLine] = []
    cancelled = {row["reverses"] for row in rows if row["reverses"] is not None}
    for row, entry in zip(rows, entries, strict=True):
        running += entry.amount
        lines.append(HistoryLine(row["id"], entry.booked_on, entry.kind, str(row["label"]),  # type: ignore[arg-type]
                                   entry.amount, entry.year, entry.quarter, running,
                                   row["id"] in cancelled, str(row["reason"] or "")))  # fmt: skip
    return lines


async def recovery_of(
    account_id: uuid.UUID, positions: list[QuarterPosition], today: date
) -> list[RecoveryLine]:
    """For each quarter past its due date and not settled: the steps taken and the next one,
    with its date (what the affiliate and staff read: "what happens next, and when")."""
    # A quarter in an approved plan is not recovered: the plan's own schedule runs instead.
    late = [p for p in positions if p.outstanding > 0 and p.due_on < today
            and p.status is not ledger.QuarterStatus.IN_PLAN]  # fmt: skip
    if not late:
        return []
    schedule = load_schedule()
    rows = await RecoveryStep.select(
        RecoveryStep.year, RecoveryStep.quarter, RecoveryStep.kind, RecoveryStep.done_on
    ).where(RecoveryStep.account == account_id)
    lines: list[RecoveryLine] = []
    for position in late:
        mine = [r for r in rows if (r["year"], r["quarter"]) == (position.year, position.quarter)]
        done_on = {r["kind"]: r["done_on"] for r in mine if r["done_on"] is not None}
        contact = StepKind.PERSONAL_CONTACT.value in done_on
        upcoming = next_step(schedule, position.due_on, today, set(done_on), contact, False,
                             done_on=done_on)  # fmt: skip
        done = tuple(sorted(((StepKind(k), d) for k, d in done_on.items()), key=lambda x: x[1]))
        open_task = any(r["kind"] == StepKind.PERSONAL_CONTACT.value and r["done_on"] is None
                        for r in mine)  # fmt: skip
        lines.append(RecoveryLine(position.year, position.quarter, done, upcoming, open_task))
    return lines


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


async def notice_for(actor: audit.Actor, notice_id: uuid.UUID) -> NoticeDetail:
    """One of the person's notices, or of a company they direct today, with its transfer
    details and QR code (404 for anyone else's)."""
    person_id = _person(actor)
    row = await DueNotice.select().where(DueNotice.id == notice_id).first()
    if row is None:
        raise NotFound()
    holder = await PaymentAccount.select().where(PaymentAccount.id == row["account"]).first()
    company: affiliation.CompanyView | None = None
    if holder is None:
        raise NotFound()
    if holder["company"] is not None:
        company = await _directed(person_id, holder["company"], clock.today())
    elif holder["person"] != person_id:
        raise NotFound()
    line = _notice_line(row)
    positions = ledger.quarter_positions(
        [_entry(r) for r in await _entries(row["account"])], clock.today()
    )
    position = next(
        (p for p in positions if (p.year, p.quarter) == (line.year, line.quarter)), None
    )
    settings = get_settings()
    to_pay = position.outstanding if position is not None else line.amount
    payload = epc_payload(
        name=settings.fund_name, iban=row["iban"], bic=settings.fund_bic,
        amount=to_pay if to_pay > 0 else line.amount, communication=line.communication,
    )  # fmt: skip
    return NoticeDetail(
        notice=line,
        company=company,
        contribution=Decimal(str(row["contribution"])),
        management_fee=Decimal(str(row["management_fee"])),
        category=str(row["category"]),
        income_basis=Decimal(str(row["income_basis"])),
        position=position,
        beneficiary=settings.fund_name,
        iban=_grouped(str(row["iban"])),
        iban_compact=str(row["iban"]),
        bic=settings.fund_bic,
        qr_svg=epc_qr_svg(payload),
    )


async def waivers_of(account_id: uuid.UUID) -> list[SurchargeWaiver]:
    """The account's quarters whose surcharges may be waived now (principal paid in full)."""
    rows = await _entries(account_id)
    return [w for w in waivable_surcharges(_entry(r) for r in rows) if w.waivable > 0]


async def waivers_for(actor: audit.Actor) -> list[SurchargeWaiver]:
    """The person's own quarters whose surcharges they may ask to have waived."""
    account_id = await _account_id(_person(actor))
    return await waivers_of(account_id) if account_id is not None else []


async def account_of_person(person_id: uuid.UUID) -> uuid.UUID | None:
    """The person's account id, if it is opened (for the services' writes)."""
    return await _account_id(person_id)


async def undue_by_quarter(account_id: uuid.UUID) -> dict[tuple[int, int], Decimal]:
    """The undue benefits claimed on the account, by quarter (their reversals netted)."""
    rows = await LedgerEntry.raw(
        "SELECT e.year, e.quarter, sum(e.amount) AS amount FROM ledger_entry e "
        "WHERE e.account = {} AND (e.kind = 'undue_benefit' OR e.reverses IN "
        "(SELECT id FROM ledger_entry WHERE account = {} AND kind = 'undue_benefit')) "
        "GROUP BY e.year, e.quarter",
        account_id, account_id,
    )  # fmt: skip
    return {(r["year"], r["quarter"]): Decimal(r["amount"]) for r in rows
            if r["year"] and Decimal(r["amount"]) > 0}  # fmt: skip


async def positions_of(account_id: uuid.UUID) -> list[QuarterPosition]:
    """An account's quarters today (for matching a payment to what it settles)."""
    rows = await _entries(account_id)
    return ledger.quarter_positions([_entry(r) for r in rows], clock.today())


async def statement_rows(actor: audit.Actor) -> list[HistoryLine]:
    """The whole history, oldest first, for the downloadable statement."""
    view = await account_for(actor, shown=None)
    return list(reversed(view.history))


async def account_for_person(person_id: uuid.UUID, today: date | None = None) -> AccountView:
    """A person's account as the back office reads it: the very view the person has.

    Not scoped to an actor: the caller (app.staff.payments) has checked that the staff member
    may see this person, and audited the read."""
    return await account_for(audit.Actor(kind="affiliate", id=person_id), today)


# --- companies ------------------------------------------------------------------------------


async def _directed(
    person_id: uuid.UUID, company_id: uuid.UUID, today: date
) -> affiliation.CompanyView:
    """The company, when the person directs it today; else NotFound (never another's)."""
    for company in await affiliation.companies_directed_by(person_id, today):
        if company.id == company_id:
            return company
    raise NotFound()


async def _company_account_id(company_id: uuid.UUID) -> uuid.UUID | None:
    row = (
        await PaymentAccount.select(PaymentAccount.id)
        .where(PaymentAccount.company == company_id)
        .first()
    )
    return row["id"] if row else None


@dataclass(frozen=True, slots=True)
class CompanySummary:
    """A company the person directs, on their own account page (the solidarity rule)."""

    company: affiliation.CompanyView
    balance: Decimal
    next_due: QuarterPosition | None
    late: bool


@dataclass(frozen=True, slots=True)
class CompanyAccount:
    company: affiliation.CompanyView
    view: AccountView
    directors: tuple[affiliation.DirectorView, ...]
    solidarity: Solidarity
    late_rate: Decimal | None  # the monthly late fine (1 %), None while no year file says it


async def companies_for(actor: audit.Actor, today: date | None = None) -> list[CompanySummary]:
    """The companies the person directs today, each with where its account stands."""
    day = today or clock.today()
    found: list[CompanySummary] = []
    for company in await affiliation.companies_directed_by(_person(actor), day):
        view = await _account_view(await _company_account_id(company.id), day, 0)
        late = any(p.status is ledger.QuarterStatus.LATE for p in view.quarters)
        found.append(CompanySummary(company, view.balance, view.next_due, late))
    return found


async def company_account_for(
    actor: audit.Actor, company_id: uuid.UUID, today: date | None = None
) -> CompanyAccount:
    """A company's account for one of its directors in office (404 for anyone else)."""
    day = today or clock.today()
    company = await _directed(_person(actor), company_id, day)
    return await _company_account(company, day)


async def company_account_of(company_id: uuid.UUID, today: date | None = None) -> CompanyAccount:
    """A company's account as the back office reads it. Not scoped to an actor: the caller
    (app.staff.companies) has checked the staff member and audited the read."""
    company = await affiliation.company(company_id)
    if company is None:
        raise NotFound()
    return await _company_account(company, today or clock.today())


async def _company_account(company: affiliation.CompanyView, day: date) -> CompanyAccount:
    view = await _account_view(await _company_account_id(company.id), day, HISTORY_SHOWN)
    directors = await affiliation.directors_of(company.id, day)
    return CompanyAccount(company, view, tuple(directors), load_solidarity(), _late_rate(day.year))


def _late_rate(year: int) -> Decimal | None:
    """The company late-fine rate of the year, else of the latest year that states it."""
    for candidate in range(year, year - 3, -1):
        try:
            return load_year(candidate).require_amount("company.late_rate_monthly")
        except UnknownYear:
            continue
    return None


# --- payment plans (issue 14) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenPlan:
    id: uuid.UUID
    status: str  # proposed, offered (the fund's counter-proposal) or approved
    request_id: uuid.UUID | None
    debt: Decimal
    advance: Decimal
    instalments: int
    offered_on: date | None = None
    offer_last_day: date | None = None  # an offer: the last day to accept it

    @property
    def offered(self) -> bool:
        return self.status == "offered"


OPEN_PLAN = ("proposed", "offered", "approved")


def _open_plan(row: dict[str, Any]) -> OpenPlan:
    offered_on = row["offered_on"]
    last = plan_rules.offer_last_day(plan_rules.load_policy(), offered_on) if offered_on else None
    return OpenPlan(row["id"], row["status"], row["request"], Decimal(row["debt"]),
                    Decimal(row["advance"]), row["instalments"], offered_on, last)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlanDebt:
    """What a plan would cover: the open quarters and their sum, the plans broken before,
    and the plan already proposed or running, if any (one at a time)."""

    debt: Decimal
    quarters: tuple[QuarterPosition, ...]
    broken_plans: int
    open_plan: OpenPlan | None


@dataclass(frozen=True, slots=True)
class PlanPreview:
    debt: PlanDebt
    breaches: tuple[plan_rules.Breach, ...]
    approver: StaffRole | None  # None: no plan is possible as proposed
    schedule: plan_rules.PlanSchedule | None
    minimum_advance: Decimal
    policy: plan_rules.PlanPolicy


async def plan_debt_of(account_id: uuid.UUID | None, today: date) -> PlanDebt:
    if account_id is None:
        return PlanDebt(ledger.ZERO, (), 0, None)
    positions = await positions_of(account_id)
    open_ = tuple(p for p in positions if p.outstanding > 0)
    rows = await PaymentPlan.select().where(PaymentPlan.account == account_id)
    broken = sum(1 for r in rows if r["status"] == "lapsed")
    current = next((r for r in rows if r["status"] in OPEN_PLAN), None)
    plan = _open_plan(current) if current else None
    return PlanDebt(sum((p.outstanding for p in open_), ledger.ZERO), open_, broken, plan)


async def plan_debt(actor: audit.Actor, today: date | None = None) -> PlanDebt:
    """The person's own debt as a plan would cover it."""
    return await plan_debt_of(await _account_id(_person(actor)), today or clock.today())


@dataclass(frozen=True, slots=True)
class DifficultyFacts:
    """What the payment-difficulty guide starts from for a signed-in affiliate (registered
    with wizards.known at wiring): the debt today and where its requests are made."""

    owed: Decimal  # contributions and surcharges still open, today
    quarters: str  # the open quarters, "2025-Q4, 2026-Q1"
    plan_open: bool  # a plan proposed, offered or running: the builder shows it
    exemption_open: bool  # a quarter may be asked today and no exemption request is open


async def difficulty_facts(person_id: uuid.UUID, today: date) -> DifficultyFacts | None:
    """The person's own account (the guide passes the signed-in affiliate), None before one
    is opened: a self-registered account has none and the guide asks as for a visitor."""
    account_id = await _account_id(person_id)
    if account_id is None:
        return None
    debt = await plan_debt_of(account_id, today)
    options = await exemption_options_of(person_id, today)
    asked = [(q.year, q.quarter) for q in debt.quarters]
    return DifficultyFacts(
        debt.debt, ledger.quarters_text(asked), debt.open_plan is not None,
        options.refusal is None and bool(options.quarters) and options.pending is None,
    )  # fmt: skip


def plan_preview(debt: PlanDebt, advance: Decimal, instalments: int, today: date) -> PlanPreview:
    """The proposal checked against the fund's policy and, when it can be a plan, its
    schedule as if approved today (pure but for the policy and holiday data)."""
    policy = plan_rules.load_policy()
    breaches = tuple(plan_rules.check_proposal(policy, debt.debt, advance, instalments,
                                               debt.broken_plans))  # fmt: skip
    who = plan_rules.approver(policy, breaches)
    laid_out = None
    if who is not None:
        years = plan_rules.plan_years(policy, today, instalments)
        laid_out = plan_rules.schedule(policy, debt.debt, advance, instalments, today,
                                       plan_rules.belgian_holidays(years),
                                       broken_plans=debt.broken_plans)  # fmt: skip
    least = plan_rules.minimum_advance(policy, debt.debt, debt.broken_plans)
    return PlanPreview(debt, breaches, who, laid_out, least, policy)


@dataclass(frozen=True, slots=True)
class RequestPlan:
    """A payment_plan request's plan as staff review it: the terms now on the table (the
    affiliate's, or the fund's counter-proposal), whether the policy allows them and who may
    approve them, and the schedule they give if approved today."""

    plan: OpenPlan
    quarters: str
    approver: StaffRole
    breaches: tuple[plan_rules.Breach, ...]
    preview: PlanPreview  # the same terms on what the account owes today
    approved_on: date | None
    ended_on: date | None

    @property
    def within_policy(self) -> bool:
        return not self.breaches


async def plan_of_request(request_id: uuid.UUID, today: date | None = None) -> RequestPlan | None:
    """The plan a payment_plan request proposed (None for one filed without the builder).
    Staff only: the staff pages have already scoped the request to the member."""
    row = await PaymentPlan.select().where(PaymentPlan.request == request_id).first()
    if row is None:
        return None
    today = today or clock.today()
    plan = _open_plan(row)
    debt = await plan_debt_of(row["account"], today)
    preview = plan_preview(debt, plan.advance, plan.instalments, today)
    return RequestPlan(plan, str(row["quarters"]), StaffRole(row["approver"]), preview.breaches,
                       preview, row["approved_on"], row["ended_on"])  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlanPayment:
    number: int  # 0 the advance
    due_on: date
    amount: Decimal
    communication: str  # +++xxx/xxxx/xxxxx+++
    paid: bool
    late: bool  # past its due date and not paid
    qr_svg: str = ""


@dataclass(frozen=True, slots=True)
class RunningPlan:
    id: uuid.UUID
    request_id: uuid.UUID | None
    approved_on: date
    debt: Decimal
    quarters: frozenset[tuple[int, int]]
    payments: tuple[PlanPayment, ...]
    paid_total: Decimal

    @property
    def next(self) -> PlanPayment | None:
        return next((p for p in self.payments if not p.paid), None)


def paid_in_order(amounts: list[Decimal], paid_total: Decimal) -> list[bool]:
    """Which of a plan's payments the money received since its approval covers, in order:
    each is paid once what came in reaches the sum of it and those before it."""
    flags: list[bool] = []
    running = ledger.ZERO
    for amount in amounts:
        running += amount
        flags.append(paid_total >= running)
    return flags


async def running_plan_of(
    account_id: uuid.UUID, today: date, *, with_qr: bool = False
) -> RunningPlan | None:
    """The account's approved plan, each payment with whether it is paid (and, for the
    affiliate's page, its QR code)."""
    plan = await PaymentPlan.select().where(
        PaymentPlan.account == account_id, PaymentPlan.status == "approved"
    ).first()  # fmt: skip
    if plan is None:
        return None
    lines = await PlanInstalment.select().where(PlanInstalment.plan == plan["id"]).order_by(
        PlanInstalment.number
    )  # fmt: skip
    received = await fetch(
        "SELECT coalesce(-sum(amount), 0) AS paid FROM ledger_entry WHERE account = {} "
        "AND kind IN ('payment', 'plan_instalment') AND booked_on >= {}",
        account_id, plan["approved_on"],
    )  # fmt: skip
    paid_total = Decimal(str(received[0]["paid"]))
    flags = paid_in_order([Decimal(str(r["amount"])) for r in lines], paid_total)
    settings = get_settings()
    payments: list[PlanPayment] = []
    for row, paid in zip(lines, flags, strict=True):
        written = format_communication(str(row["communication"]))
        amount = Decimal(str(row["amount"]))
        qr = ""
        if with_qr and not paid:
            qr = epc_qr_svg(epc_payload(name=settings.fund_name, iban=settings.fund_iban,
                                        bic=settings.fund_bic, amount=amount,
                                        communication=written))  # fmt: skip
        payments.append(PlanPayment(row["number"], row["due_on"], amount, written, paid,
                                    not paid and row["due_on"] < today, qr))  # fmt: skip
    quarters = frozenset(ledger.named_quarters(str(plan["quarters"])))
    return RunningPlan(plan["id"], plan["request"], plan["approved_on"], Decimal(plan["debt"]),
                       quarters, tuple(payments), paid_total)  # fmt: skip


async def running_plan_for(actor: audit.Actor, today: date | None = None) -> RunningPlan | None:
    account_id = await _account_id(_person(actor))
    if account_id is None:
        return None
    return await running_plan_of(account_id, today or clock.today(), with_qr=True)


# --- exemption (dispense) requests (issue 14, item 2) --------------------------------------


@dataclass(frozen=True, slots=True)
class ExemptionQuarter:
    """A quarter the affiliate may ask INASTI to exempt, with what the account holds for it."""

    year: int
    quarter: int
    deadline: date  # the last day to ask for it
    regularisation: bool  # asked for its regularisation
    charged: Decimal  # contributions, fees and surcharges booked for it (0: not yet notified)
    outstanding: Decimal

    @property
    def key(self) -> str:
        return ledger.quarters_text([(self.year, self.quarter)])


@dataclass(frozen=True, slots=True)
class ExemptionOptions:
    refusal: str | None  # exemptions.Refusal: why no request is possible today
    from_day: date | None  # too early: the first day one is
    quarters: tuple[ExemptionQuarter, ...]
    rules: exemption_rules.ExemptionRules
    pending: uuid.UUID | None  # an exemption request still open: one at a time

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(q.key for q in self.quarters)


async def exemption_options_of(person_id: uuid.UUID, today: date) -> ExemptionOptions:
    rules = exemption_rules.load_exemption_rules()
    view = await affiliation.affiliation_of(person_id)
    account_id = await _account_id(person_id)
    rows = await _entries(account_id) if account_id else []
    entries = [_entry(r) for r in rows]
    regularised = [(e.year, e.quarter, e.booked_on) for e in entries
                   if e.kind is EntryKind.REGULARISATION and e.year and e.quarter]  # fmt: skip
    found = exemption_rules.eligibility(
        rules, today,
        category=view.category.value if view else None,
        affiliated_since=view.starts_on if view else None,
        ceased=bool(view and view.ends_on and view.ends_on <= today),
        regularisations=regularised,
    )  # fmt: skip
    positions = {(p.year, p.quarter): p for p in ledger.quarter_positions(entries, today)}
    quarters = []
    for askable in found.quarters:
        position = positions.get((askable.year, askable.quarter))
        quarters.append(ExemptionQuarter(
            askable.year, askable.quarter, askable.deadline, askable.regularisation,
            position.charged if position else ledger.ZERO,
            position.outstanding if position else ledger.ZERO,
        ))  # fmt: skip
    open_ = await fetch(
        "SELECT id FROM request WHERE person = {} AND kind = 'exemption' "
        f"AND status IN {states.sql_list(states.OPEN)} ORDER BY created_at DESC LIMIT 1",
        person_id,
    )  # fmt: skip
    return ExemptionOptions(found.refusal.value if found.refusal else None, found.from_day,
                            tuple(quarters), rules, open_[0]["id"] if open_ else None)  # fmt: skip


async def exemption_options(actor: audit.Actor, today: date | None = None) -> ExemptionOptions:
    """The affiliate's own: which quarters they may ask INASTI to exempt today."""
    return await exemption_options_of(_person(actor), today or clock.today())


async def exemption_credits(account_id: uuid.UUID, reference: str) -> int:
    """How many exemption entries a request (its reference) booked on the account."""
    rows = await fetch(
        "SELECT count(*) AS n FROM ledger_entry WHERE account = {} AND kind = 'exemption' "
        "AND reason = {}",
        account_id, reference,
    )  # fmt: skip
    return int(rows[0]["n"])


@dataclass(frozen=True, slots=True)
class AskedQuarter:
    """A quarter an exemption request asked for, with what the account charged for it."""

    year: int
    quarter: int
    charged: Decimal

    @property
    def key(self) -> str:
        return ledger.quarters_text([(self.year, self.quarter)])


async def exemption_asked(request_id: uuid.UUID) -> tuple[AskedQuarter, ...]:
    """The quarters an exemption request named (staff pages: scoped to the member before)."""
    rows = await fetch("SELECT person, answers FROM request WHERE id = {} AND kind = 'exemption'",
                       request_id)  # fmt: skip
    if not rows:
        return ()
    answers = rows[0]["answers"]
    text = (json.loads(answers) if isinstance(answers, str) else answers or {}).get("quarters")
    account_id = await _account_id(rows[0]["person"])
    held = await positions_of(account_id) if account_id else []
    charged = {(p.year, p.quarter): p.charged for p in held}
    return tuple(
        AskedQuarter(year, quarter, charged.get((year, quarter), ledger.ZERO))
        for year, quarter in sorted(ledger.named_quarters(str(text or "")))
    )


@dataclass(frozen=True, slots=True)
class PaidLine:
    booked_on: date
    amount: Decimal  # what reached the fund (positive), a cancelled payment negative
    year: int | None  # the quarter it settled, if any
    quarter: int | None


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """What the person paid the fund in a calendar year: the basis of the yearly attestation
    for the tax return (social contributions are deducted in the year they are paid)."""

    year: int
    lines: tuple[PaidLine, ...]
    total: Decimal


async def fiscal_year(person_id: uuid.UUID, year: int) -> FiscalYear:
    """The person's own account (the worker passes the person the attestation is for)."""
    account_id = await _account_id(person_id)
    rows = await fetch(
        "SELECT e.booked_on, -e.amount AS amount, e.year, e.quarter FROM ledger_entry e "
        "LEFT JOIN ledger_entry r ON r.id = e.reverses WHERE e.account = {} "
        "AND extract(year FROM e.booked_on) = {} AND (e.kind IN ('payment', 'plan_instalment') "
        "OR (e.kind = 'reversal' AND r.kind IN ('payment', 'plan_instalment'))) "
        "ORDER BY e.booked_on, e.seq",
        account_id, year,
    ) if account_id else []  # fmt: skip
    lines = tuple(PaidLine(r["booked_on"], Decimal(r["amount"]), r["year"], r["quarter"])
                  for r in rows)  # fmt: skip
    return FiscalYear(year, lines, sum((line.amount for line in lines), ledger.ZERO))


# --- letters (issue 15): what a letter says, as of the day it records --------------------------
#
# A letter reads the account as it stood on its own day (the entries booked by then), never
# "today": made again later, the same letter says the same thing.


@dataclass(frozen=True, slots=True)
class Transfer:
    """How to pay an amount: the fund's account, the communication and its EPC QR code."""

    beneficiary: str
    iban: str  # grouped by four for reading
    bic: str | None
    amount: Decimal
    communication: str  # +++xxx/xxxx/xxxxx+++
    qr_svg: str


def transfer(amount: Decimal, communication: str) -> Transfer:
    settings = get_settings()
    payload = epc_payload(name=settings.fund_name, iban=settings.fund_iban, bic=settings.fund_bic,
                          amount=amount, communication=communication)  # fmt: skip
    return Transfer(settings.fund_name, _grouped(settings.fund_iban), settings.fund_bic, amount,
                    communication, epc_qr_svg(payload))  # fmt: skip


@dataclass(frozen=True, slots=True)
class StepFacts:
    """A recovery step taken, with the account it was taken on."""

    id: uuid.UUID
    account_id: uuid.UUID
    kind: StepKind
    year: int
    quarter: int
    done_on: date
    company: affiliation.CompanyView | None  # a company's account (its directors are told)


async def step_facts(step_id: uuid.UUID) -> StepFacts | None:
    """A step that was taken (a personal contact still to do, or an unknown id: None)."""
    rows = await fetch(
        "SELECT s.id, s.account, s.kind, s.year, s.quarter, s.done_on, a.company "
        "FROM recovery_step s JOIN payment_account a ON a.id = s.account WHERE s.id = {}",
        step_id,
    )  # fmt: skip
    if not rows or rows[0]["done_on"] is None:
        return None
    row = rows[0]
    company = await affiliation.company(row["company"]) if row["company"] else None
    return StepFacts(row["id"], row["account"], StepKind(row["kind"]), row["year"],
                     row["quarter"], row["done_on"], company)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AccountOnDay:
    day: date
    balance: Decimal
    history: tuple[HistoryLine, ...]  # oldest first
    unpaid: tuple[QuarterPosition, ...]  # past or not yet due, with something still to pay
    communications: dict[tuple[int, int], str]  # the notice's communication of each quarter

    def position(self, year: int, quarter: int) -> QuarterPosition | None:
        return next((p for p in self.unpaid if (p.year, p.quarter) == (year, quarter)), None)


async def account_on(account_id: uuid.UUID, day: date) -> AccountOnDay:
    """The account as it stood at the end of `day`."""
    rows = [r for r in await _entries(account_id) if r["booked_on"] <= day]  # type: ignore[operator]
    entries = [_entry(r) for r in rows]
    positions = ledger.quarter_positions(entries, day)
    notices = await DueNotice.select(DueNotice.year, DueNotice.quarter,
                                     DueNotice.communication).where(
        DueNotice.account == account_id
    )  # fmt: skip
    return AccountOnDay(
        day=day,
        balance=ledger.balance(entries),
        history=tuple(_history(rows, entries)),
        unpaid=tuple(p for p in positions if p.outstanding > 0),
        communications={
            (n["year"], n["quarter"]): format_communication(str(n["communication"]))
            for n in notices
        },
    )


@dataclass(frozen=True, slots=True)
class PlanLine:
    number: int  # 0 the advance
    due_on: date
    amount: Decimal
    communication: str


@dataclass(frozen=True, slots=True)
class ApprovedPlan:
    """A plan as approved (its schedule never changes once written)."""

    id: uuid.UUID
    person_id: uuid.UUID
    request_id: uuid.UUID | None
    approved_on: date
    debt: Decimal
    advance: Decimal
    quarters: str  # "2026-Q3, 2026-Q4"
    lines: tuple[PlanLine, ...]


async def approved_plan(plan_id: uuid.UUID) -> ApprovedPlan | None:
    """A person's plan that was approved (whatever became of it since), with its schedule."""
    rows = await fetch(
        "SELECT pl.id, a.person, pl.request, pl.approved_on, pl.debt, pl.advance, pl.quarters "
        "FROM payment_plan pl JOIN payment_account a ON a.id = pl.account "
        "WHERE pl.id = {} AND pl.approved_on IS NOT NULL AND a.person IS NOT NULL",
        plan_id,
    )  # fmt: skip
    if not rows:
        return None
    row = rows[0]
    lines = await PlanInstalment.select().where(PlanInstalment.plan == plan_id).order_by(
        PlanInstalment.number
    )  # fmt: skip
    return ApprovedPlan(
        row["id"], row["person"], row["request"], row["approved_on"], Decimal(row["debt"]),
        Decimal(row["advance"]), str(row["quarters"]),
        tuple(PlanLine(r["number"], r["due_on"], Decimal(str(r["amount"])),
                       format_communication(str(r["communication"]))) for r in lines),
    )  # fmt: skip
