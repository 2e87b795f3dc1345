"""Writes of a person's status: each function is one transaction and one audit event.

Called when staff grant an affiliation or an adjustment request (requests.service), when a
request is routed to its first agent, and by the demo seed.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from piccolo.columns import Column

from app.affiliation import rules
from app.affiliation.rules import Category, LegalForm, StatusRecord
from app.affiliation.tables import (
    AccountManager,
    Affiliation,
    Company,
    CompanyYear,
    Directorship,
    HelpingSpouse,
)
from app.identity import queries as identity
from app.identity.rules import IdentifierError, validate_enterprise_number
from app.kit import audit, clock, outbox
from app.kit.db import transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import lazy_gettext as _
from app.kit.money import cents

MESSAGES = {
    "ends_before_start": _("The end date must be on or after the start date"),
    "negative": _("Enter an amount that is zero or more"),
    "too_large": _("Enter a realistic amount"),
    "enterprise_number": _("Enter a valid enterprise number (BCE/KBO), for example 0123.456.749"),
    "same_person": _("A person cannot be their own helping spouse"),
    "company_name": _("Enter the company's name"),
    "too_long": _("Enter at most 200 characters"),
    "in_future": _("Enter a date that is today or earlier"),
    "year": _("Enter a year between 2000 and 2100"),
    "already_director": _("This person already directs this company"),
    "legal_form": _("Choose the company's legal form"),
}


def _invalid(codes: dict[str, str]) -> FormInvalid:
    return FormInvalid({name: str(MESSAGES[code]) for name, code in codes.items()})


async def _require_person(person_id: uuid.UUID) -> None:
    if not await identity.person_exists(person_id):
        raise NotFound()


async def record_affiliation(
    actor: audit.Actor,
    *,
    person_id: uuid.UUID,
    category: Category | str,
    starts_on: date,
    ends_on: date | None = None,
    first_main_activity: bool = False,
    declared_income: Decimal | None = None,
    declared_income_year: int | None = None,
    source_reference: str | None = None,
) -> None:
    """Set the person's status (a new affiliation, a change of category or a cessation)."""
    record = StatusRecord(Category(category), starts_on, ends_on, first_main_activity)
    codes = rules.status_errors(record)
    if declared_income is not None and (code := rules.income_error(declared_income)):
        codes["declared_income"] = code
    if codes:
        raise _invalid(codes)
    income = cents(declared_income) if declared_income is not None else None
    async with transaction():
        await _require_person(person_id)
        values: dict[Column | str, Any] = {
            Affiliation.category: record.category.value,
            Affiliation.starts_on: record.starts_on,
            Affiliation.ends_on: record.ends_on,
            Affiliation.first_main_activity: record.first_main_activity,
            Affiliation.source_reference: source_reference,
            Affiliation.updated_at: clock.now(),
        }
        if income is not None:
            values[Affiliation.declared_income] = income
            values[Affiliation.declared_income_year] = declared_income_year
        existing = await Affiliation.exists().where(Affiliation.person == person_id)
        if existing:
            await Affiliation.update(values).where(Affiliation.person == person_id)
        else:
            await Affiliation.insert(
                Affiliation(
                    id=uuid.uuid4(),
                    person=person_id,
                    category=record.category.value,
                    starts_on=record.starts_on,
                    ends_on=record.ends_on,
                    first_main_activity=record.first_main_activity,
                    declared_income=income,
                    declared_income_year=declared_income_year if income is not None else None,
                    source_reference=source_reference,
                    updated_at=clock.now(),
                )
            )
        await audit.record(
            actor,
            "affiliation.recorded",
            subject=("person", person_id),
            details={"category": record.category.value, "source": source_reference},
        )
        # A new status is a life event: the proactive rights (above) re-read the file.
        await outbox.enqueue("rights.evaluate", person_id=str(person_id))


async def record_declared_income(
    actor: audit.Actor,
    *,
    person_id: uuid.UUID,
    income: Decimal,
    year: int,
    category: Category | str | None = None,
    source_reference: str | None = None,
) -> bool:
    """A granted adjustment: the income (and category) the fund now works with. False when the
    person has no affiliation yet (nothing to adjust)."""
    if code := rules.income_error(income):
        raise _invalid({"income": code})
    async with transaction():
        values: dict[Column | str, Any] = {
            Affiliation.declared_income: cents(income),
            Affiliation.declared_income_year: year,
            Affiliation.source_reference: source_reference,
            Affiliation.updated_at: clock.now(),
        }
        if category is not None:
            values[Affiliation.category] = Category(category).value
        updated = (
            await Affiliation.update(values)
            .where(Affiliation.person == person_id)
            .returning(Affiliation.id)
        )
        if not updated:
            return False
        await audit.record(
            actor,
            "affiliation.income_recorded",
            subject=("person", person_id),
            details={"year": year, "source": source_reference},
        )
    return True


async def assign_account_manager(
    actor: audit.Actor, *, person_id: uuid.UUID, staff_id: uuid.UUID
) -> None:
    """Set (or change) the person's account manager."""
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


