"""Bodies are checked before anything parses them.

A parser given a hostile body pays for it in CPU and memory before any guard runs: a JSON array
nested a thousand levels deep exhausts the decoder's recursion, a form of millions of fields
costs seconds and leaves memory behind. This ASGI wrapper reads the body first, within bounds:

- JSON: at most MAX_JSON_BYTES and MAX_JSON_DEPTH levels of nesting (a WebAuthn response needs
  a few kilobytes and five levels) → 413 or 400;
- URL-encoded forms: at most MAX_FORM_BYTES and MAX_FORM_FIELDS fields → 413;
- multipart (file uploads) from a visitor without a session: at most MAX_ANONYMOUS_BYTES, since
  every upload form is behind a login; with a session, the route's own limit applies.

Refusals are problem+json in the user's language, like every other error of the API.
"""

from __future__ import annotations

import json

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send
from litestar.types.asgi_types import HTTPRequestEvent, HTTPResponseStartEvent

from app.kit import i18n
from app.kit.i18n import gettext as _

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 200
MAX_ANONYMOUS_BYTES = 64 * 1024
SESSION_COOKIE = b"affilio_session="


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return b""


def _kind(content_type: bytes) -> str | None:
    media = content_type.split(b";", 1)[0].strip().lower()
    if media == b"application/json" or media.endswith(b"+json"):
        return "json"
    if media == b"application/x-www-form-urlencoded":
        return "form"
    if media == b"multipart/form-data":
        return "multipart"
    return None


def _limit(kind: str, scope: Scope) -> int | None:
    if kind == "json":
        return MAX_JSON_BYTES
    if kind == "form":
        return MAX_FORM_BYTES
    if SESSION_COOKIE not in _header(scope, b"cookie"):
        return MAX_ANONYMOUS_BYTES
    return None  # an upload by someone logged in: the route's request_max_body_size applies


async def _refuse(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail}
    ).encode()
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            (b"content-language", i18n.current_language().encode()),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


def body_limits(app: ASGIApp) -> ASGIApp:
    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await app(scope, receive, send)
            return
        kind = _kind(_header(scope, b"content-type"))
        limit = _limit(kind, scope) if kind else None
        if limit is None:
            await app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, _("Too large"), _("The request is larger than allowed."))
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message["body"]
            size += len(chunk)
            if size > limit:
                await _refuse(send, 413, _("Too large"), _("The request is larger than allowed."))
                return
            chunks.append(chunk)
            more = message["more_body"]
        body = b"".join(chunks)
        if kind == "json" and json_depth(body) > MAX_JSON_DEPTH:
            await _refuse(send, 400, _("Bad request"), _("The data is nested too deeply."))
            return
        if kind == "form" and body.count(b"&") + 1 > MAX_FORM_FIELDS:
            await _refuse(send, 413, _("Too large"), _("The form has too many fields."))
            return
        replayed = False

        async def replay() -> ReceiveMessage:
            nonlocal replayed
            if not replayed:
                replayed = True
                event: HTTPRequestEvent = {"type": "http.request", "body": body, "more_body": False}
                return event
            return await receive()  # after the body: only a disconnect can come

        await app(scope, replay, send)

    return guarded


def without_nul(app: ASGIApp) -> ASGIApp:
    """Query strings lose their NUL characters (%00) before anything reads them: PostgreSQL
    text cannot hold one, so a search for it would be a 500, and nobody types one. Form bodies
    are cleaned by app.kit.http.PortalRequest; files are never touched."""

    async def cleaned(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and b"%00" in scope.get("query_string", b""):
            scope = {**scope, "query_string": scope["query_string"].replace(b"%00", b"")}
        await app(scope, receive, send)

    return cleaned
