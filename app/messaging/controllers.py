"""The affiliate's inbox (/inbox: every notice, receipt, decision, reminder and message the
fund sent) and their secure thread with their account manager (/messages)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, Parameter
from litestar.response import Redirect, Template

from app.affiliation import queries as affiliation
from app.documents.uploads import MAX_BODY, file_response, read_uploads
from app.identity.guards import require_affiliate, who
from app.kit import i18n
from app.kit.api_params import DATETIME_PATTERN
from app.kit.api_problems import (
    BAD_REQUEST,
    INVALID,
    SESSION,
    SIGNED_IN_PROBLEMS,
    field_problem,
    validation_codes,
)
from app.kit.errors import FormInvalid
from app.kit.forms import raw
from app.kit.i18n import gettext as _
from app.messaging import badge, push, queries, service
from app.messaging.messages import PUSH_KIND_LABELS, kind_label, link_label
from app.messaging.preferences import LEGAL_LABELS, TOPIC_LABELS, TOPICS
from app.messaging.rules.push import PushKind
from app.messaging.schemas import InboxMessageOut, InboxOut


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


class InboxController(Controller):
    path = "/inbox"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="inbox:list")
    async def inbox(
        self, request: Request[Any, Any, Any], before: FromQuery[datetime | None] = None
    ) -> Template:
        """Newest first, a page at a time (?before= the last date of the previous page)."""
        me, actor = await who(request)
        page = await queries.inbox_for(actor, before=before)
        manager = await affiliation.account_manager_for(me.id)
        return Template(
            "messaging/inbox.html",
            context={"page": page, "manager": manager, "kind_label": kind_label,
                     "first_page": before is None},
        )  # fmt: skip

    @get("/{message_id:uuid}", name="inbox:message")
    async def message(
        self, request: Request[Any, Any, Any], message_id: FromPath[uuid.UUID]
    ) -> Template:
        """One message; its read receipt is posted once shown (a GET changes nothing)."""
        _me, actor = await who(request)
        item = await queries.inbox_item_for(actor, message_id)
        return Template(
            "messaging/inbox_message.html",
            context={"item": item, "kind_label": kind_label, "link_label": link_label},
        )

    @post("/{message_id:uuid}/read", name="inbox:read")
    async def read(
        self, request: Request[Any, Any, Any], message_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        """htmx: the nav's count, swapped out of band; without script, back to the inbox."""
        me, actor = await who(request)
        await service.mark_inbox_read(actor, message_id)
        await badge.forget(request.app.state.redis, me.id)
        if request.headers.get("hx-request"):
            count = await badge.unread(request.app.state.redis, me.id)
            return Template("messaging/_inbox_count.html", context={"count": count, "oob": True})
        return Redirect(path="/inbox", status_code=303)

    @post("/read", name="inbox:read_all")
    async def read_all(self, request: Request[Any, Any, Any]) -> Redirect:
        me, actor = await who(request)
        await service.mark_inbox_all_read(actor)
        await badge.forget(request.app.state.redis, me.id)
        return Redirect(path="/inbox", status_code=303)


class EmailPreferencesController(Controller):
    """Which notices also come by e-mail (messaging.preferences); the inbox has them all."""

    path = "/account/notifications"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="notifications:form")
    async def form(self, request: Request[Any, Any, Any], saved: FromQuery[int] = 0) -> Template:
        me, actor = await who(request)
        off = await service.email_topics(actor)
        return Template(
            "messaging/notifications.html",
            context={
                "language_name": i18n.LANGUAGE_NAMES.get(me.language, ""),
                "topics": [(t, str(TOPIC_LABELS[t])) for t in TOPICS],
                "on": [t for t in TOPICS if t not in off],
                "legal": [str(label) for label in LEGAL_LABELS],
                "saved": bool(saved),
            },
        )

    @post("/", name="notifications:save")
    async def save(self, request: Request[Any, Any, Any]) -> Redirect:
        _me, actor = await who(request)
        form = await request.form()
        wanted = [str(v)[:32] for v in form.getall("topics")[:20]] if "topics" in form else []
        await service.set_email_topics(actor, wanted)
        return Redirect(path="/account/notifications?saved=1", status_code=303)


def _cursor_message() -> str:
    return _("Give a date and time with its offset, for example 2026-12-03T08:00:00+01:00")


