"""Undue benefits (issue 19, item 3): staff record the day from which a benefit was paid
without right, with the motivation; the amount comes from the payments made (rules.undue), the
payments still to come stop, the claim enters the contribution account (payments, in the
quarter of the decision, repaid by the policy's date), and the affiliate receives the decision
in their inbox and as a letter with the appeal paragraph and their three ways out: repay at
once (the transfer and its QR code), a payment plan, or a waiver asked with reasons.

Everything of one decision is written in one transaction: the claim row (one per entitlement
and day, a unique index), the cut payments, the ledger entry (its own idempotency key), the
notice and the letter's job. The back office reaches it through `benefits.service.undue`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from app.benefits.rules.undue import (
    PaidPeriod,
    PaidState,
    UndueClaim,
    UndueRefused,
    check_day,
    check_motivation,
    load_policy,
    repay_by,
    undue_claim,
)
from app.documents import service as documents
from app.documents.service import StoredDocument
from app.identity import queries as identity
from app.kit import audit, clock, i18n, outbox
from app.kit.db import execute, fetch, transaction
from app.kit.errors import NotFound
from app.kit.i18n import N_
from app.kit.i18n import gettext as _g
from app.kit.i18n import lazy_gettext as _
from app.messaging.service import Notice, attach_document, post_notice
from app.payments import queries as payments_queries
from app.payments import service as payments
from app.payments.rules.communication import format_communication
from app.requests.messages import appeal_paragraph

LETTER_JOB = "benefits.undue_letter"
LETTER_KIND: Final = "undue_benefit"
REFUSED: Final[dict[str, Any]] = {
    "nothing_undue": _("Nothing was paid from that day and no payment is left to stop."),
    "motivation_short": _("Give the reasons in a few sentences: the affiliate reads them."),
    "motivation_long": _("Keep the reasons under 4 000 characters"),
    "before_start": _("This day is before the benefit started"),
    "future": _("This day is in the future: record it once it has passed"),
    "already": _("An undue claim from this day is already recorded for this benefit."),
}

__all__ = ["REFUSED", "UndueRefused"]


@dataclass(frozen=True, slots=True)
class UndueLineView:
    number: int
    start: date
    end: date
    undue_days: int
    days: int
    paid: Decimal
    undue: Decimal


@dataclass(frozen=True, slots=True)
class UndueView:
    id: uuid.UUID
    person: uuid.UUID
    entitlement: uuid.UUID
    kind: str  # the entitlement's BenefitKind
    not_entitled_from: date
    amount: Decimal
    lines: tuple[UndueLineView, ...]
    motivation: str
    decided_on: date
    repay_by: date
    communication: str

    @property
    def reference(self) -> str:
        return f"UB-{self.decided_on:%Y%m%d}-{self.id.hex[:6].upper()}"


def _periods(rows: list[dict[str, Any]]) -> list[PaidPeriod]:
    return [
        PaidPeriod(r["number"], r["period_start"], r["period_end"],
                   None if r["amount"] is None else Decimal(r["amount"]),
                   PaidState.PAID if r["status"] == "paid" else PaidState.SCHEDULED)
        for r in rows if r["status"] in ("paid", "scheduled")
    ]  # fmt: skip


async def preview(person_id: uuid.UUID, entitlement_id: uuid.UUID, not_entitled_from: date
                  ) -> UndueClaim:  # fmt: skip
    """What a claim from that day would be (the staff form shows it before recording)."""
    entitlement = await _entitlement(person_id, entitlement_id)
    check_day(not_entitled_from, entitlement["starts_on"], clock.today())
    return undue_claim(_periods(await _payment_rows(entitlement_id)), not_entitled_from)


async def _entitlement(person_id: uuid.UUID, entitlement_id: uuid.UUID, *,
                       lock: bool = False) -> dict[str, Any]:  # fmt: skip
    rows = await fetch(
        "SELECT id, person, kind, request, starts_on, ends_on FROM benefit_entitlement "
        "WHERE id = {} AND person = {}" + (" FOR UPDATE" if lock else ""),
        entitlement_id, person_id,
    )  # fmt: skip
    if not rows:
        raise NotFound("entitlement")
    return rows[0]


async def _payment_rows(entitlement_id: uuid.UUID) -> list[dict[str, Any]]:
    return await fetch(
        "SELECT id, number, period_start, period_end, amount, status FROM benefit_payment "
        "WHERE entitlement = {} ORDER BY number",
        entitlement_id,
    )


async def record_undue(actor: audit.Actor, person_id: uuid.UUID, entitlement_id: uuid.UUID,
                       not_entitled_from: date, motivation: str) -> uuid.UUID:  # fmt: skip
    """Record the claim and everything it leads to, in one transaction. Raises UndueRefused
    (its code names the reason) when the day or the motivation will not do, when nothing is
    undue, or when the same claim was recorded before."""
    if actor.kind != "staff" or actor.id is None:
        raise NotFound("entitlement")
    text = check_motivation(motivation)
    today = clock.today()
    policy = load_policy()
    async with transaction():
        entitlement = await _entitlement(person_id, entitlement_id, lock=True)
        check_day(not_entitled_from, entitlement["starts_on"], today)
        payment_rows = await _payment_rows(entitlement_id)
        claim = undue_claim(_periods(payment_rows), not_entitled_from)
        due = repay_by(policy, today)
        lines = [{"number": ln.number, "start": ln.start.isoformat(), "end": ln.end.isoformat(),
                  "days": ln.days, "undue_days": ln.undue_days, "paid": str(ln.paid),
                  "undue": str(ln.undue)} for ln in claim.lines]  # fmt: skip
        claim_id = uuid.uuid4()
        inserted = await execute(
            "INSERT INTO benefit_undue (id, person, entitlement, not_entitled_from, amount, "
            "lines, motivation, decided_on, repay_by, communication, decided_by, created_at) "
            "VALUES ({}, {}, {}, {}, {}, {}::jsonb, {}, {}, {}, '', {}, {}) "
            "ON CONFLICT (entitlement, not_entitled_from) DO NOTHING RETURNING id",
            claim_id, person_id, entitlement_id, not_entitled_from, claim.amount,
            json.dumps(lines), text, today, due, actor.id, clock.now(),
        )  # fmt: skip
        if not inserted:
            raise UndueRefused("already")
        await _stop_payments(payment_rows, claim)
        communication = ""
        if claim.amount > 0:
            booking = await payments.book_undue_claim(
                person_id, claim_id, claim.amount, today, due, f"staff:{actor.id}"
            )
            communication = booking.communication
            await execute("UPDATE benefit_undue SET communication = {} WHERE id = {}",
                          communication, claim_id)  # fmt: skip
        await post_notice(person_id, Notice(
            kind="decision",
            subject=N_("A benefit is claimed back from you"),
            body=N_("The fund decided that %(amount)s of your benefit was paid without right "
                    "from %(day)s, to repay by %(due)s. The decision, its reasons, how to "
                    "appeal and your options are in your file."),
            context={"amount": claim.amount, "day": not_entitled_from, "due": due},
            email_template="undue_decided",
            link=f"/benefits/{entitlement_id}#undue-{claim_id}",
        ), dedupe_key=f"undue:{claim_id}")  # fmt: skip
        await outbox.enqueue(LETTER_JOB, undue_id=str(claim_id))
        await audit.record(actor, "benefits.undue_recorded", subject=("person", person_id),
                           details={"entitlement": str(entitlement_id),
                                    "from": not_entitled_from.isoformat(),
                                    "amount": str(claim.amount),
                                    "stopped": len(claim.cuts)})  # fmt: skip
    return claim_id


async def _stop_payments(rows: list[dict[str, Any]], claim: UndueClaim) -> None:
    """The payments still to come stop: cancelled, or cut to the days before. A cut payment
    leaves a run not yet approved, so the run can never pay the old amount."""
    by_number = {r["number"]: r["id"] for r in rows}
    for cut in claim.cuts:
        payment_id = by_number[cut.number]
        await execute(
            "DELETE FROM benefit_run_payment r USING benefit_payment_run run "
            "WHERE r.payment = {} AND run.id = r.run AND run.status = 'prepared'",
            payment_id,
        )
        if cut.cancelled:
            await execute("UPDATE benefit_payment SET status = 'cancelled' "
                          "WHERE id = {} AND status = 'scheduled'", payment_id)  # fmt: skip
        else:
            await execute("UPDATE benefit_payment SET amount = {}, period_end = {} "
                          "WHERE id = {} AND status = 'scheduled'",
                          cut.amount, cut.end, payment_id)  # fmt: skip


def _view(row: dict[str, Any]) -> UndueView:
    raw = row["lines"]
    lines = json.loads(raw) if isinstance(raw, str) else raw
    return UndueView(
        id=row["id"], person=row["person"], entitlement=row["entitlement"], kind=row["kind"],
        not_entitled_from=row["not_entitled_from"], amount=Decimal(row["amount"]),
        lines=tuple(UndueLineView(
            number=ln["number"], start=date.fromisoformat(ln["start"]),
            end=date.fromisoformat(ln["end"]), undue_days=ln["undue_days"], days=ln["days"],
            paid=Decimal(ln["paid"]), undue=Decimal(ln["undue"])) for ln in lines),
        motivation=row["motivation"], decided_on=row["decided_on"], repay_by=row["repay_by"],
        communication=row["communication"],
    )  # fmt: skip


_SELECT = (
    "SELECT u.id, u.person, u.entitlement, e.kind, u.not_entitled_from, u.amount, u.lines, "
    "u.motivation, u.decided_on, u.repay_by, u.communication FROM benefit_undue u "
    "JOIN benefit_entitlement e ON e.id = u.entitlement "
)


async def undue_of_person(person_id: uuid.UUID) -> list[UndueView]:
    """The back office's view (its controller checks the staff member may open the file)."""
    rows = await fetch(_SELECT + "WHERE u.person = {} ORDER BY u.decided_on DESC, u.id",
                       person_id)  # fmt: skip
    return [_view(r) for r in rows]


