"""The back office's side of the contribution account: the reconciliation queue (bank movements
nothing matched, assigned by hand), the CODA imports, and a person's account as staff see it.

Read model over SQL (`app.kit.db.fetch`): the payments domain's tables are its own. Writes go
through `app.payments.service`, which audits them (`payments.coda_imported`,
`payments.movement_assigned`) and imports nothing of a malformed file.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final
from urllib.parse import urlencode

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.documents.rules import safe_filename
from app.identity import queries as identity
from app.identity.guards import require_permission, require_staff, who
from app.identity.rules import Permission, role_allows
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.kit.forms import FieldError, Parsed, integer, raw
from app.kit.http import AnyRequest
from app.kit.i18n import N_, gettext, ngettext
from app.payments import queries as payments
from app.payments import service
from app.payments.messages import (
    QUARTER_STATUS,
    QUARTER_STATUS_CLASS,
    STEP_DONE_STAFF,
    STEP_NEXT_STAFF,
)
from app.payments.rules.coda import CodaError, ErrorCode
from app.payments.rules.communication import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ACCOUNT_NUMBER,
    format_communication,
)
from app.staff.queue import check_person_access, staff_member

# Importing a statement and assigning a payment put money on someone's account, whoever's team
# they are in: a bank movement belongs to no team. SUPERVISE_TEAMS is the permission of that
# reach (supervisors and admins see every team); REASSIGN is about passing requests on.
MAY_BOOK: Final = Permission.SUPERVISE_TEAMS

# A statement of 10 000 movements is about 4 MB (three 130-byte records each); room for more
# detail records, and refused before parsing beyond it.
MAX_CODA_BODY: Final = 16 * 1024 * 1024
CODA_FIELD: Final = "coda"
SHOWN_MOVEMENTS: Final = 100
SHOWN_IMPORTS: Final = 20

# bank_movement.status values (app/payments/service.py writes them).
UNMATCHED: Final = "unmatched"
ASSIGNED: Final = "assigned"

# One sentence per CodaError code, with the line where the file went wrong.
CODA_ERRORS: Final[dict[ErrorCode, str]] = {
    "empty": N_("Line %(line)s: the file is empty."),
    "encoding": N_(
        "Line %(line)s: a character that a CODA file cannot hold (it must be plain text, "
        "Windows-1252, without control characters)."
    ),
    "record_length": N_("Line %(line)s: a record must be 128 characters long."),
    "unknown_record": N_("Line %(line)s: this type of record does not exist in CODA."),
    "not_numeric": N_("Line %(line)s: a field that holds only digits has something else in it."),
    "value": N_(
        "Line %(line)s: a coded field holds a value that the CODA standard does not allow."
    ),
    "date": N_("Line %(line)s: a date that does not exist."),
    "precision": N_("Line %(line)s: an amount with a fraction of a cent."),
    "order": N_("Line %(line)s: a record out of place, or one missing before it."),
    "mismatch": N_(
        "Line %(line)s: the account or the statement number is not the one given earlier in "
        "the file."
    ),
    "balance": N_(
        "Line %(line)s: the old balance plus the movements does not give the new balance."
    ),
    "trailer_count": N_(
        "Line %(line)s: the number of records in the trailer is not the number in the file."
    ),
    "trailer_sum": N_(
        "Line %(line)s: the trailer's total of debits or credits is not that of the movements."
    ),
}

ASSIGN_MESSAGES: Final[dict[str, str]] = {
    "account_required": N_("Enter the number of the contribution account"),
    "account_invalid": N_("Enter an account number: a whole number from 1 to 999,999"),
    "account_unknown": N_("No contribution account has the number %(number)s"),
    "year_invalid": N_("Enter a year from 2000 to 2099"),
    "quarter_invalid": N_("Enter a quarter from 1 to 4"),
    "year_missing": N_("Enter the year of this quarter too, or leave the quarter empty"),
    "quarter_missing": N_("Enter the quarter of this year too, or leave the year empty"),
}


def _say(code: str, **variables: Any) -> str:
    return gettext(ASSIGN_MESSAGES[code], **variables)


def coda_error_message(error: CodaError) -> str:
    """The sentence for a refused file, in the reader's language, with its line number."""
    return gettext(CODA_ERRORS[error.code], line=error.line)


# --- read model ------------------------------------------------------------------------------


def _grouped(iban: str | None) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if iban else ""


@dataclass(frozen=True, slots=True)
class WaitingMovement:
    """A payment in that nothing matched: it waits for a staff member to assign it."""

    id: uuid.UUID
    value_date: date
    amount: Decimal
    payer_name: str
    payer_iban: str  # grouped by four, "" when the bank gave none
    communication: str  # the structured one as +++…+++, else the free text
    statement_date: date
    filename: str


