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


class FormInvalid(AffilioError):
    """Bad input: `errors` maps each field to a message in the user's language, so the form is
    shown again with each message next to its field and every answer kept."""

    status_code = 422
    code = "form_invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.items()), ("", ""))
        super().__init__(first[1] or self.code, field=first[0] or None)
        self.errors = errors
