"""Units that follow a number in a sentence with several numbers (i18n.counted): each number
gets its own singular or plural ("1 semaine", "3 semaines")."""

from __future__ import annotations

from app.kit.i18n import lazy_ngettext

HALF_DAYS = lazy_ngettext("%(num)s half-day", "%(num)s half-days", "num")
DAYS = lazy_ngettext("%(num)s day", "%(num)s days", "num")
WEEKS = lazy_ngettext("%(num)s week", "%(num)s weeks", "num")
MONTHS = lazy_ngettext("%(num)s month", "%(num)s months", "num")
QUARTERS = lazy_ngettext("%(num)s quarter", "%(num)s quarters", "num")
YEARS = lazy_ngettext("%(num)s year", "%(num)s years", "num")
INSTALMENTS = lazy_ngettext("%(num)s monthly instalment", "%(num)s monthly instalments", "num")
SERVICE_VOUCHERS = lazy_ngettext("%(num)s service voucher", "%(num)s service vouchers", "num")