@dataclass(frozen=True, slots=True)
class ImportLine:
    id: uuid.UUID
    filename: str
    statement_date: date
    movements: int
    matched: int
    unmatched: int
    imported_by: str | None  # the staff member's name; None when the system imported it
    imported_at: datetime

    @property
    def summary(self) -> str:
        return import_banner(self.movements, self.matched, self.unmatched)


@dataclass(frozen=True, slots=True)
class PaymentsPage:
    member: identity.StaffMember
    may_book: bool
    waiting: tuple[WaitingMovement, ...]
    waiting_total: int
    imports: tuple[ImportLine, ...]
    contacts: tuple[ContactTask, ...] = ()


@dataclass(frozen=True, slots=True)
class AssignedMovement:
    """A movement a staff member assigned, for the banner that says where it went."""

    amount: Decimal
    account_number: int
    person_id: uuid.UUID | None  # None on a company's account
    person_name: str  # or the company's name
    year: int | None
    quarter: int | None
    company_id: uuid.UUID | None = None

    @property
    def href(self) -> str:
        if self.company_id is not None:
            return f"/staff/companies/{self.company_id}"
        return f"/staff/people/{self.person_id}/account"


@dataclass(frozen=True, slots=True)
class ContactTask:
    """A personal contact the recovery asks of the account manager (the charter: no court
    step before it is made and recorded)."""

    id: uuid.UUID
    person_id: uuid.UUID | None  # None for a company's
    person_name: str  # the person's, or the company's name
    year: int
    quarter: int
    due_on: date  # from when the schedule asks for it
    company_id: uuid.UUID | None = None

    @property
    def href(self) -> str:
        if self.company_id is not None:
            return f"/staff/companies/{self.company_id}"
        return f"/staff/people/{self.person_id}/account"


@dataclass(frozen=True, slots=True)
class StaffAccount:
    person: identity.PersonSummary
    account_number: int | None
    view: payments.AccountView
    contacts: tuple[ContactTask, ...] = ()
    plan: payments.RunningPlan | None = None  # the approved payment plan, if one runs


# A company's contact has no account manager: no team owns it, supervisors make it.
CONTACTS_SQL = (
    "SELECT r.id, r.year, r.quarter, r.scheduled_on, p.person, p.company, "
    "coalesce(pe.first_name || ' ' || pe.last_name, co.name) AS person_name "
    "FROM recovery_step r JOIN payment_account p ON p.id = r.account "
    "LEFT JOIN person pe ON pe.id = p.person LEFT JOIN company co ON co.id = p.company "
    "LEFT JOIN account_manager am ON am.person = p.person "
    "LEFT JOIN staff_user s ON s.id = am.staff "
    "WHERE r.kind = 'personal_contact' AND r.done_on IS NULL "
)


def contact_task(row: Mapping[str, Any]) -> ContactTask:
    return ContactTask(row["id"], row["person"], str(row["person_name"]), row["year"],
                       row["quarter"], row["scheduled_on"], row["company"])  # fmt: skip


async def contact_tasks(member: identity.StaffMember, limit: int = 50) -> list[ContactTask]:
    """Personal contacts to make, oldest first: an agent's are those of their team's people;
    supervisors see every team's."""
    if member.allows(MAY_BOOK):
        rows = await fetch(CONTACTS_SQL + "ORDER BY r.scheduled_on, r.id LIMIT {}", limit)
    else:
        rows = await fetch(
            CONTACTS_SQL + "AND s.team = {} ORDER BY r.scheduled_on, r.id LIMIT {}",
            member.team, limit,
        )  # fmt: skip
    return [contact_task(r) for r in rows]


def _communication(row: Mapping[str, Any]) -> str:
    if row["structured_communication"]:
        try:
            return format_communication(str(row["structured_communication"]))
        except ValueError:
            return str(row["structured_communication"])
    return str(row["communication"] or "")


