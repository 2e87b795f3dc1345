"""A bank statement in the Febelfin CODA 2.x format, read strictly: the payments in.

CODA ("coded statement of account", Febelfin standard 2.6) is the fixed-width file Belgian
banks give for one account's statement: records of exactly 128 characters, one per line:

    0    header: creation date, bank, duplicate flag, version (2)
    1    old balance: account (structure 0-3), statement number, balance, holder
    2.1  a movement: sequence and detail numbers, bank reference, signed amount (15 digits,
         3 decimals), value date, transaction code, communication (free, or structured:
         type 101/102 followed by the 12 digits of a +++123/4567/89012+++), booking date;
    2.2  its communication continued, the counterparty's BIC;
    2.3  the counterparty's account and name, the communication continued;
    3.1-3.3  information about a movement; 4 free communication (both read, not kept)
    8    new balance
    9    trailer: number of records, sums of the debits and of the credits

A movement of transaction type 0-3 is booked on the account; types 5-9 are its details (the
individual transfers a bank or a customer grouped into it), with the same sequence number: they
are kept on `Movement.details` and do not count in the balance nor in the trailer's sums.

The positions are those of the febelfin-coda package (`import coda`, its layout tables, which
follow the standard); where it has none (next codes, communication flags) they come from the
standard. Its parser is not used: it is lenient where an import must not be. It checks with
`assert` (gone under `python -O`) and names no line, takes spaces inside numbers
(`int(" 12")`), treats any sign character other than "1" as a credit, ignores the next codes
that say which record follows, and crashes on details of details (type 9: `parent.append` on
a Move). So every record is checked here
(length, record type, digits where the standard says numeric, order, dates, sums) and a
malformed file raises `CodaError` before anything is returned: it imports nothing.

Pure: bytes or text in, dataclasses out; check digits by python-stdnum.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal, NamedTuple

import coda as febelfin
from stdnum import iban as stdnum_iban
from stdnum.be import ogm_vcs

RECORD_LENGTH: Final = 128

ErrorCode = Literal[
    "empty",  # nothing in the file
    "encoding",  # a byte that is no cp1252 character, or a control character in a line
    "record_length",  # a line that is not exactly 128 characters
    "unknown_record",  # a record identification that CODA does not have (or 2.4, 3.9, ...)
    "not_numeric",  # a numeric field with something else than the digits 0-9
    "value",  # a coded field with a value the standard does not allow (sign, version, ...)
    "date",  # a date field that is no date (31 February)
    "precision",  # an amount with a non-zero thousandth: money here is cents
    "order",  # a record where the standard does not allow it, or a missing one
    "mismatch",  # a record that repeats the account or statement number differently
    "balance",  # old balance + the movements is not the new balance
    "trailer_count",  # the trailer's number of records is not the file's
    "trailer_sum",  # the trailer's debit or credit sum is not the movements'
]
ERROR_CODES: Final[tuple[ErrorCode, ...]] = (
    "empty",
    "encoding",
    "record_length",
    "unknown_record",
    "not_numeric",
    "value",
    "date",
    "precision",
    "order",
    "mismatch",
    "balance",
    "trailer_count",
    "trailer_sum",
)


class CodaError(ValueError):
    """A file that is not a valid CODA statement: `code` (ERROR_CODES) for the staff page to
    translate, `line` (1-based) where it was found, `reason` for a developer (English)."""

    def __init__(self, code: ErrorCode, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason} [{code}]")
        self.code: ErrorCode = code
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Movement:
    """One movement of the statement; `amount` is signed: a credit positive, a debit negative.

    `structured_communication` is the 12 digits of a valid Belgian structured communication
    (type 101 or 102); an invalid one is kept, as it was written, in `communication`, the
    free text (records 2.1, 2.2 and 2.3 joined, trimmed). `details` are the movements a
    grouped one (transaction type 1, 2 or 3) is made of, as the bank lists them; their own
    `details` are empty. `identity` is what makes importing the same movement twice a no-op:
    the file's identity and the sequence number (and the detail number for a detail).
    """

    identity: str
    sequence: int
    detail: int
    reference: str
    value_date: date
    booking_date: date
    amount: Decimal
    transaction_code: str  # 8 digits: type, family (01 = credit transfer), transaction, category
    structured_communication: str | None
    communication: str
    counterparty_iban: str | None
    counterparty_bic: str | None
    counterparty_name: str | None
    details: tuple[Movement, ...] = ()


@dataclass(frozen=True, slots=True)
class CodaFile:
    """One account's statement. `identity` names the statement (bank, account, statement
    number, creation date): the same statement imported twice has the same identity, a bank's
    duplicate of it too when the bank keeps its creation date. `digest` is the SHA-256 of the
    content as read (LF line ends, no trailing empty line, UTF-8): the same file, however its
    lines end."""

    identity: str
    digest: str
    bank_id: str
    account_iban: str
    currency: str
    account_holder: str
    creation_date: date
    sequence: int
    duplicate: bool
    old_balance: Decimal
    old_balance_date: date
    new_balance: Decimal
    new_balance_date: date
    movements: tuple[Movement, ...]


def parse_statement(data: bytes | str) -> CodaFile:
    """Read a CODA 2.x file (cp1252 bytes, CRLF or LF line ends) or raise CodaError."""
    lines = _lines(data)
    return _Parser(lines).parse()


# --- the layout -----------------------------------------------------------------------------
# Python slices (0-based, end excluded); the comments give the standard's 1-based positions.


def _layout(table: Any, name: str) -> slice:
    found = table[name][0]
    if not isinstance(found, slice):  # pragma: no cover - the package's tables changed shape
        raise TypeError(f"febelfin-coda's layout for {name!r} is not a slice")
    return found


HEADER_DATE = _layout(febelfin.HEADER, "creation_date")  # 6-11 DDMMYY
HEADER_BANK = _layout(febelfin.HEADER, "bank_id")  # 12-14
HEADER_DUPLICATE = _layout(febelfin.HEADER, "duplicate")  # 17: "D" or blank
HEADER_VERSION = _layout(febelfin.HEADER, "version")  # 128: "2"
HEADER_ZEROS = slice(1, 5)  # 2-5 (not in febelfin-coda's tables)
HEADER_APPLICATION = slice(14, 16)  # 15-16, "05" (not in febelfin-coda's tables)

OLD_STRUCTURE = _layout(febelfin.OLD_BALANCE, "_account_structure")  # 2: 0-3
OLD_STATEMENT = _layout(febelfin.OLD_BALANCE, "old_sequence")  # 3-5
OLD_ACCOUNT = _layout(febelfin.OLD_BALANCE, "_account_currency")  # 6-42 account and currency
OLD_AMOUNT = _layout(febelfin.OLD_BALANCE, "old_balance")  # 43 sign, 44-58 balance
OLD_DATE = _layout(febelfin.OLD_BALANCE, "old_balance_date")  # 59-64
OLD_HOLDER = _layout(febelfin.OLD_BALANCE, "account_holder_name")  # 65-90
OLD_CODA_SEQUENCE = _layout(febelfin.OLD_BALANCE, "coda_sequence")  # 126-128

NEW_STATEMENT = _layout(febelfin.NEW_BALANCE, "new_sequence")  # 2-4
NEW_ACCOUNT = _layout(febelfin.NEW_BALANCE, "_account_currency")  # 5-41
NEW_AMOUNT = _layout(febelfin.NEW_BALANCE, "new_balance")  # 42 sign, 43-57 balance
NEW_DATE = _layout(febelfin.NEW_BALANCE, "new_balance_date")  # 58-63

TRAILER_COUNT = _layout(febelfin.TRAILER, "number_records")  # 17-22
TRAILER_DEBIT = _layout(febelfin.TRAILER, "total_debit")  # 23-37
TRAILER_CREDIT = _layout(febelfin.TRAILER, "total_credit")  # 38-52

SEQUENCE = _layout(febelfin.MOVE_COMMON, "sequence")  # 3-6, the same in records 2, 3 and 4
DETAIL = _layout(febelfin.MOVE_COMMON, "detail_sequence")  # 7-10

MOVE_REFERENCE = _layout(febelfin.MOVE["1"], "bank_reference")  # 11-31
MOVE_AMOUNT = _layout(febelfin.MOVE["1"], "amount")  # 32 sign, 33-47 amount
MOVE_VALUE_DATE = _layout(febelfin.MOVE["1"], "value_date")  # 48-53
MOVE_CODE = _layout(febelfin.MOVE["1"], "transaction_code")  # 54-61, 54 = transaction type
MOVE_COMMUNICATION = _layout(febelfin.MOVE["1"], "_communication")  # 62 flag, 63-115 text
MOVE_BOOKING_DATE = _layout(febelfin.MOVE["1"], "entry_date")  # 116-121
MOVE_STATEMENT = _layout(febelfin.MOVE["1"], "statement_number")  # 122-124
MOVE2_COMMUNICATION = _layout(febelfin.MOVE["2"], "_communication")  # 11-63
MOVE2_BIC = _layout(febelfin.MOVE["2"], "counterparty_bic")  # 99-109
MOVE3_ACCOUNT = _layout(febelfin.MOVE["3"], "counterparty_account")  # 11-47
MOVE3_NAME = _layout(febelfin.MOVE["3"], "counterparty_name")  # 48-82
MOVE3_COMMUNICATION = _layout(febelfin.MOVE["3"], "_communication")  # 83-125

INFO_CODE = _layout(febelfin.INFORMATION["1"], "transaction_code")  # 32-39
MOVE_TYPE = slice(MOVE_CODE.start, MOVE_CODE.start + 1)  # 54
MOVE_FLAG = slice(MOVE_COMMUNICATION.start, MOVE_COMMUNICATION.start + 1)  # 62: 0 free, 1 coded
NUMBERS = slice(SEQUENCE.start, DETAIL.stop)  # 3-10: which movement (and detail) a record is of
TRAILER_FILES = slice(127, 128)  # 128: 1 another file follows, 2 the last (not in the tables)
INFO_FLAG = slice(39, 40)  # 40: 0 free, 1 structured (not in febelfin-coda's tables)
NEXT_CODE = slice(125, 126)  # 126 in records 2.x and 3.x: 1 = a 2.2/2.3 (3.2/3.3) follows

BOOKED_TYPES = "0123"  # 0 simple, 1 totalised by the customer, 2 by the bank, 3 with details
DETAIL_TYPES = "56789"  # details of 1, 2, 3 (and 9: details of details)
STRUCTURED_OGM = ("101", "102")  # a structured communication, typed or reconstituted
ZERO = Decimal("0.00")
_DIGITS = re.compile(r"[0-9]+")
_CURRENCY = re.compile(r"[A-Z]{3}")
_CONTINUATIONS = {"21": ("22", "23"), "22": ("23",), "31": ("32", "33"), "32": ("33",)}


# --- reading the lines ----------------------------------------------------------------------


def _lines(data: bytes | str) -> list[str]:
    if isinstance(data, bytes):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise CodaError(
                "encoding", line, f"byte 0x{data[error.start]:02X} is no cp1252 character"
            ) from None
    else:
        text = data
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    if not lines or all(not line.strip() for line in lines):
        raise CodaError("empty", 1, "the file is empty")
    return lines


@dataclass(slots=True)
class _Record:
    """One line of the file with the readers of its fields; `number` is 1-based."""

    number: int
    text: str

    @property
    def kind(self) -> str:
        """The record identification: 0, 1, 21, 22, 23, 31, 32, 33, 4, 8 or 9."""
        return self.text[:2] if self.text[0] in "23" else self.text[0]

    def fail(self, code: ErrorCode, reason: str) -> CodaError:
        return CodaError(code, self.number, reason)

    def raw(self, where: slice) -> str:
        return self.text[where]

    def digits(self, where: slice, what: str) -> str:
        value = self.text[where]
        if not _DIGITS.fullmatch(value):
            raise self.fail("not_numeric", f"{what} must be digits, got {value!r}")
        return value

    def code(self, where: slice, allowed: str, what: str) -> str:
        value = self.digits(where, what)
        if value not in allowed:
            raise self.fail("value", f"{what} must be one of {', '.join(allowed)}, got {value}")
        return value

    def date(self, where: slice, what: str) -> date:
        value = self.digits(where, what)
        try:
            return date(2000 + int(value[4:6]), int(value[2:4]), int(value[0:2]))
        except ValueError:
            raise self.fail("date", f"{what} {value} is no date (DDMMYY)") from None

    def amount(self, where: slice, what: str) -> Decimal:
        """A sign (0 credit, 1 debit) and 15 digits with 3 decimals, exact to the cent."""
        sign = self.code(slice(where.start, where.start + 1), "01", f"the sign of {what}")
        return _cents(self, slice(where.start + 1, where.stop), what, negative=sign == "1")


def _cents(record: _Record, where: slice, what: str, *, negative: bool = False) -> Decimal:
    value = record.digits(where, what)
    if value[-1] != "0":
        raise record.fail(
            "precision", f"{what} {int(value[:-3])}.{value[-3:]} is not a whole number of cents"
        )
    amount = Decimal(int(value[:-1])).scaleb(-2)
    return -amount if negative and amount else amount


@dataclass(slots=True)
class _Draft:
    """A movement being read: its 2.1, then 2.2 and 2.3 add to it."""

    first: _Record
    sequence: int
    detail: int
    booked: bool
    amount: Decimal
    chunks: list[str] = field(default_factory=list)
    bic: str | None = None
    account: str | None = None
    name: str | None = None
    details: list[_Draft] = field(default_factory=list)


class _Pending(NamedTuple):
    """The records a next code announced, and the record that announced them."""

    kinds: tuple[str, ...]
    by: _Record


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.records = [_Record(number, text) for number, text in enumerate(lines, start=1)]
        self.counted = 0  # records 1, 2.x, 3.x and 8: what the trailer counts
        self.free = 0  # records 4: counted by some banks, not by others (see _trailer)
        self.booked: list[_Draft] = []
        self.current: _Draft | None = None  # the movement (or detail) of the last 2.1
        self.pending: _Pending | None = None
        self.statement = ""  # the statement number of record 1, repeated in 2.1 and 8
        self.account_iban = ""
        self.currency = ""

    def parse(self) -> CodaFile:
        header = self._check(self.records[0])
        if header.kind != "0":
            raise header.fail("order", "a CODA file starts with its header record 0")
        self._header(header)
        if len(self.records) < 2:
            raise header.fail("order", "the file ends after its header")
        old = self._check(self.records[1])
        if old.kind != "1":
            raise old.fail("order", "the header is followed by the old balance record 1")
        self._old_balance(old)
        self.counted += 1
        new: _Record | None = None
        for record in self.records[2:]:
            self._check(record)
            self._continuation(record)
            kind = record.kind
            if kind in ("0", "1"):
                raise record.fail("order", f"a second record {kind}: one statement per file")
            if kind == "9":
                if new is None:
                    raise record.fail("order", "the trailer record 9 comes after record 8")
                self._trailer(record)
                if record.number < len(self.records):
                    after = self.records[record.number]
                    raise after.fail(
                        "order", "the file goes on after its trailer record 9: one statement"
                    )
                return self._result(header, old, new)
            if kind == "4":
                self._numbers(record)
                self.free += 1
                continue
            if new is not None:
                raise record.fail(
                    "order", f"a record {kind} after the new balance: only 4 and 9 may follow"
                )
            self.counted += 1
            if kind == "8":
                new = record
                self._new_balance(record, old)
            elif kind == "21":
                self._movement(record)
            elif kind in ("22", "23"):
                self._movement_continued(record)
            else:
                self._information(record)
        missing = "the trailer record 9" if new else "the new balance 8 and the trailer 9"
        raise self.records[-1].fail("order", f"the file ends without {missing}")

    # -- every record -----------------------------------------------------------------------

    def _check(self, record: _Record) -> _Record:
        text = record.text
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise record.fail("encoding", "a control character in the record")
        if len(text) != RECORD_LENGTH:
            hint = " (saved in UTF-8?)" if len(text) > RECORD_LENGTH and not text.isascii() else ""
            raise record.fail(
                "record_length",
                f"a record of {len(text)} characters, CODA has {RECORD_LENGTH}{hint}",
            )
        if text[0] not in "0123489" or (text[0] in "23" and text[1] not in "123"):
            raise record.fail("unknown_record", f"no CODA record starts with {text[:2]!r}")
        return record

    def _continuation(self, record: _Record) -> None:
        """2.2/2.3 (3.2/3.3) come exactly where the previous record's next code says."""
        kind = record.kind
        if self.pending is not None:
            kinds, by = self.pending
            if kind not in kinds:
                raise record.fail(
                    "order",
                    f"record {' or '.join(kinds)} expected here: the next code of line "
                    f"{by.number} announces it",
                )
            self._numbers(record)
            if record.raw(NUMBERS) != by.raw(NUMBERS):
                raise record.fail(
                    "order",
                    f"record {kind} of movement {record.raw(NUMBERS)} continues movement "
                    f"{by.raw(NUMBERS)} of line {by.number}",
                )
        elif kind in ("22", "23", "32", "33"):
            raise record.fail("order", f"record {kind} follows no record announcing it")
        if kind in ("21", "22", "23", "31", "32", "33"):
            last = kind in ("23", "33")
            next_code = record.code(NEXT_CODE, "0" if last else "01", "the next code")
            self.pending = _Pending(_CONTINUATIONS[kind], record) if next_code == "1" else None

    def _numbers(self, record: _Record) -> tuple[int, int]:
        sequence = int(record.digits(SEQUENCE, "the sequence number"))
        detail = int(record.digits(DETAIL, "the detail number"))
        return sequence, detail

    # -- 0, 1, 8, 9 -------------------------------------------------------------------------

    def _header(self, record: _Record) -> None:
        record.digits(HEADER_ZEROS, "positions 2-5 of the header")
        record.date(HEADER_DATE, "the creation date")
        record.digits(HEADER_BANK, "the bank identification number")
        record.digits(HEADER_APPLICATION, "the application code")
        if record.raw(HEADER_DUPLICATE) not in ("D", " "):
            raise record.fail("value", "the duplicate code must be D or blank")
        record.code(HEADER_VERSION, "2", "the CODA version")

    def _old_balance(self, record: _Record) -> None:
        structure = record.code(OLD_STRUCTURE, "0123", "the account structure")
        if structure == "1":
            raise record.fail("value", "a foreign account number that is not an IBAN")
        self.statement = record.digits(OLD_STATEMENT, "the statement number")
        record.amount(OLD_AMOUNT, "the old balance")
        record.date(OLD_DATE, "the old balance date")
        record.digits(OLD_CODA_SEQUENCE, "the CODA sequence number")
        self.account_iban, self.currency = _account(record)

    def _new_balance(self, record: _Record, old: _Record) -> None:
        if record.digits(NEW_STATEMENT, "the statement number") != self.statement:
            raise record.fail("mismatch", "the statement number is not the old balance's")
        if record.raw(NEW_ACCOUNT) != old.raw(OLD_ACCOUNT):
            raise record.fail("mismatch", "the account is not the old balance's")
        opening = old.amount(OLD_AMOUNT, "the old balance")
        closing = record.amount(NEW_AMOUNT, "the new balance")
        record.date(NEW_DATE, "the new balance date")
        moved = sum((draft.amount for draft in self.booked), ZERO)
        if opening + moved != closing:
            raise record.fail(
                "balance",
                f"old balance {opening} + movements {moved} = {opening + moved}, "
                f"the new balance says {closing}",
            )

    def _trailer(self, record: _Record) -> None:
        count = int(record.digits(TRAILER_COUNT, "the number of records"))
        # The trailer counts records 1, 2.x, 3.x and 8, as febelfin-coda does after the
        # standard; banks differ on counting free communications (4): both readings pass.
        if count not in (self.counted, self.counted + self.free):
            raise record.fail(
                "trailer_count", f"the trailer counts {count} records, the file has {self.counted}"
            )
        debit = _cents(record, TRAILER_DEBIT, "the trailer's debit sum")
        credit = _cents(record, TRAILER_CREDIT, "the trailer's credit sum")
        debits = sum((-draft.amount for draft in self.booked if draft.amount < 0), ZERO)
        credits = sum((draft.amount for draft in self.booked if draft.amount > 0), ZERO)
        if (debit, credit) != (debits, credits):
            raise record.fail(
                "trailer_sum",
                f"the trailer says debits {debit} and credits {credit}, "
                f"the movements make {debits} and {credits}",
            )
        record.code(TRAILER_FILES, "12", "the multiple file code")

    # -- 2.x and 3.x ------------------------------------------------------------------------

    def _movement(self, record: _Record) -> None:
        sequence, detail = self._numbers(record)
        kind = record.code(MOVE_TYPE, BOOKED_TYPES + DETAIL_TYPES, "the transaction type")
        record.digits(MOVE_CODE, "the transaction code")
        amount = record.amount(MOVE_AMOUNT, "the amount")
        record.date(MOVE_VALUE_DATE, "the value date")
        record.date(MOVE_BOOKING_DATE, "the booking date")
        if record.digits(MOVE_STATEMENT, "the statement number") != self.statement:
            raise record.fail("mismatch", "the statement number is not the old balance's")
        record.code(MOVE_FLAG, "01", "the communication flag")
        draft = _Draft(record, sequence, detail, kind in BOOKED_TYPES, amount)
        draft.chunks.append(record.raw(MOVE_COMMUNICATION)[1:])
        if draft.booked:
            previous = self.booked[-1].sequence if self.booked else 0
            if sequence <= previous:
                raise record.fail(
                    "order", f"movement {sequence:04d} after {previous:04d}: numbers go up"
                )
            self.booked.append(draft)
        else:
            parent = self.booked[-1] if self.booked else None
            if parent is None or parent.sequence != sequence:
                raise record.fail(
                    "order", f"a detail (type {kind}) of movement {sequence:04d}, not after it"
                )
            last = parent.details[-1].detail if parent.details else parent.detail
            if detail <= last:
                raise record.fail("order", f"detail {detail:04d} after {last:04d}: numbers go up")
            parent.details.append(draft)
        self.current = draft

    def _movement_continued(self, record: _Record) -> None:
        draft = self.current
        assert draft is not None  # _continuation lets a 2.2/2.3 through after a 2.1 only
        if record.kind == "22":
            draft.chunks.append(record.raw(MOVE2_COMMUNICATION))
            draft.bic = record.raw(MOVE2_BIC).strip() or None
        else:
            draft.chunks.append(record.raw(MOVE3_COMMUNICATION))
            draft.account = record.raw(MOVE3_ACCOUNT)
            draft.name = record.raw(MOVE3_NAME).strip() or None

    def _information(self, record: _Record) -> None:
        """3.1-3.3: checked and counted, not kept (the counterparty is in 2.2/2.3)."""
        sequence, _ = self._numbers(record)
        if record.kind != "31":
            return
        if not self.booked or self.booked[-1].sequence != sequence:
            raise record.fail("order", f"information about movement {sequence:04d}, not after it")
        record.digits(INFO_CODE, "the transaction code")
        record.code(INFO_FLAG, "01", "the communication flag")

    # -- the result -------------------------------------------------------------------------

    def _result(self, header: _Record, old: _Record, new: _Record) -> CodaFile:
        bank_id = header.raw(HEADER_BANK)
        creation_date = header.date(HEADER_DATE, "the creation date")
        sequence = int(self.statement)
        identity = f"{bank_id}/{self.account_iban}/{sequence:03d}/{creation_date.isoformat()}"
        content = "\n".join(record.text for record in self.records) + "\n"
        return CodaFile(
            identity=identity,
            digest=hashlib.sha256(content.encode("utf-8")).hexdigest(),
            bank_id=bank_id,
            account_iban=self.account_iban,
            currency=self.currency,
            account_holder=old.raw(OLD_HOLDER).strip(),
            creation_date=creation_date,
            sequence=sequence,
            duplicate=header.raw(HEADER_DUPLICATE) == "D",
            old_balance=old.amount(OLD_AMOUNT, "the old balance"),
            old_balance_date=old.date(OLD_DATE, "the old balance date"),
            new_balance=new.amount(NEW_AMOUNT, "the new balance"),
            new_balance_date=new.date(NEW_DATE, "the new balance date"),
            movements=tuple(_built(draft, identity) for draft in self.booked),
        )


