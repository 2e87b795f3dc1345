"""Pure identity rules: Belgian identifiers, staff roles, token and session lifetimes.

Everything here is pure: no I/O and no clock. "now"/"today" are always parameters.
Over 400 lines on purpose: one module per domain for its pure rules, the way the architecture
test finds them; its sections (identifiers, roles, tokens and sessions, contact data) are short.
Errors carry a stable `code` (never a sentence); the UI translates the code.

Sources: the public check-digit algorithms of arthurdejong/python-stdnum: stdnum/be/nn.py
(NISS / rijksregisternummer), stdnum/be/bis.py (BIS number) and stdnum/be/vat.py (BCE/KBO
enterprise number).
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from stdnum.be import nn as stdnum_nn
from stdnum.be import vat as stdnum_vat
from stdnum.util import isdigits

from app.kit.rates import RateLimit

# --- Token and session lifetimes -------------------------------------------------------------
# Every expiry is inclusive at the limit: at exactly issued_at + TTL the token is expired.

ACTIVATION_LINK_TTL = timedelta(hours=72)
OTP_TTL = timedelta(minutes=10)
OTP_MAX_ATTEMPTS = 5
AFFILIATE_SESSION_IDLE = timedelta(minutes=30)
AFFILIATE_SESSION_ABSOLUTE = timedelta(hours=8)
# Staff work a full day in the back office: idle == absolute, so only the working day counts.
# Staff screens show many people's files: a desk left alone locks after 20 minutes.
STAFF_SESSION_IDLE = timedelta(minutes=20)
STAFF_SESSION_ABSOLUTE = timedelta(hours=8)
STEP_UP_TTL = timedelta(minutes=5)
CHALLENGE_TTL = timedelta(minutes=5)


class IdentifierError(ValueError):
    """An identifier failed validation. `code` is one of IdentifierErrorCode."""

    def __init__(self, code: IdentifierErrorCode) -> None:
        super().__init__(code.value)
        self.code = code


class IdentifierErrorCode(StrEnum):
    EMPTY = "empty"
    BAD_LENGTH = "bad_length"
    NOT_DIGITS = "not_digits"
    BAD_CHECKSUM = "bad_checksum"
    BAD_DATE = "bad_date"
    BAD_PREFIX = "bad_prefix"


# --- NISS / INSZ (national number and BIS number) --------------------------------------------


class Gender(StrEnum):
    """Registered gender encoded by the parity of the counter (odd = male, even = female)."""

    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True, slots=True)
class NissResult:
    number: str  # 11 digits, no separators
    formatted: str  # YY.MM.DD-XXX.CC
    birth_date: date | None  # None when month/day are 00 (unknown or counter exhausted)
    birth_year: int | None  # None only for the fictitious "date unknown" numbers
    is_bis: bool
    gender: Gender | None  # None for a BIS number with +20 (gender unknown at issue)


# Fictitious birth dates used when nothing of the birth date was known (stdnum, IBZ IT000).
_UNKNOWN_BIRTH_PREFIXES = frozenset({"000001", "002001", "004001"})


def _niss_century(number: str, today: date | None) -> int | None:
    """Century whose check digits match, or None.

    We do not call stdnum's `_checksum`: it reads `date.today()` to decide whether the
    post-2000 rule may apply, which would make this module impure. When `today` is given we
    apply the same guard (a post-2000 reading must not put the birth year in the future).
    """
    body, check = int(number[:9]), int(number[9:])
    if 97 - body % 97 == check:
        return 1900
    # Born in or after 2000: the check is computed on "2" + the first 9 digits.
    if 97 - int("2" + number[:9]) % 97 == check:
        if today is not None and 2000 + int(number[:2]) > today.year:
            return None
        return 2000
    return None


def validate_niss(raw: str, *, today: date | None = None) -> NissResult:
    """Validate a NISS (national register number or BIS number).

    Accepts spaces, dots and dashes. Raises IdentifierError with code empty, not_digits,
    bad_length, bad_checksum or bad_date. Pass `today` to refuse post-2000 readings whose
    birth year lies in the future (stdnum does the same with the system clock).
    """
    if not raw or not raw.strip():
        raise IdentifierError(IdentifierErrorCode.EMPTY)
    number = stdnum_nn.compact(raw)
    if not isdigits(number):
        raise IdentifierError(IdentifierErrorCode.NOT_DIGITS)
    if len(number) != 11:
        raise IdentifierError(IdentifierErrorCode.BAD_LENGTH)
    century = _niss_century(number, today)
    if century is None:
        raise IdentifierError(IdentifierErrorCode.BAD_CHECKSUM)

    raw_month = int(number[2:4])
    # National number: month 0..12. BIS: +20 (gender unknown) or +40 (gender known).
    if 0 <= raw_month <= 12:
        is_bis, month = False, raw_month
    elif 20 <= raw_month <= 32 or 40 <= raw_month <= 52:
        is_bis, month = True, raw_month % 20
    else:
        raise IdentifierError(IdentifierErrorCode.BAD_DATE)

    gender: Gender | None = None
    if not is_bis or raw_month >= 40:
        gender = Gender.MALE if int(number[6:9]) % 2 else Gender.FEMALE

    birth_year: int | None = int(number[:2]) + century
    birth_date: date | None = None
    if number[:6] in _UNKNOWN_BIRTH_PREFIXES:
        birth_year = None
    elif birth_year is not None and month != 0:
        day = int(number[4:6])
        # Day 00 or beyond the month's end: unknown day or exhausted counter (stdnum, IBZ).
        if 1 <= day <= calendar.monthrange(birth_year, month)[1]:
            birth_date = date(birth_year, month, day)

    return NissResult(
        number=number,
        formatted=stdnum_nn.format(number),
        birth_date=birth_date,
        birth_year=birth_year,
        is_bis=is_bis,
        gender=gender,
    )


# --- Enterprise number (BCE / KBO) -----------------------------------------------------------


def validate_enterprise_number(raw: str) -> str:
    """Validate a BCE/KBO enterprise number and return it formatted `0xxx.xxx.xxx`.

    Accepts a "BE" prefix, dots, spaces, dashes and the old 9-digit form (gets a leading 0).
    Raises IdentifierError: empty, not_digits, bad_length, bad_prefix, bad_checksum.
    """
    if not raw or not raw.strip():
        raise IdentifierError(IdentifierErrorCode.EMPTY)
    # stdnum's compact strips separators and "BE" and left-pads the old 9-digit form.
    number = stdnum_vat.compact(raw)
    if not isdigits(number):
        raise IdentifierError(IdentifierErrorCode.NOT_DIGITS)
    if len(number) != 10:
        raise IdentifierError(IdentifierErrorCode.BAD_LENGTH)
    if number[0] not in "01":
        raise IdentifierError(IdentifierErrorCode.BAD_PREFIX)
    # (first 8 + last 2) mod 97 == 0; an all-zero number satisfies that arithmetic but is no number.
    if int(number) == 0 or stdnum_vat.checksum(number) != 0:
        raise IdentifierError(IdentifierErrorCode.BAD_CHECKSUM)
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


# --- Staff roles -----------------------------------------------------------------------------


class StaffRole(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# The team a new staff member and a new request belong to until someone routes them.
DEFAULT_TEAM = "general"


class Permission(StrEnum):
    VIEW_QUEUE = "view_queue"
    DECIDE = "decide"
    REASSIGN = "reassign"
    SUPERVISE_TEAMS = "supervise_teams"
    INVITE_STAFF = "invite_staff"
    MANAGE_ROLES = "manage_roles"
    GRANT_RECOVERY = "grant_recovery"


_AGENT = frozenset({Permission.VIEW_QUEUE, Permission.DECIDE, Permission.GRANT_RECOVERY})
_SUPERVISOR = _AGENT | {Permission.REASSIGN, Permission.SUPERVISE_TEAMS}

# The whole role model in one table, so a review reads it at a glance.
ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.AGENT: _AGENT,
    StaffRole.SUPERVISOR: _SUPERVISOR,
    StaffRole.ADMIN: frozenset(Permission),
}


def role_allows(role: StaffRole | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[StaffRole(role)]


def roles_with(permission: Permission) -> tuple[str, ...]:
    """The roles holding a permission, for queries that filter staff by what they may do."""
    return tuple(role.value for role, granted in ROLE_PERMISSIONS.items() if permission in granted)


# --- Token and session rules -----------------------------------------------------------------


def _expired(issued_at: datetime, now: datetime, ttl: timedelta) -> bool:
    return now - issued_at >= ttl


def activation_link_expired(issued_at: datetime, now: datetime) -> bool:
    return _expired(issued_at, now, ACTIVATION_LINK_TTL)


def otp_expired(issued_at: datetime, now: datetime) -> bool:
    return _expired(issued_at, now, OTP_TTL)


def otp_attempts_left(attempts: int) -> int:
    """Tries left after `attempts` failed tries; 0 means the code is burnt."""
    return max(0, OTP_MAX_ATTEMPTS - attempts)


def challenge_expired(issued_at: datetime, now: datetime) -> bool:
    return _expired(issued_at, now, CHALLENGE_TTL)


def step_up_fresh(verified_at: datetime | None, now: datetime) -> bool:
    """A sensitive action needs a user verification younger than STEP_UP_TTL."""
    return verified_at is not None and not _expired(verified_at, now, STEP_UP_TTL)


class SessionKind(StrEnum):
    AFFILIATE = "affiliate"
    STAFF = "staff"


class SessionEnd(StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"


_SESSION_LIMITS: dict[SessionKind, tuple[timedelta, timedelta]] = {
    SessionKind.AFFILIATE: (AFFILIATE_SESSION_IDLE, AFFILIATE_SESSION_ABSOLUTE),
    SessionKind.STAFF: (STAFF_SESSION_IDLE, STAFF_SESSION_ABSOLUTE),
}


def session_end_reason(
    created_at: datetime, last_seen: datetime, now: datetime, kind: SessionKind
) -> SessionEnd | None:
    """Why the session is over (absolute wins over idle), or None while it is alive."""
    idle, absolute = _SESSION_LIMITS[SessionKind(kind)]
    if _expired(created_at, now, absolute):
        return SessionEnd.ABSOLUTE
    if _expired(last_seen, now, idle):
        return SessionEnd.IDLE
    return None


# The last-seen time is rewritten at most this often: a session read without a write (Redis)
# on most requests; idle timeouts of many minutes lose at most this much precision.
SEEN_RESOLUTION = timedelta(seconds=60)


def seen_again(last_seen: datetime, now: datetime) -> bool:
    """Whether a request at `now` should move the session's last-seen time."""
    return now - last_seen >= SEEN_RESOLUTION or now < last_seen


