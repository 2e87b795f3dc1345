"""Request errors that carry per-field messages in the user's language."""

from __future__ import annotations

from app.kit.errors import AffilioError


class InvalidRequest(AffilioError):
    """Bad answers or attachments: `errors` maps each field to a translated message."""

    status_code = 422
    code = "invalid_request"

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.items()), ("", ""))
        super().__init__(first[1] or self.code, field=first[0] or None)
        self.errors = errors


class TransitionRefused(AffilioError):
    """The request's status does not allow this action (states.IllegalTransition)."""

    status_code = 409
    code = "transition_refused"
