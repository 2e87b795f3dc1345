"""The names of the fund's teams, in the reader's language.

A team is a short code on a staff member and on each request ("general" by default, others as
the administrator invites staff). The codes the fund uses have names in the catalogues; a code
an administrator made up is shown as typed.
"""

from __future__ import annotations

from typing import Any

from app.kit.i18n import gettext
from app.kit.i18n import lazy_gettext as _

NAMES: dict[str, Any] = {
    "general": _("General team"),
    "pensions": _("Pensions team"),
    "contributions": _("Contributions team"),
    "benefits": _("Benefits team"),
    "recovery": _("Debt recovery team"),
}


def team_name(code: str) -> str:
    """ "general" → "Équipe générale"; an unknown code → "Équipe north"."""
    known = NAMES.get(code)
    return str(known) if known is not None else gettext("Team %(name)s", name=code)
