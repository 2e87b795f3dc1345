"""The JSON API's problem body (RFC 9457, application/problem+json) with one message per
field, and its OpenAPI response: one shape for every domain's API."""

from __future__ import annotations

import msgspec
from litestar.openapi.datastructures import ResponseSpec

from app.kit.problems import PROBLEM_JSON


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
