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

from app.affiliation.rules import Category, LegalForm, StatusRecord, contribution_category
from app.affiliation.tables import AccountManager, Affiliation, Company, CompanyYear, Directorship
from app.identity import queries as identity
from app.kit import audit
from app.kit.db import fetch


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


# --- companies ------------------------------------------------------------------------------
#
# Read by the back office (behind its own access checks) and by the payments domain, which
# shows a company's account to staff and to the company's own directors only.


@dataclass(frozen=True, slots=True)
class CompanyView:
    id: uuid.UUID
    enterprise_number: str
    name: str
    legal_form: LegalForm | None  # None while the fund does not know it
    incorporated_on: date | None

    @property
    def public_limited(self) -> bool:
        return self.legal_form is not None and self.legal_form.public_limited


@dataclass(frozen=True, slots=True)
class CompanyYearView:
    year: int
    balance_sheet_total: Decimal
    exemption_requested: bool


@dataclass(frozen=True, slots=True)
class DirectorView:
    person_id: uuid.UUID
    first_name: str
    last_name: str
    since: date
    until: date | None


def _company(row: dict[str, Any]) -> CompanyView:
    form = str(row["legal_form"] or "")
    return CompanyView(
        id=row["id"],
        enterprise_number=row["enterprise_number"],
        name=row["name"],
        legal_form=LegalForm(form) if form else None,
        incorporated_on=row["incorporated_on"],
    )


async def company(company_id: uuid.UUID) -> CompanyView | None:
    row = await Company.select().where(Company.id == company_id).first()
    return _company(row) if row else None


async def companies(search: str = "", *, limit: int = 50) -> list[CompanyView]:
    """Companies by name or enterprise number (digits only or formatted), by name."""
    text = search.strip()
    digits = "".join(c for c in text if c.isdigit())
    rows = await fetch(
        "SELECT * FROM company WHERE {} = '' OR name ILIKE {} OR "
        "({} <> '' AND replace(enterprise_number, '.', '') LIKE {}) ORDER BY name LIMIT {}",
        text, f"%{text}%", digits, f"%{digits}%", limit,
    )  # fmt: skip
    return [_company(row) for row in rows]


async def company_years(company_id: uuid.UUID) -> list[CompanyYearView]:
    rows = (
        await CompanyYear.select(
            CompanyYear.year, CompanyYear.balance_sheet_total, CompanyYear.exemption_requested
        )
        .where(CompanyYear.company == company_id)
        .order_by(CompanyYear.year, ascending=False)
    )
    return [
        CompanyYearView(r["year"], Decimal(str(r["balance_sheet_total"])),
                        bool(r["exemption_requested"]))
        for r in rows
    ]  # fmt: skip


async def company_year(company_id: uuid.UUID, year: int) -> CompanyYearView | None:
    return next((y for y in await company_years(company_id) if y.year == year), None)


async def companies_with_year(
    year: int, *, after: uuid.UUID, limit: int
) -> list[tuple[CompanyView, CompanyYearView]]:
    """The companies whose figures for `year` are recorded, by id after `after` (batches)."""
    rows = await fetch(
        "SELECT c.*, y.balance_sheet_total, y.exemption_requested FROM company c "
        "JOIN company_year y ON y.company = c.id AND y.year = {} WHERE c.id > {} "
        "ORDER BY c.id LIMIT {}",
        year, after, limit,
    )  # fmt: skip
    return [
        (_company(r), CompanyYearView(year, Decimal(str(r["balance_sheet_total"])),
                                      bool(r["exemption_requested"])))
        for r in rows
    ]  # fmt: skip


async def directors_of(company_id: uuid.UUID, on: date | None = None) -> list[DirectorView]:
    """The company's directors, those in office on `on` only when given, by name."""
    rows = await fetch(
        "SELECT d.person, p.first_name, p.last_name, d.since, d.until FROM directorship d "
        "JOIN company c ON c.enterprise_number = d.enterprise_number "
        "JOIN person p ON p.id = d.person WHERE c.id = {} "
        "AND ({}::date IS NULL OR (d.since <= {} AND (d.until IS NULL OR d.until >= {}))) "
        "ORDER BY p.last_name, p.first_name, d.since",
        company_id, on, on, on,
    )  # fmt: skip
    return [
        DirectorView(r["person"], r["first_name"], r["last_name"], r["since"], r["until"])
        for r in rows
    ]


async def companies_directed_by(person_id: uuid.UUID, on: date) -> list[CompanyView]:
    """The companies the person directs on `on`: what their own pages may show of them."""
    rows = await fetch(
        "SELECT DISTINCT c.* FROM company c JOIN directorship d "
        "ON d.enterprise_number = c.enterprise_number WHERE d.person = {} AND d.since <= {} "
        "AND (d.until IS NULL OR d.until >= {}) ORDER BY c.name",
        person_id, on, on,
    )  # fmt: skip
    return [_company(row) for row in rows]


async def affiliations_of(person_ids: list[uuid.UUID]) -> dict[uuid.UUID, AffiliationView]:
    """`affiliation_of` of many people in one query (a batch job's chunk); people without an
    affiliation are left out."""
    if not person_ids:
        return {}
    rows = await Affiliation.select().where(Affiliation.person.is_in(person_ids))
    return {row["person"]: _view(row) for row in rows}
