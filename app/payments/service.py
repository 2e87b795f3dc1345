"""Writes to the contribution account: open it, book an entry, reverse one, issue notices,
import bank statements.

Every write runs in one transaction; a booking carries its idempotency key, so the job that
issues a quarter's notice, re-run after a crash or twice by two workers, books nothing twice.
"""

from __future__ import annotations

import logging
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import LazyProxy
from piccolo.columns import Column

from app.affiliation import queries as affiliation
from app.contributions.rules.company import CompanyContribution, company_contribution, delay_months
from app.contributions.rules.errors import UnknownParameter, UnknownYear
from app.contributions.rules.parameters import load_year
from app.contributions.rules.quarters import quarter_end, quarter_of
from app.contributions.rules.simulation import simulate
from app.contributions.rules.surcharges import surcharges
from app.identity import queries as identity
from app.identity.rules import Permission, StaffRole, role_allows
from app.kit import audit, clock, outbox
from app.kit.db import fetch, transaction
from app.kit.errors import FormInvalid
from app.kit.i18n import N_, fill, format_money, format_rate, gettext
from app.kit.money import cents
from app.kit.settings import get_settings
from app.messaging.service import Notice, NoticeFor, post_notice, post_notices
from app.payments import court as court  # the court follow-up, for the back office
from app.payments import queries
from app.payments.messages import PLAN_BREACH, PLAN_BREACH_FIELD, PLAN_BREACH_SHORT
from app.payments.rules import exemptions as exemption_rules
from app.payments.rules import ledger
from app.payments.rules import plans as plan_rules
from app.payments.rules.coda import CodaFile, Movement, parse_statement
from app.payments.rules.communication import (
    Decoded,
    DecodedInstalment,
    NoticeKind,
    decode,
    decode_instalment,
    instalment_communication,
    parse_communication,
    structured_communication,
)
from app.payments.rules.ledger import ZERO, EntryKind, named_quarters, quarters_text
from app.payments.rules.recovery import StepKind, load_schedule, steps_due
from app.payments.tables import (
    BankMovement,
    CodaImport,
    DueNotice,
    LedgerEntry,
    PaymentAccount,
    PaymentPlan,
    PlanInstalment,
    RecoveryStep,
)
from app.requests import service as requests
from app.requests.kinds import RequestKind
from app.requests.states import Status

NOTICES_FILE = Path(__file__).with_name("notices.toml")
log = logging.getLogger("affilio.payments")


@dataclass(frozen=True, slots=True)
class NoticePolicy:
    lead_days: int
    batch_size: int  # persons a batch query of the notice job reads
    chunk_size: int  # persons a transaction of the notice job issues


@lru_cache(maxsize=1)
def notice_policy() -> NoticePolicy:
    data = tomllib.loads(NOTICES_FILE.read_text(encoding="utf-8"))
    lead, batch, chunk = int(data["lead_days"]), int(data["batch_size"]), int(data["chunk_size"])
    if not 0 < lead <= 180 or not 0 < batch <= 10_000 or not 0 < chunk <= min(batch, 1_000):
        raise ValueError(
            f"{NOTICES_FILE.name}: lead_days 1–180, batch_size 1–10 000, "
            "chunk_size 1–1 000 and at most batch_size"
        )
    return NoticePolicy(lead, batch, chunk)


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
    return await _book_entries([(account_id, entry)]) == 1


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


@dataclass(frozen=True, slots=True)
class UndueBooking:
    """Where an undue benefit's claim stands on the account: its quarter and the structured
    communication that repays it (`NoticeKind.UNDUE_BENEFIT`), which a payment leads back to."""

    year: int
    quarter: int
    communication: str
    booked: bool  # False: the claim was booked before (same key), nothing more was written


async def book_undue_claim(person_id: uuid.UUID, claim_id: uuid.UUID, amount: Decimal,
                           decided_on: date, repay_by: date,
                           booked_by: str) -> UndueBooking:  # fmt: skip
    """In the caller's transaction: the claim of an undue benefit on the person's account, in
    the quarter of its decision, due on `repay_by`. Its recovery follows the account's (the
    reminders after the due date, the personal contact), but no contribution surcharge runs on
    it (`_book_surcharges`)."""
    account = await ensure_account(person_id)
    year, quarter = decided_on.year, quarter_of(decided_on)
    communication = structured_communication(account.number, year, quarter,
                                             NoticeKind.UNDUE_BENEFIT)  # fmt: skip
    booked = await book(account.id, NewEntry(
        kind=EntryKind.UNDUE_BENEFIT, amount=ledger.check_amount(amount), booked_on=decided_on,
        idempotency_key=f"undue:{claim_id}", label=N_("Undue benefit to repay"), year=year,
        quarter=quarter, due_on=repay_by, booked_by=booked_by,
    ))  # fmt: skip
    return UndueBooking(year, quarter, communication, booked)


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
    issue (issued already, or no affiliation that quarter). The notice job's own path
    (`_issue_chunk`), for one person."""
    return await _issue_chunk([person_id], year, quarter) == 1


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
            for start in range(0, len(rows), policy.chunk_size):
                chunk = rows[start : start + policy.chunk_size]
                issued += await _issue_chunk([row["person"] for row in chunk], year, quarter)
            after = rows[-1]["person"]
    return issued


async def _issue_chunk(person_ids: list[uuid.UUID], year: int, quarter: int) -> int:
    """Issue the quarter's notice of each of these people, in one transaction and the same few
    statements whatever their number (bench/account.py): their affiliations read at once,
    their accounts opened, the notices inserted, then for each notice inserted its two ledger
    entries, its inbox message and its e-mail. A person without an affiliation that quarter
    gets nothing; one whose notice exists (an earlier run, or another worker right now: the
    unique index on account, kind and quarter, ON CONFLICT DO NOTHING) gets nothing more.
    Everything is written in the people's order. Returns how many notices were issued."""
    people = list(dict.fromkeys(person_ids))
    views = await affiliation.affiliations_of(people)
    dues: dict[uuid.UUID, QuarterDue] = {}
    for person_id in people:
        view = views.get(person_id)
        due = quarter_due(view, year, quarter) if view is not None else None
        if due is not None:
            dues[person_id] = due
    if not dues:
        return 0
    today, iban = clock.today(), get_settings().fund_iban
    async with transaction():
        accounts = await _ensure_accounts(list(dues))
        planned = [(uuid.uuid4(), person_id, due) for person_id, due in dues.items()]
        inserted = await DueNotice.raw(
            "INSERT INTO due_notice (id, account, kind, year, quarter, contribution, "
            "management_fee, amount, due_on, issued_on, communication, iban, category, "
            "income_basis, created_at) SELECT t.id, t.account, 'quarterly', {}::int, {}::int, "
            "t.contribution, t.fee, t.amount, t.due_on, {}::date, t.communication, {}::text, "
            "t.category, t.income_basis, now() FROM unnest({}::uuid[], {}::uuid[], "
            "{}::numeric[], {}::numeric[], {}::numeric[], {}::date[], {}::text[], {}::text[], "
            "{}::numeric[]) WITH ORDINALITY AS t(id, account, contribution, fee, amount, due_on, "
            "communication, category, income_basis, n) ORDER BY t.n "
            "ON CONFLICT DO NOTHING RETURNING id",
            year, quarter, today, iban,
            [notice_id for notice_id, _, _ in planned],
            [accounts[person_id].id for _, person_id, _ in planned],
            [due.contribution for _, _, due in planned],
            [due.management_fee for _, _, due in planned],
            [due.contribution + due.management_fee for _, _, due in planned],
            [due.due_on for _, _, due in planned],
            [structured_communication(accounts[person_id].number, year, quarter)
             for _, person_id, _ in planned],
            [due.category for _, _, due in planned],
            [due.income_basis for _, _, due in planned],
        )  # fmt: skip
        fresh = {row["id"] for row in inserted}
        issued = [item for item in planned if item[0] in fresh]
        if not issued:
            return 0
        entries: list[tuple[uuid.UUID, NewEntry]] = []
        for notice_id, person_id, due in issued:
            for kind, value, label in (
                (EntryKind.CONTRIBUTION, due.contribution, N_("Provisional contribution")),
                (EntryKind.MANAGEMENT_FEE, due.management_fee, N_("Management fees")),
            ):
                entries.append((accounts[person_id].id, NewEntry(
                    kind=kind, amount=value, booked_on=today, year=year, quarter=quarter,
                    due_on=due.due_on, label=label,
                    idempotency_key=f"notice:{notice_id}:{kind.value}",
                )))  # fmt: skip
        await _book_entries(entries)
        await post_notices([
            NoticeFor(person_id, _due_notice_message(notice_id, year, quarter, due),
                      dedupe_key=f"due_notice:{notice_id}")
            for notice_id, person_id, due in issued
        ])  # fmt: skip
        return len(issued)


