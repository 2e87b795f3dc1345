"""The EPC QR code of a due notice: what a banking app scans to prefill the transfer.

The payload follows the European Payments Council's "Quick Response Code: Guidelines to
Enable the Data Capture for the Initiation of a SEPA Credit Transfer" (EPC069-12), version
002 of the format: twelve elements at most, one per line, in this order —

    1 service tag "BCD"             7 IBAN of the beneficiary
    2 version "002"                 8 amount, "EUR" then 0.01 to 999999999.99, a point
    3 character set "1" (UTF-8)     9 purpose (we leave it empty)
    4 identification "SCT"         10 remittance, structured (a creditor reference, ≤ 35)
    5 BIC, optional in 002         11 remittance, unstructured (free text, ≤ 140)
    6 name of the beneficiary ≤ 70 12 beneficiary to originator information (unused)

— 10 and 11 exclusive, nothing after the last element given, at most 331 bytes, in a QR code
of error correction level M, version 13 at most (331 bytes is what version 13-M holds).

Pure: no I/O; IBAN, BIC and references checked by python-stdnum, the symbol drawn by segno.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

import segno
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import iso11649
from stdnum.exceptions import ValidationError

from app.payments.rules.communication import parse_communication

MAX_PAYLOAD_BYTES = 331
MAX_QR_VERSION = 13
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
MAX_NAME = 70
MAX_REFERENCE = 35
MAX_TEXT = 140
SVG_TARGET_PX = 200
PNG_SCALE = 10  # 10 px a module: about 530 px for a usual notice, sharp at 300 dpi on 4.5 cm

# Where the Belgian structured communication goes.
# EPC069-12 has two exclusive remittance elements: "Remittance Information (Structured):
# Creditor Reference (ISO 11649 RF Creditor Reference may be used)", at most 35 characters,
# and the unstructured text, at most 140 (data element table, as quoted on neodynamic.com's
# "EPC QR Code" page; the EPC's PDF itself could not be read from here). "May be used": the
# structured element holds the creditor's reference, of which RF is one kind. In Belgium the
# OGM/VCS is that creditor reference: Febelfin's standard for credit transfer files carries
# it as a structured creditor reference, <CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>
# <Issr>BBA</Issr></Tp><Ref>010806817183</Ref></CdtrRefInf>, the 12 digits without +++ or
# slashes (wiki.xmldation.com, "Support/RBS/CT_Rules/Access_Online/BBA"). So the 12 bare
# digits go in element 10. Odoo's account_qr_code_sepa fills element 10 with the structured
# communication the same way, and letspeppol/letspeppol issue #274 reports a Belgian banking
# app showing an OGM sent in element 11 as a free message instead of a structured one.
# Not checked here against the banking apps themselves.


def epc_payload(
    *,
    name: str,
    iban: str,
    bic: str | None,
    amount: Decimal,
    communication: str | None,
    text: str | None = None,
) -> str:
    """The EPC069-12 version 002 payload, lines joined by "\\n".

    `communication`: a Belgian structured communication in any usual notation
    (`+++000/1232/61031+++`, `000123261031`…), put in element 10 as its 12 digits; an ISO 11649
    RF creditor reference is accepted too. `text`: free remittance text instead (element 11).
    ValueError, naming the element, for anything outside the guidelines.
    """
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        _bic(bic),
        _name(name),
        _iban(iban),
        _amount(amount),
        "",  # purpose: none
        _reference(communication),
        _text(text),
    ]
    if lines[9] and lines[10]:
        raise ValueError("give either a structured communication or a free text, not both")
    while not lines[-1]:
        lines.pop()
    payload = "\n".join(lines)
    size = len(payload.encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise ValueError(f"the payload takes {size} bytes, at most {MAX_PAYLOAD_BYTES} fit")
    return payload


def epc_qr_svg(payload: str) -> str:
    """The QR code as an inline <svg> (no XML declaration, no namespace), about 200 px wide,
    black modules on a white square with the 4-module quiet zone the scanners need.

    Drawn in a viewBox of one unit a module, with a width and height of a whole number of
    pixels a module (crisp edges); CSS may still shrink it (`max-width: 100%; height: auto`).
    """
    qr = _qr(payload)
    modules = qr.symbol_size(scale=1)[0]
    side = modules * max(1, round(SVG_TARGET_PX / modules))
    svg = str(qr.svg_inline(omitsize=True, dark="#000", light="#fff", svgclass="epc-qr"))
    return svg.replace("<svg ", f'<svg width="{side}" height="{side}" ', 1)


def epc_qr_png(payload: str, scale: int = PNG_SCALE) -> bytes:
    """The QR code as a PNG, for the printed notice."""
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="png", scale=scale, dark="#000", light="#fff")
    return buffer.getvalue()


def epc_qr_code(payload: str) -> segno.QRCode:
    """The segno symbol itself: error correction level M, never boosted, version ≤ 13."""
    return _qr(payload)


def _qr(payload: str) -> segno.QRCode:
    data = payload.encode("utf-8")  # element 3 says UTF-8: the bytes must be UTF-8
    if not payload.startswith("BCD\n") or len(data) > MAX_PAYLOAD_BYTES:
        raise ValueError("not an EPC payload (see epc_payload)")
    qr = segno.make_qr(data, error="m", boost_error=False, mode="byte")
    if not isinstance(qr.version, int) or qr.version > MAX_QR_VERSION:
        raise ValueError(f"the QR code needs version {qr.version}, at most 13 is allowed")
    return qr


def _single_line(value: str, element: str) -> str:
    if any(ch in value for ch in "\r\n") or any(not ch.isprintable() for ch in value):
        raise ValueError(f"the {element} must be one line of printable characters")
    return value


def _name(name: str) -> str:
    value = _single_line(name.strip(), "beneficiary name")
    if not 1 <= len(value) <= MAX_NAME:
        raise ValueError(
            f"the beneficiary name must have 1 to {MAX_NAME} characters, got {len(value)}"
        )
    return value


def _iban(iban: str) -> str:
    try:
        return str(stdnum_iban.validate(iban))
    except ValidationError as error:
        raise ValueError(f"not a valid IBAN: {iban!r} ({error})") from None


def _bic(bic: str | None) -> str:
    if bic is None or not bic.strip():
        return ""  # optional in version 002 within the EEA
    try:
        return str(stdnum_bic.validate(bic))
    except ValidationError as error:
        raise ValueError(f"not a valid BIC: {bic!r} ({error})") from None


def _amount(amount: Decimal) -> str:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError(f"the amount must be a finite Decimal, got {amount!r}")
    try:
        exact = amount == amount.quantize(MIN_AMOUNT)
    except InvalidOperation:
        exact = False
    if not exact:
        raise ValueError(f"the amount must be in euro cents, got {amount}")
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise ValueError(f"the amount must be between {MIN_AMOUNT} and {MAX_AMOUNT}, got {amount}")
    return f"EUR{amount:.2f}"


def _reference(communication: str | None) -> str:
    if communication is None or not communication.strip():
        return ""
    digits = parse_communication(communication)
    if digits is not None:
        return digits
    if iso11649.is_valid(communication):
        value = str(iso11649.compact(communication))
        if len(value) <= MAX_REFERENCE:
            return value
    raise ValueError(
        f"not a structured communication (+++123/4567/89012+++) nor an RF creditor "
        f"reference: {communication!r}"
    )


def _text(text: str | None) -> str:
    if text is None:
        return ""
    value = _single_line(text.strip(), "remittance text")
    if len(value) > MAX_TEXT:
        raise ValueError(f"the remittance text must have at most {MAX_TEXT} characters")
    return value
