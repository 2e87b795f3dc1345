"""Writes to the contribution account: open it, book an entry, reverse one, issue notices,
import bank statements.

Every write runs in one transaction; a booking carries its idempotency key, so the job that
issues a quarter's notice, re-run after a crash or twice by two workers, books nothing twice.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.affiliation import queries as affiliation
from app.contributions.rules.quarters import quarter_end, quarter_of
from app.contributions.rules.simulation import simulate
from app.contributions.rules.surcharges import surcharges
from app.kit import audit, clock
from app.kit.db import fetch, transaction
from app.kit.i18n import N_
from app.kit.settings import get_settings
from app.messaging.service import Notice, post_notice
from app.payments import queries
from app.payments.rules import ledger
from app.payments.rules.coda import CodaFile, Movement, parse_statement
from app.payments.rules.communication import (
    Decoded,
    decode,
    parse_communication,
    structured_communication,
)
from app.payments.rules.ledger import ZERO, EntryKind
from app.payments.rules.recovery import StepKind, load_schedule, steps_due
from app.payments.tables import (
    BankMovement,
    CodaImport,
    DueNotice,
    LedgerEntry,
    PaymentAccount,
    RecoveryStep,
)

NOTICES_FILE = Path(__file__).with_name("notices.toml")


@dataclass(frozen=True, slots=True)
class NoticePolicy:
    lead_days: int
    batch_size: int


@lru_cache(maxsize=1)
def notice_policy() -> NoticePolicy:
    data = tomllib.loads(NOTICES_FILE.read_text(encoding="utf-8"))
    lead, batch = int(data["lead_days"]), int(data["batch_size"])
    if not 0 < lead <= 180 or not 0 < batch <= 10_000:
        raise ValueError(f"{NOTICES_FILE.name}: lead_days 1–180 and batch_size 1–10 000")
    return NoticePolicy(lead, batch)


@dataclass(frozen=True, slots=True)
class Account:
    id: uuid.UUID
    number: int
    person_id: uuid.UUID


async def ensure_account(person_id: uuid.UUID) -> Account:
    """The person's account, opened on first use (two callers at once open one)."""
    await PaymentAccount.raw(
        "INSERT INTO payment_account (id, person, opened_at) VALUES ({}, {}, now()) "
        "ON CONFLICT (person) DO NOTHING",
        uuid.uuid4(),
        person_id,
    )
    row = await PaymentAccount.select().where(PaymentAccount.person == person_id).first()
    assert row is not None
    return Account(row["id"], row["number"], row["person"])


@dataclass(frozen=True, slots=True)
class NewEntry:
    kind: EntryKind
    amount: Decimal
    booked_on: date
    idempotency_key: str
    label: str = ""
    year: int | None = None
    quarter: int | None = None
    due_on: date | None = None
    reason: str = ""
    reverses: uuid.UUID | None = None
    booked_by: str = "system"


async def book(account_id: uuid.UUID, entry: NewEntry) -> bool:
    """Append an entry; False when its idempotency key was booked already."""
    amount = ledger.check_amount(entry.amount)
    inserted = await LedgerEntry.raw(
        "INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on, "
        "label, reason, reverses, idempotency_key, booked_by, created_at) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, now()) "
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        uuid.uuid4(), account_id, entry.kind.value, amount, entry.booked_on, entry.year,
        entry.quarter, entry.due_on, entry.label[:200], entry.reason, entry.reverses,
        entry.idempotency_key[:120], entry.booked_by[:80],
    )  # fmt: skip
    return bool(inserted)


