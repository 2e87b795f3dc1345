"""Document jobs: each PDF is rendered by a worker from what the owning domain knows."""

from __future__ import annotations

import uuid

from app.payments import service as payments
from app.requests import service as requests


async def decision_letter(request_id: str) -> None:
    """After a decision: its letter, in the person's language (kept once per content)."""
    await requests.make_decision_letter(uuid.UUID(request_id))


async def fiscal_attestation(person_id: str, year: int) -> None:
    await payments.attestations.make_fiscal_attestation(uuid.UUID(person_id), int(year))


async def affiliation_certificate(person_id: str) -> None:
    await payments.attestations.make_affiliation_certificate(uuid.UUID(person_id))


async def notice_pdf(person_id: str, notice_id: str) -> None:
    await payments.attestations.make_notice_pdf(uuid.UUID(person_id), uuid.UUID(notice_id))
