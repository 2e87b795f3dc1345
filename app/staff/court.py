"""The back office's court follow-up (issue 19, item 4): the fund's bailiffs, lawyers and
curators (records kept by supervisors, not logins), and a person's court procedures, opened
after the personal contact of the recovery and followed step by step.

Writes go through `app.payments.service.court`, which checks the rules, audits each write and
tells the affiliate in their inbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.identity import queries as identity
from app.identity.guards import require_permission, require_staff, who
from app.identity.rules import Permission
from app.kit.errors import NotFound
from app.kit.forms import FieldError, day, money, raw, text
from app.kit.http import AnyRequest
from app.kit.i18n import gettext
from app.payments import service
from app.payments.rules.court import MAX_COSTS, WITH_AMOUNT, CourtStep, PartyKind, ProcedureKind
from app.staff.queue import check_person_access

court = service.court
MAY_KEEP_PARTIES: Final = Permission.SUPERVISE_TEAMS  # supervisors keep the parties' list
PARTY_FIELDS: Final = {  # name: (max length, required)
    "name": (120, True), "firm": (120, False), "address": (240, False),
    "phone": (40, False), "email": (160, False), "reference": (60, False),
}  # fmt: skip
MAX_NOTE: Final = 2000
MAX_FILE_REFERENCE: Final = 60


def _field_message(error: FieldError) -> str:
    if error.message:
        return error.message
    return {
        "required": gettext("This field is required"),
        "too_long": gettext("This is too long"),
        "not_date": gettext("Enter a date, for example 15/03/2026"),
    }.get(error.code, gettext("Check this field"))


def _refused(error: court.CourtRefused) -> str:
    return str(court.REFUSED.get(error.code, court.REFUSED["not_allowed"]))


def _words() -> dict[str, Any]:
    return {
        "party_kind": court.PARTY_KIND,
        "procedure_kind": court.PROCEDURE_KIND,
        "step_labels": court.STEP_LABELS,
        "step_words": court.STEP_WORDS,
        "with_amount": [k.value for k in WITH_AMOUNT],
    }


def _money_field(form: Mapping[str, Any], name: str, errors: dict[str, str], *,
                 required: bool, maximum: Decimal) -> Decimal | None:  # fmt: skip
    try:
        return money(raw(form, name), maximum=maximum, required=required)
    except FieldError as exc:
        errors[name] = _field_message(exc)
        return None


def _day_field(form: Mapping[str, Any], name: str, errors: dict[str, str]) -> Any:
    try:
        return day(raw(form, name))
    except FieldError as exc:
        errors[name] = _field_message(exc)
        return None


class StaffCourtController(Controller):
    path = "/staff"
    guards = [require_staff]
    include_in_schema = False

    # --- the parties: bailiffs, lawyers, curators -----------------------------------------

    async def _parties_page(self, *, form: dict[str, str] | None = None,
                            errors: dict[str, str] | None = None, added: bool = False,
                            status_code: int = 200) -> Template:  # fmt: skip
        return Template(
            "staff/court_parties.html",
            context={
                "parties": await court.parties(),
                "form": form or {},
                "errors": errors or {},
                "added": added,
                "kinds": list(PartyKind),
                **_words(),
            },
            status_code=status_code,
        )

    @get("/court/parties", name="staff:court_parties",
         guards=[require_permission(MAY_KEEP_PARTIES)])  # fmt: skip
    async def parties(self, done: FromQuery[str | None] = None) -> Template:
        return await self._parties_page(added=done == "added")

    @post("/court/parties", name="staff:court_party_add",
          guards=[require_permission(MAY_KEEP_PARTIES)])  # fmt: skip
    async def add_party(self, request: AnyRequest) -> Template | Redirect:
        _me, actor = await who(request)
        form = await request.form()
        typed = {name: raw(form, name)[:500] for name in ("kind", *PARTY_FIELDS)}
        errors: dict[str, str] = {}
        values: dict[str, str] = {}
        if typed["kind"] not in {k.value for k in PartyKind}:
            errors["kind"] = gettext("Choose a bailiff, a lawyer or a curator")
        for name, (length, required) in PARTY_FIELDS.items():
            try:
                values[name] = text(typed[name], max_length=length, required=required)
            except FieldError as exc:
                errors[name] = _field_message(exc)
        if values.get("email") and "@" not in values["email"]:
            errors["email"] = gettext("Enter an e-mail address, for example name@example.be")
        if errors:
            return await self._parties_page(form=typed, errors=errors, status_code=422)
        await court.add_party(actor, court.NewParty(kind=PartyKind(typed["kind"]), **values))
        return Redirect(path="/staff/court/parties?done=added", status_code=303)

    # --- a person's procedures ------------------------------------------------------------

    async def _person_page(
        self, request: AnyRequest, person_id: uuid.UUID, *, done: str = "",
        form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        await check_person_access(actor, person_id, audit_action="staff.court_read")
        person = await identity.person_summary(person_id)
        if person is None:
            raise NotFound()
        return Template(
            "staff/court.html",
            context={
                "person": person,
                "procedures": await court.procedures_of_person(person_id),
                "quarters": await court.handable_quarters(person_id),
                "parties": await court.parties(),
                "kinds": list(ProcedureKind),
                "done": done,
                "form": form or {},
                "errors": errors or {},
                **_words(),
            },
            status_code=status_code,
        )

    @get("/people/{person_id:uuid}/court", name="staff:court")
    async def person_court(self, request: AnyRequest, person_id: FromPath[uuid.UUID],
                           done: FromQuery[str | None] = None) -> Template:  # fmt: skip
        return await self._person_page(request, person_id, done=done or "")

    @post("/people/{person_id:uuid}/court", name="staff:court_open")
    async def open_procedure(self, request: AnyRequest,
                             person_id: FromPath[uuid.UUID]) -> Template | Redirect:  # fmt: skip
        """Hand the chosen quarters to a bailiff or a lawyer, or record a bankruptcy with its
        curator: refused before the personal contact, with the reason."""
        _me, actor = await who(request)
        await check_person_access(actor, person_id)
        form = await request.form()
        chosen = [str(v) for v in form.getall("quarters", [])][:40]
        typed = {n: raw(form, n)[:MAX_NOTE * 2] for n in
                 ("kind", "party", "on", "costs", "file_reference", "note")}  # fmt: skip
        typed["quarters"] = ",".join(chosen)
        errors: dict[str, str] = {}
        kind = typed["kind"] if typed["kind"] in {k.value for k in ProcedureKind} else None
        if kind is None:
            errors["kind"] = gettext("Choose a bailiff, a lawyer or a bankruptcy")
        try:
            party_id = uuid.UUID(typed["party"])
        except ValueError:
            party_id = None
            errors["party"] = str(court.REFUSED["party"])
        quarters: list[tuple[int, int]] = []
        for value in chosen:
            year, _sep, quarter = value.partition("-Q")
            if not (year.isdigit() and quarter in {"1", "2", "3", "4"}):
                errors["quarters"] = str(court.REFUSED["quarters"])
                break
            quarters.append((int(year), int(quarter)))
        if not quarters:
            errors["quarters"] = str(court.REFUSED["quarters"])
        on = _day_field(form, "on", errors)
        costs = _money_field(form, "costs", errors, required=False, maximum=MAX_COSTS)
        if len(typed["file_reference"]) > MAX_FILE_REFERENCE:
            errors["file_reference"] = gettext("Keep it under 60 characters")
        if len(typed["note"]) > MAX_NOTE:
            errors["note"] = gettext("Keep it under 2 000 characters")
        if not errors and kind is not None and party_id is not None and on is not None:
            first = (CourtStep.CURATOR_RECORDED if kind == ProcedureKind.BANKRUPTCY
                     else CourtStep.HANDED_OVER)  # fmt: skip
            try:
                await court.open_procedure(
                    actor, person_id, ProcedureKind(kind), party_id, quarters,
                    court.NewStep(first, on, costs or Decimal("0.00"), None,
                                  typed["note"].strip()),
                    file_reference=typed["file_reference"].strip(),
                )  # fmt: skip
            except court.CourtRefused as exc:
                errors[exc.field or "open"] = _refused(exc)
            else:
                return Redirect(path=f"/staff/people/{person_id}/court?done=opened",
                                status_code=303)  # fmt: skip
        return await self._person_page(request, person_id, form=typed, errors=errors,
                                       status_code=422)  # fmt: skip

    @post("/people/{person_id:uuid}/court/{procedure_id:uuid}/steps", name="staff:court_step")
    async def record_step(self, request: AnyRequest, person_id: FromPath[uuid.UUID],
                          procedure_id: FromPath[uuid.UUID]) -> Template | Redirect:  # fmt: skip
        """A dated step of the procedure, with its costs (and the amount received or claimed),
        told to the affiliate."""
        _me, actor = await who(request)
        await check_person_access(actor, person_id)
        procedure = await court.procedure_of_person(person_id, procedure_id)
        if procedure is None:
            raise NotFound()
        form = await request.form()
        suffix = f"-{procedure_id}"
        names = ("step", "on", "costs", "amount", "note")
        typed = {n + suffix: raw(form, n + suffix)[: MAX_NOTE * 2] for n in names}
        errors: dict[str, str] = {}
        step = typed["step" + suffix]
        if step not in procedure.allowed:
            errors["step" + suffix] = str(court.REFUSED["not_allowed"])
        on = _day_field(form, "on" + suffix, errors)
        costs = _money_field(form, "costs" + suffix, errors, required=False, maximum=MAX_COSTS)
        needs_amount = step in {k.value for k in WITH_AMOUNT}
        amount = _money_field(form, "amount" + suffix, errors, required=needs_amount,
                              maximum=Decimal("10000000"))  # fmt: skip
        if not needs_amount and raw(form, "amount" + suffix).strip():
            errors["amount" + suffix] = gettext("This step takes no amount")
        if len(typed["note" + suffix]) > MAX_NOTE:
            errors["note" + suffix] = gettext("Keep it under 2 000 characters")
        if not errors and on is not None:
            try:
                await court.record_step(actor, person_id, procedure_id, court.NewStep(
                    CourtStep(step), on, costs or Decimal("0.00"),
                    amount if needs_amount else None, typed["note" + suffix].strip(),
                ))  # fmt: skip
            except court.CourtRefused as exc:
                errors[(exc.field or "step") + suffix] = _refused(exc)
            except LookupError:
                raise NotFound() from None
            else:
                return Redirect(path=f"/staff/people/{person_id}/court?done=step",
                                status_code=303)  # fmt: skip
        return await self._person_page(request, person_id, form=typed, errors=errors,
                                       status_code=422)  # fmt: skip