async def reverse(actor: audit.Actor, entry_id: uuid.UUID, reason: str) -> bool:
    """Cancel an entry by its opposite, with the reason; reversing twice books nothing."""
    if not reason.strip():
        raise ValueError("a reversal states its reason")
    async with transaction():
        row = await LedgerEntry.select().where(LedgerEntry.id == entry_id).first()
        if row is None:
            raise LookupError(entry_id)
        done = await book(
            row["account"],
            NewEntry(
                kind=EntryKind.REVERSAL, amount=-Decimal(row["amount"]),
                booked_on=clock.today(), idempotency_key=f"reversal:{entry_id}",
                label=N_("Correction"), year=row["year"], quarter=row["quarter"],
                due_on=row["due_on"], reason=reason.strip(), reverses=entry_id,
                booked_by=f"{actor.kind}:{actor.id}" if actor.id else actor.kind,
            ),
        )  # fmt: skip
        if done:
            await audit.record(actor, "payments.entry_reversed", subject=("ledger_entry", entry_id),
                               details={"reason": reason.strip()})  # fmt: skip
        return done


# --- due notices ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuarterDue:
    """What the contribution engine says one quarter costs this person."""

    category: str
    income_basis: Decimal
    contribution: Decimal
    management_fee: Decimal
    due_on: date


def quarter_due(view: affiliation.AffiliationView, year: int, quarter: int) -> QuarterDue | None:
    """The provisional contribution of a quarter from the person's status (pure).

    The income: the one the person declared for that year (a starter's estimate or a granted
    adjustment); else the legal minimum, which the law applies while the income of N-3 is not
    known to the fund (the tax administration's flow is not connected yet). None for a quarter
    outside the affiliation.
    """
    first_day = date(year, 3 * quarter - 2, 1)
    if view.starts_on > quarter_end(year, quarter) or (
        view.ends_on is not None and view.ends_on < first_day
    ):
        return None
    category = view.category_on(first_day)
    declared = view.declared_income if view.declared_income_year == year else None
    result = simulate(year, category, income=declared if declared is not None else Decimal(0))
    return QuarterDue(
        category=category.value,
        income_basis=result.income_basis,
        contribution=result.quarterly_contribution,
        management_fee=result.quarterly_management_fee,
        due_on=result.quarters[quarter - 1].due_date,
    )


async def issue_quarter_notice(person_id: uuid.UUID, year: int, quarter: int) -> bool:
    """Issue the person's notice for the quarter, once: the notice, its two ledger entries,
    the inbox message and the e-mail in one transaction. False when there is nothing to
    issue (issued already, or no affiliation that quarter)."""
    view = await affiliation.affiliation_of(person_id)
    due = quarter_due(view, year, quarter) if view is not None else None
    if due is None:
        return False
    settings = get_settings()
    async with transaction():
        account = await ensure_account(person_id)
        digits = structured_communication(account.number, year, quarter)
        amount = due.contribution + due.management_fee
        inserted = await DueNotice.raw(
            "INSERT INTO due_notice (id, account, kind, year, quarter, contribution, "
            "management_fee, amount, due_on, issued_on, communication, iban, category, "
            "income_basis, created_at) VALUES ({}, {}, 'quarterly', {}, {}, {}, {}, {}, {}, {}, "
            "{}, {}, {}, {}, now()) ON CONFLICT DO NOTHING RETURNING id",
            uuid.uuid4(), account.id, year, quarter, due.contribution, due.management_fee,
            amount, due.due_on, clock.today(), digits, settings.fund_iban, due.category,
            due.income_basis,
        )  # fmt: skip
        if not inserted:
            return False
        notice_id = inserted[0]["id"]
        for kind, value, label in (
            (EntryKind.CONTRIBUTION, due.contribution, N_("Provisional contribution")),
            (EntryKind.MANAGEMENT_FEE, due.management_fee, N_("Management fees")),
        ):
            await book(account.id, NewEntry(
                kind=kind, amount=value, booked_on=clock.today(), year=year, quarter=quarter,
                due_on=due.due_on, label=label,
                idempotency_key=f"notice:{notice_id}:{kind.value}",
            ))  # fmt: skip
        await post_notice(
            person_id,
            Notice(
                kind="due_notice",
                subject=N_("Your contributions for quarter %(quarter)s %(year)s"),
                body=N_(
                    "Your notice for quarter %(quarter)s %(year)s is ready: %(amount)s to pay by "
                    "%(due)s. The transfer details and a QR code for your banking app are in "
                    "your online account."
                ),
                context={
                    "quarter": quarter,
                    "year": str(year),
                    "amount": amount,
                    "due": due.due_on,
                },
                email_template="due_notice",
                link=f"/account/contributions/notices/{notice_id}",
            ),
            dedupe_key=f"due_notice:{notice_id}",
        )
        return True


