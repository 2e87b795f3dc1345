"""Payment runs: prepared by the worker (daily) or a staff member's button, approved by a
supervisor with a fresh step-up, which writes the SEPA credit transfer file and marks each
payment paid.

Idempotent by construction: a payment belongs to at most one run (a unique index on
benefit_run_payment.payment, and preparing takes only payments in no run), so a job run twice
prepares nothing more; approving moves a run from "prepared" to "approved" in one UPDATE ...
WHERE status = 'prepared', so a second approval (a double click, a replay) finds nothing and
pays nobody twice; a payment is marked paid only while still scheduled. A due payment without
a confirmed amount or a payout account stays scheduled, and the run lists it with the reason.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.benefits.payouts import apply_figures
from app.benefits.rules.payouts import Due, masked, select_run
from app.benefits.sepa import Transfer, credit_transfer
from app.kit import audit, clock
from app.kit.db import execute, fetch, transaction
from app.kit.errors import NotFound
from app.kit.i18n import N_
from app.messaging.service import Notice, NoticeFor, post_notices


class RunStatus:
    PREPARED = "prepared"
    APPROVED = "approved"


async def prepare_run(actor: audit.Actor, until: date | None = None) -> uuid.UUID | None:
    """A run of the scheduled payments due up to `until` (today) in no run yet, with an
    amount and an account; None when there is nothing new to pay."""
    until = until or clock.today()
    async with transaction():
        await execute("SELECT pg_advisory_xact_lock(hashtext('benefit_payment_run'))")
        await apply_figures()
        rows = await fetch(
            "SELECT p.id, e.person, p.due_on, p.amount FROM benefit_payment p "
            "JOIN benefit_entitlement e ON e.id = p.entitlement "
            "WHERE p.status = 'scheduled' AND p.due_on <= {} AND NOT EXISTS "
            "(SELECT 1 FROM benefit_run_payment r WHERE r.payment = p.id)",
            until,
        )
        due = [Due(r["id"], r["person"], r["due_on"], r["amount"]) for r in rows]
        people = list({d.person for d in due})
        accounts = {
            r["person"]: (r["iban"], r["holder"])
            for r in await fetch(
                "SELECT person, iban, holder FROM benefit_payout_account "
                "WHERE person = ANY({}::uuid[]) AND superseded_at IS NULL",
                people,
            )
        }
        selection = select_run(due, {p: a[0] for p, a in accounts.items()}, until)
        if not selection.taken:
            return None
        run_id = uuid.uuid4()
        skipped = [
            {"payment": str(d.payment), "person": str(d.person), "reason": reason.value}
            for d, reason in selection.skipped
        ]
        await execute(
            "INSERT INTO benefit_payment_run (id, due_until, status, prepared_at, nb_of_txs, "
            "ctrl_sum, skipped) VALUES ({}, {}, 'prepared', {}, {}, {}, {}::jsonb)",
            run_id,
            until,
            clock.now(),
            len(selection.taken),
            selection.total,
            json.dumps(skipped),
        )
        taken = selection.taken
        await execute(
            "INSERT INTO benefit_run_payment (id, run, payment, person, amount, iban, holder) "
            "SELECT gen_random_uuid(), {}, p, pe, a, i, h FROM unnest({}::uuid[], {}::uuid[], "
            "{}::numeric[], {}::text[], {}::text[]) AS t(p, pe, a, i, h)",
            run_id,
            [d.payment for d in taken],
            [d.person for d in taken],
            [d.amount for d in taken],
            [accounts[d.person][0] for d in taken],
            [accounts[d.person][1] for d in taken],
        )
        await audit.record(actor, "benefits.run_prepared", subject=("payment_run", run_id),
                           details={"payments": len(taken), "total": str(selection.total),
                                    "skipped": len(skipped)})  # fmt: skip
    return run_id


def execution_date(today: date) -> date:
    """The next business day (Saturday and Sunday skipped): the bank's execution date."""
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def approve_run(actor: audit.Actor, run_id: uuid.UUID) -> bool:
    """Approve a prepared run: its pain.001 is written and stored, each payment marked paid
    (paid_on, iban) and the affiliate told in the inbox. False when the run is not prepared
    any more (already approved): nothing is paid again."""
    today = clock.today()
    async with transaction():
        rows = await execute(
            "UPDATE benefit_payment_run SET status = 'approved', approved_at = {}, "
            "approved_by = {}, execution_date = {} WHERE id = {} AND status = 'prepared' "
            "RETURNING id",
            clock.now(),
            actor.id,
            execution_date(today),
            run_id,
        )
        if not rows:
            return False
        lines = await fetch(
            "SELECT r.payment, r.person, r.amount, r.iban, r.holder, p.number, e.id AS "
            "entitlement, p.period_start, p.period_end FROM benefit_run_payment r "
            "JOIN benefit_payment p ON p.id = r.payment "
            "JOIN benefit_entitlement e ON e.id = p.entitlement "
            "WHERE r.run = {} AND p.status = 'scheduled' ORDER BY r.person, p.number",
            run_id,
        )
        transfers = [
            Transfer(
                r["payment"], r["holder"], r["iban"], r["amount"],
                f"Affilio {r['period_start']:%d/%m/%Y}-{r['period_end']:%d/%m/%Y}",
            )
            for r in lines
        ]  # fmt: skip
        xml = credit_transfer(execution_date(today), transfers) if transfers else None
        await execute(
            "UPDATE benefit_payment_run SET sepa_xml = {}, nb_of_txs = {}, ctrl_sum = {} "
            "WHERE id = {}",
            xml,
            len(transfers),
            sum((t.amount for t in transfers), Decimal(0)),
            run_id,
        )
        # One statement for the whole run: a run may hold thousands of payments.
        await execute(
            "UPDATE benefit_payment p SET status = 'paid', paid_on = {}, iban = t.iban "
            "FROM unnest({}::uuid[], {}::text[]) AS t(id, iban) "
            "WHERE p.id = t.id AND p.status = 'scheduled'",
            today,
            [r["payment"] for r in lines],
            [r["iban"] for r in lines],
        )
        await post_notices([
            NoticeFor(r["person"], Notice(
                kind="benefit_paid",
                subject=N_("Your benefit has been paid"),
                body=N_("%(amount)s was paid on %(day)s to your account %(iban)s."),
                context={"amount": r["amount"], "day": today, "iban": masked(r["iban"])},
                link=f"/benefits/{r['entitlement']}",
            ), f"benefit_paid:{r['payment']}")
            for r in lines
        ])  # fmt: skip
        await audit.record(actor, "benefits.run_approved", subject=("payment_run", run_id),
                           details={"payments": len(transfers)})  # fmt: skip
    return True


