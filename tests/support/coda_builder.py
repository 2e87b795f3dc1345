"""Valid CODA 2.x statements for tests: header, old balance, movements, new balance, trailer.

    build_coda(account_iban="BE68539007547034", holder="Caisse Élan", sequence=12,
               created=date(2026, 4, 3), old_balance=Decimal("100.00"),
               movements=[BuiltMovement(Decimal("812.34"), date(2026, 4, 2),
                                        structured_communication="+++000/1232/61031+++",
                                        counterparty_iban="BE71096123456769",
                                        counterparty_name="Dupont Marie")])

gives the bytes (cp1252, LF line ends) a Belgian bank would send: every record 128
characters, the movements numbered 0001, 0002, ... in the given order, a 2.2 record when the
free text is longer than 53 characters or a BIC is given, a 2.3 record when a counterparty is
given or the text is longer than 106 characters (149 at most), next codes set accordingly;
names longer than their fields (holder 26, counterparty 35) cut as banks do;
the new balance = old balance + the movements, the trailer's count and sums right.

The structured communication is written as given (12 digits, with or without +++ and
slashes), check digits not checked, so a test can build a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RECORD_LENGTH = 128
CHUNKS = (53, 53, 43)  # free text in 2.1 (63-115), 2.2 (11-63), 2.3 (83-125)


@dataclass(frozen=True)
class BuiltMovement:
    amount: Decimal  # signed: a credit positive, a debit negative; whole cents
    date: date  # value date and booking date
    structured_communication: str | None = None
    communication: str = ""  # free text, 149 characters at most (ignored when structured)
    counterparty_iban: str | None = None
    counterparty_name: str = ""
    counterparty_bic: str = ""
    reference: str | None = None  # the bank's reference, 21 characters at most


def build_coda(
    *,
    account_iban: str,
    holder: str,
    sequence: int,
    created: date,
    old_balance: Decimal,
    movements: list[BuiltMovement],
    bank_id: str = "539",
) -> bytes:
    """A valid one-statement CODA file of `account_iban` (an IBAN, compact) in EUR."""
    statement = f"{sequence:03d}"
    account = account_iban.ljust(34) + "EUR"
    structure = "2" if account_iban.startswith("BE") else "3"
    records = [
        "0"
        + "0000"
        + _date(created)
        + bank_id
        + "05"
        + " "  # duplicate code
        + " " * 7
        + "FILEREF001"
        + _text(holder[:26], 26)
        + _text("GKCCBEBB", 11)
        + "0" * 11
        + " "
        + "00000"
        + " " * 16
        + " " * 16
        + " " * 7
        + "2",
        "1"
        + structure
        + statement
        + account
        + _amount(old_balance, signed=True)
        + _date(created)
        + _text(holder[:26], 26)
        + _text("Compte courant", 35)
        + statement,
    ]
    for number, movement in enumerate(movements, start=1):
        records.extend(_movement(number, movement, statement))
    new_balance = old_balance + sum((m.amount for m in movements), Decimal("0.00"))
    debits = sum((-m.amount for m in movements if m.amount < 0), Decimal("0.00"))
    credits = sum((m.amount for m in movements if m.amount > 0), Decimal("0.00"))
    records.append(
        "8" + statement + account + _amount(new_balance, signed=True) + _date(created)
        + " " * 64 + "0"
    )  # fmt: skip
    counted = len(records) - 1  # records 1, 2.x and 8
    records.append(
        "9" + " " * 15 + f"{counted:06d}" + _amount(debits) + _amount(credits) + " " * 75 + "2"
    )
    for record in records:
        if len(record) != RECORD_LENGTH:  # a bug here, not in the test using it
            raise AssertionError(f"built a record of {len(record)} characters: {record!r}")
    return "".join(record + "\n" for record in records).encode("cp1252")


def _movement(number: int, movement: BuiltMovement, statement: str) -> list[str]:
    numbers = f"{number:04d}0000"
    credit = movement.amount >= 0
    if movement.structured_communication is not None:
        digits = re.sub(r"[+*/ ]", "", movement.structured_communication)
        if not re.fullmatch(r"[0-9]{12}", digits):
            raise ValueError(f"a structured communication has 12 digits: {digits!r}")
        flag, first, rest = "1", _text("101" + digits, 53), ["", ""]
    else:
        text = movement.communication
        if len(text) > sum(CHUNKS):
            raise ValueError(f"a free communication holds {sum(CHUNKS)} characters at most")
        flag, first = "0", _text(text[:53], 53)
        rest = [text[53:106], text[106:]]
    has_23 = bool(movement.counterparty_iban or movement.counterparty_name or rest[1])
    has_22 = bool(rest[0] or movement.counterparty_bic)
    reference = movement.reference or f"REF{statement}{number:04d}BANKSTMT"
    records = [
        "21"
        + numbers
        + _text(reference, 21)
        + _amount(movement.amount, signed=True)
        + _date(movement.date)
        + ("00150000" if credit else "00101000")  # transfer in your favour / your transfer
        + flag
        + first
        + _date(movement.date)
        + statement
        + "0"  # globalisation code
        + ("1" if has_22 or has_23 else "0")
        + " "
        + "0"  # no information record 3 follows
    ]
    if has_22:
        records.append(
            "22" + numbers + _text(rest[0], 53) + " " * 35 + _text(movement.counterparty_bic, 11)
            + " " * 3 + " " + " " * 4 + " " * 4 + " " * 4 + ("1" if has_23 else "0") + " " + "0"
        )  # fmt: skip
    if has_23:
        records.append(
            "23" + numbers + _text(movement.counterparty_iban or "", 34) + "EUR"
            + _text(movement.counterparty_name[:35], 35) + _text(rest[1], 43) + "0" + " " + "0"
        )  # fmt: skip
    return records


def _amount(value: Decimal, *, signed: bool = False) -> str:
    """A sign (0 credit, 1 debit) when `signed`, then 15 digits with 3 decimals."""
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"an amount is whole cents: {value}")
    digits = f"{abs(int(value * 100)):014d}0"
    if len(digits) != 15:
        raise ValueError(f"an amount of CODA has 15 digits: {value}")
    return (("1" if value < 0 else "0") + digits) if signed else digits


def _date(value: date) -> str:
    return value.strftime("%d%m%y")


def _text(value: str, width: int) -> str:
    if len(value) > width:
        raise ValueError(f"{value!r} is longer than {width} characters")
    return value.ljust(width)