def quarters_to_issue(today: date, lead_days: int) -> list[tuple[int, int]]:
    """The quarters whose notice should have left by today: the current quarter and the next
    one, each once its due date (the quarter's last day) is no further than the lead time."""
    year, quarter = today.year, quarter_of(today)
    following = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return [
        (y, q)
        for y, q in ((year, quarter), following)
        if quarter_end(y, q) - timedelta(days=lead_days) <= today
    ]


async def issue_due_notices(today: date | None = None, *, limit: int | None = None) -> int:
    """The cron job's work: notices of the quarter within the lead time for every affiliated
    person without one, in batches of their own transaction. Returns how many were issued."""
    policy = notice_policy()
    day = today or clock.today()
    issued = 0
    for year, quarter in quarters_to_issue(day, policy.lead_days):
        after = uuid.UUID(int=0)
        while limit is None or issued < limit:
            # The account joined on the same range as the cursor: the anti-join then reads
            # one batch's accounts, not all of them (bench/account.py: 600 ms → 4 ms a batch).
            rows = await fetch(
                "SELECT a.person FROM affiliation a LEFT JOIN payment_account p "
                "ON p.person = a.person AND p.person > {} WHERE a.person > {} "
                "AND NOT EXISTS (SELECT 1 FROM due_notice n WHERE n.account = p.id "
                "AND n.kind = 'quarterly' AND n.year = {} AND n.quarter = {}) "
                "ORDER BY a.person LIMIT {}",
                after, after, year, quarter, policy.batch_size,
            )  # fmt: skip
            if not rows:
                break
            for row in rows:
                if await issue_quarter_notice(row["person"], year, quarter):
                    issued += 1
            after = rows[-1]["person"]
    return issued


# --- payments in: a CODA statement -----------------------------------------------------------
#
# Payments in: a CODA bank statement imported, each movement matched to what it pays.
#
# Matching, in this order: the structured communication of a notice (it names the account and
# the quarter); else the payer's IBAN, already matched once to an account, with the exact amount
# still due on one of its quarters; else the reconciliation queue, where staff assign it. A file
# is imported once (its identity); a movement is booked once (its identity is the payment's
# idempotency key). A malformed file raises CodaError before anything is written.


@dataclass(frozen=True, slots=True)
class ImportResult:
    movements: int
    matched: int
    unmatched: int
    already_imported: bool

    def as_json(self) -> dict[str, object]:
        return {"movements": self.movements, "matched": self.matched,
                "unmatched": self.unmatched, "already_imported": self.already_imported}  # fmt: skip


def _payments(statement: CodaFile) -> list[Movement]:
    """What settles contributions: each detail of a grouped movement on its own."""
    found: list[Movement] = []
    for movement in statement.movements:
        found.extend(movement.details or (movement,))
    return found


async def _account_by_number(number: int) -> uuid.UUID | None:
    row = (
        await PaymentAccount.select(PaymentAccount.id)
        .where(PaymentAccount.number == number)
        .first()
    )
    return row["id"] if row else None


def _decoded(movement: Movement) -> Decoded | None:
    digits = movement.structured_communication or parse_communication(movement.communication)
    return decode(digits) if digits else None


async def _accounts_by_number(payments: list[Movement]) -> dict[int, uuid.UUID]:
    """The accounts the statement's communications name, in one query (not one a movement)."""
    numbers = {d.account_number for m in payments if (d := _decoded(m)) is not None}
    if not numbers:
        return {}
    rows = await PaymentAccount.select(PaymentAccount.number, PaymentAccount.id).where(
        PaymentAccount.number.is_in(sorted(numbers))
    )
    return {row["number"]: row["id"] for row in rows}


@dataclass(frozen=True, slots=True)
class Match:
    account_id: uuid.UUID
    year: int | None
    quarter: int | None
    how: str