async def _ensure_accounts(person_ids: list[uuid.UUID]) -> dict[uuid.UUID, Account]:
    """`ensure_account` of many people in two statements: the accounts opened in the people's
    order (their numbers follow it; like ensure_account, a person who has one already uses up
    a number of the sequence), then every one of them read."""
    await PaymentAccount.raw(
        "INSERT INTO payment_account (id, person, opened_at) SELECT t.id, t.person, now() "
        "FROM unnest({}::uuid[], {}::uuid[]) WITH ORDINALITY AS t(id, person, n) ORDER BY t.n "
        "ON CONFLICT (person) DO NOTHING",
        [uuid.uuid4() for _ in person_ids], person_ids,
    )  # fmt: skip
    rows = await PaymentAccount.raw(
        "SELECT id, number, person FROM payment_account WHERE person = ANY({})", person_ids
    )
    return {row["person"]: Account(row["id"], row["number"], row["person"]) for row in rows}


async def _book_entries(entries: list[tuple[uuid.UUID, NewEntry]]) -> int:
    """`book` of many entries (account, entry) in one INSERT, in their order (`seq` follows
    it); an idempotency key booked already books nothing. Returns how many were booked."""
    fields: list[list[Any]] = [[] for _ in range(13)]
    for account_id, entry in entries:
        values = (
            uuid.uuid4(), account_id, entry.kind.value, ledger.check_amount(entry.amount),
            entry.booked_on, entry.year, entry.quarter, entry.due_on, entry.label[:200],
            entry.reason, entry.reverses, entry.idempotency_key[:120], entry.booked_by[:80],
        )  # fmt: skip
        for column, value in zip(fields, values, strict=True):
            column.append(value)
    async with transaction():  # the entries and the rights' re-evaluation, together
        return await _insert_entries(fields)


async def _insert_entries(fields: list[list[Any]]) -> int:
    inserted = await LedgerEntry.raw(
        "INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on, "
        "label, reason, reverses, idempotency_key, booked_by, created_at) "
        "SELECT t.id, t.account, t.kind, t.amount, t.booked_on, t.year, t.quarter, t.due_on, "
        "t.label, t.reason, t.reverses, t.idempotency_key, t.booked_by, now() "
        "FROM unnest({}::uuid[], {}::uuid[], {}::text[], {}::numeric[], {}::date[], {}::int[], "
        "{}::int[], {}::date[], {}::text[], {}::text[], {}::uuid[], {}::text[], {}::text[]) "
        "WITH ORDINALITY AS t(id, account, kind, amount, booked_on, year, quarter, due_on, "
        "label, reason, reverses, idempotency_key, booked_by, n) ORDER BY t.n "
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, account, kind",
        *fields,
    )
    await _payments_booked({r["account"] for r in inserted if r["kind"] == EntryKind.PAYMENT})
    return len(inserted)


RIGHTS_BATCH = 500  # people per re-evaluation job after payments (a CODA import books many)


async def _payments_booked(accounts: set[uuid.UUID]) -> None:
    """A payment can open a right (a waiver once the principal is paid, continued insurance
    once the last quarters are): the proactive rights re-read these people's files, in the
    booking's transaction (rights sits above payments: a job, not an import)."""
    if not accounts:
        return
    rows = await fetch(
        "SELECT DISTINCT person FROM payment_account WHERE id = ANY({}::uuid[]) "
        "AND person IS NOT NULL",  # a company's account has no person of its own
        list(accounts),
    )
    people = sorted(str(r["person"]) for r in rows)
    if not people:
        return
    await outbox.enqueue_many("rights.evaluate_people", [
        {"person_ids": people[i : i + RIGHTS_BATCH]} for i in range(0, len(people), RIGHTS_BATCH)
    ])  # fmt: skip


def _due_notice_message(notice_id: uuid.UUID, year: int, quarter: int, due: QuarterDue) -> Notice:
    """What the person reads in their inbox and by e-mail of a notice issued."""
    return Notice(
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
            "amount": due.contribution + due.management_fee,
            "due": due.due_on,
        },
        email_template="due_notice",
        link=f"/account/contributions/notices/{notice_id}",
    )


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


def _instalment(movement: Movement) -> DecodedInstalment | None:
    """A plan payment's communication (kind 3): it names the account, not a quarter."""
    digits = movement.structured_communication or parse_communication(movement.communication)
    return decode_instalment(digits) if digits else None


def _named_account(movement: Movement) -> int | None:
    found = _decoded(movement) or _instalment(movement)
    return found.account_number if found is not None else None


