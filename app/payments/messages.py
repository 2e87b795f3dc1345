"""Words for the account's codes, in the current language."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _

QUARTER_STATUS: dict[str, Any] = {
    "due": _("To pay"),
    "paid": _("Paid"),
    "partly_paid": _("Partly paid"),
    "late": _("Late"),
    "exempted": _("Exempted"),
}
# The same colours as the request tags: to pay (blue), paid (green), late (red)…
QUARTER_STATUS_CLASS: dict[str, str] = {
    "due": "status-received",
    "paid": "status-granted",
    "partly_paid": "status-information_requested",
    "late": "status-refused",
    "exempted": "status-partly_granted",
}