def _built(draft: _Draft, file_identity: str) -> Movement:
    record = draft.first
    number = f"{draft.sequence:04d}" if draft.booked else f"{draft.sequence:04d}.{draft.detail:04d}"
    text = "".join(draft.chunks)
    structured: str | None = None
    if record.raw(MOVE_FLAG) == "1":
        code, text = text[:3], text[3:]
        digits = text[:12]
        if code in STRUCTURED_OGM and _DIGITS.fullmatch(digits) and ogm_vcs.is_valid(digits):
            structured, text = digits, text[12:]
    return Movement(
        identity=f"{file_identity}/{number}",
        sequence=draft.sequence,
        detail=draft.detail,
        reference=record.raw(MOVE_REFERENCE).strip(),
        value_date=record.date(MOVE_VALUE_DATE, "the value date"),
        booking_date=record.date(MOVE_BOOKING_DATE, "the booking date"),
        amount=draft.amount,
        transaction_code=record.raw(MOVE_CODE),
        structured_communication=structured,
        communication=text.strip(),
        counterparty_iban=_counterparty_iban(draft.account),
        counterparty_bic=draft.bic,
        counterparty_name=draft.name,
        details=tuple(_built(detail, file_identity) for detail in draft.details),
    )


def _account(record: _Record) -> tuple[str, str]:
    """The statement's account as an IBAN, and its currency (record 1, positions 6-42)."""
    structure = record.raw(OLD_STRUCTURE)
    field_ = record.raw(OLD_ACCOUNT)
    if structure == "0":  # a Belgian account number: 12 digits, blank, currency
        number, currency = field_[0:12], field_[13:16]
        iban = _belgian_iban(number)
    elif structure == "2":  # a Belgian IBAN: 16 characters, blanks, currency at 40-42
        number, currency = field_[0:16], field_[34:37]
        iban = _iban(number) if number.startswith("BE") else None
    else:  # a foreign IBAN: 34 characters, currency
        number, currency = field_[0:34].strip(), field_[34:37]
        iban = _iban(number)
    if iban is None:
        raise record.fail("value", f"the account {number.strip()!r} is no valid account number")
    if not _CURRENCY.fullmatch(currency):
        raise record.fail("value", f"the currency {currency!r} is no ISO currency code")
    return iban, currency


