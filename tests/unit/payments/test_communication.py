"""The structured communication of a notice: layout AAAAAA YY Q K, check digits mod 97."""

from __future__ import annotations

import pytest

from app.payments.rules.communication import (
    Decoded,
    DecodedInstalment,
    NoticeKind,
    decode,
    decode_instalment,
    format_communication,
    instalment_communication,
    parse_communication,
    structured_communication,
)

pytestmark = pytest.mark.unit

# (account, year, quarter, kind) -> the 12 digits, the check digits computed by hand:
CASES = [
    # 0001232610: 97 × 12707 = 1232579, 1232610 − 1232579 = 31
    ((123, 2026, 1, 0), "000123261031", "+++000/1232/61031+++"),
    # 0001232615: the same plus 5, so 36
    ((123, 2026, 1, 5), "000123261536", "+++000/1232/61536+++"),
    # 0000010010: 97 × 103 = 9991, 10010 − 9991 = 19
    ((1, 2000, 1, 0), "000001001019", "+++000/0010/01019+++"),
    # 0000012610 = 97 × 130: remainder 0, so the check digits are 97
    ((1, 2026, 1, 0), "000001261097", "+++000/0012/61097+++"),
    # 0045672547 = 97 × 470851: remainder 0 again, 97
    ((4567, 2025, 4, 7), "004567254797", "+++004/5672/54797+++"),
    # 9999999947 = 10^10 − 53; 10^2 ≡ 3, so 10^10 ≡ 3^5 = 243 ≡ 49; 49 − 53 ≡ −4 ≡ 93
    ((999_999, 2099, 4, 7), "999999994793", "+++999/9999/94793+++"),
    # an undue benefit claimed back: 1232648 = 97 × 12707 + 69
    ((123, 2026, 4, 8), "000123264869", "+++000/1232/64869+++"),
]


@pytest.mark.parametrize(("args", "digits", "printed"), CASES)
def test_the_communication_of_a_notice(
    args: tuple[int, int, int, int], digits: str, printed: str
) -> None:
    account, year, quarter, kind = args
    assert structured_communication(account, year, quarter, kind) == digits
    assert format_communication(digits) == printed
    assert decode(digits) == Decoded(account, year, quarter, NoticeKind(kind))
    assert decode(printed) == (account, year, quarter, kind)


def test_the_kind_defaults_to_the_quarterly_contribution() -> None:
    assert structured_communication(123, 2026, 1) == "000123261031"


def test_one_person_one_quarter_one_kind_one_communication() -> None:
    seen = {
        structured_communication(account, year, quarter, kind)
        for account in (1, 2, 10, 999_999)
        for year in (2025, 2026, 2099)
        for quarter in (1, 2, 3, 4)
        for kind in NoticeKind
    }
    assert len(seen) == 4 * 3 * 4 * 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 2026, 1, 0), "account number must be between 1 and 999999, got 0"),
        ((1_000_000, 2026, 1, 0), "account number must be between 1 and 999999, got 1000000"),
        ((123, 1999, 1, 0), "year must be between 2000 and 2099, got 1999"),
        ((123, 2100, 1, 0), "year must be between 2000 and 2099, got 2100"),
        ((123, 2026, 0, 0), "quarter must be 1, 2, 3 or 4, got 0"),
        ((123, 2026, 5, 0), "quarter must be 1, 2, 3 or 4, got 5"),
        (
            (123, 2026, 1, 3),
            "kind must be one of 0 (quarterly), 5 (regularisation), 7 (company), "
            "8 (undue_benefit), got 3",
        ),
    ],
)
def test_out_of_range_inputs_are_refused(args: tuple[int, int, int, int], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        structured_communication(*args)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "+++000/1232/61031+++",
        "***000/1232/61031***",
        "000123261031",
        "000/1232/61031",
        "000 1232 61031",
        "  +++000/1232/61031+++ ",
        "+++ 000 / 1232 / 61031 +++",
        "000\u00a01232\u00a061031",
    ],
)
def test_the_usual_notations_are_read(text: str) -> None:
    assert parse_communication(text) == "000123261031"


