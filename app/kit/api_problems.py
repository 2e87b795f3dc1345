"""The JSON API's problem body (RFC 9457, application/problem+json) with one message per
field, and its OpenAPI response: one shape for every domain's API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.openapi.datastructures import ResponseSpec

from app.kit.problems import PROBLEM_JSON, TITLES


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
