"""Affiliate pages: my requests, one request (timeline, answer, withdraw), ask a question."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.documents import queries as documents
from app.documents.uploads import MAX_BODY, file_response, read_uploads
from app.identity import queries as identity
from app.identity.guards import require_affiliate, who
from app.kit.api_problems import (
    BAD_REQUEST,
    INVALID,
    NOT_FOUND,
    SESSION,
    SESSION_AND_CSRF,
    SIGNED_IN_PROBLEMS,
    field_problem,
    validation_codes,
)
from app.kit.errors import FormInvalid
from app.kit.forms import MAX_SHORT_TEXT
from app.kit.i18n import current_language, lazy_gettext
from app.requests import queries, schemas, service
from app.requests.kinds import RequestKind, choice_label
from app.requests.letters import LETTER_KIND, RECEIPT_KIND, letter_source
from app.requests.messages import EVENT_LABELS, STATUS_LABELS, appeal_paragraph, labels, message
from app.requests.states import Status

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
    async def ask_form(self, subject: FromQuery[str | None] = None) -> Template:
        """`subject` fills the subject in (a page's link: "Waiver of an undue benefit…"),
        kept to the field's length; the affiliate can change it."""
        form = {"key": uuid.uuid4().hex, "subject": (subject or "")[:MAX_SHORT_TEXT]}
        return Template("requests/ask.html", context={"form": form, "errors": {}})

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


# ------------------------------------------------------------------------------- JSON API

API_PATH = "/api/v1/requests"
# The schema's codes (kit.api_problems.validation_codes) in the words of the HTML form.
_CODE_MESSAGES = {"required": "required", "blank": "required", "too_long": "too_long",
                  "not_a_choice": "unknown_kind", "invalid": "not_a_choice"}  # fmt: skip


def _status_url(request_id: uuid.UUID) -> str:
    return f"{API_PATH}/{request_id}"


def _api_fields(row: queries.RequestSummary | queries.RequestDetail) -> dict[str, Any]:
    """What a request's list row and its detail both say, in one place."""
    return {
        "id": row.id,
        "reference": row.reference,
        "kind": RequestKind(row.kind),
        "kind_label": row.kind_label,
        "status": Status(row.status),
        "status_label": str(STATUS_LABELS.get(row.status, row.status)),
        "filed_at": row.submitted_at or row.created_at,
        "deadline": row.legal_due,
        "status_url": _status_url(row.id),
    }


def _api_row(row: queries.RequestSummary) -> schemas.RequestOut:
    return schemas.RequestOut(**_api_fields(row))


def _api_detail(item: queries.RequestDetail) -> schemas.RequestDetailOut:
    return schemas.RequestDetailOut(
        **_api_fields(item),
        answers=[schemas.AnswerOut(label=label, value=value) for label, value, _t in item.answers],
        events=[
            schemas.RequestEventOut(
                event=e.event,
                label=str(EVENT_LABELS.get(e.event, e.event)),
                status=Status(e.to_status),
                at=e.at,
                by=e.actor_kind,
            )
            for e in item.events
        ],
        open_question=item.open_question,
        motivation=item.motivation if item.final else None,
        decided_at=item.decided_at,
        can_withdraw=item.can_withdraw,
    )


def _answers(data: schemas.NewRequestIn) -> tuple[RequestKind, dict[str, str]]:
    """The kind and its answers, read as the HTML forms read them (same bounds, same words)."""
    if isinstance(data, schemas.GeneralQuestionIn):
        asked = schemas.parse_ask(
            {"subject": data.subject, "question": data.question}, new_key=data.idempotency_key
        )
        if asked.value is None:
            raise FormInvalid(asked.errors)
        return RequestKind.GENERAL_QUESTION, {
            "subject": asked.value.subject,
            "question": asked.value.question,
        }
    text = schemas.parse_text({"question": data.question}, "question")
    if text.value is None:
        raise FormInvalid(text.errors)
    return RequestKind.PENSION_HELP, {"question": text.value.text}


def _invalid_body(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """A body the schema refuses: one message per field, the HTML form's words."""
    errors = {
        field: message(_CODE_MESSAGES.get(code, "not_a_choice"))
        for field, code in validation_codes(exc).items()
    }
    return field_problem(request, errors, language=current_language())


class RequestsApiController(Controller):
    """The affiliate's own requests as JSON (the offline sync's source): list, read, file.

    Filing answers 202 Accepted at once: the request is `submitted`; the worker hands it to
    the account manager (`received`, with its deadlines) through the outbox, and the status URL
    says where it stands."""

    path = API_PATH
    tags = ["requests"]
    guards = [require_affiliate]
    exception_handlers = {ValidationException: _invalid_body}

    @get(
        "/",
        name="requests:api-list",
        summary="The signed-in affiliate's requests, newest first",
        security=SESSION,
        responses={**SIGNED_IN_PROBLEMS},
    )
    async def list_requests(self, request: Request[Any, Any, Any]) -> list[schemas.RequestOut]:
        _me, actor = await who(request)
        return [_api_row(row) for row in await queries.requests_for_affiliate(actor)]

    @get(
        "/{request_id:uuid}",
        name="requests:api-detail",
        summary="One of the affiliate's requests: its status, answers and history",
        security=SESSION,
        responses={**SIGNED_IN_PROBLEMS, 400: BAD_REQUEST, 404: NOT_FOUND, 422: INVALID},
    )
    async def read_request(
        self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]
    ) -> schemas.RequestDetailOut:
        _me, actor = await who(request)
        return _api_detail(await queries.request_for_affiliate(actor, request_id))

    @post(
        "/",
        name="requests:api-submit",
        summary="File a request (a question); 202 with its status URL",
        description=(
            "`kind` says which request; its fields follow. `idempotency_key` is the client's: "
            "sending the same key again (a retry, the offline sync) answers with the same "
            "request, never a second one. The answer is 202 Accepted with the status URL in "
            "`Location` and in the body: the worker then hands the request to the account "
            "manager (status `received`)."
        ),
        status_code=202,
        security=SESSION_AND_CSRF,
        response_headers=[
            ResponseHeader(
                name="Location",
                description="The request's status URL",
                value=f"{API_PATH}/{{id}}",  # documents a string; each answer sets its own
                required=True,
                documentation_only=True,
            )
        ],
        responses={**SIGNED_IN_PROBLEMS, 400: BAD_REQUEST, 422: INVALID},
    )
    async def submit(
        self, request: Request[Any, Any, Any], data: JSONBody[schemas.NewRequestIn]
    ) -> Response[schemas.SubmittedOut]:  # or a 422 problem (documented)
        me, actor = await who(request)
        try:
            kind, answers = _answers(data)
            # The API's keys live apart from the forms' (a form key and an API key never meet).
            submitted = await service.submit_request(
                actor,
                person_id=me.id,
                kind=kind,
                answers=answers,
                idempotency_key=f"api:{data.idempotency_key}",
            )
        except FormInvalid as exc:
            return field_problem(request, exc.errors, language=current_language())  # type: ignore[return-value]
        item = await queries.request_for_affiliate(actor, submitted.id)
        url = _status_url(submitted.id)
        return Response(
            schemas.SubmittedOut(
                id=submitted.id,
                reference=submitted.reference,
                status=Status(item.status),
                status_url=url,
            ),
            status_code=202,
            headers={"location": url},
        )


__all__ = ["RequestsApiController", "RequestsController"]
