"""Paying benefits: the payout account's checks and which payments a run takes. PURE.

An IBAN is checked by python-stdnum (the country's length and the ISO 13616 check digits); a
Belgian one also by its bank account number's own check (stdnum.be.iban). The fund pays
benefits to Belgian accounts only: a foreign IBAN is refused with its reason. A run takes the
scheduled payments due up to its date that have a confirmed amount and an account; any other
due payment stays scheduled and the run says why.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from stdnum import iban as std_iban
from stdnum.be import iban as be_iban
from stdnum.exceptions import ValidationError

from app.kit.money import cents

HOLDER_MAX = 70  # the SEPA name's length


class IbanProblem(StrEnum):
    EMPTY = "empty"
    INVALID = "invalid"  # length or check digits
    NOT_BELGIAN = "not_belgian"


def check_iban(raw: str) -> tuple[str | None, IbanProblem | None]:
    """The IBAN in its compact form ("BE71096123456769"), or the reason it is refused."""
    compact = std_iban.compact(raw or "")
    if not compact:
        return None, IbanProblem.EMPTY
    try:
        std_iban.validate(compact)
    except ValidationError:
        return None, IbanProblem.INVALID
    if not compact.startswith("BE"):
        return None, IbanProblem.NOT_BELGIAN
    try:
        be_iban.validate(compact)
    except ValidationError:
        return None, IbanProblem.INVALID
    return compact, None


def masked(iban: str | None) -> str:
    """An IBAN as the affiliate reads it on a page: the country, then only the last 4 digits
    ("BE.. .... .... 6769")."""
    if not iban:
        return ""
    return f"{iban[:2]}.. .... .... {iban[-4:]}"


def printed(iban: str) -> str:
    """The IBAN in groups of four ("BE71 0961 2345 6769")."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def payable_amount(share: Decimal, figure: Decimal) -> Decimal:
    """A payment's amount from its share of a confirmed figure, in cents (half up)."""
    return cents(share * figure)


class SkipReason(StrEnum):
    NO_AMOUNT = "no_amount"  # the figure is not yet confirmed
    NO_ACCOUNT = "no_account"  # the affiliate gave no payout account


@dataclass(frozen=True, slots=True)
class Due:
    """A scheduled payment due up to the run's date, not yet in any run."""

    payment: uuid.UUID
    person: uuid.UUID
    due_on: date
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class Selection:
    taken: tuple[Due, ...]
    skipped: tuple[tuple[Due, SkipReason], ...]

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.taken if d.amount is not None), Decimal(0))


def select_run(due: Iterable[Due], accounts: Mapping[uuid.UUID, str], until: date) -> Selection:
    """The payments a run due up to `until` takes: with an amount and an account. Those due
    later are not in it; the others due are skipped with their reason."""
    taken: list[Due] = []
    skipped: list[tuple[Due, SkipReason]] = []
    for item in sorted(due, key=lambda d: (d.due_on, str(d.payment))):
        if item.due_on > until:
            continue
        if item.amount is None or item.amount <= 0:
            skipped.append((item, SkipReason.NO_AMOUNT))
        elif item.person not in accounts:
            skipped.append((item, SkipReason.NO_ACCOUNT))
        else:
            taken.append(item)
    return Selection(tuple(taken), tuple(skipped))