def _iban(number: str) -> str | None:
    """The IBAN compact, or None when its check digits are wrong (also the national ones of
    a Belgian IBAN). The banks' register is not consulted: a bank newer than python-stdnum's
    list is still a bank."""
    if not stdnum_iban.is_valid(number, check_country=False):
        return None
    iban = stdnum_iban.compact(number)
    if iban.startswith("BE") and _belgian_account(iban[4:]) is None:
        return None
    return iban


def _belgian_account(number: str) -> str | None:
    """12 digits whose last two are the first ten modulo 97 (97 for 0), or None."""
    if len(number) != 12 or not _DIGITS.fullmatch(number):
        return None
    return number if (int(number[:10]) % 97 or 97) == int(number[10:]) else None


def _belgian_iban(number: str) -> str | None:
    """The IBAN of a 12-digit Belgian account number, None when its check digits are wrong."""
    if _belgian_account(number) is None:
        return None
    return _iban("BE" + stdnum_iban.calc_check_digits("BE00" + number) + number)


def _counterparty_iban(raw: str | None) -> str | None:
    """Record 2.3 positions 11-47: an IBAN, or a Belgian account number then its currency.

    None when blank or zeros (cash, cards, the bank's own costs) or not a valid number: it
    cannot name a payer then, and the movement is still read."""
    if raw is None or not raw.strip(" 0"):
        return None
    if raw[12] == " " and _DIGITS.fullmatch(raw[0:12]):
        return _belgian_iban(raw[0:12])
    return _iban(raw[0:34].strip())
