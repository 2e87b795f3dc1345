"""The inbox's unread count in the navigation, kept cheap: a visitor costs nothing, a
signed-in affiliate (or staff member, for their notices) one Redis read (the count is counted
from the database at most once per TTL, or after they read something, which forgets it)."""

from __future__ import annotations

import uuid
from typing import Any

from redis import asyncio as aioredis

from app.messaging import queries

TTL_SECONDS = 10  # a new message shows in the badge within this delay; reading, at once
_KEY = "affilio:inbox-unread:{}"
_STATE = "inbox_unread"


async def unread(redis: aioredis.Redis, person_id: uuid.UUID, kind: str = "affiliate") -> int:
    """An affiliate's unread inbox, or (kind "staff") a staff member's unread notices."""
    key = _KEY.format(f"{kind}:{person_id}")
    cached = await redis.get(key)
    if cached is not None:
        return int(cached)
    if kind == "staff":
        count = await queries.unread_staff(person_id)
    else:
        count = await queries.unread_inbox(person_id)
    await redis.set(key, count, ex=TTL_SECONDS)
    return count


async def forget(redis: aioredis.Redis, person_id: uuid.UUID, kind: str = "affiliate") -> None:
    """After a read: the next page counts again."""
    await redis.delete(_KEY.format(f"{kind}:{person_id}"))


def _signed_in(request: Any) -> tuple[str, uuid.UUID] | None:
    """The session's kind (affiliate, staff) and id, read from the session alone."""
    session = request.scope.get("session")
    auth = session.get("auth") if isinstance(session, dict) else None
    if not isinstance(auth, dict) or auth.get("kind") not in ("affiliate", "staff"):
        return None
    try:
        return str(auth["kind"]), uuid.UUID(str(auth.get("id")))
    except ValueError:
        return None


async def before_page(request: Any) -> None:
    """Litestar's before_request: the count of a signed-in page, for the nav.
    Only a GET that renders a page (not htmx fragments, files or the API) looks it up."""
    # The session first: most answers (visitors, probes) stop here without parsing headers.
    found = _signed_in(request)
    if found is None or request.method != "GET" or request.headers.get("hx-request"):
        return
    kind, account_id = found
    redis = request.app.state.redis
    request.scope.setdefault("state", {})[_STATE] = await unread(redis, account_id, kind)


def nav_unread(request: Any) -> int:
    """The template global: the count looked up for this page, 0 when none was."""
    scope = getattr(request, "scope", None)
    state = scope.get("state", {}) if isinstance(scope, dict) else {}
    return int(state.get(_STATE, 0))
