"""The EPC QR code of a notice: the EPC069-12 version 002 payload, its limits, the symbol."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest

from app.payments.rules.epc import epc_payload, epc_qr_code, epc_qr_png, epc_qr_svg

pytestmark = pytest.mark.unit

NAME = "Caisse d'assurances sociales Exemple"
IBAN = "BE71 0961 2345 6769"  # the usual Belgian example IBAN, valid check digits


def payload(**changes: Any) -> str:
    values: dict[str, Any] = {
        "name": NAME,
        "iban": IBAN,
        "bic": "GKCCBEBB",
        "amount": Decimal("812.34"),
        "communication": "+++000/1232/61031+++",
    }
    values.update(changes)
    return epc_payload(**values)


def test_a_notice_with_its_structured_communication_line_by_line() -> None:
    assert payload().split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "GKCCBEBB",
        "Caisse d'assurances sociales Exemple",
        "BE71096123456769",
        "EUR812.34",
        "",
        "000123261031",
    ]


def test_a_free_text_without_bic_goes_in_the_unstructured_element() -> None:
    text = payload(bic=None, communication=None, text="Cotisation T1 2026")
    assert text == (
        "BCD\n002\n1\nSCT\n\nCaisse d'assurances sociales Exemple\nBE71096123456769\n"
        "EUR812.34\n\n\nCotisation T1 2026"
    )


def test_nothing_follows_the_last_element_given() -> None:
    assert payload(bic="", communication=None) == (
        "BCD\n002\n1\nSCT\n\nCaisse d'assurances sociales Exemple\nBE71096123456769\nEUR812.34"
    )


@pytest.mark.parametrize(
    ("communication", "line"),
    [
        ("000123261031", "000123261031"),
        ("***000/1232/61031***", "000123261031"),
        ("RF18 5390 0754 7034", "RF18539007547034"),  # an ISO 11649 creditor reference
    ],
)
def test_the_structured_reference_is_written_compact(communication: str, line: str) -> None:
    assert payload(communication=communication).split("\n")[9] == line


@pytest.mark.parametrize(
    ("amount", "line"),
    [
        (Decimal("0.01"), "EUR0.01"),
        (Decimal("5"), "EUR5.00"),
        (Decimal("1234.5"), "EUR1234.50"),
        (Decimal("999999999.99"), "EUR999999999.99"),
    ],
)
def test_the_amount_has_a_point_two_decimals_and_no_thousands(amount: Decimal, line: str) -> None:
    assert payload(amount=amount).split("\n")[7] == line


def test_a_name_of_70_characters_fits() -> None:
    assert payload(name="N" * 70).split("\n")[5] == "N" * 70


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "N" * 71}, "the beneficiary name must have 1 to 70 characters, got 71"),
        ({"name": "  "}, "the beneficiary name must have 1 to 70 characters, got 0"),
        ({"name": "Caisse\nExemple"}, "the beneficiary name must be one line"),
        ({"amount": Decimal("0")}, "the amount must be between 0.01 and 999999999.99, got 0"),
        (
            {"amount": Decimal("1000000000")},
            "the amount must be between 0.01 and 999999999.99, got 1000000000",
        ),
        ({"amount": Decimal("-5.00")}, "the amount must be between 0.01 and 999999999.99"),
        ({"amount": Decimal("12.345")}, "the amount must be in euro cents, got 12.345"),
        ({"amount": Decimal("NaN")}, "the amount must be a finite Decimal"),
        ({"amount": 12}, "the amount must be a finite Decimal"),
        ({"iban": "BE71 0961 2345 6768"}, "not a valid IBAN: 'BE71 0961 2345 6768'"),
        ({"iban": "BE71"}, "not a valid IBAN"),
        ({"bic": "GKCCBE"}, "not a valid BIC: 'GKCCBE'"),
        (
            {"communication": "+++000/1232/61032+++"},
            "not a structured communication (+++123/4567/89012+++) nor an RF creditor reference",
        ),
        ({"communication": "RF19539007547034"}, "not a structured communication"),
        (
            {"text": "Cotisation"},
            "give either a structured communication or a free text, not both",
        ),
        (
            {"communication": None, "text": "T" * 141},
            "the remittance text must have at most 140 characters",
        ),
        ({"communication": None, "text": "a\nb"}, "the remittance text must be one line"),
    ],
)
def test_anything_outside_the_guidelines_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        payload(**changes)
    assert str(raised.value).startswith(message)


def test_the_payload_is_at_most_331_bytes() -> None:
    # 14 (BCD…SCT) + 12 (BIC) + 71 (name) + 17 (IBAN) + 10 (amount) + 1 + 1 + 140 = 266
    longest_ascii = payload(bic="GKCCBEBBXXX", name="N" * 70, communication=None, text="T" * 140)
    assert len(longest_ascii.encode("utf-8")) == 266
    # the same with "é" (two bytes in UTF-8) in the name and text: 266 + 70 + 140 = 476
    with pytest.raises(ValueError) as raised:
        payload(bic="GKCCBEBBXXX", name="é" * 70, communication=None, text="é" * 140)
    assert str(raised.value) == "the payload takes 476 bytes, at most 331 fit"


def test_the_symbol_is_error_level_m_in_byte_mode() -> None:
    qr = epc_qr_code(payload())
    # 100 bytes: more than version 5-M holds (84), within 6-M (106)
    assert (qr.designator, qr.mode) == ("6-M", "byte")
    assert qr.symbol_size() == (49, 49)  # 41 modules and a quiet zone of 4 on each side


def test_the_largest_payload_stays_within_version_13() -> None:
    # 266 ASCII bytes as above, plus 65 for "é" in 65 places of the text: 331 bytes
    text = "é" * 65 + "T" * 75
    largest = payload(bic="GKCCBEBBXXX", name="N" * 70, communication=None, text=text)
    assert len(largest.encode("utf-8")) == 331
    qr = epc_qr_code(largest)
    assert qr.designator == "13-M"


def test_the_svg_is_inline_well_formed_and_about_200_pixels() -> None:
    svg = epc_qr_svg(payload())
    assert svg.startswith("<svg ")  # no XML declaration
    root = ET.fromstring(svg)
    assert root.tag == "svg"  # no namespace: HTML5 inline SVG
    # 49 modules × 4 px
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "196",
        "196",
        "0 0 49 49",
    )
    paths = root.findall("path")
    assert [p.get("fill") for p in paths] == ["#fff", None]  # a white square, then modules
    assert paths[1].get("stroke") == "#000" and paths[1].get("d", "").startswith("M4 4.5")
    assert root.find("title") is None


def test_the_png_is_a_png() -> None:
    png = epc_qr_png(payload())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # IHDR: width and height, 49 modules × 10 px
    assert int.from_bytes(png[16:20], "big") == 490
    assert int.from_bytes(png[20:24], "big") == 490


def test_a_symbol_is_only_drawn_for_an_epc_payload() -> None:
    with pytest.raises(ValueError, match="not an EPC payload"):
        epc_qr_svg("https://example.org")
    with pytest.raises(ValueError, match="not an EPC payload"):
        epc_qr_png("BCD\n" + "x" * 328)  # 332 bytes
