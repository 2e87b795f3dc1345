"""Payments jobs: each quarter's due notices ahead of the due date, the companies' yearly
notices, last year's fiscal attestations in January, and the recovery of unpaid quarters and
company years (surcharges or the company late fine, reminder, statement, formal notice, the
personal-contact task). All idempotent: a re-run or a second worker does nothing twice."""

from __future__ import annotations

from typing import Any

from app.kit import clock
from app.payments import debit, service

# One run handles at most this many persons/accounts: it stays well inside the job timeout;
# the next run goes on where this one stopped (what is done is skipped).
PER_RUN = 5_000


async def issue_due_notices() -> int:
    return await service.issue_due_notices(limit=PER_RUN)


async def issue_due_notices_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context)."""
    await issue_due_notices()


async def issue_company_notices() -> service.CompanyNoticeRun:
    return await service.issue_company_notices()


async def issue_company_notices_cron(ctx: dict[str, Any]) -> None:
    await issue_company_notices()


async def run_recovery() -> int:
    return await service.run_recovery(limit=PER_RUN)


async def run_recovery_cron(ctx: dict[str, Any]) -> None:
    await run_recovery()


async def queue_fiscal_attestations() -> int:
    return await service.attestations.queue_fiscal_attestations(clock.today(), limit=PER_RUN)


async def queue_fiscal_attestations_cron(ctx: dict[str, Any]) -> None:
    await queue_fiscal_attestations()


# Direct debit (app/payments/debit.py): the pre-notifications, then the pain.008 files.


async def announce_debits() -> int:
    return await debit.announce_collections()


async def announce_debits_cron(ctx: dict[str, Any]) -> None:
    await announce_debits()


async def write_debit_files() -> int:
    return len(await debit.write_collection_files())


async def write_debit_files_cron(ctx: dict[str, Any]) -> None:
    await write_debit_files()
