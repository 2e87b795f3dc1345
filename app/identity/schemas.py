"""The identity forms as typed structs: each parser checks every field (bounded, typed) and
returns the struct, or a message per field in the user's language with what was typed kept.

Field parsers for a national number, an e-mail address and a phone number live here, on top of
`identity.rules`; other domains' forms use them (`staff` invites colleagues with them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from app.identity import rules
from app.identity.rules import IdentifierError, IdentifierErrorCode, StaffRole
from app.kit import clock, i18n
from app.kit.forms import FieldError, Parsed, raw
from app.kit.i18n import N_
from app.kit.i18n import gettext as _

MAX_NAME = 100
MAX_EMAIL = 254
MAX_TEAM = 64

EMAIL_MESSAGE = N_("Enter a valid email address, like name@example.be.")
NISS_MESSAGES = {
    IdentifierErrorCode.EMPTY: N_("Enter your national register number."),
    IdentifierErrorCode.NOT_DIGITS: N_(
        "Your national register number may only contain digits (dots and dashes are allowed)."
    ),
    IdentifierErrorCode.BAD_LENGTH: N_("Your national register number must have 11 digits."),
    IdentifierErrorCode.BAD_CHECKSUM: N_(
        "This national register number is not valid: check the last two digits (the check number)."
    ),
    IdentifierErrorCode.BAD_DATE: N_(
        "This national register number is not valid: the first six digits must be a birth "
        "date (YY.MM.DD)."
    ),
    IdentifierErrorCode.BAD_PREFIX: N_("This national register number is not valid."),
}
PHONE_MESSAGES = {
    rules.PhoneError.NOT_DIGITS: N_(
        "A phone number may only contain digits, spaces and a leading +, like 0470 12 34 56."
    ),
    rules.PhoneError.BAD_LENGTH: N_(
        "Enter a Belgian number of 9 or 10 digits starting with 0 (like 0470 12 34 56 or "
        "02 123 45 67), or a foreign number starting with +."
    ),
}
POSTCODE_MESSAGES = {
    rules.PostcodeError.NOT_DIGITS: N_("A postcode has 4 digits, like 1000 or 9000."),
    rules.PostcodeError.OUT_OF_RANGE: N_("A Belgian postcode lies between 1000 and 9999."),
}
TOO_LONG = N_("This is too long.")
REGION_LABELS = {
    rules.Region.BRUSSELS: N_("Brussels-Capital"),
    rules.Region.WALLONIA: N_("Wallonia"),
    rules.Region.FLANDERS: N_("Flanders"),
    rules.Region.UNKNOWN: N_("Unknown"),
}
SEX_LABELS = {
    rules.Sex.MALE: N_("Men"),
    rules.Sex.FEMALE: N_("Women"),
    rules.Sex.UNKNOWN: N_("Unknown"),
}


def region_label(postcode: str | None) -> str:
    """The region of a postcode, in the reader's language."""
    return _(REGION_LABELS[rules.region_of_postcode(postcode)])


# --- field parsers -------------------------------------------------------------------------------


def niss(value: str) -> str:
    """The 11 digits of a valid national register number, else FieldError(message)."""
    try:
        return rules.validate_niss(value[:40], today=clock.today()).number
    except IdentifierError as exc:
        raise FieldError(exc.code.value, _(NISS_MESSAGES[exc.code])) from None


def email(value: str) -> str:
    found = rules.normalise_email(value[: MAX_EMAIL + 10])
    if found is None or len(found) > MAX_EMAIL:
        raise FieldError("email", _(EMAIL_MESSAGE))
    return found


def phone(value: str) -> str:
    """A phone number in E.164 (+32…), or '' when none is given."""
    try:
        return rules.normalise_phone(value[:40])
    except ValueError as exc:
        raise FieldError(str(exc), _(PHONE_MESSAGES[rules.PhoneError(str(exc))])) from None