@pytest.mark.parametrize(
    "text",
    [
        "+++000/1232/61032+++",  # check digits 32, not 31
        "000123261013",  # the check digits swapped
        "100123261031",  # one digit changed
        "00012326103",  # 11 digits
        "0001232610310",  # 13 digits
        "+++000/1232/6103A+++",  # a letter
        "+++OOO/1232/61031+++",  # letters O for zeros
        "+++000/1232/61031***",  # marks that do not match
        "+++000/1232/61031",  # one mark missing
        "++000/1232/61031++",
        "000-1232-61031",
        "٠٠٠١٢٣٢٦١٠٣١",  # Arabic-Indic digits
        "",
        "+++++++",
    ],
)
def test_anything_else_is_not_a_communication(text: str) -> None:
    assert parse_communication(text) is None
    assert decode(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "010806817183",  # valid (the stdnum example) but quarter digit 7: not ours
        "000000000097",  # valid, account 000000
        "000123261334",  # 0001232613 ≡ 31 + 3 = 34: valid, but kind 3 is never issued
    ],
)
def test_a_valid_communication_that_is_not_ours_decodes_to_none(text: str) -> None:
    assert parse_communication(text) == text
    assert decode(text) is None


def test_formatting_refuses_an_invalid_communication() -> None:
    with pytest.raises(ValueError, match="not a valid structured communication"):
        format_communication("000123261032")


# --- a payment plan's payments: layout AAAAAA NNN 3 ------------------------------------------

# (account, sequence) -> the 12 digits, the check digits computed by hand:
INSTALMENT_CASES = [
    # 0001230013: 97 × 12680 = 1229960, 1230013 − 1229960 = 53
    ((123, 1), "000123001353", "+++000/1230/01353+++"),
    # 0001239993: 97 × 12783 = 1239951, 1239993 − 1239951 = 42
    ((123, 999), "000123999342", "+++000/1239/99342+++"),
    # 0000010013: 97 × 103 = 9991, 10013 − 9991 = 22
    ((1, 1), "000001001322", "+++000/0010/01322+++"),
    # 0000100573 = 10573 = 97 × 109: remainder 0, so 97
    ((1, 57), "000001057397", "+++000/0010/57397+++"),
    # 9999999993 = 10^10 − 7 ≡ 49 − 7 = 42
    ((999_999, 999), "999999999342", "+++999/9999/99342+++"),
]


@pytest.mark.parametrize(("args", "digits", "printed"), INSTALMENT_CASES)
def test_the_communication_of_a_plan_payment(
    args: tuple[int, int], digits: str, printed: str
) -> None:
    account, sequence = args
    assert instalment_communication(account, sequence) == digits
    assert format_communication(digits) == printed
    assert decode_instalment(printed) == DecodedInstalment(account, sequence)
    # Never mistaken for a quarter's notice.
    assert decode(digits) is None


def test_a_notice_is_no_plan_payment() -> None:
    assert decode_instalment("000123261031") is None  # account 123, 2026 Q1, kind 0
    assert decode_instalment("000123261536") is None  # kind 5


def test_the_kind_3_communication_once_refused_now_reads_as_a_plan_payment() -> None:
    # 0001232613: the digits 261 are the sequence number, not 2026 quarter 1.
    assert decode_instalment("000123261334") == DecodedInstalment(123, 261)


@pytest.mark.parametrize(
    "text",
    [
        "000123000343",  # 0001230003 ≡ 53 − 10 = 43: valid, but sequence 000
        "000000001313",  # 0000000013 = 13: valid, but account 000000
        "000123001354",  # check digits 54, not 53
    ],
)
def test_a_plan_payment_outside_our_layout_decodes_to_none(text: str) -> None:
    assert decode_instalment(text) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 1), "account number must be between 1 and 999999, got 0"),
        ((1_000_000, 1), "account number must be between 1 and 999999, got 1000000"),
        ((123, 0), "sequence must be between 1 and 999, got 0"),
        ((123, 1000), "sequence must be between 1 and 999, got 1000"),
        ((123, True), "sequence must be between 1 and 999, got True"),
    ],
)
def test_out_of_range_plan_payments_are_refused(args: tuple[int, int], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        instalment_communication(*args)
    assert str(raised.value) == message


def test_one_account_one_sequence_one_communication() -> None:
    seen = {instalment_communication(a, n) for a in (1, 2, 999_999) for n in range(1, 1000)}
    notices = {structured_communication(a, 2026, 1, k) for a in (1, 2, 999_999) for k in NoticeKind}
    assert len(seen) == 3 * 999
    assert seen.isdisjoint(notices)
