"""Affiliate pages: my requests, one request (timeline, answer, withdraw), ask a question."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.documents import queries as documents
from app.documents.uploads import MAX_BODY, file_response, read_uploads
from app.identity import queries as identity
from app.identity.guards import require_affiliate, who
from app.kit.errors import FormInvalid
from app.kit.i18n import lazy_gettext
from app.requests import queries, schemas, service
from app.requests.kinds import RequestKind, choice_label
from app.requests.letters import LETTER_KIND, RECEIPT_KIND, letter_source
from app.requests.messages import appeal_paragraph, labels, message

ID_DOCUMENT_REQUIRED = lazy_gettext("Add a photo or scan of your identity document")
DOCUMENTS = ("identity_card", "passport", "residence_permit")


def _identity_page(
    form: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> Template:
    return Template(
        "requests/identity.html",
        context={
            "form": form,
            "errors": errors,
            "documents": [(code, choice_label(code)) for code in DOCUMENTS],
        },
        status_code=status_code,
    )


class RequestsController(Controller):
    path = "/requests"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="requests:index")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        me, actor = await who(request)
        rows = await queries.requests_for_affiliate(actor)
        person = await identity.person_summary(me.id)
        return Template(
            "requests/index.html",
            context={
                "rows": rows,
                "unverified": person is not None and not person.identity_verified,
                **labels(),
            },
        )

    @get("/identity", name="requests:identity")
    async def identity_form(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        me, _actor = await who(request)
        person = await identity.person_summary(me.id)
        if person is None or person.identity_verified:
            return Redirect(path="/requests", status_code=303)  # nothing left to prove
        return _identity_page({"key": uuid.uuid4().hex}, {})

    @post("/identity", name="requests:identity_submit", request_max_body_size=MAX_BODY)
    async def identity_submit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """A self-registered account asks the fund to check its identity document."""
        me, actor = await who(request)
        form = await request.form()
        values = {
            "document": str(form.get("document") or "")[:32],
            "note": str(form.get("note") or "")[:5000],
            "key": str(form.get("key") or uuid.uuid4().hex)[:64],
        }
        try:
            files = await read_uploads(request)
            missing: dict[str, str] = {}
            if values["document"] not in DOCUMENTS:
                missing["document"] = message("not_a_choice")
            if not files:
                missing["attachments"] = str(ID_DOCUMENT_REQUIRED)
            if missing:
                raise FormInvalid(missing)
            submitted = await service.submit_request(
                actor,
                person_id=me.id,
                kind=RequestKind.IDENTITY_CHECK,
                answers={"document": values["document"], "note": values["note"]},
                idempotency_key=values["key"],
                attachments=files,
            )
        except FormInvalid as exc:
            return _identity_page(values, exc.errors, status_code=422)
        return Redirect(path=f"/requests/{submitted.id}?sent=1", status_code=303)

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
        me, actor = await who(request)
        item = await queries.request_for_affiliate(actor, request_id)
        letter = await documents.latest_document(me.id, LETTER_KIND, letter_source(request_id))
        receipt = await documents.latest_document(me.id, RECEIPT_KIND, letter_source(request_id))
        return Template(
            "requests/detail.html",
            context={
                "item": item,
                "letter": letter,
                "receipt": receipt,
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
                    "letter": None,
                    "receipt": None,
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