async def _accounts_by_number(payments: list[Movement]) -> dict[int, uuid.UUID]:
    """The accounts the statement's communications name, in one query (not one a movement)."""
    numbers = {n for m in payments if (n := _named_account(m)) is not None}
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
    instalment = _instalment(movement)
    if instalment is not None and (account_id := accounts.get(instalment.account_number)):
        # A plan's payment settles the oldest quarters first, as the plan covers them.
        return Match(account_id, None, None, "communication")
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
            else:
                # A direct debit's reject, return or refund (app/payments/debit.py, which builds
                # on this module: imported here, not at the top).
                from app.payments import debit

                await debit.returned(movement)
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
                           contribution: Decimal, today: date,
                           undue: Decimal = ZERO) -> int:  # fmt: skip
    """The law's surcharges on what is unpaid of the contribution (fees excluded), each
    booked once: 3 % at each quarter end, 7 % once at 31 December. An undue benefit claimed
    in the quarter is no contribution: what is unpaid is taken as the claim first, so no
    surcharge ever runs on it."""
    base = min(contribution, position.outstanding - undue)
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
    paused = await queries.plan_quarters_of(account_id)
    undue = await queries.undue_by_quarter(account_id)
    for position in await queries.positions_of(account_id):
        if position.outstanding <= 0 or position.due_on >= today:
            continue
        async with transaction():
            key = (position.year, position.quarter)
            # The law's surcharges run, plan or not; the recovery steps wait while it holds.
            await _book_surcharges(account_id, position, contributions.get(key, ZERO), today,
                                   undue.get(key, ZERO))  # fmt: skip
            if key in paused:
                continue
            done_on = await _recovery_done(account_id, *key)
            contact = StepKind.PERSONAL_CONTACT.value in done_on
            for step in steps_due(schedule, position.due_on, today, set(done_on), contact,
                                  False, done_on=done_on):  # fmt: skip
                if step.kind is StepKind.COURT:
                    continue  # staff decide on court recovery, never the job
                step_id = await _insert_step(account_id, position, step.kind, step.on, today)
                if step_id is None:
                    continue
                taken += 1
                if step.kind in STEP_NOTICES:
                    await _tell_step(person_id, step.kind, position, step_id)
    return taken


async def _insert_step(account_id: uuid.UUID, position: ledger.QuarterPosition, kind: StepKind,
                       on: date, today: date) -> uuid.UUID | None:  # fmt: skip
    """Record a step taken today (or, the personal contact, a task until staff record it);
    None when it was recorded already (the job ran twice)."""
    task = kind is StepKind.PERSONAL_CONTACT
    inserted = await RecoveryStep.raw(
        "INSERT INTO recovery_step (id, account, year, quarter, kind, scheduled_on, done_on, "
        "done_by, note, created_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, '', now()) "
        "ON CONFLICT DO NOTHING RETURNING id",
        uuid.uuid4(), account_id, position.year, position.quarter, kind.value, on,
        None if task else today, "" if task else "system",
    )  # fmt: skip
    return inserted[0]["id"] if inserted else None


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
    # Its letter as a PDF, joined to the message once made.
    await letters.queue_recovery_letter(person_id, step_id, f"recovery:{step_id}")


async def run_recovery(today: date | None = None, *, limit: int | None = None) -> int:
    """The daily job: the payment plans first (a lapsed one resumes its quarters' recovery
    the same day), then every account with a quarter past its due date, in batches."""
    day = today or clock.today()
    await check_plans(day)
    taken = 0
    after = uuid.UUID(int=0)
    seen = 0
    while limit is None or seen < limit:
        rows = await fetch(
            "SELECT DISTINCT p.id, p.person, p.company FROM payment_account p JOIN due_notice n "
            "ON n.account = p.id WHERE n.due_on < {} AND p.id > {} ORDER BY p.id LIMIT {}",
            day, after, notice_policy().batch_size,
        )  # fmt: skip
        if not rows:
            break
        for row in rows:
            if row["company"] is not None:
                taken += await run_company_recovery_for(row["id"], row["company"], day)
            else:
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


# --- companies: the yearly company contribution -----------------------------------------------
#
# A company's account takes one notice a year (kind 7 in the communication, quarter 4: it falls
# due on 31 December), addressed to its directors in office. Paid late, it costs the law's 1 %
# per started month of delay (contributions.rules.company), not the quarterly surcharges; the
# recovery schedule is the same as a person's, its notices going to the directors.

COMPANY_NOTICES_FILE = Path(__file__).with_name("company_notices.toml")
COMPANY_QUARTER = 4  # the quarter of 31 December: what the communication names


@dataclass(frozen=True, slots=True)
class CompanyNoticePolicy:
    lead_days: int
    source: str
    confirmed: bool


@lru_cache(maxsize=1)
def company_notice_policy() -> CompanyNoticePolicy:
    data = tomllib.loads(COMPANY_NOTICES_FILE.read_text(encoding="utf-8"))
    lead = int(data["lead_days"])
    if not 0 < lead <= 180:
        raise ValueError(f"{COMPANY_NOTICES_FILE.name}: lead_days 1–180")
    return CompanyNoticePolicy(lead, str(data["source"]), bool(data["confirmed"]))


@dataclass(frozen=True, slots=True)
class CompanyAccount:
    id: uuid.UUID
    number: int
    company_id: uuid.UUID


async def ensure_company_account(company_id: uuid.UUID) -> CompanyAccount:
    """The company's account, opened on first use (two callers at once open one)."""
    await PaymentAccount.raw(
        "INSERT INTO payment_account (id, company, opened_at) VALUES ({}, {}, now()) "
        "ON CONFLICT (company) DO NOTHING",
        uuid.uuid4(),
        company_id,
    )
    row = await PaymentAccount.select().where(PaymentAccount.company == company_id).first()
    assert row is not None
    return CompanyAccount(row["id"], row["number"], row["company"])


def company_due(
    company: affiliation.CompanyView, figures: affiliation.CompanyYearView
) -> CompanyContribution:
    """What the company owes for the year of `figures` (pure but for the year file). Raises
    UnknownParameter while the year's amounts are not known (2026)."""
    return company_contribution(
        load_year(figures.year),
        figures.balance_sheet_total,
        incorporated_on=company.incorporated_on,
        public_limited=company.public_limited,
        exemption_requested=figures.exemption_requested,
    )


def company_notice_window(year: int, today: date) -> bool:
    """Whether the year's company notices should have left by `today` (and not be late)."""
    try:
        due = load_year(year).company_due_date
    except UnknownYear:
        return False
    return due - timedelta(days=company_notice_policy().lead_days) <= today <= due


