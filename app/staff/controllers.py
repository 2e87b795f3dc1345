"""The back office: /staff queue, a request's file and its actions, a person's thread, teams."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.benefits import service as benefits
from app.benefits.messages import labels as benefit_labels
from app.documents import queries as documents_queries
from app.documents.uploads import MAX_BODY, file_response, read_uploads
from app.identity import schemas as identity_schemas
from app.identity.guards import (
    require_permission,
    require_staff,
    require_step_up,
    step_up_fresh,
    who,
)
from app.identity.rules import Permission
from app.kit import htmx
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import raw
from app.kit.i18n import gettext as _
from app.mandates import rules as mandate_rules
from app.messaging import queries as messaging_queries
from app.messaging import service as messaging
from app.payments.messages import PLAN_STATUS
from app.payments.service import plan_message
from app.requests import schemas, service
from app.requests.kinds import spec
from app.requests.messages import appeal_paragraph, message
from app.rights import service as rights
from app.rights.messages import RIGHT_LABELS, STATE_LABELS
from app.rights.rules import EX_OFFICIO
from app.staff import ex_officio, queue
from app.staff.plans import plan_panel
from app.staff.queue import QueueFilters
from app.staff.wording import staff_labels

MAX_NOTE = 2000


def _flag(value: str | None) -> bool:
    return value in ("1", "on", "true", "yes")


def _person_context(data: queue.PersonFile) -> dict[str, Any]:
    return {
        "region_label": identity_schemas.region_label,
        "person": data.person,
        "member": data.member,
        "requests": data.requests,
        "thread": data.thread,
        "sign_in_refusals": data.sign_in_refusals,
        "documents": data.documents,
        "rights": data.rights,
        "right_labels": RIGHT_LABELS,
        "right_states": STATE_LABELS,
        "ex_officio_rights": EX_OFFICIO,
        "mandates_given": data.mandates_given,
        "mandates_held": data.mandates_held,
        **mandate_rules.labels(),
        "benefits": data.benefits,
        **benefit_labels(),
        "appointments": data.appointments,
    }


async def _plan_context(item: queue.StaffRequestDetail) -> dict[str, Any]:
    """A payment_plan request's plan panel (payments): its terms against the fund's policy."""
    plan = await plan_panel(item)
    return {
        "plan": plan,
        "plan_status_labels": PLAN_STATUS,
        "plan_messages": {b.code.value: plan_message(b) for b in (plan.breaches if plan else ())},
    }


class StaffController(Controller):
    path = "/staff"
    guards = [require_staff]
    include_in_schema = False

    @get("/", name="staff:queue")
    async def queue_page(
        self,
        request: HTMXRequest,
        kind: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        assignee: FromQuery[str | None] = None,
        overdue: FromQuery[str | None] = None,
        due_this_week: FromQuery[str | None] = None,
        team: FromQuery[str | None] = None,
        late_on_target: FromQuery[str | None] = None,
        age: FromQuery[str | None] = None,
        page: FromQuery[int] = 1,
    ) -> Template:
        _actor, actor = await who(request)
        filters = QueueFilters(
            kind=kind or None,
            status=status or None,
            assignee=assignee or None,
            overdue=_flag(overdue),
            due_this_week=_flag(due_this_week),
            team=team or None,
            late_on_target=_flag(late_on_target),
            age=(age or "")[:10] or None,
        )
        data = await queue.staff_queue(actor, filters, page=max(page, 1))
        context = {
            "rows": data.rows,
            "counts": data.counts,
            "member": data.member,
            "today": data.today,
            "filters": filters,
            "page": max(page, 1),
            "kinds": service.kind_choices(),
            # The account manager's tasks (rights granted without a request): the full page only.
            "ex_officio": [] if request.htmx else await ex_officio.tasks(data.member),
            "right_labels": RIGHT_LABELS,
            **staff_labels(),
        }
        return htmx.page_or_partial(
            request, page="staff/queue.html", partial="staff/_queue_rows.html", context=context
        )

    async def _request_page(
        self,
        request: Request[Any, Any, Any],
        request_id: uuid.UUID,
        *,
        errors: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        _actor, actor = await who(request)
        item = await queue.request_for_staff(actor, request_id)
        return Template(
            "staff/request.html",
            context={
                "item": item,
                **await _plan_context(item),
                # A bridging right, birth leave or maternity aid: what its grant opens.
                "benefit_preview": await benefits.preview_for_request(item.id),
                # INASTI decides it (an exemption): forwarded, then its decision recorded.
                "external": spec(item.kind).external,
                # What was placed for INASTI and the mutualités (transmissions.py).
                "transmissions": await service.transmissions.transmissions_of(item.id),
                "certificates": item.kind in service.transmissions.CERTIFICATE_KINDS,
                # Only supervisors pass a request on, or take it from a colleague.
                "may_reassign": item.member.allows(Permission.REASSIGN),
                "errors": errors or {},
                "form": {"question": "", "body": "", **(form or {})},
                "appeal_text": appeal_paragraph(),
                **staff_labels(),
                **benefit_labels(),
            },
            status_code=status_code,
        )

    @get("/requests/{request_id:uuid}", name="staff:request")
    async def request_page(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template:
        return await self._request_page(request, request_id)

    @post("/requests/{request_id:uuid}/take", name="staff:take")
    async def take(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Redirect:
        _actor, actor = await who(request)
        await service.take_request(actor, request_id)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @post(
        "/requests/{request_id:uuid}/reassign",
        name="staff:reassign",
        guards=[require_permission(Permission.REASSIGN)],
    )
    async def reassign(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _actor, actor = await who(request)
        parsed = schemas.parse_reassign(await request.form())
        try:
            if parsed.value is None:
                raise FormInvalid(parsed.errors)
            await service.reassign_request(actor, request_id, staff_id=parsed.value.assignee)
        except FormInvalid as exc:
            return await self._request_page(request, request_id, errors=exc.errors, status_code=422)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @post("/requests/{request_id:uuid}/information", name="staff:information")
    async def ask_information(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _actor, actor = await who(request)
        parsed = schemas.parse_text(await request.form(), "question")
        try:
            if parsed.value is None:
                raise FormInvalid(parsed.errors)
            await service.request_information(actor, request_id, question=parsed.value.text)
        except FormInvalid as exc:
            return await self._request_page(
                request, request_id, errors=exc.errors, form=parsed.form, status_code=422
            )
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @post("/requests/{request_id:uuid}/forward", name="staff:forward")
    async def forward(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        """A request INASTI decides, checked by the fund, goes to INASTI (an exemption)."""
        _actor, actor = await who(request)
        note = raw(await request.form(), "note").strip()
        if len(note) > MAX_NOTE:
            return await self._request_page(
                request, request_id, errors={"forward": str(_("Keep it under 2 000 characters"))},
                status_code=422,
            )  # fmt: skip
        try:
            await service.forward_request(actor, request_id, note=note)
        except FormInvalid as exc:
            return await self._request_page(request, request_id, errors=exc.errors, status_code=422)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @post("/requests/{request_id:uuid}/attachments/{attachment_id:uuid}/mutualite",
          name="staff:certificate_forward")  # fmt: skip
    async def forward_certificate(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID],
        attachment_id: FromPath[uuid.UUID],
    ) -> Template | Redirect:  # fmt: skip
        """An incapacity certificate of a sickness-assimilation request, placed for the
        affiliate's mutualité (named here); the name typed stays on a refusal."""
        _actor, actor = await who(request)
        name = f"recipient-{attachment_id}"
        recipient = raw(await request.form(), name)[:400]
        try:
            await service.transmissions.forward_certificate(actor, request_id, attachment_id,
                                                            recipient)  # fmt: skip
        except FormInvalid as exc:
            return await self._request_page(request, request_id, errors=exc.errors,
                                            form={name: recipient}, status_code=422)  # fmt: skip
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @get("/transmissions/{transmission_id:uuid}", name="staff:transmission")
    async def transmission(
        self, request: Request[Any, Any, Any], transmission_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        """The document placed for an institution, as it was placed (audited)."""
        _actor, actor = await who(request)
        return file_response(await service.transmissions.transmission_file(actor, transmission_id))

    @post("/requests/{request_id:uuid}/reminder", name="staff:reminder")
    async def send_reminder(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _actor, actor = await who(request)
        try:
            await service.send_reminder(actor, request_id)
        except FormInvalid as exc:
            return await self._request_page(request, request_id, errors=exc.errors, status_code=422)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    async def _decide_page(
        self,
        item: queue.StaffRequestDetail,
        *,
        form: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        return Template(
            "staff/decide.html",
            context={
                "item": item,
                **await _plan_context(item),
                "form": form,
                "errors": errors,
                "appeal_text": appeal_paragraph(),
                **staff_labels(),
            },
            status_code=status_code,
        )

    @get(
        "/requests/{request_id:uuid}/decide",
        name="staff:decide_form",
        guards=[require_step_up],
    )
    async def decide_form(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template:
        _actor, actor = await who(request)
        item = await queue.request_for_staff(actor, request_id)
        return await self._decide_page(item, form={"decision": "", "motivation": ""}, errors={})

    @post("/requests/{request_id:uuid}/decide", name="staff:decide")
    async def decide(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        session_actor, actor = await who(request)
        parsed = schemas.parse_decision(await request.form())
        values = parsed.form
        if not step_up_fresh(session_actor):
            # Keep what was written: the verification expired while the motivation was typed.
            item = await queue.request_for_staff(actor, request_id)
            return await self._decide_page(
                item, form=values, errors={"step_up": message("step_up_required")},
                status_code=403,
            )  # fmt: skip
        try:
            if parsed.value is None:
                raise FormInvalid(parsed.errors)
            await service.decide_request(
                actor,
                request_id,
                decision=parsed.value.decision,
                motivation=parsed.value.motivation,
            )
        except FormInvalid as exc:
            item = await queue.request_for_staff(actor, request_id)
            return await self._decide_page(item, form=values, errors=exc.errors, status_code=422)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @post(
        "/requests/{request_id:uuid}/messages",
        name="staff:request_message",
        request_max_body_size=MAX_BODY,
    )
    async def request_message(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _actor, actor = await who(request)
        item = await queue.request_for_staff(actor, request_id)
        form = await request.form()
        body = raw(form, "body")
        try:
            files = await read_uploads(request)
            await messaging.post_message(
                actor, person_id=item.person_id, body=body, attachments=files
            )
        except FormInvalid as exc:
            return await self._request_page(
                request, request_id, errors=exc.errors, form={"body": body}, status_code=422
            )
        return Redirect(path=f"/staff/requests/{request_id}#thread", status_code=303)

    @post("/people/{person_id:uuid}/read", name="staff:thread_read", status_code=204)
    async def mark_read(
        self, request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]
    ) -> None:
        """The read receipt for the person's thread, posted by the page once shown."""
        _actor, actor = await who(request)
        await queue.check_person_access(actor, person_id, audit_action="staff.thread_read")
        await messaging.mark_thread_read(actor, person_id=person_id)

    @get("/people/{person_id:uuid}", name="staff:person")
    async def person_page(
        self, request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]
    ) -> Template:
        _actor, actor = await who(request)
        data = await queue.person_for_staff(actor, person_id)
        return Template(
            "staff/person.html",
            context={**_person_context(data), "errors": {}, "form": {"body": ""}, **staff_labels()},
        )

    @post("/people/{person_id:uuid}/rights/{finding_id:uuid}/open", name="staff:open_ex_officio")
    async def open_ex_officio(
        self,
        request: Request[Any, Any, Any],
        person_id: FromPath[uuid.UUID],
        finding_id: FromPath[uuid.UUID],
    ) -> Redirect:
        """The account manager opens the request of a right granted without one."""
        _actor, actor = await who(request)
        await queue.check_person_access(actor, person_id, audit_action="staff.person_read")
        request_id = await rights.open_ex_officio(actor, person_id, finding_id)
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)

    @post(
        "/people/{person_id:uuid}/messages",
        name="staff:person_message",
        request_max_body_size=MAX_BODY,
    )
    async def person_message(
        self, request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _actor, actor = await who(request)
        data = await queue.person_for_staff(actor, person_id)
        form = await request.form()
        body = raw(form, "body")
        try:
            files = await read_uploads(request)
            await messaging.post_message(actor, person_id=person_id, body=body, attachments=files)
        except FormInvalid as exc:
            return Template(
                "staff/person.html",
                context={
                    **_person_context(data),
                    "errors": exc.errors,
                    "form": {"body": body},
                    **staff_labels(),
                },
                status_code=422,
            )
        return Redirect(path=f"/staff/people/{person_id}#thread", status_code=303)

    @get("/attachments/{attachment_id:uuid}", name="staff:attachment")
    async def attachment(
        self, request: Request[Any, Any, Any], attachment_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        _actor, actor = await who(request)
        return file_response(await queue.attachment_for_staff(actor, attachment_id))

    @get("/thread-attachments/{attachment_id:uuid}", name="staff:thread_attachment")
    async def thread_attachment(
        self, request: Request[Any, Any, Any], attachment_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        _actor, actor = await who(request)
        row = await messaging_queries.thread_attachment(actor, attachment_id)
        await queue.check_person_access(actor, row.person_id, audit_action="staff.attachment_read")
        return file_response(row)

    @get("/documents/{document_id:uuid}", name="staff:document")
    async def document(
        self, request: Request[Any, Any, Any], document_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        """A person's letter or attestation, for staff who may see their file (audited)."""
        _actor, actor = await who(request)
        found = await documents_queries.document_file(document_id)
        if found is None:
            raise NotFound()
        await queue.check_person_access(actor, found.person_id, audit_action="staff.document_read")
        return file_response(found)

    @get("/teams", name="staff:teams", guards=[require_permission(Permission.SUPERVISE_TEAMS)])
    async def teams(self, request: Request[Any, Any, Any]) -> Template:
        _actor, actor = await who(request)
        return Template(
            "staff/teams.html",
            context={
                "teams": await queue.team_loads(actor),
                "overdue": await queue.overdue_items(actor),
                **staff_labels(),
            },
        )


__all__ = ["NotFound", "StaffController"]