async def payments_page(actor: audit.Actor) -> PaymentsPage:
    """The oldest movements waiting to be assigned, their count, and the last imports.

    Reading it is audited: it shows payers' names and bank accounts."""
    member = await staff_member(actor)
    rows = await fetch(
        "SELECT m.id, m.value_date, m.amount, m.counterparty_name, m.counterparty_iban, "
        "m.communication, m.structured_communication, i.filename, i.statement_date "
        "FROM bank_movement m JOIN coda_import i ON i.id = m.coda_import "
        "WHERE m.status = {} ORDER BY m.value_date, m.created_at, m.id LIMIT {}",
        UNMATCHED,
        SHOWN_MOVEMENTS,
    )
    total = await fetch("SELECT count(*) AS n FROM bank_movement WHERE status = {}", UNMATCHED)
    imports = await fetch(
        "SELECT i.id, i.filename, i.statement_date, i.movements, i.matched, i.unmatched, "
        "i.imported_at, s.full_name AS staff_name FROM "
        "(SELECT * FROM coda_import ORDER BY imported_at DESC LIMIT {}) i "
        "LEFT JOIN staff_user s ON i.imported_by LIKE 'staff:%' "
        "AND s.id::text = substr(i.imported_by, 7) ORDER BY i.imported_at DESC",
        SHOWN_IMPORTS,
    )
    await audit.record(actor, "staff.payments_read", details={"shown": len(rows)})
    return PaymentsPage(
        contacts=tuple(await contact_tasks(member)),
        member=member,
        may_book=member.allows(MAY_BOOK),
        waiting=tuple(
            WaitingMovement(
                id=r["id"],
                value_date=r["value_date"],
                amount=Decimal(str(r["amount"])),
                payer_name=str(r["counterparty_name"] or ""),
                payer_iban=_grouped(r["counterparty_iban"]),
                communication=_communication(r),
                statement_date=r["statement_date"],
                filename=str(r["filename"] or ""),
            )
            for r in rows
        ),
        waiting_total=int(total[0]["n"]),
        imports=tuple(
            ImportLine(
                id=r["id"],
                filename=str(r["filename"] or ""),
                statement_date=r["statement_date"],
                movements=r["movements"],
                matched=r["matched"],
                unmatched=r["unmatched"],
                imported_by=r["staff_name"],
                imported_at=r["imported_at"],
            )
            for r in imports
        ),
    )


async def movement_status(movement_id: uuid.UUID) -> str | None:
    rows = await fetch("SELECT status FROM bank_movement WHERE id = {}", movement_id)
    return str(rows[0]["status"]) if rows else None


async def account_exists(number: int) -> bool:
    return bool(await fetch("SELECT 1 FROM payment_account WHERE number = {}", number))


async def assigned_movement(movement_id: uuid.UUID) -> AssignedMovement | None:
    rows = await fetch(
        "SELECT m.amount, m.year, m.quarter, a.number, a.person AS person_id, a.company, "
        "coalesce(p.first_name || ' ' || p.last_name, c.name) AS person_name "
        "FROM bank_movement m JOIN payment_account a ON a.id = m.account "
        "LEFT JOIN person p ON p.id = a.person LEFT JOIN company c ON c.id = a.company "
        "WHERE m.id = {} AND m.status = {}",
        movement_id,
        ASSIGNED,
    )
    if not rows:
        return None
    r = rows[0]
    return AssignedMovement(
        amount=Decimal(str(r["amount"])), account_number=r["number"], person_id=r["person_id"],
        person_name=r["person_name"], year=r["year"], quarter=r["quarter"],
        company_id=r["company"],
    )  # fmt: skip


async def _running_plan(person_id: uuid.UUID) -> payments.RunningPlan | None:
    account_id = await payments.account_of_person(person_id)
    return await payments.running_plan_of(account_id, clock.today()) if account_id else None


async def account_for_staff(actor: audit.Actor, person_id: uuid.UUID) -> StaffAccount:
    """A person's account (balance, quarters, notices, history) for a staff member who may see
    the person (their team's people; supervisors, everyone). The read is audited."""
    await check_person_access(actor, person_id, audit_action="staff.account_read")
    person = await identity.person_summary(person_id)
    if person is None:
        raise NotFound()
    number = await fetch("SELECT number FROM payment_account WHERE person = {}", person_id)
    contacts = await fetch(CONTACTS_SQL + "AND p.person = {} ORDER BY r.scheduled_on", person_id)
    return StaffAccount(
        person=person,
        account_number=number[0]["number"] if number else None,
        view=await payments.account_for_person(person_id),
        plan=await _running_plan(person_id),
        contacts=tuple(contact_task(r) for r in contacts),
    )


# --- the assignment form ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    account_number: int
    year: int | None
    quarter: int | None


def _number(value: str, minimum: int, maximum: int, message: str) -> int | None:
    try:
        return integer(value, minimum=minimum, maximum=maximum, required=False)
    except FieldError:
        raise FieldError("invalid", gettext(message)) from None


