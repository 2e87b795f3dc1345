"""Who is asking, for the request, staff and messaging pages: identity's guards, re-exported
with two helpers (a guarded handler's actor and its audit view)."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import NotAuthorizedException

from app.identity.guards import (
    SessionActor,
    audit_actor,
    current_actor,
    require_affiliate,
    require_role,
    require_staff,
    require_step_up,
)
from app.identity.rules import step_up_fresh as _fresh
from app.kit import audit, clock


def step_up_fresh(actor: SessionActor) -> bool:
    """A user verification within the last five minutes (identity's rule)."""
    return _fresh(actor.step_up_at, clock.now())


async def who(request: Any) -> tuple[SessionActor, audit.Actor]:
    """The guarded handler's actor and its audit view (ip, user agent, request id)."""
    actor = await current_actor(request)
    if actor is None:  # the guard let an anonymous visitor through: never expected
        raise NotAuthorizedException()
    return actor, audit_actor(request, actor)


__all__ = [
    "SessionActor",
    "audit_actor",
    "current_actor",
    "require_affiliate",
    "require_role",
    "require_staff",
    "require_step_up",
    "step_up_fresh",
    "who",
]
