"""Domain errors carry their HTTP status, so controllers need no try/except ladders."""

from __future__ import annotations


class AffilioError(Exception):
    status_code = 400
    code = "error"

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message or self.code)
        self.message = message or self.code
        self.field = field


class NotFound(AffilioError):
    status_code = 404
    code = "not_found"


class Forbidden(AffilioError):
    status_code = 403
    code = "forbidden"


class Conflict(AffilioError):
    status_code = 409
    code = "conflict"
