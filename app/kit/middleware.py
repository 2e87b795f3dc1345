"""One ASGI middleware for what every request needs before routing: request id, language,
security headers, no caching of personal pages, and the access log line (one-time tokens in
paths are never logged)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.kit import i18n
from app.kit.logging import AccessLog
from app.kit.settings import Settings

LANGUAGE_COOKIE = "affilio_lang"
SESSION_COOKIE = "affilio_session"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Paths that carry a one-time secret: the access log keeps their shape, not the secret.
# One-time links: an activation link, a mandate's invitation.
_SECRET_PATHS = re.compile(r"^(/activate/|/mandates/invitations/)[^/?#]+")
NO_STORE = (b"cache-control", b"no-store")
log = AccessLog("affilio.http")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def loggable_path(path: str) -> str:
    """The path as the access log may keep it: an activation or invitation token becomes
    `***`."""
    if path.startswith(("/activate/", "/mandates/invitations/")):
        return _SECRET_PATHS.sub(r"\1***", path)
    return path


def _has_session(scope: Scope) -> bool:
    raw = _header(scope, b"cookie") or ""
    return f"{SESSION_COOKIE}=" in raw


def language_from_scope(scope: Scope) -> str:
    """The language cookie's value when it names a language, else the default. Read by hand:
    SimpleCookie costs more than the rest of a cached page's answer."""
    raw = _header(scope, b"cookie")
    if raw and LANGUAGE_COOKIE in raw:
        for item in raw.split(";"):
            name, _, value = item.strip().partition("=")
            if name == LANGUAGE_COOKIE:
                return i18n.normalise(value.strip('"')) or i18n.DEFAULT_LANGUAGE
    return i18n.DEFAULT_LANGUAGE


def request_context_middleware(settings: Settings) -> Callable[[ASGIApp], ASGIApp]:
    extra_headers = None

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            nonlocal extra_headers
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            if extra_headers is None:
                from app.kit.security import security_headers

                extra_headers = security_headers(settings)
            incoming = _header(scope, b"x-request-id")
            request_id = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
            scope.setdefault("state", {})["request_id"] = request_id
            language = language_from_scope(scope)
            token = i18n.set_language(language)
            structlog.contextvars.bind_contextvars(request_id=request_id)
            started = time.perf_counter()
            status = 500
            path = scope.get("path", "")
            # A response to someone with a session may show their file (or, to staff, other
            # people's): no browser or proxy keeps a copy.
            personal = _has_session(scope) and not path.startswith("/static/")

            async def send_wrapper(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = list(message.get("headers", []))
                    if personal:
                        headers = [h for h in headers if h[0].lower() != b"cache-control"]
                        headers.append(NO_STORE)
                    present = {k.lower() for k, _ in headers}
                    headers.extend(h for h in extra_headers if h[0] not in present)
                    headers.append((b"x-request-id", request_id.encode()))
                    message["headers"] = headers
                await send(message)

            try:
                await app(scope, receive, send_wrapper)
            finally:
                if not path.startswith("/static/"):
                    log.info(
                        "request",
                        method=scope.get("method"),
                        path=loggable_path(path),
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 1),
                        language=language,
                    )
                structlog.contextvars.unbind_contextvars("request_id")
                i18n._current.reset(token)

        return middleware

    return factory