async def issue_company_notice(company_id: uuid.UUID, year: int) -> bool:
    """Issue the company's notice for the year, once: the notice, its ledger entry and a
    message to each director in office, in one transaction. False when there is nothing to
    issue (issued already, no figures recorded for the year, or exempted: nothing to pay).
    Raises UnknownParameter while the year's amounts are not known."""
    company = await affiliation.company(company_id)
    figures = await affiliation.company_year(company_id, year) if company else None
    if company is None or figures is None:
        return False
    due = company_due(company, figures)
    if due.amount <= 0:
        return False
    today = clock.today()
    async with transaction():
        account = await ensure_company_account(company_id)
        digits = structured_communication(account.number, year, COMPANY_QUARTER,
                                          NoticeKind.COMPANY)  # fmt: skip
        inserted = await DueNotice.raw(
            "INSERT INTO due_notice (id, account, kind, year, quarter, contribution, "
            "management_fee, amount, due_on, issued_on, communication, iban, category, "
            "income_basis, created_at) VALUES ({}, {}, 'company', {}, {}, {}, 0, {}, {}, {}, "
            "{}, {}, 'company', {}, now()) ON CONFLICT DO NOTHING RETURNING id",
            uuid.uuid4(), account.id, year, COMPANY_QUARTER, due.amount, due.amount,
            due.due_date, today, digits, get_settings().fund_iban, figures.balance_sheet_total,
        )  # fmt: skip
        if not inserted:
            return False
        notice_id = inserted[0]["id"]
        await book(account.id, NewEntry(
            kind=EntryKind.CONTRIBUTION, amount=due.amount, booked_on=today, year=year,
            quarter=COMPANY_QUARTER, due_on=due.due_date,
            label=N_("Annual company contribution"),
            idempotency_key=f"notice:{notice_id}:contribution",
        ))  # fmt: skip
        for director in await affiliation.directors_of(company_id, today):
            await post_notice(
                director.person_id,
                Notice(
                    kind="company_notice",
                    subject=N_("The %(year)s contribution of %(company)s"),
                    body=N_(
                        "The annual company contribution of %(company)s for %(year)s is "
                        "ready: %(amount)s to pay by %(due)s. As its director, you find the "
                        "transfer details and a QR code for your banking app in your online "
                        "account."
                    ),
                    context={
                        "company": company.name,
                        "year": str(year),
                        "amount": due.amount,
                        "due": due.due_date,
                    },
                    email_template="company_notice",
                    link=f"/account/contributions/notices/{notice_id}",
                ),
                dedupe_key=f"due_notice:{notice_id}:{director.person_id}",
            )
        return True


@dataclass(frozen=True, slots=True)
class CompanyNoticeRun:
    issued: int
    year: int | None  # the year whose notices were due, if any
    amounts_unknown: bool  # the year's amounts are not known: nothing could be issued


async def issue_company_notices(today: date | None = None) -> CompanyNoticeRun:
    """The cron job's work: the yearly notice of every company whose figures for the year are
    recorded, within the lead time before the due date, in batches of their own transaction.
    While the year's amounts are unknown it issues nothing and says so (staff see it)."""
    day = today or clock.today()
    year = day.year
    if not company_notice_window(year, day):
        return CompanyNoticeRun(0, None, False)
    issued = 0
    after = uuid.UUID(int=0)
    while True:
        batch = await affiliation.companies_with_year(year, after=after,
                                                      limit=notice_policy().batch_size)  # fmt: skip
        if not batch:
            break
        for company, _figures in batch:
            try:
                issued += await issue_company_notice(company.id, year)
            except UnknownParameter:
                log.warning("company notices %s withheld: the year's amounts are unknown", year)
                return CompanyNoticeRun(issued, year, True)
        after = batch[-1][0].id
    return CompanyNoticeRun(issued, year, False)


async def _book_company_fines(account_id: uuid.UUID, position: ledger.QuarterPosition,
                              contribution: Decimal, today: date) -> int:  # fmt: skip
    """The late fine of a company contribution: the year's monthly rate (1 %) on what is
    unpaid of the contribution, booked once at the start of each month of delay."""
    base = min(contribution, position.outstanding)
    if base <= 0:
        return 0
    rate = load_year(position.year).require_amount("company.late_rate_monthly")
    booked = 0
    for number, starts in enumerate(delay_months(position.due_on, today), start=1):
        if await book(account_id, NewEntry(
            kind=EntryKind.SURCHARGE, amount=cents(base * rate), booked_on=starts,
            year=position.year, quarter=position.quarter, due_on=position.due_on,
            label=N_("Late payment fine"),
            idempotency_key=f"company_fine:{account_id}:{position.year}:{number}",
        )):  # fmt: skip
            booked += 1
    return booked


COMPANY_STEP_NOTICES: dict[StepKind, tuple[str, str]] = {
    StepKind.REMINDER: (
        N_("Reminder: the %(year)s contribution of %(company)s is not paid"),
        N_(
            "We have not received the full payment of the annual company contribution of "
            "%(company)s for %(year)s, due on %(due)s. Still to pay: %(amount)s. Each month "
            "of delay costs a fine of %(rate)s of the contribution. If it has been paid in the "
            "meantime, thank you and ignore this message."
        ),
    ),
    StepKind.STATEMENT: (
        N_("Account statement of %(company)s: %(amount)s still to pay"),
        N_(
            "The annual company contribution of %(company)s for %(year)s, due on %(due)s, is "
            "still unpaid: %(amount)s, fines included. The statement with every amount is in "
            "your online account."
        ),
    ),
    StepKind.FORMAL_NOTICE: (
        N_("Formal notice: the %(year)s contribution of %(company)s"),
        N_(
            "This is a formal notice to pay %(amount)s, the annual company contribution of "
            "%(company)s for %(year)s, due on %(due)s. The fund will contact you personally "
            "before any other step."
        ),
    ),
}


async def run_company_recovery_for(account_id: uuid.UUID, company_id: uuid.UUID,
                                   today: date) -> int:  # fmt: skip
    """One company account's late years: fines, then the steps due, told to its directors."""
    company = await affiliation.company(company_id)
    if company is None:
        return 0
    schedule = load_schedule()
    taken = 0
    contributions = {
        r["year"]: Decimal(r["contribution"])
        for r in await DueNotice.select(DueNotice.year, DueNotice.contribution).where(
            DueNotice.account == account_id, DueNotice.kind == "company"
        )
    }
    for position in await queries.positions_of(account_id):
        if position.outstanding <= 0 or position.due_on >= today:
            continue
        async with transaction():
            await _book_company_fines(account_id, position,
                                      contributions.get(position.year, ZERO), today)  # fmt: skip
            done_on = await _recovery_done(account_id, position.year, position.quarter)
            contact = StepKind.PERSONAL_CONTACT.value in done_on
            for step in steps_due(schedule, position.due_on, today, set(done_on), contact,
                                  False, done_on=done_on):  # fmt: skip
                if step.kind is StepKind.COURT:
                    continue
                step_id = await _insert_step(account_id, position, step.kind, step.on, today)
                if step_id is None:
                    continue
                taken += 1
                if step.kind in COMPANY_STEP_NOTICES:
                    owed = await _outstanding(account_id, position)
                    await _tell_directors(company, step.kind, position, owed, step_id, today)
    return taken


async def _outstanding(account_id: uuid.UUID, position: ledger.QuarterPosition) -> Decimal:
    """What is still due on the period now, the fines just booked included."""
    for fresh in await queries.positions_of(account_id):
        if (fresh.year, fresh.quarter) == (position.year, position.quarter):
            return fresh.outstanding
    return position.outstanding