async def _match(movement: Movement, accounts: dict[int, uuid.UUID]) -> Match | None:
    decoded = _decoded(movement)
    if decoded is not None:
        account_id = accounts.get(decoded.account_number)
        if account_id is not None:
            return Match(account_id, decoded.year, decoded.quarter, "communication")
    if movement.counterparty_iban:
        known = (
            await BankMovement.select(BankMovement.account)
            .where(
                BankMovement.counterparty_iban == movement.counterparty_iban,
                BankMovement.account.is_not_null(),
            )
            .first()
        )
        if known is not None:
            for position in await queries.positions_of(known["account"]):
                if position.outstanding == movement.amount:
                    return Match(known["account"], position.year, position.quarter,
                                 "iban_amount")  # fmt: skip
    return None


async def import_statement(actor: audit.Actor, data: bytes, *, filename: str = "") -> ImportResult:
    """Import a CODA file once (raises CodaError, with its line, on a malformed file)."""
    statement = parse_statement(data)
    payments = _payments(statement)
    async with transaction():
        done = await CodaImport.select(CodaImport.movements, CodaImport.matched,
                                       CodaImport.unmatched).where(
            (CodaImport.identity == statement.identity) | (CodaImport.digest == statement.digest)
        ).first()  # fmt: skip
        if done is not None:
            return ImportResult(done["movements"], done["matched"], done["unmatched"], True)
        import_id = uuid.uuid4()
        await CodaImport.insert(CodaImport(
            id=import_id, identity=statement.identity, digest=statement.digest,
            filename=filename[:200], account_iban=statement.account_iban,
            statement_date=statement.new_balance_date, movements=len(payments), matched=0,
            unmatched=0, imported_by=_who(actor),
        ))  # fmt: skip
        matched = unmatched = 0
        accounts = await _accounts_by_number(payments)
        for movement in payments:
            found = await _match(movement, accounts) if movement.amount > 0 else None
            status = "matched" if found else ("unmatched" if movement.amount > 0 else "outgoing")
            await BankMovement.insert(BankMovement(
                id=uuid.uuid4(), identity=movement.identity, coda_import=import_id,
                value_date=movement.value_date, amount=movement.amount,
                structured_communication=movement.structured_communication,
                communication=movement.communication[:2000],
                counterparty_iban=movement.counterparty_iban,
                counterparty_name=(movement.counterparty_name or "")[:140], status=status,
                matched_by=found.how if found else "",
                account=found.account_id if found else None,
                year=found.year if found else None, quarter=found.quarter if found else None,
            ))  # fmt: skip
            if found is not None:
                await _book_payment(found, movement, booked_by="coda")
                matched += 1
            elif movement.amount > 0:
                unmatched += 1
        counts: dict[Any, Any] = {CodaImport.matched: matched, CodaImport.unmatched: unmatched}
        await CodaImport.update(counts).where(CodaImport.id == import_id)
        await audit.record(actor, "payments.coda_imported", subject=("coda_import", import_id),
                           details={"movements": len(payments), "matched": matched})  # fmt: skip
    return ImportResult(len(payments), matched, unmatched, False)


async def _book_payment(found: Match, movement: Movement, *, booked_by: str) -> None:
    await book(found.account_id, NewEntry(
        kind=EntryKind.PAYMENT, amount=-ledger.check_amount(movement.amount),
        booked_on=movement.value_date, year=found.year, quarter=found.quarter,
        label=N_("Payment received"), idempotency_key=f"coda:{movement.identity}",
        booked_by=booked_by,
    ))  # fmt: skip


def _who(actor: audit.Actor) -> str:
    return f"{actor.kind}:{actor.id}" if actor.id else actor.kind


