"""Direct debit (domiciliation, SEPA Core): the affiliate's mandate, the pre-notification of
each quarter collected, the pain.008 file for the bank, and the bank's rejects and refunds.

The quarter is booked paid when its collection goes into a file (a payment entry,
"debit:<collection>"), so no reminder or surcharge runs while the bank collects it; a reject,
return or refund read from a CODA statement reverses that entry with the bank's reason: the
quarter owes again, its recovery resumes at once, and the affiliate is told why. The bank's
credit of the batch itself is not booked again (it settles what the collection booked).
Booking at the file, rather than at the bank's credit, keeps one payment per quarter whatever
the bank's grouping, and the reversal leaves the trace on the statement the affiliate reads.

A quarter is never collected twice: one live collection per (account, year, quarter), a
unique partial index; every job here may run twice or at once on two workers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.kit import audit, clock
from app.kit.db import transaction
from app.kit.errors import FormInvalid
from app.kit.i18n import N_, gettext
from app.kit.settings import get_settings
from app.messaging.service import Notice, post_notice
from app.payments import queries, service
from app.payments.rules import debit as rules
from app.payments.rules.coda import Movement
from app.payments.rules.ledger import EntryKind
from app.payments.tables import (
    DebitCollection,
    DebitFile,
    DebitMandate,
    DueNotice,
    LedgerEntry,
    PaymentAccount,
)

MAX_HOLDER = 70
LIVE = ("announced", "collected")
FUND_NAME = "Affilio"


@dataclass(frozen=True, slots=True)
class MandateView:
    id: uuid.UUID
    reference: str
    iban: str
    holder: str
    signed_on: date
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def iban_masked(self) -> str:
        return f"{self.iban[:4]} •••• •••• {self.iban[-4:]}"


@dataclass(frozen=True, slots=True)
class CollectionView:
    year: int
    quarter: int
    amount: Decimal
    collection_on: date
    status: str
    reason_code: str
    reference: str


@dataclass(frozen=True, slots=True)
class DebitPage:
    mandates: list[MandateView]
    collections: list[CollectionView]
    next_collection: CollectionView | None
    creditor_id: str
    prenotification_days: int
    confirmed: bool

    @property
    def active(self) -> MandateView | None:
        return next((m for m in self.mandates if m.active), None)


def _mandate(row: dict[str, Any]) -> MandateView:
    return MandateView(row["id"], row["reference"], row["iban"], row["holder"],
                       row["signed_on"], row["revoked_at"])  # fmt: skip


async def _account_of(person_id: uuid.UUID) -> uuid.UUID | None:
    row = (
        await PaymentAccount.select(PaymentAccount.id)
        .where(PaymentAccount.person == person_id)
        .first()
    )
    return row["id"] if row else None


async def page(person_id: uuid.UUID) -> DebitPage:
    """What /account/direct-debit and /account show: the mandates (history kept), the
    collections and the next one."""
    policy = rules.load_policy()
    creditor = get_settings().sepa_creditor_id
    account_id = await _account_of(person_id)
    if account_id is None:
        return DebitPage([], [], None, creditor, policy.prenotification_days, policy.confirmed)
    rows = (
        await DebitMandate.select()
        .where(DebitMandate.account == account_id)
        .order_by(DebitMandate.sequence, ascending=False)
    )
    mandates = [_mandate(r) for r in rows]
    references = {m.id: m.reference for m in mandates}
    collections = [
        CollectionView(r["year"], r["quarter"], Decimal(r["amount"]), r["collection_on"],
                       r["status"], r["reason_code"], references.get(r["mandate"], ""))
        for r in await DebitCollection.select().where(DebitCollection.account == account_id)
        .order_by(DebitCollection.collection_on, ascending=False)
    ]  # fmt: skip
    today = clock.today()
    upcoming = sorted(
        (c for c in collections if c.status in LIVE and c.collection_on >= today),
        key=lambda c: c.collection_on,
    )
    next_one = upcoming[0] if upcoming else None
    if next_one is None and any(m.active for m in mandates):
        next_one = await _next_due(account_id, policy)
    return DebitPage(mandates, collections, next_one, creditor, policy.prenotification_days,
                     policy.confirmed)  # fmt: skip


async def _next_due(account_id: uuid.UUID, policy: rules.DebitPolicy) -> CollectionView | None:
    """The next notice a mandate will collect (not yet announced): due far enough ahead."""
    today = clock.today()
    owed = {(p.year, p.quarter): p.outstanding for p in await queries.positions_of(account_id)}
    for row in await DueNotice.select(DueNotice.year, DueNotice.quarter, DueNotice.due_on).where(
        DueNotice.account == account_id, DueNotice.kind == "quarterly"
    ).order_by(DueNotice.due_on):  # fmt: skip
        amount = owed.get((row["year"], row["quarter"]), Decimal("0"))
        if amount > 0 and (row["due_on"] - today).days >= policy.prenotification_days:
            return CollectionView(row["year"], row["quarter"], amount, row["due_on"],
                                  "planned", "", "")  # fmt: skip
    return None


# --- the mandate ------------------------------------------------------------------------------


def form_errors(iban: str, holder: str, consent: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if (why := rules.iban_error(iban)) is not None:
        errors["iban"] = gettext(why)
    if not holder.strip():
        errors["holder"] = gettext("Enter the name of the account holder.")
    elif len(holder.strip()) > MAX_HOLDER:
        errors["holder"] = gettext("At most %(n)s characters.", n=MAX_HOLDER)
    if not consent:
        errors["consent"] = gettext("Tick the box to authorise the direct debit.")
    return errors


async def sign_mandate(actor: audit.Actor, person_id: uuid.UUID, *, iban: str, holder: str,
                       consent: bool) -> str:  # fmt: skip
    """Sign a mandate (the caller checked the step-up); a mandate in force is replaced (it is
    revoked first). Returns the new mandate's reference; raises FormInvalid."""
    errors = form_errors(iban, holder, consent)
    if errors:
        raise FormInvalid(errors)
    account = await service.ensure_account(person_id)
    async with transaction():
        await PaymentAccount.raw("SELECT id FROM payment_account WHERE id = {} FOR UPDATE",
                                 account.id)  # fmt: skip
        await _revoke(actor, account.id)
        last = await DebitMandate.select(DebitMandate.sequence).where(
            DebitMandate.account == account.id
        ).order_by(DebitMandate.sequence, ascending=False).first()  # fmt: skip
        sequence = (last["sequence"] if last else 0) + 1
        reference = rules.mandate_reference(account.number, sequence)
        mandate_id = uuid.uuid4()
        await DebitMandate.insert(DebitMandate(
            id=mandate_id, account=account.id, reference=reference, sequence=sequence,
            iban=rules.normalised_iban(iban), holder=holder.strip(), signed_on=clock.today(),
        ))  # fmt: skip
        await audit.record(actor, "payments.debit_mandate_signed",
                           subject=("debit_mandate", mandate_id),
                           details={"reference": reference})  # fmt: skip
    return reference