async def _tell_directors(company: affiliation.CompanyView, kind: StepKind,
                          position: ledger.QuarterPosition, outstanding: Decimal,
                          step_id: uuid.UUID, today: date) -> None:  # fmt: skip
    subject, body = COMPANY_STEP_NOTICES[kind]
    rate = load_year(position.year).require_amount("company.late_rate_monthly")
    for director in await affiliation.directors_of(company.id, today):
        await post_notice(
            director.person_id,
            Notice(
                kind=f"recovery_{kind.value}",
                subject=subject,
                body=body,
                context={
                    "company": company.name,
                    "year": str(position.year),
                    "due": position.due_on,
                    "amount": outstanding,
                    # written in the recipient's language when the notice is (a lazy text)
                    "rate": LazyProxy(format_rate, rate, enable_cache=False),
                },
                email_template="recovery_step",
                link=f"/account/companies/{company.id}",
            ),
            dedupe_key=f"recovery:{step_id}:{director.person_id}",
        )
        await letters.queue_recovery_letter(
            director.person_id, step_id, f"recovery:{step_id}:{director.person_id}"
        )


# --- surcharge waivers (issue 14, item 3) ------------------------------------------------------
#
# Once a quarter's principal is paid, the affiliate may ask the fund to waive its surcharges
# (only reasons beyond their control count: the fund decides). The request is a request of the
# requests domain (kind surcharge_waiver, the quarters named "2026-Q3"); its grant cancels what
# is then waivable of those quarters, one credit a quarter with the request's reference.


async def request_waiver(actor: audit.Actor, reason: str) -> uuid.UUID:
    """File the affiliate's waiver request for every quarter whose surcharges may be waived
    now; the same quarters asked twice return the first request. LookupError: nothing to
    waive."""
    waivers = await queries.waivers_for(actor)
    if not waivers or actor.id is None:
        raise LookupError("no surcharge to waive")
    quarters = quarters_text([(w.year, w.quarter) for w in waivers])
    submitted = await requests.submit_request(
        actor, person_id=actor.id, kind=RequestKind.SURCHARGE_WAIVER.value,
        answers={"quarters": quarters, "reason": reason}, idempotency_key=f"waiver:{quarters}",
    )  # fmt: skip
    return submitted.id


async def waive_surcharges(actor: audit.Actor, person_id: uuid.UUID, request_id: uuid.UUID,
                           reference: str, answers: Mapping[str, Any],
                           decision: Status = Status.GRANTED) -> None:  # fmt: skip
    """A granted surcharge waiver (registered with requests.effects): what is waivable of the
    quarters it names is cancelled, one credit a quarter, once. A request naming no quarter
    we can read (typed freely) waives every quarter waivable today: staff granted it reading
    the request. Any other decision changes nothing on the account."""
    account_id = await queries.account_of_person(person_id)
    if account_id is None or decision is not Status.GRANTED:
        return
    named = named_quarters(str(answers.get("quarters") or ""))
    for waiver in await queries.waivers_of(account_id):
        if named and (waiver.year, waiver.quarter) not in named:
            continue
        if await book(account_id, NewEntry(
            kind=EntryKind.REVERSAL, amount=-waiver.waivable, booked_on=clock.today(),
            year=waiver.year, quarter=waiver.quarter, label=N_("Surcharges waived"),
            reason=reference, idempotency_key=f"waiver:{request_id}:{waiver.year}-{waiver.quarter}",
            booked_by=f"{actor.kind}:{actor.id}" if actor.id else actor.kind,
        )):  # fmt: skip
            await audit.record(actor, "payments.surcharges_waived", subject=("request", request_id),
                               details={"year": waiver.year, "quarter": waiver.quarter,
                                        "amount": str(waiver.waivable)})  # fmt: skip


# --- payment plans (issue 14, item 1) ------------------------------------------------------
#
# The affiliate proposes an advance and a number of monthly instalments for what they owe; the
# proposal is checked against the fund's policy (rules/plans.toml) and filed as a request of
# kind payment_plan, with the plan kept here (status "proposed"). The request's decision
# approves it (an agent within the policy, a supervisor outside it): its schedule is written,
# each payment with its own structured communication.


async def propose_plan(
    actor: audit.Actor, *, advance: Decimal, instalments: int, reason: str
) -> uuid.UUID:
    """File the affiliate's proposal; the request's id. FormInvalid (messages per field)
    when it cannot be a plan, or a plan is already proposed or running."""
    if actor.kind != "affiliate" or actor.id is None:
        raise LookupError("only an affiliate proposes their own plan")
    today = clock.today()
    debt = await queries.plan_debt(actor, today)
    if debt.open_plan is not None:
        raise FormInvalid({"advance": str(gettext(
            "A plan is already proposed or running on your account: see your requests."
        ))})  # fmt: skip
    preview = queries.plan_preview(debt, advance, instalments, today)
    if preview.approver is None or preview.schedule is None:
        raise FormInvalid(plan_errors(preview))
    regular = (preview.schedule.instalments[0].amount if preview.schedule.instalments
               else preview.schedule.advance.amount)  # fmt: skip
    quarters = quarters_text([(q.year, q.quarter) for q in debt.quarters])
    account_id = await queries.account_of_person(actor.id)
    assert account_id is not None  # a debt means an account
    async with transaction():
        submitted = await requests.submit_request(
            actor, person_id=actor.id, kind=RequestKind.PAYMENT_PLAN.value,
            answers={"monthly_amount": str(regular), "months": instalments, "reason": reason,
                     "advance": str(advance)},
            idempotency_key=f"plan:{debt.debt}:{advance}:{instalments}:{today.isoformat()}",
        )  # fmt: skip
        await PaymentPlan.raw(
            "INSERT INTO payment_plan (id, account, request, status, debt, advance, "
            "instalments, quarters, approver, breaches, created_at) VALUES ({}, {}, {}, "
            "'proposed', {}, {}, {}, {}, {}, {}, now()) ON CONFLICT (request) DO NOTHING",
            uuid.uuid4(), account_id, submitted.id, debt.debt, advance, instalments, quarters,
            preview.approver.value, ", ".join(b.code.value for b in preview.breaches),
        )  # fmt: skip
    return submitted.id


def plan_errors(preview: queries.PlanPreview) -> dict[str, str]:
    """The blocking breaches' sentences, each on its field, in the current language."""
    errors: dict[str, str] = {}
    for breach in preview.breaches:
        if breach.blocking:
            field = PLAN_BREACH_FIELD[breach.code.value]
            errors.setdefault(field, plan_message(breach))
    return errors


def plan_message(breach: plan_rules.Breach) -> str:
    """A breach in words, with its figure (the minimum advance, the most instalments…)."""
    text = PLAN_BREACH[breach.code.value]
    values: dict[str, Any] = {}
    if breach.amount is not None:
        values["amount"] = format_money(breach.amount)
    if breach.count is not None:
        values["count"] = breach.count
    return fill(text, values, values)


