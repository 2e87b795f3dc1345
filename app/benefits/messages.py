"""The words of the benefits: each kind's, pillar's, period's and status's name, as English
message ids translated in the reader's language (the rules and tables hold codes)."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _

KIND_LABELS: dict[str, Any] = {
    "bridging_right": _("Bridging right"),
    "birth_leave": _("Birth leave"),
    "maternity_aid": _("Maternity aid: service vouchers"),
}

PILLAR_LABELS: dict[str, Any] = {
    "bankruptcy": _("after a bankruptcy"),
    "debt_settlement": _("after a collective debt settlement"),
    "forced_interruption": _("after a forced interruption"),
    "economic_difficulty": _("after a cessation for economic difficulties"),
}

PERIOD_LABELS: dict[str, Any] = {
    "segment": _("7-day period"),
    "month": _("Calendar month"),
    "partial": _("Part of a month"),
    "leave": _("Days of birth leave"),
}

ENTITLEMENT_STATUS_LABELS: dict[str, Any] = {
    "active": _("Payments scheduled"),
    "ordered": _("Service vouchers ordered"),
    "no_payment": _("Nothing to pay"),
}

PAYMENT_STATUS_LABELS: dict[str, Any] = {
    "scheduled": _("To be paid"),
    "paid": _("Paid"),
    "cancelled": _("Payment cancelled"),
}


def labels() -> dict[str, Any]:
    """The words a page showing entitlements needs, by the names the templates use."""
    return {
        "kind_labels": KIND_LABELS,
        "pillar_labels": PILLAR_LABELS,
        "period_labels": PERIOD_LABELS,
        "entitlement_status_labels": ENTITLEMENT_STATUS_LABELS,
        "payment_status_labels": PAYMENT_STATUS_LABELS,
    }