async def parse_assignment(form: Mapping[str, Any]) -> Parsed[Assignment]:
    """Account number (an account that exists), and the year and quarter together or neither;
    each refusal is a sentence for its field, what was typed is kept."""
    typed = {name: raw(form, name) for name in ("account_number", "year", "quarter")}
    errors: dict[str, str] = {}
    number: int | None = None
    year: int | None = None
    quarter: int | None = None
    if not typed["account_number"].strip():
        errors["account_number"] = _say("account_required")
    else:
        try:
            number = _number(typed["account_number"], 1, MAX_ACCOUNT_NUMBER,
                             ASSIGN_MESSAGES["account_invalid"])  # fmt: skip
        except FieldError as exc:
            errors["account_number"] = exc.message or ""
        if number is not None and not await account_exists(number):
            errors["account_number"] = _say("account_unknown", number=number)
    try:
        year = _number(typed["year"], FIRST_YEAR, LAST_YEAR, ASSIGN_MESSAGES["year_invalid"])
    except FieldError as exc:
        errors["year"] = exc.message or ""
    try:
        quarter = _number(typed["quarter"], 1, 4, ASSIGN_MESSAGES["quarter_invalid"])
    except FieldError as exc:
        errors["quarter"] = exc.message or ""
    if year is not None and quarter is None and "quarter" not in errors:
        errors["quarter"] = _say("quarter_missing")
    if quarter is not None and year is None and "year" not in errors:
        errors["year"] = _say("year_missing")
    if errors or number is None:
        return Parsed(form=typed, errors=errors)
    return Parsed(form=typed, value=Assignment(number, year, quarter))


# --- banners ---------------------------------------------------------------------------------


def import_banner(movements: int, matched: int, unmatched: int) -> str:
    """ "12 movements: 10 matched, 2 to assign" (and the outgoing ones left aside, if any)."""
    text = gettext(
        "%(movements)s: %(matched)s, %(unmatched)s",
        movements=ngettext("%(num)s movement", "%(num)s movements", movements),
        matched=ngettext("%(num)s matched", "%(num)s matched", matched),
        unmatched=ngettext("%(num)s to assign", "%(num)s to assign", unmatched),
    )
    outgoing = movements - matched - unmatched
    if outgoing > 0:
        text += ", " + ngettext(
            "%(num)s outgoing payment left aside", "%(num)s outgoing payments left aside", outgoing
        )
    return text


def _count(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) <= 7 else None


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


# --- HTTP ------------------------------------------------------------------------------------


MAX_CONTACT_NOTE = 2000


def _labels() -> dict[str, Any]:
    return {
        "quarter_status": QUARTER_STATUS,
        "quarter_status_class": QUARTER_STATUS_CLASS,
        "step_done_staff": STEP_DONE_STAFF,
        "step_next_staff": STEP_NEXT_STAFF,
    }


