"""The JSON API's problem body (RFC 9457, application/problem+json) with one message per
field, and its OpenAPI response: one shape for every domain's API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec

from app.kit.problems import PROBLEM_JSON, TITLES

_MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")
_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '([^']+)'")
_AT_FIELD = re.compile(r"at `\$\.([A-Za-z_][A-Za-z0-9_]*)")


class FieldErrorOut(msgspec.Struct, kw_only=True):
    field: str
    message: str


class ProblemOut(msgspec.Struct, kw_only=True):
    """RFC 9457 problem details (application/problem+json) with one message per field."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldErrorOut]
    request_id: str | None = None


PROBLEM_SPEC = ResponseSpec(
    data_container=ProblemOut,
    media_type=PROBLEM_JSON,
    description="Invalid parameters: one message per field, in the request's language.",
    generate_examples=False,  # random strings are no example; and they broke the document
)


def field_problem(
    request: Request[Any, Any, Any], errors: Mapping[str, str], *, language: str | None = None
) -> Response[ProblemOut]:
    """A 422 problem body with one message per field (already in the reader's language)."""
    fields = [FieldErrorOut(field=k, message=str(v)) for k, v in errors.items()]
    problem = ProblemOut(
        type="about:blank",
        title=TITLES[422],
        status=422,
        detail="; ".join(f"{e.field}: {e.message}" for e in fields),
        instance=request.url.path,
        errors=fields,
        request_id=request.scope.get("state", {}).get("request_id"),
    )
    headers = {"content-language": language} if language else None
    return Response(problem, status_code=422, media_type=PROBLEM_JSON, headers=headers)


class ErrorOut(msgspec.Struct, kw_only=True):
    """RFC 9457 problem details of a refusal that is not about one field (401, 403, 404, 409):
    `errors` only when the refusal names a field."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None = None
    errors: list[FieldErrorOut] | msgspec.UnsetType = msgspec.UNSET


def problem_spec(description: str) -> ResponseSpec:
    """The OpenAPI response of a problem+json refusal (401, 403, 404, 409, 503…)."""
    return ResponseSpec(
        data_container=ErrorOut,
        media_type=PROBLEM_JSON,
        description=description,
        generate_examples=False,
    )


# The refusals every session-authenticated operation documents (app.identity.guards, the CSRF
# middleware, scoped queries): who is asking decides, never a parallel auth system.
SIGNED_IN_PROBLEMS: dict[int, ResponseSpec] = {
    401: problem_spec("Not signed in: log in first (the session cookie is missing or expired)."),
    403: problem_spec(
        "Refused: not an affiliate's session, or (for a change) the CSRF header `x-csrftoken` "
        "does not match the `affilio_csrf` cookie."
    ),
}
BAD_REQUEST = problem_spec("The body or a parameter could not be read (not JSON, not a UUID).")
# The operations' security requirements (schemes in app.kit.security.API_SECURITY_SCHEMES).
SESSION: list[dict[str, list[str]]] = [{"session": []}]
SESSION_AND_CSRF: list[dict[str, list[str]]] = [{"session": [], "csrf": []}]
NOT_FOUND = problem_spec("Not found, or not yours: nobody learns whether it exists.")
INVALID = PROBLEM_SPEC


def validation_codes(exc: ValidationException) -> dict[str, str]:
    """{field: code} from a body or parameter that failed the schema (msgspec's sentence read
    into a code a domain turns into its own words): required, too_long, blank, not_a_choice,
    invalid."""
    codes: dict[str, str] = {}
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message") or "")
        key = str(item.get("key") or "")
        missing = _MISSING_FIELD.search(message)
        if missing:
            codes[missing.group(1)] = "required"
            continue
        at = _AT_FIELD.search(message)
        field = at.group(1) if at else (key if key and key != "data" else "body")
        if "length <=" in message:
            codes[field] = "too_long"
        elif "length >=" in message or "matching regex" in message:
            codes[field] = "blank"
        elif message.startswith("Invalid value"):
            codes[field] = "not_a_choice"
        else:
            codes[field] = "invalid"
    if not codes:
        # Litestar names a missing parameter only in its sentence ("…parameter 'year' for…").
        missing_parameter = _MISSING_PARAMETER.search(str(exc.detail))
        codes[missing_parameter.group(1) if missing_parameter else "body"] = (
            "required" if missing_parameter else "invalid"
        )
    return codes