def session_expired(
    created_at: datetime, last_seen: datetime, now: datetime, kind: SessionKind
) -> bool:
    return session_end_reason(created_at, last_seen, now, kind) is not None


# --- One-time secrets ------------------------------------------------------------------------
# Links and codes are stored as digests only: a database leak gives no usable link or code.

TOKEN_BYTES = 32  # activation link token: 256 bits of randomness
OTP_DIGITS = 6


def new_link_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """SHA-256 of a link token (hex). High-entropy tokens need no salt."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_otp() -> str:
    return f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"


def otp_digest(code: str, *, email: str, secret: str) -> str:
    """Keyed digest of a 6-digit code: 10^6 codes are trivial to brute-force without the key."""
    message = f"{email.strip().lower()}:{code.strip()}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def otp_matches(code: str, digest: str, *, email: str, secret: str) -> bool:
    candidate = code.strip().replace(" ", "")
    if len(candidate) != OTP_DIGITS or not candidate.isdigit():
        return False
    return hmac.compare_digest(otp_digest(candidate, email=email, secret=secret), digest)


def normalise_email(raw: str) -> str | None:
    """Trimmed, lower-cased address if it looks like one (the code sent to it proves the rest)."""
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        return None
    return email


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class PhoneError(StrEnum):
    NOT_DIGITS = "not_digits"
    BAD_LENGTH = "bad_length"


_PHONE_SEPARATORS = re.compile(r"[\s./()\-]")


def normalise_phone(raw: str) -> str:
    """A phone number in international form (+32…), or "" when left empty.

    Belgian numbers may be typed nationally (0470 12 34 56, 02/123.45.67) or with +32/0032;
    other countries need their + prefix. Raises ValueError(PhoneError) naming what is wrong.
    """
    compact = _PHONE_SEPARATORS.sub("", raw or "")
    if not compact:
        return ""
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    digits = compact[1:] if compact.startswith("+") else compact
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(PhoneError.NOT_DIGITS)
    if compact.startswith("+32") or not compact.startswith("+"):
        national = digits[2:] if compact.startswith("+32") else digits
        if national.startswith("0"):
            national = national[1:]
        # Landlines have 8 digits after the 0, mobiles (04…) have 9.
        if len(national) not in (8, 9) or (len(national) == 9 and not national.startswith("4")):
            raise ValueError(PhoneError.BAD_LENGTH)
        if not compact.startswith("+") and not digits.startswith("0"):
            raise ValueError(PhoneError.BAD_LENGTH)
        return "+32" + national
    if not 8 <= len(digits) <= 15:
        raise ValueError(PhoneError.BAD_LENGTH)
    return compact


def format_phone(number: str | None) -> str:
    """A stored number for reading: Belgian ones grouped as people write them (+32 470 12 34 56)."""
    if not number:
        return ""
    if number.startswith("+32") and number[1:].isdigit():
        national = number[3:]
        if len(national) == 9:  # mobile: 4xx xx xx xx
            groups = [national[:3], national[3:5], national[5:7], national[7:]]
        elif national[0] in "2349":  # Brussels, Antwerp, Liège, Ghent: one-digit zone
            groups = [national[:1], national[1:4], national[4:6], national[6:]]
        else:
            groups = [national[:2], national[2:4], national[4:6], national[6:]]
        return "+32 " + " ".join(groups)
    return number


# --- Linking a self-registered account into a known file ------------------------------------


class MergedEmail(StrEnum):
    """Which address the file keeps once a claimant is linked into it (said in the audit)."""

    KEPT_FILE = "kept_file"  # the file had one: staff recorded it, it stays
    SAME = "same"  # both were the same address
    TAKEN_FROM_CLAIMANT = "taken_from_claimant"  # the file had none: the proven sign-up address
    NONE = "none"  # neither had one


@dataclass(frozen=True, slots=True)
class MergedContact:
    email: str | None
    language: str
    outcome: MergedEmail


def merged_contact(
    file_email: str | None,
    file_language: str,
    claimant_email: str | None,
    claimant_language: str,
) -> MergedContact:
    """The e-mail address and language of a file once the claimant's account is linked into it.

    The file's address was recorded by the fund; the claimant's was only proven by the
    sign-up code. So the file keeps its own address (and language) when it has one, and takes
    the claimant's (with the claimant's language) only when it has none.
    """
    file_email = (file_email or "").strip() or None
    claimant_email = (claimant_email or "").strip() or None
    if file_email is not None:
        same = claimant_email is not None and claimant_email.lower() == file_email.lower()
        outcome = MergedEmail.SAME if same else MergedEmail.KEPT_FILE
        return MergedContact(email=file_email, language=file_language, outcome=outcome)
    if claimant_email is not None:
        return MergedContact(
            email=claimant_email,
            language=claimant_language,
            outcome=MergedEmail.TAKEN_FROM_CLAIMANT,
        )
    return MergedContact(email=None, language=file_language, outcome=MergedEmail.NONE)


# --- Rate limits -----------------------------------------------------------------------------


FAILED_LOGINS = RateLimit(10, timedelta(minutes=15))  # per IP and per account
OTP_SENDS_PER_EMAIL = RateLimit(3, timedelta(minutes=15))
OTP_SENDS_PER_IP = RateLimit(10, timedelta(minutes=15))
RECOVERY_REQUESTS_PER_IP = RateLimit(5, timedelta(hours=1))
# Login options asked without a session each start one in Redis: a few per minute is a person,
# hundreds are a flood.
ANONYMOUS_CEREMONIES_PER_IP = RateLimit(30, timedelta(minutes=15))


# --- Redirects after login -------------------------------------------------------------------


def safe_next(target: str | None) -> str:
    """Only same-site paths after login: an open redirect would help phishing."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target:  # some browsers read "/\evil.example" as "//evil.example"
        return "/"
    return target