async def decide_plan(actor: audit.Actor, person_id: uuid.UUID, request_id: uuid.UUID,
                      reference: str, answers: Mapping[str, Any],
                      decision: Status) -> None:  # fmt: skip
    """The decision on a payment_plan request (registered with requests.effects), in its
    transaction. Granted: only a member whose role may approve it (an agent within the
    policy, a supervisor outside it; FormInvalid otherwise, the decision is not recorded),
    and its schedule is written from today. Refused: the plan is refused. Other terms are a
    counter-proposal (`counter_plan`), which records the partial grant itself; a partial grant
    without terms is refused, since the affiliate could not accept it. A request filed without
    the builder has no plan: nothing to write."""
    row = await PaymentPlan.select().where(PaymentPlan.request == request_id).first()
    if row is None or row["status"] != "proposed":
        return
    today = clock.today()
    if decision is Status.PARTLY_GRANTED:
        raise FormInvalid({"decision": str(gettext(
            "To offer other terms, make a counter-proposal on the request's page: the "
            "affiliate can then accept it in one step."
        ))})  # fmt: skip
    if decision is not Status.GRANTED:
        refused: dict[Column | str, Any] = {PaymentPlan.status: "refused",
                                            PaymentPlan.ended_on: today}  # fmt: skip
        await PaymentPlan.update(refused).where(PaymentPlan.id == row["id"])
        return
    await _may_approve(actor, StaffRole(row["approver"]), str(row["breaches"]), "decision")
    lines = await _write_schedule(row, today)
    await audit.record(actor, "payments.plan_approved", subject=("payment_plan", row["id"]),
                       details={"request": reference, "lines": lines})  # fmt: skip


async def _may_approve(actor: audit.Actor, needed: StaffRole, breaches: str, field: str) -> None:
    """FormInvalid on `field` unless the staff member's role may approve such terms."""
    member = await identity.staff_member(actor.id) if actor.id else None
    if member is None or not role_allows(StaffRole(member.role), _APPROVE[needed]):
        raise FormInvalid({field: str(gettext(
            "This plan is outside the fund's policy (%(breaches)s): only a supervisor may "
            "approve it.", breaches=_breach_words(breaches),
        ))})  # fmt: skip


async def _write_schedule(row: dict[str, Any], today: date) -> int:
    """The plan's payments from `today` (its approval or acceptance), each with its own
    structured communication; the plan is approved. Returns how many payments."""
    policy = plan_rules.load_policy()
    debt, advance = Decimal(row["debt"]), Decimal(row["advance"])
    years = plan_rules.plan_years(policy, today, row["instalments"])
    laid_out = plan_rules.schedule(policy, debt, advance, row["instalments"], today,
                                   plan_rules.belgian_holidays(years))  # fmt: skip
    account = await PaymentAccount.select(PaymentAccount.number).where(
        PaymentAccount.id == row["account"]).first()  # fmt: skip
    assert account is not None
    used = await PlanInstalment.count().where(PlanInstalment.plan.account == row["account"])
    for offset, line in enumerate(laid_out.lines, start=1):
        digits = instalment_communication(account["number"], used + offset)
        await PlanInstalment.insert(PlanInstalment(
            id=uuid.uuid4(), plan=row["id"], number=line.number, due_on=line.due_on,
            amount=line.amount, communication=digits,
        ))  # fmt: skip
    approved: dict[Column | str, Any] = {PaymentPlan.status: "approved",
                                         PaymentPlan.approved_on: today}  # fmt: skip
    await PaymentPlan.update(approved).where(PaymentPlan.id == row["id"])
    await letters.queue_plan_letter(row["id"])
    return len(laid_out.lines)


# --- the fund's counter-proposal ---------------------------------------------------------
#
# Staff may answer a proposal with other terms: the request is then partly granted (with its
# motivation and the appeal paragraph), the plan holds the fund's terms (status "offered"),
# and the affiliate accepts them in one step within the policy's offer days, or declines.
# Accepted, the plan is approved from that day; declined or expired, they may propose again.


async def counter_plan(actor: audit.Actor, request_id: uuid.UUID, *, advance: Decimal,
                       instalments: int, motivation: str) -> None:  # fmt: skip
    """Offer other terms on a proposed plan. FormInvalid (per field) when the terms cannot be
    a plan, are outside the policy for this member's role, or the plan is no longer open."""
    today = clock.today()
    async with transaction():
        rows = await PaymentPlan.raw(
            "SELECT * FROM payment_plan WHERE request = {} FOR UPDATE", request_id
        )  # fmt: skip
        if not rows or rows[0]["status"] != "proposed":
            raise FormInvalid({"advance": str(gettext(
                "This plan is no longer waiting for a decision."
            ))})  # fmt: skip
        row = rows[0]
        debt = await queries.plan_debt_of(row["account"], today)
        preview = queries.plan_preview(debt, advance, instalments, today)
        if preview.approver is None:
            raise FormInvalid(plan_errors(preview))
        breaches = ", ".join(b.code.value for b in preview.breaches)
        await _may_approve(actor, preview.approver, breaches, "advance")
        offered: dict[Column | str, Any] = {
            PaymentPlan.status: "offered", PaymentPlan.offered_on: today,
            PaymentPlan.debt: debt.debt, PaymentPlan.advance: advance,
            PaymentPlan.instalments: instalments, PaymentPlan.approver: preview.approver.value,
            PaymentPlan.breaches: breaches,
            PaymentPlan.quarters: quarters_text([(q.year, q.quarter) for q in debt.quarters]),
        }  # fmt: skip
        await PaymentPlan.update(offered).where(PaymentPlan.id == row["id"])
        # The partial grant: motivated, with the appeal paragraph, told to the affiliate. The
        # plan is no longer "proposed", so decide_plan leaves it as offered.
        await requests.decide_request(actor, request_id, decision="partly_grant",
                                      motivation=motivation)  # fmt: skip
        terms = {"advance": str(advance), "instalments": instalments}
        await audit.record(actor, "payments.plan_offered", subject=("payment_plan", row["id"]),
                           details=terms)  # fmt: skip
        if row["account"] is not None:
            person = await _plan_person(row["account"])
            if person is not None:
                await _tell_plan(person, "offered", row["id"], {
                    "advance": advance, "instalments": instalments,
                    "last_day": plan_rules.offer_last_day(plan_rules.load_policy(), today),
                })  # fmt: skip


async def _plan_person(account_id: uuid.UUID) -> uuid.UUID | None:
    found = await PaymentAccount.select(PaymentAccount.person).where(
        PaymentAccount.id == account_id).first()  # fmt: skip
    return found["person"] if found else None


async def _lock_offer(actor: audit.Actor) -> dict[str, Any]:
    """The affiliate's own plan on offer, locked; LookupError when there is none."""
    if actor.kind != "affiliate" or actor.id is None:
        raise LookupError("only an affiliate answers the fund's offer")
    rows = await PaymentPlan.raw(
        "SELECT pl.* FROM payment_plan pl JOIN payment_account a ON a.id = pl.account "
        "WHERE a.person = {} AND pl.status = 'offered' FOR UPDATE OF pl", actor.id,
    )  # fmt: skip
    if not rows:
        raise LookupError("no offer")
    return rows[0]