async def revoke_mandate(actor: audit.Actor, person_id: uuid.UUID) -> bool:
    """Revoke the mandate in force: nothing is collected from now on (announced collections
    not yet in a file are cancelled). False when none is in force."""
    account_id = await _account_of(person_id)
    if account_id is None:
        return False
    async with transaction():
        return await _revoke(actor, account_id)


async def _revoke(actor: audit.Actor, account_id: uuid.UUID) -> bool:
    row = await DebitMandate.select(DebitMandate.id).where(
        DebitMandate.account == account_id, DebitMandate.revoked_at.is_null()
    ).first()  # fmt: skip
    if row is None:
        return False
    await DebitMandate.update({DebitMandate.revoked_at: clock.now()}).where(
        DebitMandate.id == row["id"])  # fmt: skip
    await DebitCollection.update({DebitCollection.status: "cancelled"}).where(
        DebitCollection.mandate == row["id"], DebitCollection.status == "announced")  # fmt: skip
    await audit.record(actor, "payments.debit_mandate_revoked",
                       subject=("debit_mandate", row["id"]))  # fmt: skip
    return True


# --- pre-notification and collection ----------------------------------------------------------


def _prenotice(row: dict[str, Any], creditor_id: str) -> Notice:
    return Notice(
        kind="debit_prenotice",
        subject=N_("Direct debit of quarter %(quarter)s %(year)s on %(date)s"),
        body=N_(
            "On %(date)s we will collect %(amount)s from your account for quarter %(quarter)s "
            "%(year)s, under your direct debit mandate %(reference)s (our creditor identifier: "
            "%(creditor)s). There is nothing for you to do; make sure the account is funded."
        ),
        context={
            "quarter": row["quarter"],
            "year": str(row["year"]),
            "amount": row["amount"],
            "date": row["collection_on"],
            "reference": row["reference"],
            "creditor": creditor_id,
        },
        email_template="debit_prenotice",
        link="/account/direct-debit",
    )