# --- Postcode and region ------------------------------------------------------------------------


class PostcodeError(StrEnum):
    NOT_DIGITS = "not_digits"
    OUT_OF_RANGE = "out_of_range"


class Region(StrEnum):
    """Belgium's three regions, from the postcode (bpost's ranges); unknown without one."""

    BRUSSELS = "brussels"
    WALLONIA = "wallonia"
    FLANDERS = "flanders"
    UNKNOWN = "unknown"


# (first postcode, last postcode, region): the whole 1000–9999 range, in order.
REGION_RANGES: tuple[tuple[int, int, Region], ...] = (
    (1000, 1299, Region.BRUSSELS),
    (1300, 1499, Region.WALLONIA),
    (1500, 3999, Region.FLANDERS),
    (4000, 7999, Region.WALLONIA),
    (8000, 9999, Region.FLANDERS),
)


def normalise_postcode(raw: str) -> str:
    """A Belgian postcode as its 4 digits (1000–9999), or "" when left empty; raises
    ValueError(PostcodeError) naming what is wrong. "B-1000" and " 1000 " are accepted."""
    compact = (raw or "").strip().upper().removeprefix("B-").removeprefix("B").strip()
    if not compact:
        return ""
    if not (compact.isascii() and compact.isdigit()) or len(compact) != 4:
        raise ValueError(PostcodeError.NOT_DIGITS)
    if not 1000 <= int(compact) <= 9999:
        raise ValueError(PostcodeError.OUT_OF_RANGE)
    return compact


