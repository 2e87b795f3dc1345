"""Document jobs: each PDF is rendered by a worker from what the owning domain knows."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from app.benefits import service as benefits
from app.home import blank_forms
from app.kit import clock
from app.payments import service as payments
from app.requests import service as requests


async def decision_letter(request_id: str) -> None:
    """After a decision: its letter, in the person's language (kept once per content)."""
    await requests.make_decision_letter(uuid.UUID(request_id))


async def receipt_letter(request_id: str) -> None:
    """Once the request is acknowledged: its receipt, with the dates of the decision."""
    await requests.make_receipt_letter(uuid.UUID(request_id))


async def fiscal_attestation(person_id: str, year: int) -> None:
    await payments.attestations.make_fiscal_attestation(uuid.UUID(person_id), int(year))


async def affiliation_certificate(person_id: str) -> None:
    await payments.attestations.make_affiliation_certificate(uuid.UUID(person_id))


async def notice_pdf(person_id: str, notice_id: str) -> None:
    await payments.attestations.make_notice_pdf(uuid.UUID(person_id), uuid.UUID(notice_id))


async def recovery_letter(person_id: str, step_id: str, dedupe_key: str) -> None:
    """A recovery step's letter (reminder, statement, formal notice) for one recipient."""
    await payments.letters.make_recovery_letter(uuid.UUID(person_id), uuid.UUID(step_id),
                                                dedupe_key)  # fmt: skip


async def account_statement(person_id: str, day: str) -> None:
    await payments.letters.make_statement(uuid.UUID(person_id), date.fromisoformat(day))


async def plan_letter(plan_id: str) -> None:
    await payments.letters.make_plan_letter(uuid.UUID(plan_id))


async def undue_letter(undue_id: str) -> None:
    """An undue benefit's decision letter, joined to the notice that announced it."""
    await benefits.undue.make_undue_letter(uuid.UUID(undue_id))


async def blank_forms_cron(ctx: dict[str, Any]) -> int:
    """The cron entry: each blank form's PDF, per language, for today's figures, made once and
    kept in Redis (arq's own connection) for the web processes to serve."""
    return await blank_forms.make_missing(ctx["redis"], clock.today())