class StaffPaymentsController(Controller):
    path = "/staff"
    guards = [require_staff]
    include_in_schema = False

    async def _page(
        self,
        request: AnyRequest,
        *,
        banner: tuple[str, str] | None = None,  # (kind, text)
        assigned: AssignedMovement | None = None,
        errors: dict[str, str] | None = None,
        coda_reason: str = "",
        assign_for: uuid.UUID | None = None,
        assign_form: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        _me, actor = await who(request)
        data = await payments_page(actor)
        return Template(
            "staff/payments.html",
            context={
                "data": data,
                "banner": banner,
                "assigned": assigned,
                "errors": errors or {},
                "coda_reason": coda_reason,
                "assign_for": assign_for,
                "assign_form": assign_form or {},
            },
            status_code=status_code,
        )

    @get("/payments", name="staff:payments")
    async def payments(
        self,
        request: AnyRequest,
        done: FromQuery[str | None] = None,
        movements: FromQuery[str | None] = None,
        matched: FromQuery[str | None] = None,
        unmatched: FromQuery[str | None] = None,
        movement: FromQuery[str | None] = None,
    ) -> Template:
        banner: tuple[str, str] | None = None
        assigned: AssignedMovement | None = None
        counts = (_count(movements), _count(matched), _count(unmatched))
        if done == "imported" and None not in counts:
            total, found, left = (c or 0 for c in counts)
            banner = ("success", import_banner(total, found, left))
        elif done == "already":
            banner = ("info", gettext("This statement was imported already: nothing changed."))
        elif done == "gone":
            banner = ("warning", gettext(
                "This payment is no longer waiting: a colleague may have assigned it already."
            ))  # fmt: skip
        elif done == "assigned" and (movement_id := _uuid(movement)) is not None:
            me, _actor = await who(request)
            if me.role and role_allows(me.role, MAY_BOOK):
                assigned = await assigned_movement(movement_id)
        return await self._page(request, banner=banner, assigned=assigned)

    @post(
        "/payments/import",
        name="staff:payments_import",
        guards=[require_permission(MAY_BOOK)],
        request_max_body_size=MAX_CODA_BODY,
    )
    async def import_file(self, request: AnyRequest) -> Template | Redirect:
        _me, actor = await who(request)
        form = await request.form()
        upload = form.get(CODA_FIELD)
        if not isinstance(upload, UploadFile) or not upload.filename:
            errors = {CODA_FIELD: gettext("Choose the CODA file of the bank statement")}
            return await self._page(request, errors=errors, status_code=422)
        data = await upload.read()
        try:
            result = await service.import_statement(
                actor, data, filename=safe_filename(upload.filename)
            )
        except CodaError as exc:
            nothing = gettext("Nothing was imported.")
            message = f"{coda_error_message(exc)} {nothing}"
            return await self._page(
                request, errors={CODA_FIELD: message}, coda_reason=exc.reason, status_code=422
            )
        if result.already_imported:
            return Redirect(path="/staff/payments?done=already", status_code=303)
        query = urlencode({"done": "imported", "movements": result.movements,
                           "matched": result.matched, "unmatched": result.unmatched})  # fmt: skip
        return Redirect(path=f"/staff/payments?{query}", status_code=303)

    @post(
        "/payments/movements/{movement_id:uuid}/assign",
        name="staff:payments_assign",
        guards=[require_permission(MAY_BOOK)],
    )
    async def assign(
        self, request: AnyRequest, movement_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        status = await movement_status(movement_id)
        if status is None:
            raise NotFound()
        if status != UNMATCHED:
            return Redirect(path="/staff/payments?done=gone", status_code=303)
        parsed = await parse_assignment(await request.form())
        if parsed.value is None:
            return await self._page(
                request,
                errors={f"{name}-{movement_id}": text for name, text in parsed.errors.items()},
                assign_for=movement_id,
                assign_form=parsed.form,
                status_code=422,
            )
        done = await service.assign_movement(
            actor, movement_id, account_number=parsed.value.account_number,
            year=parsed.value.year, quarter=parsed.value.quarter,
        )  # fmt: skip
        if not done:
            return Redirect(path="/staff/payments?done=gone", status_code=303)
        return Redirect(
            path=f"/staff/payments?done=assigned&movement={movement_id}", status_code=303
        )

    @get("/people/{person_id:uuid}/account", name="staff:person_account")
    async def person_account(
        self, request: AnyRequest, person_id: FromPath[uuid.UUID],
        done: FromQuery[str | None] = None,
    ) -> Template:  # fmt: skip
        return await self._account_page(
            request, person_id, recorded=done == "contact", reversed_entry=done == "reversed"
        )

    async def _account_page(
        self, request: AnyRequest, person_id: uuid.UUID, *, recorded: bool = False,
        reversed_entry: bool = False, errors: dict[str, str] | None = None, note: str = "",
        status_code: int = 200,
    ) -> Template:  # fmt: skip
        me, actor = await who(request)
        data = await account_for_staff(actor, person_id)
        return Template(
            "staff/payments_account.html",
            context={
                "person": data.person,
                "number": data.account_number,
                "account": data.view,
                "contacts": data.contacts,
                "plan": data.plan,
                "recorded": recorded,
                "reversed_entry": reversed_entry,
                "corrections": bool(me.role and role_allows(me.role, MAY_BOOK)),
                "errors": errors or {},
                "note": note,
                **_labels(),
            },
            status_code=status_code,
        )

    @post(
        "/people/{person_id:uuid}/account/contacts/{step_id:uuid}",
        name="staff:record_contact",
    )
    async def record_contact(
        self, request: AnyRequest, person_id: FromPath[uuid.UUID], step_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        """The account manager (or a colleague of the person's team) records the personal
        contact the recovery asks for, with what was said."""
        _me, actor = await who(request)
        await check_person_access(actor, person_id)
        mine = await fetch(CONTACTS_SQL + "AND r.id = {} AND p.person = {}", step_id, person_id)
        if not mine:
            raise NotFound()
        note = str((await request.form()).get("note") or "").strip()
        if not note or len(note) > MAX_CONTACT_NOTE:
            message = (gettext("Say what you agreed with the person") if not note
                       else gettext("Keep it under 2 000 characters"))  # fmt: skip
            return await self._account_page(
                request,
                person_id,
                errors={f"note-{step_id}": message},
                note=note[:5000],
                status_code=422,
            )
        await service.record_personal_contact(actor, step_id, note)
        return Redirect(path=f"/staff/people/{person_id}/account?done=contact", status_code=303)