def region_of_postcode(postcode: str | None) -> Region:
    """The region a postcode lies in; unknown when there is none or it is not a Belgian one."""
    if not postcode or not postcode.isdigit():
        return Region.UNKNOWN
    number = int(postcode)
    for first, last, region in REGION_RANGES:
        if first <= number <= last:
            return region
    return Region.UNKNOWN


def region_sql(column: str) -> str:
    """The same mapping as an SQL CASE over a text postcode column (reports group by it). No
    braces: the SQL goes through Piccolo's `{}` placeholders."""
    cases = " ".join(
        f"WHEN {column} BETWEEN '{first}' AND '{last}' THEN '{region.value}'"
        for first, last, region in REGION_RANGES
    )
    unknown = Region.UNKNOWN.value
    return (
        f"(CASE WHEN {column} ~ '^[0-9][0-9][0-9][0-9]$' THEN CASE {cases} ELSE '{unknown}' END "
        f"ELSE '{unknown}' END)"
    )


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


def sex_of_niss(number: str | None) -> Sex:
    """The sex the national register number encodes: its counter (digits 7–9) is odd for men,
    even for women (as stdnum.be.nn.get_gender reads it). A BIS number whose month has 20 added
    does not know the sex; with 40 added it does."""
    if not number or len(number) != 11 or not number.isdigit():
        return Sex.UNKNOWN
    month = int(number[2:4])
    if 20 <= month <= 32:
        return Sex.UNKNOWN
    return Sex.MALE if int(number[6:9]) % 2 else Sex.FEMALE


