"""The affiliate's secure thread with their account manager: /messages."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.affiliation import queries as affiliation
from app.documents.uploads import MAX_BODY, file_response, read_uploads
from app.identity.guards import require_affiliate, who
from app.kit.errors import FormInvalid
from app.kit.forms import raw
from app.messaging import queries, service


class MessagesController(Controller):
    path = "/messages"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(
        self,
        request: Request[Any, Any, Any],
        *,
        errors: dict[str, str] | None = None,
        body: str = "",
        status_code: int = 200,
    ) -> Template:
        me, actor = await who(request)
        thread = await queries.thread_for_affiliate(actor)
        manager = await affiliation.account_manager_for(me.id)
        return Template(
            "messaging/thread.html",
            context={
                "thread": thread,
                "read_url": "/messages/read",
                "manager": manager,
                "errors": errors or {},
                "form": {"body": body},
                # After a post: the person sees that the message left (their own is below).
                "sent": request.query_params.get("sent") == "1" and not errors,
            },
            status_code=status_code,
        )

    @get("/", name="messages:thread")
    async def thread(self, request: Request[Any, Any, Any]) -> Template:
        return await self._page(request)

    @post("/read", name="messages:read", status_code=204)
    async def mark_read(self, request: Request[Any, Any, Any]) -> None:
        """The read receipt: the page posts it once shown (no state change on a GET)."""
        me, actor = await who(request)
        await service.mark_thread_read(actor, person_id=me.id)

    @post("/", name="messages:post", request_max_body_size=MAX_BODY)
    async def post_message(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        me, actor = await who(request)
        form = await request.form()
        body = raw(form, "body")
        try:
            files = await read_uploads(request)
            await service.post_message(
                actor,
                person_id=me.id,
                body=body,
                attachments=files,
            )
        except FormInvalid as exc:
            return await self._page(request, errors=exc.errors, body=body, status_code=422)
        return Redirect(path="/messages?sent=1#latest", status_code=303)

    @get("/attachments/{attachment_id:uuid}", name="messages:attachment")
    async def attachment(
        self, request: Request[Any, Any, Any], attachment_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        _actor, actor = await who(request)
        return file_response(await queries.thread_attachment(actor, attachment_id))