@dataclass(frozen=True, slots=True)
class RunLine:
    payment: uuid.UUID
    person: uuid.UUID
    name: str
    amount: Decimal
    iban: str
    due_on: date


@dataclass(frozen=True, slots=True)
class RunView:
    id: uuid.UUID
    due_until: date
    status: str
    prepared_at: datetime
    approved_at: datetime | None
    execution_date: date | None
    nb_of_txs: int
    ctrl_sum: Decimal
    skipped: list[dict[str, Any]]
    has_file: bool
    lines: tuple[RunLine, ...] = ()


RUN_COLUMNS = (
    "id, due_until, status, prepared_at, approved_at, execution_date, nb_of_txs, ctrl_sum, "
    "skipped, sepa_xml IS NOT NULL AS has_file"
)


def _run(row: dict[str, Any], lines: tuple[RunLine, ...] = ()) -> RunView:
    skipped = row.pop("skipped")
    skipped = json.loads(skipped) if isinstance(skipped, str) else list(skipped or [])
    return RunView(**row, skipped=skipped, lines=lines)


async def runs(limit: int = 50) -> list[RunView]:
    rows = await fetch(
        f"SELECT {RUN_COLUMNS} FROM benefit_payment_run ORDER BY prepared_at DESC LIMIT {{}}",
        limit,
    )
    return [_run(r) for r in rows]


async def run(run_id: uuid.UUID) -> RunView:
    rows = await fetch(f"SELECT {RUN_COLUMNS} FROM benefit_payment_run WHERE id = {{}}", run_id)
    if not rows:
        raise NotFound("payment_run")
    lines = await fetch(
        "SELECT r.payment, r.person, pe.first_name || ' ' || pe.last_name AS name, r.amount, "
        "r.iban, p.due_on FROM benefit_run_payment r JOIN benefit_payment p ON p.id = r.payment "
        "JOIN person pe ON pe.id = r.person WHERE r.run = {} ORDER BY name, p.due_on",
        run_id,
    )
    return _run(rows[0], tuple(RunLine(**r) for r in lines))


async def run_file(run_id: uuid.UUID) -> bytes:
    rows = await fetch("SELECT sepa_xml FROM benefit_payment_run WHERE id = {}", run_id)
    if not rows or rows[0]["sepa_xml"] is None:
        raise NotFound("payment_run")
    return bytes(rows[0]["sepa_xml"])
