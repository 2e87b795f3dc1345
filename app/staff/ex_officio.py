"""Rights the law grants without a request, detected in a file and not yet asked: the account
manager's tasks (app/rights: EX_OFFICIO). Agents see those of their team's people (by account
manager); supervisors see every team's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.identity import queries as identity
from app.identity.rules import Permission
from app.kit.db import fetch
from app.rights.rules import EX_OFFICIO, Right, State

LIMIT = 20

TASKS_SQL = (
    'SELECT f.id, f.person, f."right", f.occasion, f.deadline, '
    "pe.first_name || ' ' || pe.last_name AS person_name FROM right_finding f "
    "JOIN person pe ON pe.id = f.person "
    "LEFT JOIN account_manager am ON am.person = f.person "
    "LEFT JOIN staff_user s ON s.id = am.staff "
    'WHERE f.state = ANY({}::text[]) AND f."right" = ANY({}::text[]) '
)


@dataclass(frozen=True, slots=True)
class ExOfficioTask:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    right: Right
    occasion: str
    deadline: date | None

    @property
    def href(self) -> str:
        return f"/staff/people/{self.person_id}#rights"


async def tasks(member: identity.StaffMember, limit: int = LIMIT) -> list[ExOfficioTask]:
    """The oldest deadlines first."""
    open_states = [State.DETECTED.value, State.SENT.value]
    rights = sorted(r.value for r in EX_OFFICIO)
    order = "ORDER BY f.deadline NULLS LAST, f.detected_at, f.id LIMIT {}"
    if member.allows(Permission.SUPERVISE_TEAMS):
        rows = await fetch(TASKS_SQL + order, open_states, rights, limit)
    else:
        rows = await fetch(TASKS_SQL + "AND s.team = {} " + order, open_states, rights,
                           member.team, limit)  # fmt: skip
    return [_task(r) for r in rows]


def _task(row: dict[str, Any]) -> ExOfficioTask:
    return ExOfficioTask(row["id"], row["person"], str(row["person_name"]), Right(row["right"]),
                         row["occasion"], row["deadline"])  # fmt: skip
