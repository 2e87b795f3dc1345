"""Affiliate pages: my requests, one request (timeline, answer, withdraw), ask a question."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.documents.uploads import MAX_BODY, file_response, read_uploads
from app.identity.guards import require_affiliate, who
from app.kit.errors import FormInvalid
from app.requests import queries, schemas, service
from app.requests.kinds import RequestKind
from app.requests.messages import appeal_paragraph, labels


class RequestsController(Controller):
    path = "/requests"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="requests:index")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _actor, actor = await who(request)
        rows = await queries.requests_for_affiliate(actor)
        return Template("requests/index.html", context={"rows": rows, **labels()})

    @get("/ask", name="requests:ask")
    async def ask_form(self) -> Template:
        return Template(
            "requests/ask.html",
            context={"form": {"key": uuid.uuid4().hex}, "errors": {}},
        )

    @post("/ask", name="requests:ask_submit", request_max_body_size=MAX_BODY)
    async def ask(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        me, actor = await who(request)
        parsed = schemas.parse_ask(await request.form(), new_key=uuid.uuid4().hex)
        values = parsed.form
        try:
            if parsed.value is None:
                raise FormInvalid(parsed.errors)
            files = await read_uploads(request)
            submitted = await service.submit_request(
                actor,
                person_id=me.id,
                kind=RequestKind.GENERAL_QUESTION,
                answers={"subject": parsed.value.subject, "question": parsed.value.question},
                idempotency_key=parsed.value.key,
                attachments=files,
            )
        except FormInvalid as exc:
            return Template(
                "requests/ask.html",
                context={"form": values, "errors": exc.errors},
                status_code=422,
            )
        return Redirect(path=f"/requests/{submitted.id}?sent=1", status_code=303)

    @get("/{request_id:uuid}", name="requests:detail")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        request_id: FromPath[uuid.UUID],
        sent: FromQuery[int] = 0,
    ) -> Template:
        _actor, actor = await who(request)
        item = await queries.request_for_affiliate(actor, request_id)
        return Template(
            "requests/detail.html",
            context={
                "item": item,
                "sent": bool(sent),
                "errors": {},
                "form": {"answer": ""},
                "appeal_text": appeal_paragraph(),
                **labels(),
            },
        )

    @post("/{request_id:uuid}/answer", name="requests:answer", request_max_body_size=MAX_BODY)
    async def answer(
        self, request: HTMXRequest, request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _actor, actor = await who(request)
        parsed = schemas.parse_text(await request.form(), "answer")
        text = parsed.form["answer"]
        try:
            if parsed.value is None:
                raise FormInvalid(parsed.errors)
            files = await read_uploads(request)
            await service.answer_information(
                actor, request_id, answer=parsed.value.text, attachments=files
            )
        except FormInvalid as exc:
            item = await queries.request_for_affiliate(actor, request_id)
            return Template(
                "requests/detail.html",
                context={
                    "item": item,
                    "sent": False,
                    "errors": exc.errors,
                    "form": {"answer": text},
                    "appeal_text": appeal_paragraph(),
                    **labels(),
                },
                status_code=422,
            )
        return Redirect(path=f"/requests/{request_id}", status_code=303)

    @post("/{request_id:uuid}/withdraw", name="requests:withdraw")
    async def withdraw(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> Redirect:
        _actor, actor = await who(request)
        await service.withdraw_request(actor, request_id)
        return Redirect(path=f"/requests/{request_id}", status_code=303)

    @get("/attachments/{attachment_id:uuid}", name="requests:attachment")
    async def attachment(
        self, request: Request[Any, Any, Any], attachment_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        _actor, actor = await who(request)
        row = await queries.attachment_for_affiliate(actor, attachment_id)
        return file_response(row)


__all__ = ["RequestsController"]
