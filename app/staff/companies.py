"""The back office's companies: find or record a company (BCE/KBO number, legal form, date of
incorporation), the balance-sheet totals that fix its yearly contribution, its directors, and
its contribution account with the solidarity between the company and its directors.

Every staff member may read a company (the read is audited); agents record its figures and
directors; the personal contact of a company's recovery, which no team owns, is recorded by a
supervisor (the same permission as the bank reconciliation).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.affiliation import queries as affiliation
from app.affiliation import service as affiliation_service
from app.affiliation.rules import LegalForm
from app.contributions.rules.errors import UnknownParameter, UnknownYear
from app.contributions.rules.parameters import load_year
from app.identity import queries as identity
from app.identity.guards import require_permission, require_staff, who
from app.identity.rules import IdentifierError, Permission, validate_niss
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import FieldError, Parsed, day, integer, money, raw
from app.kit.http import AnyRequest
from app.kit.i18n import gettext
from app.kit.i18n import lazy_gettext as _
from app.payments import queries as payments
from app.payments import service as payments_service
from app.staff.payments import (
    CONTACTS_SQL,
    MAX_CONTACT_NOTE,
    MAY_BOOK,
    ContactTask,
    contact_task,
)
from app.staff.payments import _labels as account_labels
from app.staff.queue import staff_member

MAY_RECORD: Final = Permission.DECIDE

LEGAL_FORMS: dict[str, Any] = {
    LegalForm.SRL.value: _("SRL (private limited company)"),
    LegalForm.SA.value: _("SA (public limited company)"),
    LegalForm.SC.value: _("SC (cooperative company)"),
    LegalForm.SNC.value: _("SNC (general partnership)"),
    LegalForm.SCOMM.value: _("SComm (limited partnership)"),
    LegalForm.OTHER.value: _("Other legal form"),
}

MESSAGES: dict[str, Any] = {
    "enterprise_number": _("Enter a valid enterprise number (BCE/KBO), for example 0123.456.749"),
    "name": _("Enter the company's name"),
    "legal_form": _("Choose the company's legal form"),
    "incorporated_on": _("Enter the date of incorporation, for example 2024-03-15"),
    "year": _("Enter a year between 2000 and 2100"),
    "balance_sheet_total": _("Enter the balance-sheet total in euros, for example 412 000,00"),
    "niss": _("Enter the director's national register number (11 digits)"),
    "niss_unknown": _("No person of the fund holds this national register number"),
    "since": _("Enter the date the mandate started, for example 2024-03-15"),
}


def _say(code: str) -> str:
    return str(MESSAGES[code])


@dataclass(frozen=True, slots=True)
class NewCompany:
    enterprise_number: str
    name: str
    legal_form: str
    incorporated_on: date | None


@dataclass(frozen=True, slots=True)
class NewYear:
    year: int
    balance_sheet_total: Decimal
    exemption_requested: bool


@dataclass(frozen=True, slots=True)
class NewDirector:
    person_id: uuid.UUID
    since: date


def parse_company(form: Mapping[str, Any]) -> Parsed[NewCompany]:
    """The company form: what was typed is kept; each refusal is a sentence for its field."""
    typed = {n: raw(form, n) for n in ("enterprise_number", "name", "legal_form",
                                       "incorporated_on")}  # fmt: skip
    errors: dict[str, str] = {}
    if not typed["enterprise_number"].strip() or len(typed["enterprise_number"]) > 20:
        errors["enterprise_number"] = _say("enterprise_number")
    if not typed["name"].strip() or len(typed["name"]) > 200:
        errors["name"] = _say("name")
    if typed["legal_form"] not in LEGAL_FORMS:
        errors["legal_form"] = _say("legal_form")
    incorporated: date | None = None
    try:
        incorporated = day(typed["incorporated_on"], required=False)
    except FieldError:
        errors["incorporated_on"] = _say("incorporated_on")
    if errors:
        return Parsed(form=typed, errors=errors)
    value = NewCompany(typed["enterprise_number"], typed["name"].strip(), typed["legal_form"],
                       incorporated)  # fmt: skip
    return Parsed(form=typed, value=value)


def parse_year(form: Mapping[str, Any]) -> Parsed[NewYear]:
    typed = {n: raw(form, n) for n in ("year", "balance_sheet_total", "exemption_requested")}
    errors: dict[str, str] = {}
    year: int | None = None
    total: Decimal | None = None
    try:
        year = integer(typed["year"], minimum=2000, maximum=2100)
    except FieldError:
        errors["year"] = _say("year")
    try:
        total = money(typed["balance_sheet_total"], maximum=Decimal("1000000000000"))
    except FieldError as exc:
        errors["balance_sheet_total"] = exc.message or _say("balance_sheet_total")
    if errors or year is None or total is None:
        return Parsed(form=typed, errors=errors)
    return Parsed(form=typed, value=NewYear(year, total, typed["exemption_requested"] == "yes"))


async def parse_director(form: Mapping[str, Any]) -> Parsed[NewDirector]:
    typed = {n: raw(form, n) for n in ("niss", "since")}
    errors: dict[str, str] = {}
    person_id: uuid.UUID | None = None
    since: date | None = None
    try:
        number = validate_niss(typed["niss"][:30]).number
    except IdentifierError:
        errors["niss"] = _say("niss")
    else:
        person_id = await identity.person_id_by_national_number(number)
        if person_id is None:
            errors["niss"] = _say("niss_unknown")
    try:
        since = day(typed["since"])
    except FieldError:
        errors["since"] = _say("since")
    if errors or person_id is None or since is None:
        return Parsed(form=typed, errors=errors)
    return Parsed(form=typed, value=NewDirector(person_id, since))


# --- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DirectorLine:
    """A director and what they owe on their own account (the company answers for it)."""

    director: affiliation.DirectorView
    balance: Decimal


@dataclass(frozen=True, slots=True)
class YearLine:
    figures: affiliation.CompanyYearView
    amount: Decimal | None  # None while the year's amounts are unknown
    exempt: bool


@dataclass(frozen=True, slots=True)
class CompanyPage:
    company: affiliation.CompanyView
    account: payments.CompanyAccount
    account_number: int | None
    years: tuple[YearLine, ...]
    directors: tuple[DirectorLine, ...]
    contacts: tuple[ContactTask, ...]
    may_record: bool
    may_book: bool


def _year_line(company: affiliation.CompanyView, figures: affiliation.CompanyYearView) -> YearLine:
    try:
        due = payments_service.company_due(company, figures)
    except (UnknownParameter, UnknownYear):
        return YearLine(figures, None, False)
    return YearLine(figures, due.amount, due.amount == 0)


async def company_page(actor: audit.Actor, company_id: uuid.UUID) -> CompanyPage:
    """A company as the back office reads it; the read is audited."""
    member = await staff_member(actor)
    company = await affiliation.company(company_id)
    if company is None:
        raise NotFound()
    await audit.record(actor, "staff.company_read", subject=("company", company_id))
    today = clock.today()
    account = await payments.company_account_of(company_id, today)
    number = await fetch("SELECT number FROM payment_account WHERE company = {}", company_id)
    directors = [
        DirectorLine(d, (await payments.account_for_person(d.person_id, today)).balance)
        for d in await affiliation.directors_of(company_id)
    ]
    contacts = await fetch(CONTACTS_SQL + "AND p.company = {} ORDER BY r.scheduled_on", company_id)
    return CompanyPage(
        company=company,
        account=account,
        account_number=number[0]["number"] if number else None,
        years=tuple(_year_line(company, y) for y in await affiliation.company_years(company_id)),
        directors=tuple(directors),
        contacts=tuple(contact_task(r) for r in contacts),
        may_record=member.allows(MAY_RECORD),
        may_book=member.allows(MAY_BOOK),
    )


def notices_withheld(today: date) -> int | None:
    """The year whose company notices are due now but cannot leave (its amounts unknown)."""
    if not payments_service.company_notice_window(today.year, today):
        return None
    try:
        load_year(today.year).require_amount("company.amount_low")
    except (UnknownParameter, UnknownYear):
        return today.year
    return None


def _labels() -> dict[str, Any]:
    return {**account_labels(), "legal_forms": LEGAL_FORMS}


class StaffCompaniesController(Controller):
    path = "/staff/companies"
    guards = [require_staff]
    include_in_schema = False

    async def _list(
        self, request: AnyRequest, q: str = "", *, form: dict[str, str] | None = None,
        errors: dict[str, str] | None = None, status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        member = await staff_member(actor)
        found = await affiliation.companies(q[:100])
        return Template(
            "staff/companies.html",
            context={
                "companies": found,
                "q": q[:100],
                "form": form or {},
                "errors": errors or {},
                "may_record": member.allows(MAY_RECORD),
                "withheld": notices_withheld(clock.today()),
                **_labels(),
            },
            status_code=status_code,
        )

    @get("/", name="staff:companies")
    async def companies(self, request: AnyRequest, q: FromQuery[str] = "") -> Template:
        return await self._list(request, q)

    @post("/", name="staff:company_create", guards=[require_permission(MAY_RECORD)])
    async def create(self, request: AnyRequest) -> Template | Redirect:
        _me, actor = await who(request)
        parsed = parse_company(await request.form())
        if parsed.value is None:
            return await self._list(request, form=parsed.form, errors=parsed.errors,
                                    status_code=422)  # fmt: skip
        v = parsed.value
        try:
            company_id = await affiliation_service.record_company(
                actor, enterprise_number=v.enterprise_number, name=v.name,
                legal_form=v.legal_form, incorporated_on=v.incorporated_on,
            )  # fmt: skip
        except FormInvalid as exc:
            return await self._list(request, form=parsed.form, errors=dict(exc.errors),
                                    status_code=422)  # fmt: skip
        return Redirect(path=f"/staff/companies/{company_id}?done=recorded", status_code=303)

    async def _page(
        self, request: AnyRequest, company_id: uuid.UUID, *, done: str | None = None,
        forms: dict[str, dict[str, str]] | None = None, errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        data = await company_page(actor, company_id)
        return Template(
            "staff/company.html",
            context={
                "data": data,
                "a": data.account.view,
                "yearly": True,
                "corrections": data.may_book,
                "done": done,
                "forms": forms or {},
                "errors": errors or {},
                **_labels(),
            },
            status_code=status_code,
        )

    @get("/{company_id:uuid}", name="staff:company")
    async def company(
        self, request: AnyRequest, company_id: FromPath[uuid.UUID],
        done: FromQuery[str | None] = None,
    ) -> Template:  # fmt: skip
        shown = done if done in {"recorded", "year", "director", "contact", "reversed"} else None
        return await self._page(request, company_id, done=shown)

    @post("/{company_id:uuid}/years", name="staff:company_year",
          guards=[require_permission(MAY_RECORD)])  # fmt: skip
    async def record_year(
        self, request: AnyRequest, company_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        parsed = parse_year(await request.form())
        if parsed.value is None:
            return await self._page(request, company_id, forms={"year": parsed.form},
                                    errors=parsed.errors, status_code=422)  # fmt: skip
        try:
            await affiliation_service.record_company_year(
                actor, company_id=company_id, year=parsed.value.year,
                balance_sheet_total=parsed.value.balance_sheet_total,
                exemption_requested=parsed.value.exemption_requested,
            )  # fmt: skip
        except FormInvalid as exc:
            return await self._page(request, company_id, forms={"year": parsed.form},
                                    errors=dict(exc.errors), status_code=422)  # fmt: skip
        return Redirect(path=f"/staff/companies/{company_id}?done=year", status_code=303)

    @post("/{company_id:uuid}/directors", name="staff:company_director",
          guards=[require_permission(MAY_RECORD)])  # fmt: skip
    async def add_director(
        self, request: AnyRequest, company_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        company = await affiliation.company(company_id)
        if company is None:
            raise NotFound()
        parsed = await parse_director(await request.form())
        if parsed.value is None:
            return await self._page(request, company_id, forms={"director": parsed.form},
                                    errors=parsed.errors, status_code=422)  # fmt: skip
        try:
            await affiliation_service.record_directorship(
                actor, person_id=parsed.value.person_id,
                enterprise_number=company.enterprise_number, company_name=company.name,
                since=parsed.value.since,
            )  # fmt: skip
        except FormInvalid as exc:
            errors = {"niss" if k == "enterprise_number" else k: v for k, v in exc.errors.items()}
            return await self._page(request, company_id, forms={"director": parsed.form},
                                    errors=errors, status_code=422)  # fmt: skip
        return Redirect(path=f"/staff/companies/{company_id}?done=director", status_code=303)

    @post("/{company_id:uuid}/contacts/{step_id:uuid}", name="staff:company_contact",
          guards=[require_permission(MAY_BOOK)])  # fmt: skip
    async def record_contact(
        self, request: AnyRequest, company_id: FromPath[uuid.UUID],
        step_id: FromPath[uuid.UUID],
    ) -> Template | Redirect:  # fmt: skip
        """A supervisor records the personal contact with the company's directors."""
        _me, actor = await who(request)
        mine = await fetch(CONTACTS_SQL + "AND r.id = {} AND p.company = {}", step_id, company_id)
        if not mine:
            raise NotFound()
        note = str((await request.form()).get(f"note-{step_id}") or "").strip()
        if not note or len(note) > MAX_CONTACT_NOTE:
            message = (gettext("Say what you agreed with the directors") if not note
                       else gettext("Keep it under 2 000 characters"))  # fmt: skip
            return await self._page(request, company_id, forms={"contact": {"note": note[:5000]}},
                                    errors={f"note-{step_id}": message},
                                    status_code=422)  # fmt: skip
        await payments_service.record_personal_contact(actor, step_id, note)
        return Redirect(path=f"/staff/companies/{company_id}?done=contact", status_code=303)
