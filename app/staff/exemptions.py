"""Recording INASTI's decision on a forwarded exemption request, quarter by quarter: the
exempted quarters are credited on the account and the request is granted, partly granted or
refused accordingly (app.payments.service.record_exemption_decision).

Like any decision, it needs a fresh user verification.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import require_staff, require_step_up, step_up_fresh, who
from app.kit import forms
from app.kit.errors import FormInvalid
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.payments import queries as payments
from app.payments import service as payment_service
from app.requests.messages import appeal_paragraph, message
from app.staff import queue
from app.staff.wording import motivation_error, staff_labels


class InastiDecisionController(Controller):
    path = "/staff/requests/{request_id:uuid}/inasti-decision"
    guards = [require_staff]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, request_id: uuid.UUID, form: dict[str, Any],
        errors: dict[str, str], *, status_code: int = 200,
    ) -> Template | Redirect:  # fmt: skip
        _me, actor = await who(request)
        item = await queue.request_for_staff(actor, request_id)  # NotFound outside their team
        if item.kind != "exemption" or item.status != "forwarded":
            # Not (or no longer) waiting for INASTI: the request's page says where it stands.
            return Redirect(path=f"/staff/requests/{request_id}", status_code=303)
        return Template(
            "staff/inasti_decision.html",
            context={
                "item": item,
                "asked": await payments.exemption_asked(request_id),
                "form": {"exempted": [], "decided_on": "", "motivation": "", **form},
                "errors": errors,
                "appeal_text": appeal_paragraph(),
                **staff_labels(),
            },
            status_code=status_code,
        )

    @get("/", name="staff:inasti_decision", guards=[require_step_up])
    async def form(
        self, request: AnyRequest, request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        return await self._page(request, request_id, {}, {})

    @post("/", name="staff:inasti_decision_record")
    async def record(
        self, request: AnyRequest, request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        session_actor, actor = await who(request)
        data = await request.form()
        typed: dict[str, Any] = {
            "exempted": [str(q)[:16] for q in data.getall("exempted")][:40]
            if "exempted" in data else [],
            "decided_on": forms.raw(data, "decided_on"),
            "motivation": forms.raw(data, "motivation"),
        }  # fmt: skip
        errors: dict[str, str] = {}
        decided_on: date | None = None
        try:
            decided_on = forms.day(typed["decided_on"])
        except forms.FieldError:
            errors["decided_on"] = str(_("Enter the date of INASTI's decision, for example "
                                         "2026-11-20"))  # fmt: skip
        motivation = typed["motivation"].strip()
        if (wrong := motivation_error(motivation)) is not None:
            errors["motivation"] = wrong
        if not step_up_fresh(session_actor):
            errors["step_up"] = str(message("step_up_required"))
            return await self._page(request, request_id, typed, errors, status_code=403)
        if errors or decided_on is None:
            return await self._page(request, request_id, typed, errors, status_code=422)
        try:
            await payment_service.record_exemption_decision(
                actor, request_id, exempted=typed["exempted"], decided_on=decided_on,
                motivation=motivation,
            )  # fmt: skip
        except FormInvalid as exc:
            return await self._page(request, request_id, typed, dict(exc.errors), status_code=422)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)