async def announce_collections(today: date | None = None) -> int:
    """Pre-notify each quarter due while a mandate is in force, at least the rulebook's days
    before its collection (its due date). Returns how many were announced."""
    today = today or clock.today()
    policy = rules.load_policy()
    creditor = get_settings().sepa_creditor_id
    rows = await DueNotice.raw(
        "SELECT n.account, n.year, n.quarter, n.due_on, m.id AS mandate, m.reference, "
        "a.person FROM due_notice n JOIN debit_mandate m ON m.account = n.account "
        "AND m.revoked_at IS NULL JOIN payment_account a ON a.id = n.account "
        "WHERE n.kind = 'quarterly' AND n.due_on BETWEEN {} AND {} AND a.person IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM debit_collection c WHERE c.account = n.account "
        "AND c.year = n.year AND c.quarter = n.quarter AND c.status IN ('announced', 'collected'))",
        today + timedelta(days=policy.prenotification_days),
        today + timedelta(days=policy.prenotification_days + policy.announce_window_days),
    )
    announced = 0
    for row in rows:
        if not rules.announce_due(today, row["due_on"], policy):
            continue
        owed = {(p.year, p.quarter): p.outstanding
                for p in await queries.positions_of(row["account"])}  # fmt: skip
        amount = owed.get((row["year"], row["quarter"]), Decimal("0"))
        if amount <= 0:
            continue
        async with transaction():
            inserted = await DebitCollection.raw(
                "INSERT INTO debit_collection (id, account, mandate, year, quarter, amount, "
                "collection_on, end_to_end_id, status, announced_on) "
                "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, 'announced', {}) "
                "ON CONFLICT (account, year, quarter) WHERE status IN ('announced', 'collected') "
                "DO NOTHING RETURNING id",
                uuid.uuid4(), row["account"], row["mandate"], row["year"], row["quarter"],
                amount, row["due_on"],
                rules.end_to_end_id(row["reference"], row["year"], row["quarter"]), today,
            )  # fmt: skip
            if not inserted:
                continue
            await post_notice(row["person"], _prenotice({**row, "amount": amount,
                                                         "collection_on": row["due_on"]},
                                                        creditor),
                              dedupe_key=f"debit_prenotice:{inserted[0]['id']}")  # fmt: skip
            announced += 1
    return announced


async def write_collection_files(today: date | None = None) -> list[uuid.UUID]:
    """Write one pain.008 file per collection date whose file is due today or before: the
    announced collections of mandates still in force, each quarter booked paid ("in
    collection"). A quarter paid otherwise meanwhile is cancelled; one partly paid is
    collected for what it still owes (never more than announced)."""
    today = today or clock.today()
    settings = get_settings()
    policy = rules.load_policy()
    written: list[uuid.UUID] = []
    async with transaction():
        rows = await DebitCollection.raw(
            "SELECT c.*, m.reference, m.iban, m.holder, m.signed_on, m.revoked_at "
            "FROM debit_collection c JOIN debit_mandate m ON m.id = c.mandate "
            "WHERE c.status = 'announced' ORDER BY c.collection_on, c.end_to_end_id "
            "FOR UPDATE OF c SKIP LOCKED"
        )
        by_day: dict[date, list[dict[str, Any]]] = {}
        for row in rows:
            if rules.file_due_on(row["collection_on"], settings.sepa_file_lead_days,
                                 policy) > today:  # fmt: skip
                continue
            owed = {(p.year, p.quarter): p.outstanding
                    for p in await queries.positions_of(row["account"])}  # fmt: skip
            amount = min(Decimal(row["amount"]), owed.get((row["year"], row["quarter"]),
                                                          Decimal("0")))  # fmt: skip
            if row["revoked_at"] is not None or amount <= 0:
                await DebitCollection.update({DebitCollection.status: "cancelled"}).where(
                    DebitCollection.id == row["id"])  # fmt: skip
                continue
            by_day.setdefault(row["collection_on"], []).append({**row, "amount": amount})
        for day, items in sorted(by_day.items()):
            written.append(await _write_file(day, items, settings))
    return written


async def _settled_before(mandate_id: uuid.UUID) -> int:
    return await DebitCollection.count().where(
        DebitCollection.mandate == mandate_id, DebitCollection.status == "collected"
    )


