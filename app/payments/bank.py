"""Payments in: a CODA bank statement imported, each movement matched to what it pays.

Matching, in this order: the structured communication of a notice (it names the account and
the quarter); else the payer's IBAN, already matched once to an account, with the exact amount
still due on one of its quarters; else the reconciliation queue, where staff assign it. A file
is imported once (its identity); a movement is booked once (its identity is the payment's
idempotency key). A malformed file raises CodaError before anything is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.kit import audit
from app.kit.db import transaction
from app.kit.i18n import N_
from app.payments import queries
from app.payments.rules import ledger
from app.payments.rules.coda import CodaFile, Movement, parse_statement
from app.payments.rules.communication import decode, parse_communication
from app.payments.rules.ledger import EntryKind
from app.payments.service import NewEntry, book
from app.payments.tables import BankMovement, CodaImport, PaymentAccount


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


@dataclass(frozen=True, slots=True)
class Match:
    account_id: uuid.UUID
    year: int | None
    quarter: int | None
    how: str


async def _match(movement: Movement) -> Match | None:
    digits = movement.structured_communication or parse_communication(movement.communication)
    decoded = decode(digits) if digits else None
    if decoded is not None:
        account_id = await _account_by_number(decoded.account_number)
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
        for movement in payments:
            found = await _match(movement) if movement.amount > 0 else None
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
