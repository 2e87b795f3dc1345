"""Proactive rights jobs: evaluate one person after an event in their file, everyone nightly."""

from __future__ import annotations

import uuid
from typing import Any

from app.rights import service


async def evaluate(person_id: str) -> int:
    """After a request filed or decided (a guide files requests): the person's rights. A
    re-delivered job finds the findings already there and posts nothing."""
    return await service.evaluate_person(uuid.UUID(person_id))


async def evaluate_people(person_ids: list[str]) -> int:
    """After payments were booked (a CODA import, a movement assigned): these people's rights."""
    return await service.evaluate_people([uuid.UUID(p) for p in person_ids])


async def evaluate_range(after: str, upto: str) -> int:
    """One batch of the nightly run: the affiliated people with an id in (after, upto]."""
    return await service.evaluate_range(uuid.UUID(after), uuid.UUID(upto))


async def evaluate_everyone_cron(ctx: dict[str, Any] | None = None) -> int:
    """Cron: the nightly run, queued as one job per batch of people (bench/rights.py times
    the whole evaluation)."""
    return await service.queue_nightly_evaluation()