async def keep_account_manager(person_id: uuid.UUID, staff_id: uuid.UUID) -> None:
    """The first agent who handles a person becomes their account manager; a manager already
    set stays (concurrent first requests agree on one)."""
    await AccountManager.raw(
        "INSERT INTO account_manager (id, person, staff, assigned_at) VALUES ({}, {}, {}, now()) "
        "ON CONFLICT (person) DO NOTHING",
        uuid.uuid4(),
        person_id,
        staff_id,
    )


def _enterprise_number(text: str) -> str:
    try:
        return validate_enterprise_number(text)
    except IdentifierError:
        raise _invalid({"enterprise_number": "enterprise_number"}) from None


async def record_company(
    actor: audit.Actor,
    *,
    enterprise_number: str,
    name: str,
    legal_form: LegalForm | str,
    incorporated_on: date | None,
) -> uuid.UUID:
    """Record a company, or correct the one with this enterprise number: its id."""
    codes = rules.company_errors(name, incorporated_on, clock.today())
    try:
        form = LegalForm(legal_form)
    except ValueError:
        codes["legal_form"] = "legal_form"
    try:
        number = validate_enterprise_number(enterprise_number)
    except IdentifierError:
        codes["enterprise_number"] = "enterprise_number"
    if codes:
        raise _invalid(codes)
    async with transaction():
        rows = await Company.raw(
            "INSERT INTO company (id, enterprise_number, name, legal_form, incorporated_on, "
            "created_at) VALUES ({}, {}, {}, {}, {}, now()) ON CONFLICT (enterprise_number) "
            "DO UPDATE SET name = EXCLUDED.name, legal_form = EXCLUDED.legal_form, "
            "incorporated_on = EXCLUDED.incorporated_on RETURNING id",
            uuid.uuid4(), number, name.strip(), form.value, incorporated_on,
        )  # fmt: skip
        company_id: uuid.UUID = rows[0]["id"]
        await audit.record(
            actor,
            "affiliation.company_recorded",
            subject=("company", company_id),
            details={"enterprise_number": number, "legal_form": form.value},
        )
    return company_id


async def record_company_year(
    actor: audit.Actor,
    *,
    company_id: uuid.UUID,
    year: int,
    balance_sheet_total: Decimal,
    exemption_requested: bool = False,
) -> None:
    """The balance-sheet total of year N-2 (and the start-up exemption asked or not) that fix
    the company's contribution of `year`; recording it again corrects it."""
    codes = rules.company_year_errors(year, balance_sheet_total)
    if codes:
        raise _invalid(codes)
    async with transaction():
        if not await Company.exists().where(Company.id == company_id):
            raise NotFound()
        await CompanyYear.raw(
            "INSERT INTO company_year (id, company, year, balance_sheet_total, "
            "exemption_requested, recorded_at) VALUES ({}, {}, {}, {}, {}, now()) "
            "ON CONFLICT (company, year) DO UPDATE SET balance_sheet_total = "
            "EXCLUDED.balance_sheet_total, exemption_requested = EXCLUDED.exemption_requested, "
            "recorded_at = now()",
            uuid.uuid4(), company_id, year, cents(balance_sheet_total), exemption_requested,
        )  # fmt: skip
        await audit.record(
            actor,
            "affiliation.company_year_recorded",
            subject=("company", company_id),
            details={
                "year": year,
                "balance_sheet_total": str(cents(balance_sheet_total)),
                "exemption_requested": exemption_requested,
            },
        )


async def record_directorship(
    actor: audit.Actor,
    *,
    person_id: uuid.UUID,
    enterprise_number: str,
    company_name: str,
    since: date,
) -> None:
    """The person directs a company (the company's own contribution follows from it). A
    company the fund did not know yet is recorded under that name."""
    number = _enterprise_number(enterprise_number)
    name = company_name.strip()[:200]
    async with transaction():
        await _require_person(person_id)
        if await Directorship.exists().where(
            Directorship.person == person_id,
            Directorship.enterprise_number == number,
            Directorship.until.is_null(),
        ):
            raise _invalid({"enterprise_number": "already_director"})
        await Company.raw(
            "INSERT INTO company (id, enterprise_number, name, legal_form, created_at) "
            "VALUES ({}, {}, {}, '', now()) ON CONFLICT (enterprise_number) DO NOTHING",
            uuid.uuid4(), number, name,
        )  # fmt: skip
        await Directorship.insert(
            Directorship(
                id=uuid.uuid4(),
                person=person_id,
                enterprise_number=number,
                company_name=name,
                since=since,
            )
        )
        await audit.record(
            actor,
            "affiliation.directorship_recorded",
            subject=("person", person_id),
            details={"enterprise_number": number},
        )


async def link_helping_spouse(
    actor: audit.Actor, *, helper_id: uuid.UUID, partner_id: uuid.UUID, since: date
) -> None:
    if helper_id == partner_id:
        raise _invalid({"partner": "same_person"})
    async with transaction():
        await _require_person(helper_id)
        await _require_person(partner_id)
        await HelpingSpouse.raw(
            "INSERT INTO helping_spouse (id, helper, partner, since) VALUES ({}, {}, {}, {}) "
            "ON CONFLICT (helper) DO UPDATE SET partner = EXCLUDED.partner, since = EXCLUDED.since",
            uuid.uuid4(),
            helper_id,
            partner_id,
            since,
        )
        await audit.record(
            actor,
            "affiliation.helping_spouse_linked",
            subject=("person", helper_id),
            details={"partner": str(partner_id)},
        )
