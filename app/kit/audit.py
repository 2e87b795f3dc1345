"""The audit trail: who did what, when, from where. Append-only."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from app.kit import clock
from app.kit.tables import AuditEvent


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str  # affiliate, staff, system, anonymous
    id: uuid.UUID | None = None
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None
    # Acting under a mandate: `id` is the client the services scope to, `delegate` the person
    # who really acts. The trail names the delegate as actor ("mandatary"), for the client.
    delegate: uuid.UUID | None = None
    mandate: uuid.UUID | None = None


SYSTEM = Actor(kind="system")


async def record(
    actor: Actor,
    action: str,
    *,
    subject: tuple[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    actor_kind, actor_id = actor.kind, actor.id
    if actor.delegate is not None:
        actor_kind, actor_id = "mandatary", actor.delegate
        details = {**(details or {}), "client_id": actor.id, "mandate_id": actor.mandate}
    await AuditEvent.insert(
        AuditEvent(
            at=clock.now(),  # the app's clock, which tests freeze, not the database's
            actor_kind=actor_kind,
            actor_id=actor_id,
            action=action,
            subject_kind=subject[0] if subject else None,
            subject_id=str(subject[1]) if subject else None,
            ip=actor.ip,
            user_agent=(actor.user_agent or "")[:500] or None,
            request_id=actor.request_id,
            details=json.dumps(details or {}, default=str),
        )
    )