async def _write_file(day: date, items: list[dict[str, Any]], settings: Any) -> uuid.UUID:
    file_id = uuid.uuid4()
    message_id = f"AFD{day:%Y%m%d}{file_id.hex[:12].upper()}"
    typed: list[tuple[dict[str, Any], str]] = []
    lines: list[rules.DebitLine] = []
    for item in items:
        kind = rules.sequence_type(await _settled_before(item["mandate"]))
        typed.append((item, kind))
        lines.append(rules.DebitLine(
            holder=item["holder"], iban=item["iban"], amount=Decimal(item["amount"]),
            sequence_type=kind, mandate_reference=item["reference"],
            mandate_signed_on=item["signed_on"], end_to_end_id=item["end_to_end_id"],
            remittance=f"Cotisations sociales {item['year']}Q{item['quarter']} "
                       f"{item['end_to_end_id']}",
        ))  # fmt: skip
    xml = rules.pain008(creditor_name=FUND_NAME, creditor_iban=settings.fund_iban,
                        creditor_id=settings.sepa_creditor_id, collection_on=day,
                        lines=lines).decode()  # fmt: skip
    total = sum((Decimal(i["amount"]) for i in items), Decimal("0"))
    await DebitFile.insert(DebitFile(id=file_id, message_id=message_id[:35], collection_on=day,
                                     transactions=len(items), total=total, xml=xml))  # fmt: skip
    for item, kind in typed:
        key = f"debit:{item['id']}"
        await service.book(item["account"], service.NewEntry(
            kind=EntryKind.PAYMENT, amount=-Decimal(item["amount"]), booked_on=day,
            year=item["year"], quarter=item["quarter"], label=N_("Direct debit"),
            idempotency_key=key, booked_by="debit",
        ))  # fmt: skip
        entry = await LedgerEntry.select(LedgerEntry.id).where(
            LedgerEntry.idempotency_key == key).first()  # fmt: skip
        await DebitCollection.update({
            DebitCollection.status: "collected", DebitCollection.sequence_type: kind,
            DebitCollection.debit_file: file_id, DebitCollection.amount: item["amount"],
            DebitCollection.payment_entry: entry["id"] if entry else None,
        }).where(DebitCollection.id == item["id"])  # fmt: skip
    await audit.record(audit.SYSTEM, "payments.debit_file_written", subject=("debit_file", file_id),
                       details={"transactions": len(items), "total": str(total)})  # fmt: skip
    return file_id


# --- the bank's answer: R-transactions in a CODA statement -----------------------------------


def _is_debit_return(movement: Movement) -> bool:
    """A reject, return or refund of a collection: a debit on the fund's account in the direct
    debit family (CODA family 05), or any debit naming one of our end-to-end ids."""
    return movement.amount < 0 and bool(rules.end_to_end_ids_in(movement.communication))


async def returned(movement: Movement) -> bool:
    """Book the bank's R-transaction: the quarter's collection payment reversed, the quarter
    owing again, the affiliate told why, the recovery resumed. Joins the import's
    transaction; a movement imported twice does nothing twice. True when it named one."""
    if not _is_debit_return(movement):
        return False
    found = False
    for e2e in rules.end_to_end_ids_in(movement.communication):
        row = await DebitCollection.select().where(
            DebitCollection.end_to_end_id == e2e, DebitCollection.status == "collected"
        ).first()  # fmt: skip
        if row is None:
            continue
        found = True
        code = rules.reason_code_in(movement.communication)
        await DebitCollection.update({DebitCollection.status: "returned",
                                      DebitCollection.reason_code: code}).where(
            DebitCollection.id == row["id"])  # fmt: skip
        if row["payment_entry"] is not None:
            why = f"Direct debit returned by the bank ({code or 'no code'})"
            await service.reverse(audit.Actor(kind="coda"), row["payment_entry"], why)
        person = await PaymentAccount.select(PaymentAccount.person).where(
            PaymentAccount.id == row["account"]).first()  # fmt: skip
        if person is None or person["person"] is None:
            continue
        await post_notice(person["person"], Notice(
            kind="debit_returned",
            subject=N_("Your direct debit for quarter %(quarter)s %(year)s was not paid"),
            body=N_(
                "The direct debit of %(amount)s for quarter %(quarter)s %(year)s came back "
                "unpaid: %(reason)s. The quarter is due again; please pay it by transfer with "
                "the details of its notice, or the usual reminders will follow."
            ),
            context={"quarter": row["quarter"], "year": str(row["year"]),
                     "amount": Decimal(row["amount"]), "reason": rules.reason_words(code)},
            email_template="debit_returned",
            link="/account/contributions",
        ), dedupe_key=f"debit_returned:{row['id']}")  # fmt: skip
        await service.run_recovery_for(row["account"], person["person"], clock.today())
    return found


# --- staff: the collection files ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileView:
    id: uuid.UUID
    message_id: str
    collection_on: date
    transactions: int
    total: Decimal
    created_at: datetime


async def files(limit: int = 100) -> list[FileView]:
    rows = await DebitFile.select(DebitFile.id, DebitFile.message_id, DebitFile.collection_on,
                                  DebitFile.transactions, DebitFile.total,
                                  DebitFile.created_at).order_by(
        DebitFile.created_at, ascending=False).limit(limit)  # fmt: skip
    return [FileView(r["id"], r["message_id"], r["collection_on"], r["transactions"],
                     Decimal(r["total"]), r["created_at"]) for r in rows]  # fmt: skip


async def file_xml(actor: audit.Actor, file_id: uuid.UUID) -> tuple[str, str] | None:
    row = await DebitFile.select(DebitFile.message_id, DebitFile.xml).where(
        DebitFile.id == file_id).first()  # fmt: skip
    if row is None:
        return None
    await audit.record(actor, "payments.debit_file_downloaded", subject=("debit_file", file_id))
    return row["message_id"], row["xml"]