async def accept_offer(actor: audit.Actor) -> uuid.UUID:
    """The affiliate accepts the fund's counter-proposal: the plan is approved from today, its
    schedule written. FormInvalid once the offer has expired. Returns the plan's id."""
    today = clock.today()
    async with transaction():
        row = await _lock_offer(actor)
        if today > plan_rules.offer_last_day(plan_rules.load_policy(), row["offered_on"]):
            raise FormInvalid({"offer": str(gettext(
                "This offer has expired: you may propose a new plan."
            ))})  # fmt: skip
        # The schedule spreads what is owed today: a payment since the offer lowers it.
        debt = await queries.plan_debt_of(row["account"], today)
        preview = queries.plan_preview(debt, Decimal(row["advance"]), row["instalments"], today)
        if preview.schedule is None:
            raise FormInvalid({"offer": str(gettext(
                "What you owe has changed since the offer, which no longer fits it: propose a "
                "new plan from this page."
            ))})  # fmt: skip
        row = {**row, "debt": debt.debt}
        await PaymentPlan.update({PaymentPlan.debt: debt.debt}).where(PaymentPlan.id == row["id"])
        lines = await _write_schedule(row, today)
        await audit.record(actor, "payments.plan_accepted", subject=("payment_plan", row["id"]),
                           details={"lines": lines})  # fmt: skip
    return uuid.UUID(str(row["id"]))


async def decline_offer(actor: audit.Actor) -> None:
    """The affiliate declines the fund's counter-proposal: they may propose again."""
    async with transaction():
        row = await _lock_offer(actor)
        await _end_plan(row["id"], "declined", clock.today(), was="offered")
        await audit.record(actor, "payments.plan_declined", subject=("payment_plan", row["id"]))


# Approving within the policy is an agent's decision; outside it, a supervisor's.
_APPROVE = {StaffRole.AGENT: Permission.DECIDE, StaffRole.SUPERVISOR: Permission.SUPERVISE_TEAMS,
            StaffRole.ADMIN: Permission.SUPERVISE_TEAMS}  # fmt: skip


def _breach_words(codes: str) -> str:
    words = [str(PLAN_BREACH_SHORT[c.strip()]) for c in codes.split(",")
             if c.strip() in PLAN_BREACH_SHORT]  # fmt: skip
    return ", ".join(words)


PLAN_NOTICES: dict[str, tuple[str, str]] = {
    "reminder": (
        N_("Your payment plan: a payment is late"),
        N_(
            "The payment of %(amount)s due on %(due)s under your payment plan has not reached "
            "us. Pay it by %(lapse)s, or the plan lapses and the recovery of your contributions "
            "resumes. The transfer details are in your online account."
        ),
    ),
    "lapsed": (
        N_("Your payment plan has lapsed"),
        N_(
            "The payment of %(amount)s due on %(due)s did not reach us in time: your payment "
            "plan has lapsed and the recovery of what you still owe resumes. Contact us if you "
            "can propose a new plan."
        ),
    ),
    "offered": (
        N_("The fund offers you a payment plan"),
        N_(
            "The fund answers your proposal with other terms: an advance of %(advance)s, then "
            "%(instalments)s monthly instalments. You can accept them in one step in your online "
            "account until %(last_day)s, or decline them and propose a new plan."
        ),
    ),
    "expired": (
        N_("The fund's payment-plan offer has expired"),
        N_(
            "The payment plan the fund offered you was not accepted in time and has expired. "
            "You may propose a new plan from your online account."
        ),
    ),
    "completed": (
        N_("Your payment plan is paid"),
        N_("Every payment of your plan has reached us. Thank you."),
    ),
}


async def check_plans(today: date) -> int:
    """Each approved plan today: paid in full -> completed; its first unpaid payment late by
    the policy's reminder days -> a reminder, once; by its grace days -> the plan lapses and
    recovery resumes. The affiliate is told at each step. Returns the plans that moved."""
    policy = plan_rules.load_policy()
    moved = await _expire_offers(policy, today)
    rows = await fetch(
        "SELECT pl.id, pl.account, a.person FROM payment_plan pl JOIN payment_account a "
        "ON a.id = pl.account WHERE pl.status = 'approved' ORDER BY pl.id"
    )
    for row in rows:
        plan = await queries.running_plan_of(row["account"], today)
        if plan is None or row["person"] is None:
            continue
        upcoming = plan.next
        async with transaction():
            if upcoming is None:
                await _end_plan(row["id"], "completed", today)
                await _tell_plan(row["person"], "completed", row["id"], {})
                moved += 1
                continue
            state = plan_rules.missed(policy, upcoming.due_on, today, paid=False)
            context = {"amount": upcoming.amount, "due": upcoming.due_on,
                       "lapse": plan_rules.lapse_date(policy, upcoming.due_on)}  # fmt: skip
            if state is plan_rules.MissState.LAPSED:
                await _end_plan(row["id"], "lapsed", today)
                await _tell_plan(row["person"], "lapsed", row["id"], context)
                moved += 1
            elif state is plan_rules.MissState.REMINDER_DUE:
                reminded = await PlanInstalment.raw(
                    "UPDATE plan_instalment SET reminded_on = {} WHERE plan = {} AND number = {} "
                    "AND reminded_on IS NULL RETURNING id",
                    today, row["id"], upcoming.number,
                )  # fmt: skip
                if reminded:
                    await _tell_plan(row["person"], "reminder", reminded[0]["id"], context)
                    moved += 1
    return moved


async def _expire_offers(policy: plan_rules.PlanPolicy, today: date) -> int:
    """Counter-proposals not accepted by their last day expire; the affiliate is told."""
    last_offered = today - timedelta(days=policy.offer_days + 1)
    async with transaction():
        expired = await PaymentPlan.raw(
            "UPDATE payment_plan pl SET status = 'expired', ended_on = {} FROM payment_account a "
            "WHERE a.id = pl.account AND pl.status = 'offered' AND pl.offered_on <= {} "
            "RETURNING pl.id, a.person",
            today, last_offered,
        )  # fmt: skip
        for row in expired:
            if row["person"] is not None:
                await _tell_plan(row["person"], "expired", row["id"], {})
    return len(expired)


async def _end_plan(plan_id: uuid.UUID, status: str, today: date, *, was: str = "approved") -> None:
    await PaymentPlan.raw(
        "UPDATE payment_plan SET status = {}, ended_on = {} WHERE id = {} AND status = {}",
        status, today, plan_id, was,
    )  # fmt: skip


