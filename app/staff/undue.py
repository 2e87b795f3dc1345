"""The back office's undue benefits (issue 19, item 3): on one of a person's benefits, the
staff member gives the day from which it was not due and the reasons, sees the amount and the
payments it stops (a preview), then records the decision. Writes go through
`app.benefits.service.undue`, which books the claim, stops the payments and tells the affiliate.
"""

from __future__ import annotations

import uuid
from datetime import date

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.benefits import queries as benefits_queries
from app.benefits import service as benefits
from app.benefits.messages import labels as benefit_labels
from app.benefits.rules.undue import MOTIVATION_MAX, UndueClaim
from app.identity import queries as identity
from app.identity.guards import require_permission, require_staff, who
from app.identity.rules import Permission
from app.kit.errors import NotFound
from app.kit.forms import FieldError, day, raw
from app.kit.http import AnyRequest
from app.kit.i18n import gettext
from app.staff.queue import check_person_access

undue = benefits.undue


class StaffUndueController(Controller):
    path = "/staff/people/{person_id:uuid}/benefits/{entitlement_id:uuid}/undue"
    guards = [require_staff, require_permission(Permission.DECIDE)]
    include_in_schema = False

    async def _page(self, request: AnyRequest, person_id: uuid.UUID, entitlement_id: uuid.UUID,
                    *, form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                    claim: UndueClaim | None = None, done: str = "",
                    status_code: int = 200) -> Template:  # fmt: skip
        _me, actor = await who(request)
        await check_person_access(actor, person_id, audit_action="staff.undue_read")
        person = await identity.person_summary(person_id)
        entitlement = await benefits_queries.entitlement_of_person(person_id, entitlement_id)
        if person is None or entitlement is None:
            raise NotFound()
        return Template(
            "staff/undue.html",
            context={
                "person": person, "entitlement": entitlement, "form": form or {},
                "errors": errors or {}, "preview": claim, "done": done,
                "claims": [c for c in await undue.undue_of_person(person_id)
                           if c.entitlement == entitlement_id],
                "motivation_max": MOTIVATION_MAX, **benefit_labels(),
            },
            status_code=status_code,
        )  # fmt: skip

    @get("/", name="staff:undue")
    async def show(self, request: AnyRequest, person_id: FromPath[uuid.UUID],
                   entitlement_id: FromPath[uuid.UUID],
                   done: FromQuery[str | None] = None) -> Template:  # fmt: skip
        return await self._page(request, person_id, entitlement_id,
                                done="recorded" if done == "recorded" else "")  # fmt: skip

    @post("/", name="staff:undue_record")
    async def record(self, request: AnyRequest, person_id: FromPath[uuid.UUID],
                     entitlement_id: FromPath[uuid.UUID]) -> Template | Redirect:  # fmt: skip
        """`action=preview` shows the amount and the payments stopped; `action=record`
        records the decision. What was typed stays on the page either way."""
        _me, actor = await who(request)
        await check_person_access(actor, person_id)
        form = await request.form()
        typed = {"from": raw(form, "from")[:20],
                 "motivation": raw(form, "motivation")[: MOTIVATION_MAX * 2]}  # fmt: skip
        recording = raw(form, "action") == "record"
        errors: dict[str, str] = {}
        from_day: date | None = None
        try:
            from_day = day(typed["from"])
        except FieldError as exc:
            errors["from"] = (gettext("Give the day from which the benefit was not due")
                              if exc.code == "required"
                              else gettext("Enter a date, for example 15/03/2026"))  # fmt: skip
        claim: UndueClaim | None = None
        if from_day is not None:
            try:
                claim = await undue.preview(person_id, entitlement_id, from_day)
            except undue.UndueRefused as exc:
                errors["from"] = str(undue.REFUSED[exc.code])
        if recording and not errors and from_day is not None:
            try:
                await undue.record_undue(actor, person_id, entitlement_id, from_day,
                                         typed["motivation"])  # fmt: skip
            except undue.UndueRefused as exc:
                field = "motivation" if exc.code.startswith("motivation") else "from"
                errors[field] = str(undue.REFUSED[exc.code])
            else:
                return Redirect(path=f"/staff/people/{person_id}/benefits/{entitlement_id}"
                                     "/undue?done=recorded", status_code=303)  # fmt: skip
        return await self._page(request, person_id, entitlement_id, form=typed, errors=errors,
                                claim=claim, status_code=422 if errors else 200)  # fmt: skip