def birth_of_niss(number: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) of birth the number encodes; month or day 0 when unknown. The century
    is the one whose check digits match (stdnum.be.nn's rule, without reading the clock)."""
    if not number or len(number) != 11 or not number.isdigit():
        return None
    check = int(number[9:])
    if 97 - int(number[:9]) % 97 == check:
        century = 1900
    elif 97 - int("2" + number[:9]) % 97 == check:
        century = 2000
    else:
        return None
    month = int(number[2:4]) % 20
    return century + int(number[:2]), month, int(number[4:6])


def age_on(number: str | None, day: date) -> int | None:
    """Completed years on `day` of the person the number describes (None when unknown)."""
    birth = birth_of_niss(number)
    if birth is None:
        return None
    year, month, dd = birth
    return day.year - year - (1 if (month, dd) > (day.month, day.day) else 0)


def age_sql(column: str, day_param: str) -> str:
    """`age_on` as SQL over a national-number column, on the date bound at `day_param`."""
    nine = f"substr({column}, 1, 9)"
    check = f"substr({column}, 10, 2)::int"
    century = (
        f"(CASE WHEN 97 - ({nine})::bigint % 97 = {check} THEN 1900 "
        f"WHEN 97 - ('2' || {nine})::bigint % 97 = {check} THEN 2000 END)"
    )
    birth_year = f"({century} + substr({column}, 1, 2)::int)"
    month_day = f"((substr({column}, 3, 2)::int % 20) * 100 + substr({column}, 5, 2)::int)"
    day_md = f"(extract(month FROM {day_param})::int * 100 + extract(day FROM {day_param})::int)"
    return (
        f"(CASE WHEN {column} ~ '^[0-9]+$' AND length({column}) = 11 "
        f"THEN extract(year FROM {day_param})::int "
        f"- {birth_year} - (CASE WHEN {month_day} > {day_md} THEN 1 ELSE 0 END) END)"
    )


def sex_sql(column: str) -> str:
    """`sex_of_niss` as SQL over a national-number column."""
    return (
        f"(CASE WHEN {column} IS NULL OR {column} !~ '^[0-9]+$' OR length({column}) <> 11 "
        f"THEN '{Sex.UNKNOWN.value}' "
        f"WHEN substr({column}, 3, 2)::int BETWEEN 20 AND 32 THEN '{Sex.UNKNOWN.value}' "
        f"WHEN substr({column}, 7, 3)::int % 2 = 1 THEN '{Sex.MALE.value}' "
        f"ELSE '{Sex.FEMALE.value}' END)"
    )
