"""Who answers a person: their account manager, else the team's least-loaded agent.

The chosen agent becomes the account manager, so the next request reaches the same person
(the charter's "interlocuteur qui connaît votre dossier").
"""

from __future__ import annotations

import uuid

from app.affiliation import queries as affiliation
from app.affiliation import service as affiliation_service
from app.identity import queries as identity
from app.identity.rules import DEFAULT_TEAM, StaffRole
from app.requests import states
from app.requests.tables import Request

__all__ = ["DEFAULT_TEAM", "route_person"]


async def _open_load(staff_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = await Request.raw(
        "SELECT assignee, count(*) AS n FROM request "
        f"WHERE status IN {states.sql_list(states.OPEN)} AND assignee = ANY({{}}) "
        "GROUP BY assignee",
        staff_ids,
    )
    return {row["assignee"]: int(row["n"]) for row in rows}


async def route_person(
    person_id: uuid.UUID, *, team: str = DEFAULT_TEAM
) -> identity.StaffMember | None:
    """The agent who answers this person (None while the fund has no active agent)."""
    manager = await affiliation.account_manager_for(person_id)
    if manager is not None:
        return manager
    agents = await identity.active_staff(roles=(StaffRole.AGENT.value,), team=team)
    if agents:
        load = await _open_load([a.id for a in agents])
        # Fewest open requests first; among equals the longest-serving (a stable round-robin).
        chosen = min(enumerate(agents), key=lambda pair: (load.get(pair[1].id, 0), pair[0]))[1]
    else:
        anyone = await identity.active_staff(roles=(StaffRole.AGENT.value,))
        if not anyone:
            return None
        chosen = anyone[0]
    await affiliation_service.keep_account_manager(person_id, chosen.id)
    return chosen
