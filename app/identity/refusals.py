"""Why a passkey was refused, in words for staff.

The person always sees one neutral message (an attacker learns nothing from it); the audit
trail keeps the real reason, and the staff page of the person reads it back in these words.
"""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _

REASONS: dict[str, Any] = {
    "expired": _("The sign-in took too long and expired"),
    "unknown_credential": _("A passkey the fund does not know"),
    "revoked_credential": _("A passkey the person had removed"),
    "user_handle_mismatch": _("The passkey was made for another account"),
    "other_account": _("A passkey of another account during a confirmation"),
    "inactive_account": _("The account is closed or merged into another file"),
    "bad_challenge": _("The answer did not match the question the portal asked"),
    "bad_origin": _("The answer came from another website"),
    "bad_rp_id": _("The passkey belongs to another website"),
    "bad_signature": _("The signature did not match the passkey"),
    # py_webauthn refuses an assertion whose counter does not move forward; so does our own
    # conditional update: both are what a copied (cloned) authenticator looks like.
    "replayed": _("The passkey's counter went backwards: it may have been copied"),
    "user_not_verified": _("The device did not check the person (no fingerprint, face or PIN)"),
    "user_not_present": _("Nobody touched the device"),
    "unsupported_algorithm": _("The passkey uses an algorithm the portal does not accept"),
    "invalid": _("The browser sent an answer that could not be read"),
}


def reason_label(code: str) -> str:
    """The staff wording for a refusal code; an unknown code is shown as it is."""
    label = REASONS.get(code)
    return str(label) if label is not None else code
