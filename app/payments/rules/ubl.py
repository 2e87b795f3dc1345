"""A due notice as a UBL 2.1 Invoice in the Peppol BIS Billing 3.0 shape, for an accountant's
bookkeeping software. Pure: the caller passes every value (no I/O, no clock).

Social contributions are not VAT supplies, so the tax total is 0 in category "O" (not subject
to VAT) with its exemption reason, as Peppol BIS 3.0 (rules BR-O-*) asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
BCE_SCHEME = "0208"  # ISO 6523 ICD of the Belgian Crossroads Bank for Enterprises number
CREDIT_TRANSFER = "30"
COMMERCIAL_INVOICE = "380"
NOT_SUBJECT = "O"
EXEMPTION_REASON = "Not subject to VAT: social security contribution"

ET.register_namespace("", INVOICE)
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    # The enterprise number (digits only) for the fund or a company; None for a person,
    # whose national number never leaves the fund.
    enterprise_number: str | None = None
    reference: str | None = None  # a person's affiliate/account number instead
    street: str = ""
    city: str = ""
    postcode: str = ""
    country: str = "BE"


@dataclass(frozen=True, slots=True)
class Line:
    id: str
    description: str  # "Social contributions 2026 Q1"
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Notice:
    number: str
    issued_on: date
    due_on: date
    supplier: Party
    customer: Party
    iban: str
    communication: str  # +++xxx/xxxx/xxxxx+++
    lines: tuple[Line, ...]
    currency: str = "EUR"


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def _el(parent: ET.Element, ns: str, tag: str, text: str | None = None,
        **attrs: str) -> ET.Element:  # fmt: skip
    node = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def _party(parent: ET.Element, role: str, party: Party) -> None:
    wrapper = _el(parent, CAC, role)
    node = _el(wrapper, CAC, "Party")
    if party.enterprise_number:
        _el(node, CBC, "EndpointID", party.enterprise_number, schemeID=BCE_SCHEME)
        ident = _el(node, CAC, "PartyIdentification")
        _el(ident, CBC, "ID", party.enterprise_number, schemeID=BCE_SCHEME)
    elif party.reference:
        ident = _el(node, CAC, "PartyIdentification")
        _el(ident, CBC, "ID", party.reference)
    name = _el(node, CAC, "PartyName")
    _el(name, CBC, "Name", party.name)
    address = _el(node, CAC, "PostalAddress")
    if party.street:
        _el(address, CBC, "StreetName", party.street)
    if party.city:
        _el(address, CBC, "CityName", party.city)
    if party.postcode:
        _el(address, CBC, "PostalZone", party.postcode)
    country = _el(address, CAC, "Country")
    _el(country, CBC, "IdentificationCode", party.country)
    legal = _el(node, CAC, "PartyLegalEntity")
    _el(legal, CBC, "RegistrationName", party.name)
    if party.enterprise_number:
        _el(legal, CBC, "CompanyID", party.enterprise_number, schemeID=BCE_SCHEME)


def _tax_category(parent: ET.Element, tag: str) -> None:
    category = _el(parent, CAC, tag)
    _el(category, CBC, "ID", NOT_SUBJECT)
    if tag == "TaxCategory":
        _el(category, CBC, "TaxExemptionReason", EXEMPTION_REASON)
    scheme = _el(category, CAC, "TaxScheme")
    _el(scheme, CBC, "ID", "VAT")


def build(notice: Notice) -> ET.Element:
    root = ET.Element(f"{{{INVOICE}}}Invoice")
    _el(root, CBC, "CustomizationID", CUSTOMIZATION_ID)
    _el(root, CBC, "ProfileID", PROFILE_ID)
    _el(root, CBC, "ID", notice.number)
    _el(root, CBC, "IssueDate", notice.issued_on.isoformat())
    _el(root, CBC, "DueDate", notice.due_on.isoformat())
    _el(root, CBC, "InvoiceTypeCode", COMMERCIAL_INVOICE)
    _el(root, CBC, "DocumentCurrencyCode", notice.currency)
    _el(root, CBC, "BuyerReference", notice.customer.reference or notice.number)
    _party(root, "AccountingSupplierParty", notice.supplier)
    _party(root, "AccountingCustomerParty", notice.customer)
    means = _el(root, CAC, "PaymentMeans")
    _el(means, CBC, "PaymentMeansCode", CREDIT_TRANSFER)
    _el(means, CBC, "PaymentID", notice.communication)
    account = _el(means, CAC, "PayeeFinancialAccount")
    _el(account, CBC, "ID", notice.iban)
    _el(account, CBC, "Name", notice.supplier.name)
    total = sum((line.amount for line in notice.lines), Decimal("0"))
    cur = notice.currency
    tax = _el(root, CAC, "TaxTotal")
    _el(tax, CBC, "TaxAmount", _money(Decimal("0")), currencyID=cur)
    sub = _el(tax, CAC, "TaxSubtotal")
    _el(sub, CBC, "TaxableAmount", _money(total), currencyID=cur)
    _el(sub, CBC, "TaxAmount", _money(Decimal("0")), currencyID=cur)
    _tax_category(sub, "TaxCategory")
    monetary = _el(root, CAC, "LegalMonetaryTotal")
    for tag in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount"):
        _el(monetary, CBC, tag, _money(total), currencyID=cur)
    _el(monetary, CBC, "PayableAmount", _money(total), currencyID=cur)
    for line in notice.lines:
        node = _el(root, CAC, "InvoiceLine")
        _el(node, CBC, "ID", line.id)
        _el(node, CBC, "InvoicedQuantity", "1", unitCode="C62")
        _el(node, CBC, "LineExtensionAmount", _money(line.amount), currencyID=cur)
        item = _el(node, CAC, "Item")
        _el(item, CBC, "Name", line.description)
        _tax_category(item, "ClassifiedTaxCategory")
        price = _el(node, CAC, "Price")
        _el(price, CBC, "PriceAmount", _money(line.amount), currencyID=cur)
    return root


def to_bytes(notice: Notice) -> bytes:
    return ET.tostring(build(notice), encoding="utf-8", xml_declaration=True)
