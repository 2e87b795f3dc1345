"""Reads of a person's status at the fund, scoped to whoever asks.

`affiliation_for(actor)` is the affiliate's own view; `affiliation_of(person_id)` and
`account_manager_for(person_id)` serve the other domains' services (routing, notices) and the
back office, whose own access checks and audit come first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.affiliation.rules import Category, StatusRecord, contribution_category
from app.affiliation.tables import AccountManager, Affiliation, Directorship
from app.identity import queries as identity
from app.kit import audit


@dataclass(frozen=True, slots=True)
class AffiliationView:
    person_id: uuid.UUID
    category: Category
    starts_on: date
    ends_on: date | None
    first_main_activity: bool
    declared_income: Decimal | None
    declared_income_year: int | None
    source_reference: str | None

    def category_on(self, today: date) -> Category:
        """The contribution category today (a first main activity starts as a primo-starter)."""
        record = StatusRecord(self.category, self.starts_on, self.ends_on, self.first_main_activity)
        return contribution_category(record, today)


@dataclass(frozen=True, slots=True)
class DirectorshipView:
    enterprise_number: str
    company_name: str
    since: date
    until: date | None


def _view(row: dict[str, Any]) -> AffiliationView:
    income = row["declared_income"]
    return AffiliationView(
        person_id=row["person"],
        category=Category(str(row["category"])),
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        first_main_activity=bool(row["first_main_activity"]),
        declared_income=Decimal(str(income)) if income is not None else None,
        declared_income_year=row["declared_income_year"],
        source_reference=row["source_reference"],
    )


async def affiliation_of(person_id: uuid.UUID) -> AffiliationView | None:
    row = await Affiliation.select().where(Affiliation.person == person_id).first()
    return _view(row) if row else None


async def affiliation_for(actor: audit.Actor | None) -> AffiliationView | None:
    """The logged-in affiliate's own status; nothing for anyone else."""
    if actor is None or actor.kind != "affiliate" or actor.id is None:
        return None
    return await affiliation_of(actor.id)


async def account_manager_for(person_id: uuid.UUID) -> identity.StaffMember | None:
    """The person's account manager if set and still active."""
    row = (
        await AccountManager.select(AccountManager.staff)
        .where(AccountManager.person == person_id)
        .first()
    )
    if row is None:
        return None
    member = await identity.staff_member(row["staff"])
    return member if member is not None and member.active else None


async def manager_teams(person_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The team of each person's active account manager, in two queries whatever the count
    (people without one are left out)."""
    if not person_ids:
        return {}
    rows = await AccountManager.select(AccountManager.person, AccountManager.staff).where(
        AccountManager.person.is_in(person_ids)
    )
    teams = {member.id: member.team for member in await identity.active_staff()}
    return {row["person"]: teams[row["staff"]] for row in rows if row["staff"] in teams}


async def managed_by_team(person_id: uuid.UUID, team: str) -> bool:
    """Is the person's account manager a member of this team (back-office access)?"""
    row = (
        await AccountManager.select(AccountManager.staff)
        .where(AccountManager.person == person_id)
        .first()
    )
    member = await identity.staff_member(row["staff"]) if row else None
    return member is not None and member.team == team


async def directorships(person_id: uuid.UUID) -> list[DirectorshipView]:
    rows = (
        await Directorship.select(
            Directorship.enterprise_number,
            Directorship.company_name,
            Directorship.since,
            Directorship.until,
        )
        .where(Directorship.person == person_id)
        .order_by(Directorship.since)
    )
    return [DirectorshipView(**row) for row in rows]
