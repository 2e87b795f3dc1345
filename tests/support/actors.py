"""Test actors for every suite: people, staff, national numbers, logged-in clients, CSRF.

Logging in writes identity's session layout (app/identity/guards.py: session["auth"]) straight
into the app's session store, so HTTP tests need no passkey ceremony.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx

from app.identity import service as identity
from app.kit import audit, clock
from app.kit.security import CSRF_COOKIE

_counter = iter(range(1, 10_000_000))


def niss() -> str:
    """A valid Belgian national number (born in the 1980s), different on every call."""
    n = next(_counter)
    body = f"85{(n // 28) % 12 + 1:02d}{n % 28 + 1:02d}{(n // 336) % 997 + 1:03d}"
    check = 97 - int(body) % 97
    return f"{body}{check:02d}"


async def make_person(
    first_name: str = "Lotte",
    email: str | None = "lotte@example.be",
    language: str = "fr",
    *,
    last_name: str = "Peeters",
) -> uuid.UUID:
    return await identity.create_person(
        identity.NewPerson(
            national_number=niss(),
            first_name=first_name,
            last_name=last_name,
            email=email,
            language=language,
        ),
        actor=audit.SYSTEM,
    )


async def make_staff(
    role: str = "agent", team: str = "general", name: str = "Anne Agent"
) -> uuid.UUID:
    return await identity.create_staff_user(
        email=f"{uuid.uuid4().hex[:8]}@fund.be",
        full_name=name,
        role=role,
        team=team,
        language="fr",
        actor=audit.SYSTEM,
    )


def affiliate(person_id: uuid.UUID) -> audit.Actor:
    return audit.Actor(kind="affiliate", id=person_id)


def staff(staff_id: uuid.UUID) -> audit.Actor:
    return audit.Actor(kind="staff", id=staff_id)


def session_record(kind: str, account_id: uuid.UUID, step_up_at: datetime | None = None) -> bytes:
    """identity's session layout (app/identity/guards.py) for a freshly logged-in account."""
    now = clock.now()
    session: dict[str, Any] = {
        "auth": {
            "kind": kind,
            "id": str(account_id),
            "epoch": 0,
            "name": "Test",
            "created": now.isoformat(),
            "seen": now.isoformat(),
            "step_up": (step_up_at or now - timedelta(hours=1)).isoformat(),
        }
    }
    return json.dumps(session).encode()


async def log_in(
    client: httpx.AsyncClient,
    kind: str,
    account_id: uuid.UUID,
    *,
    step_up_at: datetime | None = None,
) -> None:
    """Store a session for the account and give the client its cookie (and a CSRF cookie)."""
    session_id = secrets.token_hex(32)
    store = client.app.stores.get("sessions")  # type: ignore[attr-defined]
    await store.set(session_id, session_record(kind, account_id, step_up_at), expires_in=3600)
    client.cookies.delete("affilio_session")  # every copy, whatever domain the app set
    client.cookies.set("affilio_session", session_id)


async def csrf_token(client: httpx.AsyncClient) -> str:
    """The CSRF token the browser holds (its cookie), fetched with a first page if needed."""
    if not client.cookies.get(CSRF_COOKIE):
        await client.get("/")
    token = client.cookies.get(CSRF_COOKIE)
    assert token, "the app set no CSRF cookie"
    return token


async def csrf(client: httpx.AsyncClient) -> dict[str, str]:
    """The CSRF header as htmx and fetch() send it."""
    return {"x-csrftoken": await csrf_token(client)}
