"""Identity jobs: housekeeping of one-time links and e-mail codes; what follows when a
self-registered account was linked into the known file of the same person."""

from __future__ import annotations

import uuid
from typing import Any

from app.identity import service
from app.kit import audit
from app.requests import service as requests
from app.wizards import service as wizards


async def purge_expired_tokens_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context)."""
    await service.purge_expired_tokens()


async def accounts_merged(claimant_id: str, file_id: str) -> None:
    """What the claimant's account still holds follows it into the file: requests and
    messages (already moved by a staff decision: then nothing is left) and guide drafts
    (the wizards domain ranks above requests, so only this job can move them).
    Both calls are idempotent: a job delivered twice changes nothing more."""
    claimant, file = uuid.UUID(claimant_id), uuid.UUID(file_id)
    await requests.move_to_file(audit.SYSTEM, claimant, file)
    await wizards.move_drafts_to_file(claimant, file)