async def undue_for_affiliate(actor: audit.Actor, entitlement_id: uuid.UUID) -> list[UndueView]:
    """The claims on one of the affiliate's own benefits; nothing for anyone else's."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound("entitlement")
    rows = await fetch(_SELECT + "WHERE u.person = {} AND u.entitlement = {} "
                       "ORDER BY u.decided_on DESC, u.id", actor.id, entitlement_id)  # fmt: skip
    return [_view(r) for r in rows]


def transfer_of(claim: UndueView) -> payments_queries.Transfer | None:
    """The transfer that repays the claim at once (the fund's account, the communication and
    the QR code a banking app reads)."""
    if claim.amount <= 0 or not claim.communication:
        return None
    return payments_queries.transfer(claim.amount, format_communication(claim.communication))


async def make_undue_letter(undue_id: uuid.UUID) -> StoredDocument | None:
    """The decision letter: the reasons, the payments concerned, the amount and its date, the
    three options and how to appeal; attached to the inbox notice of the decision."""
    rows = await fetch(_SELECT + "WHERE u.id = {}", undue_id)
    if not rows:
        return None
    claim = _view(rows[0])
    person = await identity.person_contact(claim.person)
    if person is None:
        return None
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        title = _g("Decision: undue benefit to repay")
        appeal = appeal_paragraph()
    async with transaction():
        stored = await documents.make_document(
            person_id=person.id, kind=LETTER_KIND, source=f"undue:{claim.id}",
            reference=claim.reference, language=language, title=title,
            template="undue_decision",
            context={"person": person, "claim": claim, "issued_on": claim.decided_on,
                     "appeal": appeal, "transfer": transfer_of(claim),
                     "repay_days": load_policy().repay_days},
        )  # fmt: skip
        await attach_document(f"undue:{claim.id}", stored.id)
    return stored