def postcode(value: str) -> str:
    """A Belgian postcode's 4 digits, or '' when none is given."""
    try:
        return rules.normalise_postcode(value[:12])
    except ValueError as exc:
        code = rules.PostcodeError(str(exc))
        raise FieldError(code.value, _(POSTCODE_MESSAGES[code])) from None


def name(value: str, message: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise FieldError("required", message)
    if len(cleaned) > MAX_NAME:
        raise FieldError("too_long", _(TOO_LONG))
    return cleaned


def language(value: str, message: str) -> str:
    found = i18n.normalise(value)
    if found is None:
        raise FieldError("not_a_choice", message)
    return found


# --- forms ---------------------------------------------------------------------------------------


class SignupForm(msgspec.Struct, frozen=True):
    national_number: str
    first_name: str
    last_name: str
    email: str


class RecoveryForm(msgspec.Struct, frozen=True):
    national_number: str
    email: str


class ContactForm(msgspec.Struct, frozen=True):
    email: str
    phone: str
    language: str
    postcode: str = ""


class StaffInviteForm(msgspec.Struct, frozen=True):
    email: str
    full_name: str
    role: str
    team: str
    language: str


def _typed(data: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {key: raw(data, key).strip() for key in names}


class _Errors:
    """Collects one message per field while the parsers run."""

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}

    def take(self, field: str, parse: Any, *args: Any) -> Any:
        try:
            return parse(*args)
        except FieldError as exc:
            self.messages[field] = exc.message or exc.code
            return None


def parse_signup(data: Mapping[str, Any]) -> Parsed[SignupForm]:
    form = _typed(data, ("niss", "first_name", "last_name", "email"))
    check = _Errors()
    number = check.take("niss", niss, form["niss"])
    first = check.take("first_name", name, form["first_name"], _("Enter your first name."))
    last = check.take("last_name", name, form["last_name"], _("Enter your last name."))
    address = check.take("email", email, form["email"])
    if check.messages:
        return Parsed(form, check.messages)
    return Parsed(form, value=SignupForm(number, first, last, address))


def parse_recovery(data: Mapping[str, Any]) -> Parsed[RecoveryForm]:
    form = _typed(data, ("niss", "email"))
    check = _Errors()
    number = check.take("niss", niss, form["niss"])
    address = check.take("email", email, form["email"])
    if check.messages:
        return Parsed(form, check.messages)
    return Parsed(form, value=RecoveryForm(number, address))


def parse_contact(data: Mapping[str, Any]) -> Parsed[ContactForm]:
    form = _typed(data, ("email", "phone", "postcode", "language"))
    check = _Errors()
    address = check.take("email", email, form["email"])
    number = check.take("phone", phone, form["phone"])
    code = check.take("postcode", postcode, form["postcode"])
    chosen = check.take(
        "language",
        language,
        form["language"],
        _("Choose the language of your letters and emails."),
    )
    if check.messages:
        return Parsed(form, check.messages)
    return Parsed(form, value=ContactForm(address, number, chosen, code))


def parse_staff_invite(data: Mapping[str, Any], *, default_team: str) -> Parsed[StaffInviteForm]:
    form = _typed(data, ("email", "full_name", "role", "team", "language"))
    check = _Errors()
    full_name = check.take(
        "full_name", name, form["full_name"], _("Enter the staff member's full name.")
    )
    address = check.take("email", email, form["email"])
    if form["role"] not in {r.value for r in StaffRole}:
        check.messages["role"] = _("Choose a role.")
    team = form["team"] or default_team
    if len(team) > MAX_TEAM:
        check.messages["team"] = _(TOO_LONG)
    chosen = check.take(
        "language",
        language,
        form["language"] or i18n.current_language(),
        _("Choose the language of the invitation."),
    )
    if check.messages:
        return Parsed(form, check.messages)
    return Parsed(form, value=StaffInviteForm(address, full_name, form["role"], team, chosen))
