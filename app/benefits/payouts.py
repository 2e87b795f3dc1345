"""The payout account a person's benefits are paid to, and the figures a supervisor confirms.

A change of account needs a fresh step-up (the controller's guard), closes the current row
(kept as history) and adds the new one in one transaction, audited, and tells the OLD e-mail
address: a stolen session cannot divert benefits unseen. A confirmed figure gives every
scheduled payment of that figure whose period starts on or after its date (and before a later
confirmed figure) its amount, share x figure in cents; nothing else ever sets an amount.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.benefits.rules.payouts import masked
from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.db import execute, fetch, transaction
from app.kit.mail import queue_mail


@dataclass(frozen=True, slots=True)
class PayoutAccount:
    iban: str
    holder: str
    created_at: datetime
    superseded_at: datetime | None

    @property
    def masked(self) -> str:
        return masked(self.iban)


async def accounts_of(person_id: uuid.UUID) -> list[PayoutAccount]:
    """The person's payout accounts, the current one first, then the older ones."""
    rows = await fetch(
        "SELECT iban, holder, created_at, superseded_at FROM benefit_payout_account "
        "WHERE person = {} ORDER BY superseded_at IS NOT NULL, created_at DESC",
        person_id,
    )
    return [PayoutAccount(**r) for r in rows]


async def current_account(person_id: uuid.UUID) -> PayoutAccount | None:
    accounts = await accounts_of(person_id)
    return accounts[0] if accounts and accounts[0].superseded_at is None else None


async def set_account(actor: audit.Actor, person_id: uuid.UUID, iban: str, holder: str) -> bool:
    """Give or change the account (checked by the caller: rules.payouts.check_iban). False
    when it is already the current one (nothing written)."""
    async with transaction():
        rows = await fetch(
            "SELECT id, iban, holder FROM benefit_payout_account "
            "WHERE person = {} AND superseded_at IS NULL FOR UPDATE",
            person_id,
        )
        old = rows[0] if rows else None
        if old and old["iban"] == iban and old["holder"] == holder:
            return False
        now = clock.now()
        if old:
            await execute(
                "UPDATE benefit_payout_account SET superseded_at = {} WHERE id = {}",
                now,
                old["id"],
            )
        await execute(
            "INSERT INTO benefit_payout_account (id, person, iban, holder, created_at) "
            "VALUES (gen_random_uuid(), {}, {}, {}, {})",
            person_id,
            iban,
            holder,
            now,
        )
        await audit.record(
            actor,
            "benefits.payout_account_changed" if old else "benefits.payout_account_given",
            subject=("person", person_id),
            details={"from": masked(old["iban"]) if old else None, "to": masked(iban)},
        )
        contact = await identity.person_contact(person_id)
        if old and contact and contact.email:
            await queue_mail(
                to=contact.email,
                template="payout_account_changed",
                language=contact.language or i18n.DEFAULT_LANGUAGE,
                context={"name": contact.first_name, "iban": masked(iban)},
            )
    return True


@dataclass(frozen=True, slots=True)
class Figure:
    figure: str
    effective_from: date
    amount: Decimal
    source: str
    recorded_at: datetime


async def figures() -> list[Figure]:
    rows = await fetch(
        "SELECT figure, effective_from, amount, source, recorded_at FROM benefit_figure "
        "ORDER BY figure, effective_from DESC"
    )
    return [Figure(**r) for r in rows]


# A figure holds within its year (the year files' rule): the next year's is confirmed anew.
_YEAR = "extract(year FROM f.effective_from) = extract(year FROM p.period_start)"


async def apply_figures() -> int:
    """Give the scheduled payments without amount the confirmed figure holding on their
    period's first day, in the same year (share x figure, half up to the cent). Idempotent."""
    holding = (
        "SELECT f.amount FROM benefit_figure f WHERE (f.figure = p.figure "
        "OR p.figure LIKE f.figure || '.%') "
        f"AND f.effective_from <= p.period_start AND {_YEAR}"
    )
    rows = await execute(
        "UPDATE benefit_payment p SET figure_status = 'C', "
        f"amount = round(p.share * ({holding} ORDER BY f.effective_from DESC LIMIT 1), 2) "
        f"WHERE p.status = 'scheduled' AND p.amount IS NULL AND EXISTS ({holding}) "
        "RETURNING p.id"
    )
    return len(rows)


async def record_figure(actor: audit.Actor, figure: str, effective_from: date, amount: Decimal,
                        source: str) -> int:  # fmt: skip
    """A supervisor's confirmed figure; the number of payments it gave an amount."""
    async with transaction():
        await execute(
            "INSERT INTO benefit_figure (id, figure, effective_from, amount, source, "
            "recorded_by, recorded_at) VALUES (gen_random_uuid(), {}, {}, {}, {}, {}, {}) "
            "ON CONFLICT (figure, effective_from) DO NOTHING",
            figure,
            effective_from,
            amount,
            source,
            actor.id,
            clock.now(),
        )
        given = await apply_figures()
        await audit.record(
            actor,
            "benefits.figure_confirmed",
            subject=("figure", figure),
            details={"from": effective_from.isoformat(), "amount": str(amount),
                     "source": source, "payments": given},
        )  # fmt: skip
    return given
