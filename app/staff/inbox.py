"""The staff member's inbox (/staff/inbox): what happened on what is assigned to them (an
affiliate's answer or message, a request given to them), newest first. Opening a line marks
it read and leads to its request or person."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import require_staff, who
from app.kit.http import AnyRequest
from app.messaging import queries as messaging_queries
from app.messaging import service as messaging
from app.messaging.messages import STAFF_KIND_LABELS


class StaffInboxController(Controller):
    path = "/staff/inbox"
    guards = [require_staff]
    include_in_schema = False

    @get("/", name="staff:inbox")
    async def inbox(self, request: AnyRequest) -> Template:
        _me, actor = await who(request)
        notices = await messaging_queries.staff_inbox(actor)
        return Template(
            "staff/inbox.html",
            context={"notices": notices, "unread": sum(1 for n in notices if n.unread),
                     "kind_labels": STAFF_KIND_LABELS},
        )  # fmt: skip

    @post("/{staff_notice_id:uuid}/open", name="staff:inbox_open")
    async def open_notice(
        self, request: AnyRequest, staff_notice_id: FromPath[uuid.UUID]
    ) -> Redirect:
        me, actor = await who(request)
        link = await messaging.open_staff_notice(actor, staff_notice_id)
        await _forget(request, me.id)
        return Redirect(path=link or "/staff/inbox", status_code=303)

    @post("/read", name="staff:inbox_read_all")
    async def read_all(self, request: AnyRequest) -> Redirect:
        me, actor = await who(request)
        await messaging.mark_staff_notices_read(actor)
        await _forget(request, me.id)
        return Redirect(path="/staff/inbox", status_code=303)


async def _forget(request: AnyRequest, staff_id: uuid.UUID) -> None:
    await messaging.forget_badge(request.app.state.redis, staff_id, "staff")
