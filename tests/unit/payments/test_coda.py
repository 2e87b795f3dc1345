"""The strict CODA reader: febelfin-coda's own sample read by eye, built statements, refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import coda as febelfin
import pytest

from app.payments.rules.coda import CodaError, CodaFile, Movement, parse_statement
from tests.support.coda_builder import BuiltMovement, build_coda

pytestmark = pytest.mark.unit

SAMPLE = Path(febelfin.__file__).with_name("CODA.txt")

LONG_TEXT = (
    "Cotisations sociales premier trimestre 2026 de Monsieur Jean-Pierre Van den Broeck, "
    "indépendant à titre principal, merci"
)


def built(sequence: int = 12, movements: list[BuiltMovement] | None = None) -> bytes:
    """Three movements: a structured credit with its payer (2.1 + 2.3), a debit with a short
    text (2.1), a credit whose text needs 2.2 and 2.3. Lines: 1 header, 2 old balance,
    3-4 the first movement, 5 the second, 6-8 the third, 9 new balance, 10 trailer."""
    default = [
        BuiltMovement(
            Decimal("812.34"),
            date(2026, 4, 2),
            structured_communication="+++000/1232/61031+++",
            counterparty_iban="BE71096123456769",
            counterparty_name="Dupont Marie",
        ),
        BuiltMovement(Decimal("-25.10"), date(2026, 4, 2), communication="Frais bancaires"),
        BuiltMovement(
            Decimal("1500.00"),
            date(2026, 4, 3),
            communication=LONG_TEXT,
            counterparty_iban="NL91ABNA0417164300",
            counterparty_name="Van den Broeck J-P",
            counterparty_bic="ABNANL2A",
        ),
    ]
    return build_coda(
        account_iban="BE68539007547034",
        holder="Caisse Élan",
        sequence=sequence,
        created=date(2026, 4, 3),
        old_balance=Decimal("100.00"),
        movements=default if movements is None else movements,
    )


def lines_of(data: bytes) -> list[str]:
    return data.decode("cp1252").split("\n")[:-1]


def joined(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("cp1252")


# --- febelfin-coda's sample (KBC, 2006), fields read by eye in the file -----------------------


@pytest.fixture(scope="module")
def sample() -> CodaFile:
    return parse_statement(SAMPLE.read_bytes())


def movement(statement: CodaFile, sequence: int) -> Movement:
    (found,) = [m for m in statement.movements if m.sequence == sequence]
    return found


def test_the_sample_statement(sample: CodaFile) -> None:
    assert sample.identity == "725/BE47435000000080/001/2006-12-06"
    assert sample.bank_id == "725"
    # record 1 gives the old Belgian number 435-0000000-80; its IBAN's check digits are 47
    assert sample.account_iban == "BE47435000000080"
    assert sample.currency == "EUR"
    assert sample.account_holder == "Testgebruiker21"
    assert sample.creation_date == date(2006, 12, 6)
    assert sample.sequence == 1
    assert sample.duplicate is False
    assert sample.old_balance == Decimal("0.00")
    assert sample.new_balance == Decimal("9405296.99")
    assert sample.new_balance_date == date(2006, 12, 7)
    assert len(sample.movements) == 59


@pytest.mark.parametrize(
    ("sequence", "name", "expected"),
    [
        (1, "reference", "EPIB00048 AWIUBTKAPUO"),
        (1, "amount", Decimal("-2578.25")),
        (1, "value_date", date(2006, 12, 6)),
        (1, "booking_date", date(2006, 12, 6)),
        (1, "transaction_code", "00799000"),
        # "...NUMERO D'OPERATI" in 2.1, "ON 495953" in 2.2: one text
        (1, "communication", "BORDEREAU DE DECOMPTE AVANCES    015 NUMERO D'OPERATION 495953"),
        (1, "structured_communication", None),
        (1, "identity", "725/BE47435000000080/001/2006-12-06/0001"),
        (3, "amount", Decimal("1075.00")),
        (3, "communication", "/INV/2061260"),
        (3, "counterparty_iban", "LU037050522702273100"),
        (3, "counterparty_name", "Olgerdin Egill Skallagrims"),
        (6, "communication", "RISTOURNE COMMERCIALE FRAIS D'ENTREE CBC FONDS REVERSE SPREAD 1"),
        (6, "counterparty_bic", "CREGBEBB"),
        (6, "counterparty_iban", None),  # 2.3 holds zeros there
        (6, "counterparty_name", "CBC BANQUE S.A."),
        (53, "structured_communication", "269021157996"),  # 2690211579 mod 97 = 96
        (53, "communication", ""),
        (53, "amount", Decimal("817.56")),
        (53, "counterparty_iban", "BE96370121620105"),  # 370-1216201-05
        (53, "counterparty_name", "LA CROIX D OR SPRL"),
    ],
)
def test_the_sample_movements(sample: CodaFile, sequence: int, name: str, expected: object) -> None:
    assert getattr(movement(sample, sequence), name) == expected


def test_a_grouped_movement_keeps_its_details(sample: CodaFile) -> None:
    grouped = movement(sample, 7)  # type 1: three transfers the customer sent as one
    assert grouped.amount == Decimal("-128000.00")
    assert [d.amount for d in grouped.details] == [
        Decimal("-4000.00"),
        Decimal("-27000.00"),
        Decimal("-97000.00"),
    ]
    first = grouped.details[0]
    assert first.detail == 1
    assert first.identity == "725/BE47435000000080/001/2006-12-06/0007.0001"
    assert first.counterparty_iban == "BE20191038188256"  # 191-0381882-56
    assert first.counterparty_name == "ECONOLER  S.A."


# --- built statements ------------------------------------------------------------------------


def test_a_built_statement() -> None:
    statement = parse_statement(built())
    assert statement.identity == "539/BE68539007547034/012/2026-04-03"
    assert statement.account_iban == "BE68539007547034"
    assert statement.account_holder == "Caisse Élan"
    assert statement.sequence == 12
    assert statement.old_balance == Decimal("100.00")
    assert statement.new_balance == Decimal("2387.24")  # 100.00 + 812.34 - 25.10 + 1500.00
    structured, debit, long = statement.movements
    assert structured == Movement(
        identity="539/BE68539007547034/012/2026-04-03/0001",
        sequence=1,
        detail=0,
        reference="REF0120001BANKSTMT",
        value_date=date(2026, 4, 2),
        booking_date=date(2026, 4, 2),
        amount=Decimal("812.34"),
        transaction_code="00150000",
        structured_communication="000123261031",
        communication="",
        counterparty_iban="BE71096123456769",
        counterparty_bic=None,
        counterparty_name="Dupont Marie",
    )
    assert (debit.amount, debit.communication, debit.counterparty_iban) == (
        Decimal("-25.10"),
        "Frais bancaires",
        None,
    )
    assert long.communication == (
        "Cotisations sociales premier trimestre 2026 de Monsieur Jean-Pierre Van den Broeck, "
        "indépendant à titre principal, merci"
    )
    assert (long.counterparty_iban, long.counterparty_bic, long.counterparty_name) == (
        "NL91ABNA0417164300",
        "ABNANL2A",
        "Van den Broeck J-P",
    )


def test_a_wrong_structured_communication_is_kept_as_text() -> None:
    wrong = BuiltMovement(
        Decimal("812.34"), date(2026, 4, 2), structured_communication="000/1232/61032"
    )
    (only,) = parse_statement(built(movements=[wrong])).movements
    assert only.structured_communication is None
    assert only.communication == "000123261032"


@pytest.mark.parametrize(
    "variant",
    [
        lambda data: data.replace(b"\n", b"\r\n"),
        lambda data: data.rstrip(b"\n"),
        lambda data: data + b"\n",
        lambda data: data.decode("cp1252"),
    ],
    ids=["CRLF", "no final newline", "a final empty line", "text"],
)
def test_the_same_file_however_its_lines_end(variant: Callable[[bytes], bytes | str]) -> None:
    first = parse_statement(built())
    again = parse_statement(variant(built()))
    assert again == first
    assert again.digest == first.digest


def test_identities() -> None:
    first, again = parse_statement(built()), parse_statement(built())
    assert again.identity == first.identity
    assert [m.identity for m in again.movements] == [m.identity for m in first.movements]
    other = parse_statement(built(sequence=13))
    assert other.identity == "539/BE68539007547034/013/2026-04-03"
    assert other.movements[0].identity == "539/BE68539007547034/013/2026-04-03/0001"
    assert other.digest != first.digest


def test_a_duplicate_is_the_same_statement() -> None:
    lines = lines_of(built())
    lines[0] = lines[0][:16] + "D" + lines[0][17:]
    duplicate = parse_statement(joined(lines))
    assert duplicate.duplicate is True
    assert duplicate.identity == "539/BE68539007547034/012/2026-04-03"


@pytest.mark.parametrize("counted", ["000008", "000009"])
def test_a_free_communication_counted_or_not(counted: str) -> None:
    lines = lines_of(built())
    free = "4 00010000" + " " * 22 + "Merci de votre confiance".ljust(80) + " " * 15 + "0"
    lines.insert(8, free)  # before the new balance
    lines[-1] = lines[-1][:16] + counted + lines[-1][22:]
    assert parse_statement(joined(lines)).new_balance == Decimal("2387.24")


# --- refusals --------------------------------------------------------------------------------

Edit = Callable[[list[str]], list[str]]


def put(line: int, position: int, text: str) -> Edit:
    """Overwrite from `position` (1-based, as the standard counts) of `line`."""

    def edit(lines: list[str]) -> list[str]:
        old = lines[line - 1]
        lines[line - 1] = old[: position - 1] + text + old[position - 1 + len(text) :]
        return lines

    return edit


def cut(line: int) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        lines[line - 1] = lines[line - 1][:-1]
        return lines

    return edit


def drop(line: int) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        del lines[line - 1]
        return lines

    return edit


def swap(first: int, second: int) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        lines[first - 1], lines[second - 1] = lines[second - 1], lines[first - 1]
        return lines

    return edit


def add(text: str) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        return [*lines, text]

    return edit


HEADER = "0" + "0000" + "030426" + "539" + "05" + " " * 8 + "FILEREF001" + " " * 26
HEADER = HEADER + " " * (127 - len(HEADER)) + "2"


@pytest.mark.parametrize(
    ("edit", "code", "line"),
    [
        (cut(5), "record_length", 5),
        (put(6, 33, "0000000015OO000"), "not_numeric", 6),  # letters O in the amount
        (put(5, 1, "5"), "unknown_record", 5),
        (put(5, 1, "24"), "unknown_record", 5),
        (put(10, 17, "000009"), "trailer_count", 10),  # 8 records: 1, five 2.x, 8
        (put(10, 38, "000000002312350"), "trailer_sum", 10),  # credits 2312.34
        (put(10, 23, "000000000025000"), "trailer_sum", 10),  # debits 25.10
        (put(9, 43, "000000002387250"), "balance", 9),  # 2387.24 it should be
        (put(6, 33, "000000001500100"), "balance", 9),  # a movement that does not add up
        (drop(10), "order", 9),  # no trailer
        (drop(9), "order", 9),  # the trailer where the new balance should be
        (drop(4), "order", 4),  # line 3's next code announces a 2.2 or 2.3
        (put(3, 126, "0"), "order", 4),  # a 2.3 no next code announces
        (swap(1, 2), "order", 1),
        (add(HEADER), "order", 11),  # a second statement after the trailer
        (put(5, 47, "1"), "precision", 5),  # 25.101
        (put(5, 48, "310226"), "date", 5),  # 31 February
        (put(5, 70, "\t"), "encoding", 5),
        (put(9, 5, "BE71096123456769"), "mismatch", 9),  # not the account of record 1
        (put(5, 122, "013"), "mismatch", 5),  # not the statement number of record 1
        (put(1, 128, "1"), "value", 1),  # CODA version 1
        (put(5, 32, "2"), "value", 5),  # a sign that is neither credit nor debit
    ],
)
def test_a_malformed_file_is_refused(edit: Edit, code: str, line: int) -> None:
    with pytest.raises(CodaError) as refused:
        parse_statement(joined(edit(lines_of(built()))))
    assert (refused.value.code, refused.value.line) == (code, line)
    assert refused.value.reason


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "empty", 1),
        (b"\n\n", "empty", 1),
        (joined(lines_of(built())[:4]).replace(b"Marie", b"Mar\x81e"), "encoding", 4),
    ],
    ids=["nothing", "empty lines", "a byte cp1252 has not"],
)
def test_no_statement_at_all(data: bytes, code: str, line: int) -> None:
    with pytest.raises(CodaError) as refused:
        parse_statement(data)
    assert (refused.value.code, refused.value.line) == (code, line)
