"""Direct debit rules: the mandate reference, the pre-notification and file dates, FRST/RCUR,
the reason codes, and a pain.008 file valid against the XSD sepaxml bundles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema

from app.payments.rules import debit

POLICY = debit.DebitPolicy(prenotification_days=14, interbank_lead_days=1,
                           announce_window_days=7, confirmed=True)  # fmt: skip


@pytest.mark.parametrize(("number", "sequence", "expected"), [
    (1, 1, "AFD-000001-01"), (123456, 2, "AFD-123456-02"), (1234567, 12, "AFD-1234567-12"),
])  # fmt: skip
def test_mandate_reference(number: int, sequence: int, expected: str) -> None:
    assert debit.mandate_reference(number, sequence) == expected
    assert debit.end_to_end_id(expected, 2027, 1) == f"{expected}-2027Q1"


def test_end_to_end_ids_found_in_a_communication() -> None:
    text = "RETOUR SEPA MS02 AFD-000001-01-20 26Q1 /"
    assert debit.end_to_end_ids_in(text) == ["AFD-000001-01-2026Q1"]
    assert debit.reason_code_in(text) == "MS02"
    assert debit.reason_code_in("no code here") == ""
    assert debit.reason_words("AM04") == "there were not enough funds on the account"


@pytest.mark.parametrize(("today", "collection", "announced"), [
    (date(2027, 3, 17), date(2027, 3, 31), True),   # exactly 14 days ahead
    (date(2027, 3, 18), date(2027, 3, 31), False),  # 13 days: too late
    (date(2027, 3, 10), date(2027, 3, 31), True),   # 21 days: the window's end
    (date(2027, 3, 9), date(2027, 3, 31), False),   # 22 days: too early
])  # fmt: skip
def test_pre_notification_dates(today: date, collection: date, announced: bool) -> None:
    assert debit.announce_due(today, collection, POLICY) is announced


def test_file_date_counts_business_days() -> None:
    # 31 March 2027 is a Wednesday: two business days before is Monday 29 March.
    assert debit.file_due_on(date(2027, 3, 31), 2, POLICY) == date(2027, 3, 29)
    # 5 April 2027 is a Monday: two business days before is Thursday 1 April.
    assert debit.file_due_on(date(2027, 4, 5), 2, POLICY) == date(2027, 4, 1)


def test_sequence_type_and_iban() -> None:
    assert debit.sequence_type(0) == "FRST" and debit.sequence_type(3) == "RCUR"
    assert debit.iban_error("BE62 5100 0754 7061") is None
    assert debit.iban_error("BE62 5100 0754 7062") is not None
    assert debit.iban_error("") is not None


def test_pain008_is_valid_and_sums_by_hand() -> None:
    lines = [
        debit.DebitLine("Camille Dubois", "BE62510007547061", Decimal("917.58"), "FRST",
                        "AFD-000001-01", date(2027, 1, 20), "AFD-000001-01-2027Q1", "Q1"),
        debit.DebitLine("Jan Peeters", "BE43068999999501", Decimal("1012.40"), "RCUR",
                        "AFD-000002-01", date(2026, 5, 2), "AFD-000002-01-2027Q1", "Q1"),
    ]  # fmt: skip
    xml = debit.pain008(creditor_name="Affilio", creditor_iban="BE71096123456769",
                        creditor_id="BE81ZZZ0123456749", collection_on=date(2027, 3, 31),
                        lines=lines).decode()  # fmt: skip
    schema = Path(sepaxml.__file__).with_name("schemas") / "pain.008.001.02.xsd"
    xmlschema.XMLSchema(str(schema)).validate(xml)
    # 917.58 + 1012.40 = 1929.98, two transactions (one FRST and one RCUR batch).
    assert "<NbOfTxs>2</NbOfTxs>" in xml and "<CtrlSum>1929.98</CtrlSum>" in xml
    assert "<SeqTp>FRST</SeqTp>" in xml and "<SeqTp>RCUR</SeqTp>" in xml
    assert "<ReqdColltnDt>2027-03-31</ReqdColltnDt>" in xml
    assert "<BIC>GKCCBEBB</BIC>" in xml
