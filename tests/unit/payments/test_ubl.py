"""The UBL 2.1 notice built from literals: Peppol BIS 3.0 identifiers, parties, payment, the
not-subject-to-VAT tax total, totals and lines; and it validates against the OASIS schema."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from app.payments.rules import ubl

XSD = Path("app/payments/schemas/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd")
NS = {"cbc": ubl.CBC, "cac": ubl.CAC}
FUND = ubl.Party("Affilio", "0123456749", street="Rue Haute 1", city="Bruxelles", postcode="1000")
PERSON = ubl.Party("Jan Peeters", reference="00000001")
COMPANY = ubl.Party("Bakkerij Peeters", "0417497106", reference="00000002")


def _notice(customer: ubl.Party, lines: tuple[ubl.Line, ...]) -> ubl.Notice:
    return ubl.Notice(
        number="00000001-2026Q1", issued_on=date(2026, 1, 15), due_on=date(2026, 3, 31),
        supplier=FUND, customer=customer, iban="BE71096123456769",
        communication="+++000/0012/61097+++", lines=lines,
    )  # fmt: skip


CASES = [
    # (customer, lines, payable, customer id, customer scheme)
    (PERSON, (ubl.Line("1", "Q1", Decimal("917.58")),), "917.58", "00000001", None),
    (COMPANY, (ubl.Line("1", "2026", Decimal("868.00")),), "868.00", "0417497106", "0208"),
    (
        PERSON,
        (ubl.Line("1", "I1", Decimal("300.5")), ubl.Line("2", "I2", Decimal("0.25"))),
        "300.75",
        "00000001",
        None,
    ),
]


@pytest.mark.parametrize(("customer", "lines", "payable", "cid", "scheme"), CASES)
def test_the_notice_carries_its_literals(
    customer: ubl.Party, lines: tuple[ubl.Line, ...], payable: str, cid: str, scheme: str | None
) -> None:
    root = ET.fromstring(ubl.to_bytes(_notice(customer, lines)))
    text = lambda path: root.findtext(path, namespaces=NS)  # noqa: E731
    assert text("cbc:CustomizationID") == (
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    )
    assert text("cbc:ProfileID") == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert text("cbc:ID") == "00000001-2026Q1"
    assert (text("cbc:IssueDate"), text("cbc:DueDate")) == ("2026-01-15", "2026-03-31")
    assert (text("cbc:InvoiceTypeCode"), text("cbc:DocumentCurrencyCode")) == ("380", "EUR")
    supplier = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert supplier is not None
    endpoint = supplier.find("cbc:EndpointID", NS)
    assert endpoint is not None and (endpoint.text, endpoint.get("schemeID")) == (
        "0123456749", "0208")  # fmt: skip
    assert supplier.findtext("cac:PartyName/cbc:Name", namespaces=NS) == "Affilio"
    party_id = root.find("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID", NS)
    assert party_id is not None and (party_id.text, party_id.get("schemeID")) == (cid, scheme)
    assert text("cac:PaymentMeans/cbc:PaymentMeansCode") == "30"
    assert text("cac:PaymentMeans/cbc:PaymentID") == "+++000/0012/61097+++"
    assert text("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "BE71096123456769"
    assert text("cac:TaxTotal/cbc:TaxAmount") == "0.00"
    assert text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == "O"
    assert text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == (
        "Not subject to VAT: social security contribution"
    )
    assert text("cac:LegalMonetaryTotal/cbc:PayableAmount") == payable
    assert text("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount") == payable
    assert len(root.findall("cac:InvoiceLine", NS)) == len(lines)
    # The national number is never in the document: a person has no scheme, only a reference.
    assert "national" not in ubl.to_bytes(_notice(customer, lines)).decode().lower()


def test_the_notice_validates_against_the_oasis_ubl_2_1_schema() -> None:
    schema = xmlschema.XMLSchema(str(XSD))
    for customer, lines, *_ in CASES:
        schema.validate(ubl.to_bytes(_notice(customer, lines)).decode())