async def assign_movement(
    actor: audit.Actor, movement_id: uuid.UUID, *, account_number: int,
    year: int | None = None, quarter: int | None = None,
) -> bool:  # fmt: skip
    """Staff put an unmatched movement on an account (and quarter): its payment is booked."""
    async with transaction():
        row = (
            await BankMovement.select()
            .where(BankMovement.id == movement_id, BankMovement.status == "unmatched")
            .first()
        )
        account_id = await _account_by_number(account_number)
        if row is None or account_id is None:
            return False
        await BankMovement.raw(
            "UPDATE bank_movement SET status = 'assigned', matched_by = 'staff', account = {}, "
            "year = {}, quarter = {} WHERE id = {}",
            account_id, year, quarter, movement_id,
        )  # fmt: skip
        await book(account_id, NewEntry(
            kind=EntryKind.PAYMENT, amount=-Decimal(row["amount"]), booked_on=row["value_date"],
            year=year, quarter=quarter, label=N_("Payment received"),
            idempotency_key=f"coda:{row['identity']}", booked_by=_who(actor),
        ))  # fmt: skip
        await audit.record(
            actor, "payments.movement_assigned", subject=("bank_movement", movement_id),
            details={"account": account_number},
        )  # fmt: skip
    return True


# --- recovery of an unpaid quarter -------------------------------------------------------------
#
# The schedule is data (rules/recovery.toml). The daily job takes, for every quarter past its
# due date and not settled, the steps due by today: a reminder, an account statement and a
# formal notice are sent (inbox and e-mail) and dated; the personal contact becomes a task for
# the account manager, done only when they record it; court recovery is never started by the
# job (staff decide, and only once `court_allowed`). The surcharges of the same quarter are
# booked by the same run, once per quarter end (their idempotency keys).

STEP_NOTICES: dict[StepKind, tuple[str, str]] = {
    StepKind.REMINDER: (
        N_("Reminder: quarter %(quarter)s %(year)s is not paid"),
        N_(
            "We have not received the full payment of your contributions for quarter "
            "%(quarter)s %(year)s, due on %(due)s. Still to pay: %(amount)s. If you have paid "
            "in the meantime, thank you and ignore this message. If paying is difficult, "
            "contact your account manager: solutions exist."
        ),
    ),
    StepKind.STATEMENT: (
        N_("Your account statement: %(amount)s still to pay"),
        N_(
            "Your contributions for quarter %(quarter)s %(year)s, due on %(due)s, are still "
            "unpaid: %(amount)s, surcharges included. Your account statement with every "
            "amount is in your online account."
        ),
    ),
    StepKind.FORMAL_NOTICE: (
        N_("Formal notice: quarter %(quarter)s %(year)s"),
        N_(
            "This is a formal notice to pay %(amount)s for quarter %(quarter)s %(year)s, due "
            "on %(due)s. Your account manager will contact you personally before any other "
            "step. If you cannot pay at once, ask for a payment plan now."
        ),
    ),
}


async def _recovery_done(account_id: uuid.UUID, year: int, quarter: int) -> dict[str, date]:
    rows = await RecoveryStep.select(RecoveryStep.kind, RecoveryStep.done_on).where(
        RecoveryStep.account == account_id,
        RecoveryStep.year == year,
        RecoveryStep.quarter == quarter,
    )
    return {r["kind"]: r["done_on"] for r in rows if r["done_on"] is not None}


async def _book_surcharges(account_id: uuid.UUID, position: ledger.QuarterPosition,
                           contribution: Decimal, today: date) -> int:  # fmt: skip
    """The law's surcharges on what is unpaid of the contribution (fees excluded), each
    booked once: 3 % at each quarter end, 7 % once at 31 December."""
    base = min(contribution, position.outstanding)
    if base <= 0:
        return 0
    found = surcharges(base, position.due_on, today=today)
    booked = 0
    for line in found.lines:
        key = f"surcharge:{account_id}:{position.year}-{position.quarter}:{line.code}:{line.on}"
        if await book(account_id, NewEntry(
            kind=EntryKind.SURCHARGE, amount=line.amount, booked_on=line.on,
            year=position.year, quarter=position.quarter, due_on=position.due_on,
            label=N_("Surcharge for late payment"), idempotency_key=key,
        )):  # fmt: skip
            booked += 1
    return booked