def _invalid_cursor(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    return field_problem(request, dict.fromkeys(validation_codes(exc), _cursor_message()))


class InboxApiController(Controller):
    """The affiliate's inbox as JSON, read-only (reading a message stays a page's POST): its
    messages a page at a time and the unread counts the nav shows."""

    path = "/api/v1/inbox"
    tags = ["inbox"]
    guards = [require_affiliate]
    exception_handlers = {ValidationException: _invalid_cursor}

    @get(
        "/",
        name="inbox:api-list",
        summary="The signed-in affiliate's inbox, newest first, with the unread counts",
        security=SESSION,
        responses={**SIGNED_IN_PROBLEMS, 400: BAD_REQUEST, 422: INVALID},
    )
    async def inbox(
        self,
        request: Request[Any, Any, Any],
        before: Annotated[
            str | None,
            Parameter(
                pattern=DATETIME_PATTERN,
                schema_extra={"format": "date-time"},
                description="The previous page's `older` (a date-time with its offset)",
            ),
        ] = None,
    ) -> Response[InboxOut]:
        me, actor = await who(request)
        try:
            cursor = datetime.fromisoformat(before) if before else None
        except ValueError:
            return field_problem(request, {"before": _cursor_message()})  # type: ignore[return-value]
        page = await queries.inbox_for(actor, before=cursor)
        body = InboxOut(
            messages=[
                InboxMessageOut(
                    id=item.id,
                    kind=item.kind,
                    kind_label=str(kind_label(item.kind)),
                    subject=item.subject,
                    body=item.body,
                    created_at=item.created_at,
                    read=not item.unread,
                    link=item.link or None,
                )
                for item in page.items
            ],
            unread=page.unread,
            thread_unread=await queries.unread_count(me.id),
            older=page.older,
        )
        return Response(body)


async def _json_body(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """A JSON object posted by the page's script; anything else (a form post, a broken body)
    reads as empty and is refused by the caller, never a 500."""
    try:
        body = await request.json()
    except Exception:
        return {}
    return body if isinstance(body, dict) else {}


class PushController(Controller):
    """Notifications on the installed app (messaging.push): this device subscribes with the
    page's script (a JSON POST with the CSRF header); the kinds wanted are a plain form."""

    path = "/account/push"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="push:form")
    async def form(self, request: Request[Any, Any, Any], saved: FromQuery[int] = 0) -> Template:
        _me, actor = await who(request)
        mine = await push.devices(actor)
        on = push.available()
        return Template(
            "messaging/push.html",
            context={
                "available": on,
                "vapid_key": push.public_key() if on else "",
                "devices": mine.count,
                "kinds": [(k.value, str(PUSH_KIND_LABELS[k])) for k in PushKind],
                "on": mine.kinds if mine.count else [k.value for k in PushKind],
                "saved": bool(saved),
            },
        )

    @post("/", name="push:save")
    async def save(self, request: Request[Any, Any, Any]) -> Redirect:
        _me, actor = await who(request)
        form = await request.form()
        wanted = [str(v)[:32] for v in form.getall("kinds")[:10]] if "kinds" in form else []
        await push.set_kinds(actor, wanted)
        return Redirect(path="/account/push?saved=1", status_code=303)

    @post("/subscriptions", name="push:subscribe", status_code=201)
    async def subscribe(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """The browser's PushSubscription (`toJSON()`) and the kinds ticked on the page."""
        _me, actor = await who(request)
        body = await _json_body(request)
        raw_keys, raw_kinds = body.get("keys"), body.get("kinds")
        keys: dict[str, Any] = raw_keys if isinstance(raw_keys, dict) else {}
        kinds: list[Any] = raw_kinds if isinstance(raw_kinds, list) else []
        try:
            await push.subscribe(actor, str(body.get("endpoint") or "")[:2000],
                                 str(keys.get("p256dh") or "")[:400],
                                 str(keys.get("auth") or "")[:400],
                                 [str(k)[:32] for k in kinds[:10]])  # fmt: skip
        except FormInvalid as exc:
            return Response({"errors": dict(exc.errors)}, status_code=422)
        return Response({"subscribed": True}, status_code=201)

    @post("/unsubscribe", name="push:unsubscribe", status_code=200)
    async def unsubscribe(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        _me, actor = await who(request)
        body = await _json_body(request)
        endpoint = str(body.get("endpoint") or "")[:2000]
        return Response({"removed": await push.unsubscribe(actor, endpoint)})
