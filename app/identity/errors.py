"""Errors shown to people: messages in their language, never revealing who is known."""

from __future__ import annotations

from app.kit.errors import AffilioError
from app.kit.i18n import gettext as _


class PasskeyRefused(AffilioError):
    status_code = 400
    code = "passkey_refused"


class TooManyAttempts(AffilioError):
    status_code = 429
    code = "too_many_attempts"


class LinkInvalid(AffilioError):
    status_code = 410
    code = "link_invalid"


class CodeRefused(AffilioError):
    status_code = 400
    code = "code_refused"


class LastAdmin(AffilioError):
    status_code = 409
    code = "last_admin"


class AccountExists(AffilioError):
    status_code = 409
    code = "account_exists"


class IdentityTaken(AffilioError):
    """A claimed national number already belongs to another file: staff merge them, later."""

    status_code = 409
    code = "identity_taken"


def refused() -> PasskeyRefused:
    return PasskeyRefused(
        _(
            "This passkey was not accepted. Try again, use another passkey, or ask to "
            "recover your account."
        )
    )


def throttled() -> TooManyAttempts:
    return TooManyAttempts(
        _("Too many failed attempts. Please wait 15 minutes before trying again.")
    )


def expired_attempt() -> PasskeyRefused:
    return PasskeyRefused(_("This attempt has expired. Please try again."))


def link_invalid() -> LinkInvalid:
    return LinkInvalid(
        _(
            "This link is no longer valid: it has expired or has already been used. "
            "Ask for a new one."
        )
    )