async def _tell_plan(person_id: uuid.UUID, what: str, subject_id: uuid.UUID,
                     context: dict[str, Any]) -> None:  # fmt: skip
    subject, body = PLAN_NOTICES[what]
    await post_notice(
        person_id,
        Notice(kind=f"plan_{what}", subject=subject, body=body, context=context,
               email_template="recovery_step", link="/account/contributions/plan"),
        dedupe_key=f"plan:{what}:{subject_id}",
    )  # fmt: skip


# --- exemption (dispense) requests (issue 14, item 2) --------------------------------------
#
# INASTI decides an exemption, not the fund. The affiliate files it from their account: the
# quarters they may still ask (rules/exemptions.py), their situation and documents. Staff check
# the file and forward it (requests: status "forwarded"), then record INASTI's decision quarter
# by quarter: each exempted quarter is credited on the account, and the affiliate is told what
# an exemption means for their pension.

EXEMPTION_SITUATION = ("cause", "household_income", "household_size", "dependants",
                       "housing_cost", "other_debts")  # fmt: skip


async def request_exemption(
    actor: audit.Actor, *, quarters: list[str], reason: str, situation: Mapping[str, Any],
    attachments: list[Any], key: str,
) -> uuid.UUID:  # fmt: skip
    """File the affiliate's exemption request for quarters they may ask today. FormInvalid
    (per field) when a quarter cannot be asked or one request is still open."""
    options = await queries.exemption_options(actor)
    if options.refusal is not None or actor.id is None:
        raise FormInvalid({"quarters": str(gettext("You cannot ask for an exemption today."))})
    if options.pending is not None:
        raise FormInvalid({"quarters": str(gettext(
            "An exemption request of yours is still being handled: see your requests."
        ))})  # fmt: skip
    asked = named_quarters(", ".join(quarters))
    if not asked or not {quarters_text([q]) for q in asked} <= options.keys:
        raise FormInvalid({"quarters": str(gettext(
            "Choose at least one of the quarters listed: only those can still be asked."
        ))})  # fmt: skip
    told = {name: situation[name] for name in EXEMPTION_SITUATION if name in situation}
    answers = {"quarters": quarters_text(sorted(asked)), "reason": reason, **told}
    submitted = await requests.submit_request(
        actor, person_id=actor.id, kind=RequestKind.EXEMPTION.value, answers=answers,
        idempotency_key=f"exemption:{key}", attachments=attachments,
    )  # fmt: skip
    return submitted.id


async def record_exemption_decision(
    actor: audit.Actor, request_id: uuid.UUID, *, exempted: list[str], decided_on: date,
    motivation: str,
) -> Status:  # fmt: skip
    """Staff record INASTI's decision on a forwarded exemption request: the quarters it
    exempted (all asked: granted; some: partly granted; none: refused), each credited on the
    account in the deciding transaction. FormInvalid per field."""
    rows = await fetch(
        "SELECT id, person, kind, status, reference FROM request WHERE id = {}",
        request_id,
    )  # fmt: skip
    if not rows or rows[0]["kind"] != RequestKind.EXEMPTION.value:
        raise FormInvalid({"exempted": str(gettext("This is not an exemption request."))})
    row = rows[0]
    if row["status"] != Status.FORWARDED.value:
        raise FormInvalid({"exempted": str(gettext(
            "Forward the request to INASTI first: its decision is recorded afterwards."
        ))})  # fmt: skip
    if decided_on > clock.today():
        raise FormInvalid({"decided_on": str(gettext(
            "INASTI's decision cannot be in the future."
        ))})  # fmt: skip
    # The quarters asked, each with what the account charged for it (one read for both).
    charged = {(q.year, q.quarter): q.charged for q in await queries.exemption_asked(request_id)}
    asked = set(charged)
    granted = named_quarters(", ".join(exempted))
    if not granted <= asked:
        raise FormInvalid({"exempted": str(gettext("Tick only quarters the request asked for."))})
    decision = ("grant" if granted == asked and asked else
                "partly_grant" if granted else "refuse")  # fmt: skip
    account_id = await queries.account_of_person(row["person"])
    async with transaction():
        if granted:
            if account_id is None:
                raise FormInvalid({"exempted": str(gettext(
                    "No contribution is booked for this person yet."
                ))})  # fmt: skip
            for year, quarter in sorted(granted):
                if charged[(year, quarter)] <= 0:
                    raise FormInvalid({"exempted": str(gettext(
                        "No contribution is booked yet for quarter %(quarter)s %(year)s: record "
                        "the decision once its notice is issued.", quarter=quarter, year=year,
                    ))})  # fmt: skip
                await book(account_id, NewEntry(
                    kind=EntryKind.EXEMPTION, amount=-charged[(year, quarter)],
                    booked_on=clock.today(),
                    year=year, quarter=quarter, label=N_("Exemption granted by INASTI"),
                    reason=str(row["reference"]),
                    idempotency_key=f"exemption:{request_id}:{year}-{quarter}",
                    booked_by=_who(actor),
                ))  # fmt: skip
        status = await requests.decide_request(actor, request_id, decision=decision,
                                               motivation=motivation)  # fmt: skip
        await audit.record(actor, "payments.exemption_recorded", subject=("request", request_id),
                           details={"exempted": quarters_text(sorted(granted)),
                                    "inasti_decided_on": decided_on.isoformat()})  # fmt: skip
        if granted:
            rules = exemption_rules.load_exemption_rules()
            await post_notice(row["person"], Notice(
                kind="exemption_granted",
                subject=N_("INASTI has exempted your contributions"),
                body=N_(
                    "INASTI has exempted your contributions for %(quarters)s; they are "
                    "cancelled on your account. Your health-care and family rights are kept, but "
                    "these quarters give no pension rights unless you pay the contributions back "
                    "within %(years)s years."
                ),
                context={"quarters": quarters_text(sorted(granted)),
                         "years": rules.pension_payback_years},
                email_template="recovery_step", link=f"/requests/{request_id}",
            ), dedupe_key=f"exemption:{request_id}")  # fmt: skip
    return status


async def check_exemption_decision(
    actor: audit.Actor, person_id: uuid.UUID, request_id: uuid.UUID, reference: str,
    answers: Mapping[str, Any], decision: Status,
) -> None:  # fmt: skip
    """The decision on an exemption request (registered with requests.effects): a grant must
    come with its quarters credited, which only `record_exemption_decision` does, so one
    recorded from the plain decision form is refused with a pointer to the right one."""
    if decision not in (Status.GRANTED, Status.PARTLY_GRANTED):
        return
    account_id = await queries.account_of_person(person_id)
    if account_id is None or await queries.exemption_credits(account_id, reference) == 0:
        raise FormInvalid({"decision": str(gettext(
            "Record INASTI's decision quarter by quarter from the request's page: the exempted "
            "quarters are then cancelled on the account."
        ))})  # fmt: skip


# The fund's attestations and letters (attestations.py, letters.py), for the controllers and
# the workers above.
from app.payments import attestations as attestations  # noqa: E402
from app.payments import letters as letters  # noqa: E402
from app.payments import ubl_notices as ubl_notices  # noqa: E402  (an accountant's downloads)
