"""The Belgian structured communication (OGM/VCS) of a due notice, and back again.

A structured communication is 12 digits, written `+++123/4567/89012+++` (or with `***`): ten
digits of the fund's own design, then two check digits, the ten digits modulo 97 (97 when the
remainder is 0). The bank refuses a transfer whose check digits do not match, so a typing
error cannot send a payment to the wrong person.

Our ten digits, from left to right:

    AAAAAA YY Q K
    |      |  | `- kind of notice (NoticeKind): 0 quarterly contribution, 5 regularisation,
    |      |  |    7 company contribution, 8 undue benefit claimed back (3: a payment plan's
    |      |  |    payment, another layout below)
    |      |  `--- quarter, 1 to 4
    |      `------ the year's last two digits (2000 to 2099)
    `------------- the person's contribution account number, 1 to 999 999, zero-padded

So every communication of one person starts with their six-digit account number, and one
person, year, quarter and kind make exactly one communication: a payment's communication leads
back to the notice it pays (`decode`). Example: account 123, 2026, quarter 1, kind 0 gives the
ten digits 0001232610, 1232610 mod 97 = 31, so `+++000/1232/61031+++`.

A payment plan's payments (its advance and instalments) use the kind digit 3
(PLAN_INSTALMENT), whose middle three digits are not a year and a quarter but a sequence
number, 1 to 999, counted per account over all its plans (the caller keeps the count):

    AAAAAA NNN 3
    |      |   `- 3: a payment plan's payment
    |      `----- its sequence number on the account, 001 to 999
    `------------ the person's contribution account number, as above

The last digit keeps the two layouts apart: `decode` reads the notices' layout only (None for
kind 3, so a plan payment is never mistaken for a quarter), `decode_instalment` reads kind 3
only. Example: account 123, sequence 1 gives 0001230013, 1230013 mod 97 = 53, so
`+++000/1230/01353+++`.

Pure: no I/O, the check digits through python-stdnum (`stdnum.be.ogm_vcs`).
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from stdnum.be import ogm_vcs

MAX_ACCOUNT_NUMBER = 999_999
FIRST_YEAR = 2000
LAST_YEAR = 2099


class NoticeKind(IntEnum):
    """The last of the ten digits: which kind of notice a communication belongs to."""

    QUARTERLY = 0  # the quarterly provisional contribution
    REGULARISATION = 5  # the regularisation once the income is known
    COMPANY = 7  # the yearly company contribution
    UNDUE_BENEFIT = 8  # a benefit claimed back, in the quarter of its decision


# The kind digit of a payment plan's payments: not a NoticeKind (those carry a year and a
# quarter), its middle digits are a sequence number.
PLAN_INSTALMENT = 3
MAX_SEQUENCE = 999


class Decoded(NamedTuple):
    account_number: int
    year: int
    quarter: int
    kind: NoticeKind


class DecodedInstalment(NamedTuple):
    account_number: int
    sequence: int


def structured_communication(
    account_number: int, year: int, quarter: int, kind: int = NoticeKind.QUARTERLY
) -> str:
    """The 12 digits (no separators) of the communication of one person's notice."""
    _check_account_number(account_number)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year must be between {FIRST_YEAR} and {LAST_YEAR}, got {year}")
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1, 2, 3 or 4, got {quarter}")
    if kind not in set(NoticeKind):
        known = ", ".join(f"{k.value} ({k.name.lower()})" for k in NoticeKind)
        raise ValueError(f"kind must be one of {known}, got {kind}")
    base = f"{account_number:06d}{year % 100:02d}{quarter}{int(kind)}"
    return base + ogm_vcs.calc_check_digits(base)


def instalment_communication(account_number: int, sequence: int) -> str:
    """The 12 digits (no separators) of a payment plan's payment: the account's `sequence`-th
    one (1 to 999, over all the account's plans)."""
    _check_account_number(account_number)
    if isinstance(sequence, bool) or not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence must be between 1 and {MAX_SEQUENCE}, got {sequence}")
    base = f"{account_number:06d}{sequence:03d}{PLAN_INSTALMENT}"
    return base + ogm_vcs.calc_check_digits(base)


def _check_account_number(account_number: int) -> None:
    if isinstance(account_number, bool) or not 1 <= account_number <= MAX_ACCOUNT_NUMBER:
        raise ValueError(
            f"account number must be between 1 and {MAX_ACCOUNT_NUMBER}, got {account_number}"
        )


def format_communication(digits12: str) -> str:
    """`+++000/1232/61031+++`: how the communication is printed and typed."""
    digits = parse_communication(digits12)
    if digits is None:
        raise ValueError(f"not a valid structured communication: {digits12!r}")
    return f"+++{ogm_vcs.format(digits)}+++"


def parse_communication(text: str) -> str | None:
    """The 12 digits of a communication as a person or a bank statement writes it, or None.

    Accepted: `+++123/4567/89012+++`, `***123/4567/89012***`, or the 12 digits bare, with
    spaces or slashes anywhere between them. None when anything else is there (letters,
    another count of digits, unbalanced +++/***) or the check digits do not match.
    """
    value = "".join(text.split())  # every kind of space, non-breaking ones included
    for mark in ("+++", "***"):
        if value.startswith(mark) and value.endswith(mark) and len(value) > 2 * len(mark):
            value = value[len(mark) : -len(mark)]
            break
    value = value.replace("/", "")
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return None
    if not ogm_vcs.is_valid(value):
        return None
    return ogm_vcs.compact(value)


def decode(digits12: str) -> Decoded | None:
    """Account number, year, quarter and kind of one of our communications, or None.

    None when it is not a valid structured communication or not one of our layout (account
    number 000000, quarter outside 1–4, a kind digit of no notice: a payment plan's kind 3
    included, see `decode_instalment`).
    """
    digits = parse_communication(digits12)
    if digits is None:
        return None
    account_number = int(digits[0:6])
    year = 2000 + int(digits[6:8])
    quarter = int(digits[8])
    kind = int(digits[9])
    if account_number == 0 or quarter not in (1, 2, 3, 4) or kind not in set(NoticeKind):
        return None
    return Decoded(account_number, year, quarter, NoticeKind(kind))


def decode_instalment(digits12: str) -> DecodedInstalment | None:
    """Account number and sequence number of one of our payment plan communications (kind
    3), or None: not a valid structured communication, another kind, account number 000000
    or sequence 000."""
    digits = parse_communication(digits12)
    if digits is None or int(digits[9]) != PLAN_INSTALMENT:
        return None
    account_number, sequence = int(digits[0:6]), int(digits[6:9])
    if account_number == 0 or sequence == 0:
        return None
    return DecodedInstalment(account_number, sequence)
