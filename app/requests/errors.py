"""Request errors: a status move the request's state does not allow."""

from __future__ import annotations

from app.kit.errors import AffilioError


class TransitionRefused(AffilioError):
    """The request's status does not allow this action (states.IllegalTransition)."""

    status_code = 409
    code = "transition_refused"
