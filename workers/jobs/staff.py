"""Back-office jobs: the reports for the authorities, built from the database's aggregates."""

from __future__ import annotations

import uuid

from app.staff import reports


async def authority_report(report_id: str) -> None:
    """A supervisor asked for a report: build its files (nothing when built already)."""
    await reports.build_report(uuid.UUID(report_id))
