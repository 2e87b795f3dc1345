"""Errors as people and programs expect them: friendly pages in the user's language for browsers,
RFC 9457 problem details for the JSON API. Tracebacks only ever show in development."""

from __future__ import annotations

import re
import traceback
from typing import Any

import asyncpg
import redis.exceptions
import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.response import Template
from litestar.status_codes import (
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from app.kit.errors import AffilioError
from app.kit.i18n import gettext as _
from app.kit.settings import get_settings

log = structlog.get_logger("affilio.errors")
_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '([^']+)'")
PROBLEM_JSON = "application/problem+json"


def wants_json(request: Request[Any, Any, Any]) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _field_errors(exc: ValidationException) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict):
            field = str(item.get("key") or item.get("field") or "body")
            message = str(item.get("message") or exc.detail)
            errors.append({"field": field, "message": message})
    if not errors:
        # Litestar names a missing parameter only in its sentence: "…parameter 'year' for path…".
        missing = _MISSING_PARAMETER.search(str(exc.detail))
        field = missing.group(1) if missing else "body"
        errors.append({"field": field, "message": str(exc.detail)})
    return errors


def _problem(
    status: int, title: str, detail: str, request: Request[Any, Any, Any], **extra: Any
) -> Response[Any]:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body["instance"] = request.url.path
    body["request_id"] = request.scope.get("state", {}).get("request_id")
    body.update(extra)
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON)


TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid parameters",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}


def _page(request: Request[Any, Any, Any], status: int, detail: str | None = None) -> Response[Any]:
    template = {403: "403", 404: "404", 503: "503"}.get(status, "500" if status >= 500 else "error")
    context = {
        "status": status,
        "detail": detail,
        "request_id": request.scope.get("state", {}).get("request_id"),
        "development_trace": None,
    }
    return Template(
        template_name=f"kit/errors/{template}.html",
        context=context,
        status_code=status,
        media_type=MediaType.HTML,
    )


def validation_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _field_errors(exc)
    if wants_json(request):
        return _problem(
            HTTP_422_UNPROCESSABLE_ENTITY,
            TITLES[422],
            "; ".join(f"{e['field']}: {e['message']}" for e in errors),
            request,
            errors=errors,
        )
    return _page(request, 400, ", ".join(e["field"] for e in errors))


def http_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if wants_json(request):
        problem = _problem(status, TITLES.get(status, "Error"), str(exc.detail), request)
        if exc.headers:  # e.g. a 405's Allow header: the API says which methods exist too
            problem.headers.update(exc.headers)
        return problem
    if isinstance(exc, NotAuthorizedException):
        status = 401
    response = _page(request, status)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def domain_handler(request: Request[Any, Any, Any], exc: AffilioError) -> Response[Any]:
    if wants_json(request):
        extra = {"errors": [{"field": exc.field, "message": exc.message}]} if exc.field else {}
        return _problem(
            exc.status_code, TITLES.get(exc.status_code, "Error"), exc.message, request, **extra
        )
    return _page(request, exc.status_code, exc.message)


def server_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.error("unhandled_exception", path=request.url.path, exc_info=exc)
    if wants_json(request):
        return _problem(
            HTTP_500_INTERNAL_SERVER_ERROR, TITLES[500], _("An unexpected error occurred."), request
        )
    response = _page(request, 500)
    if get_settings().is_development and isinstance(response, Template):
        response.context["development_trace"] = "".join(traceback.format_exception(exc))
    return response


# A database or Redis that is restarting, or out of connections: the request did not happen
# (its transaction rolled back); the person is told to try again, not that we broke.
OUTAGES: tuple[type[Exception], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections
    # A pooled connection the restart left mid-operation ("cannot switch to state 12; another
    # operation is in progress"): the driver's own state, not a query of ours that failed.
    asyncpg.exceptions.InternalClientError,
    ConnectionError,  # refused or reset by the server
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
RETRY_AFTER_SECONDS = "30"


def _from_a_driver(exc: BaseException) -> bool:
    """An OSError raised while the database or Redis driver connects (a missing socket file
    while PostgreSQL restarts), as opposed to one of our own file operations."""
    frame = exc.__traceback__
    while frame is not None:
        path = frame.tb_frame.f_code.co_filename
        if "/asyncpg/" in path or "/redis/" in path:
            return True
        frame = frame.tb_next
    return False


def os_error_handler(request: Request[Any, Any, Any], exc: OSError) -> Response[Any]:
    if _from_a_driver(exc):
        return outage_handler(request, exc)
    return server_error_handler(request, exc)


def outage_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.warning("service_unavailable", path=request.url.path, error=type(exc).__name__)
    if wants_json(request):
        response = _problem(
            503, TITLES[503], _("The service is briefly unavailable: try again."), request
        )
    else:
        response = _page(request, 503)
    response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


EXCEPTION_HANDLERS: dict[Any, Any] = {
    **dict.fromkeys(OUTAGES, outage_handler),
    OSError: os_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_handler,
    AffilioError: domain_handler,
    HTTP_500_INTERNAL_SERVER_ERROR: server_error_handler,
    Exception: server_error_handler,
}

__all__ = ["EXCEPTION_HANDLERS", "HTTP_403_FORBIDDEN", "HTTP_404_NOT_FOUND"]
