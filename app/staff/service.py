"""Account managers: who follows whose file. Routing of new requests starts here."""

from __future__ import annotations

import uuid
from typing import Any

from app.identity.tables import StaffUser
from app.kit import audit
from app.kit.db import transaction
from app.staff.tables import AccountManager

DEFAULT_TEAM = "general"


async def account_manager_for(person_id: uuid.UUID) -> dict[str, Any] | None:
    """The person's account manager if set and still active."""
    rows = await AccountManager.raw(
        "SELECT s.id, s.email, s.full_name, s.team, s.language FROM account_manager a "
        "JOIN staff_user s ON s.id = a.staff WHERE a.person = {} AND s.active",
        person_id,
    )
    return rows[0] if rows else None


async def assign_account_manager(
    actor: audit.Actor, *, person_id: uuid.UUID, staff_id: uuid.UUID
) -> None:
    """Set (or change) the person's account manager; affiliation calls this at affiliation."""
    async with transaction():
        await AccountManager.raw(
            "INSERT INTO account_manager (id, person, staff, assigned_at) "
            "VALUES ({}, {}, {}, now()) "
            "ON CONFLICT (person) DO UPDATE SET staff = EXCLUDED.staff, assigned_at = now()",
            uuid.uuid4(),
            person_id,
            staff_id,
        )
        await audit.record(
            actor,
            "staff.account_manager_assigned",
            subject=("person", person_id),
            details={"staff_id": str(staff_id)},
        )


async def route_person(person_id: uuid.UUID, *, team: str = DEFAULT_TEAM) -> dict[str, Any] | None:
    """The agent who answers this person: their account manager, else the team's agent with the
    fewest open requests (round-robin by load), who then becomes the account manager so the
    next request reaches the same person. None when the fund has no active agent yet."""
    manager = await account_manager_for(person_id)
    if manager is not None:
        return manager
    rows = await StaffUser.raw(
        "SELECT s.id, s.email, s.full_name, s.team, s.language FROM staff_user s "
        "WHERE s.active AND s.role = 'agent' AND s.team = {} "
        "ORDER BY (SELECT count(*) FROM request r WHERE r.assignee = s.id AND r.status IN "
        "('submitted','received','in_review','information_requested')), s.created_at, s.id "
        "LIMIT 1",
        team,
    )
    if not rows:
        rows = await StaffUser.raw(
            "SELECT s.id, s.email, s.full_name, s.team, s.language FROM staff_user s "
            "WHERE s.active AND s.role = 'agent' ORDER BY s.created_at, s.id LIMIT 1"
        )
    if not rows:
        return None
    chosen = rows[0]
    await AccountManager.raw(
        "INSERT INTO account_manager (id, person, staff, assigned_at) VALUES ({}, {}, {}, now()) "
        "ON CONFLICT (person) DO NOTHING",
        uuid.uuid4(),
        person_id,
        chosen["id"],
    )
    return chosen