async def run_recovery_for(account_id: uuid.UUID, person_id: uuid.UUID, today: date) -> int:
    """One account's late quarters: surcharges, then the steps due. Returns steps taken."""
    schedule = load_schedule()
    taken = 0
    contributions = {
        (r["year"], r["quarter"]): Decimal(r["contribution"])
        for r in await DueNotice.select(DueNotice.year, DueNotice.quarter,
                                        DueNotice.contribution).where(
            DueNotice.account == account_id
        )
    }  # fmt: skip
    for position in await queries.positions_of(account_id):
        if position.outstanding <= 0 or position.due_on >= today:
            continue
        async with transaction():
            key = (position.year, position.quarter)
            await _book_surcharges(account_id, position, contributions.get(key, ZERO), today)
            done_on = await _recovery_done(account_id, *key)
            contact = StepKind.PERSONAL_CONTACT.value in done_on
            for step in steps_due(schedule, position.due_on, today, set(done_on), contact,
                                  False, done_on=done_on):  # fmt: skip
                if step.kind is StepKind.COURT:
                    continue  # staff decide on court recovery, never the job
                task = step.kind is StepKind.PERSONAL_CONTACT
                inserted = await RecoveryStep.raw(
                    "INSERT INTO recovery_step (id, account, year, quarter, kind, scheduled_on, "
                    "done_on, done_by, note, created_at) VALUES ({}, {}, {}, {}, {}, {}, {}, "
                    "{}, '', now()) ON CONFLICT DO NOTHING RETURNING id",
                    uuid.uuid4(), account_id, position.year, position.quarter, step.kind.value,
                    step.on, None if task else today, "" if task else "system",
                )  # fmt: skip
                if not inserted:
                    continue
                taken += 1
                if step.kind in STEP_NOTICES:
                    await _tell_step(person_id, step.kind, position, inserted[0]["id"])
    return taken


async def _tell_step(person_id: uuid.UUID, kind: StepKind, position: ledger.QuarterPosition,
                     step_id: uuid.UUID) -> None:  # fmt: skip
    subject, body = STEP_NOTICES[kind]
    await post_notice(
        person_id,
        Notice(
            kind=f"recovery_{kind.value}",
            subject=subject,
            body=body,
            context={
                "quarter": position.quarter,
                "year": str(position.year),
                "due": position.due_on,
                "amount": position.outstanding,
            },
            email_template="recovery_step",
            link="/account/contributions",
        ),
        dedupe_key=f"recovery:{step_id}",
    )


async def run_recovery(today: date | None = None, *, limit: int | None = None) -> int:
    """The daily job: every account with a quarter past its due date, in batches."""
    day = today or clock.today()
    taken = 0
    after = uuid.UUID(int=0)
    seen = 0
    while limit is None or seen < limit:
        rows = await fetch(
            "SELECT DISTINCT p.id, p.person FROM payment_account p JOIN due_notice n "
            "ON n.account = p.id WHERE n.due_on < {} AND p.id > {} ORDER BY p.id LIMIT {}",
            day, after, notice_policy().batch_size,
        )  # fmt: skip
        if not rows:
            break
        for row in rows:
            taken += await run_recovery_for(row["id"], row["person"], day)
            seen += 1
        after = rows[-1]["id"]
    return taken


async def record_personal_contact(actor: audit.Actor, step_id: uuid.UUID, note: str) -> bool:
    """The account manager records the personal contact (the charter's condition for any
    court recovery): dated, by whom, what was said. Once."""
    if not note.strip():
        raise ValueError("say what the contact was")
    updated = await RecoveryStep.raw(
        "UPDATE recovery_step SET done_on = {}, done_by = {}, note = {} WHERE id = {} "
        "AND kind = 'personal_contact' AND done_on IS NULL RETURNING id",
        clock.today(), f"{actor.kind}:{actor.id}" if actor.id else actor.kind,
        note.strip()[:2000], step_id,
    )  # fmt: skip
    if updated:
        await audit.record(actor, "payments.personal_contact_recorded",
                           subject=("recovery_step", step_id))  # fmt: skip
    return bool(updated)
