"""The request vocabulary as staff read it.

The affiliate's history says "taken in hand by your account manager"; to the staff member who
is that manager, the same event is written from the fund's side.
"""

from __future__ import annotations

from typing import Any, Final

from app.kit.i18n import gettext
from app.kit.i18n import lazy_gettext as _
from app.requests.messages import EVENT_LABELS, labels, message

MAX_MOTIVATION: Final = 5000

STAFF_EVENT_LABELS: dict[str, Any] = {
    **EVENT_LABELS,
    "take": _("Taken in hand by the account manager"),
    "reassign": _("Passed to a colleague"),
    "linked_to_file": _("Moved into the person's file at the fund"),
}


def staff_labels() -> dict[str, Any]:
    """Status and event names for the back-office pages."""
    return {**labels(), "event_labels": STAFF_EVENT_LABELS}


def motivation_error(motivation: str) -> str | None:
    """Why a decision's reasons (stripped) cannot be recorded, or None: the counter-proposal's
    and INASTI's decision forms share the plain decision's rule and words."""
    if not motivation:
        return str(message("motivation_required"))
    if len(motivation) > MAX_MOTIVATION:
        return str(gettext("Keep it under 5 000 characters"))
    return None
