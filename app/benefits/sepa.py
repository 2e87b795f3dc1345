"""The SEPA credit transfer file of an approved payment run: pain.001.001.03, which Belgian
banks accept (Febelfin's implementation guidelines), written by sepaxml and validated by it
against the XSD it bundles. The debtor is the fund (settings.fund_name / fund_iban /
fund_bic); each creditor is an affiliate's payout account, its BIC read from the Belgian IBAN
(stdnum) when known. Amounts are integer cents, so no float ever carries money."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sepaxml import SepaTransfer
from stdnum.be import iban as be_iban

from app.kit.settings import get_settings

SCHEMA = "pain.001.001.03"


@dataclass(frozen=True, slots=True)
class Transfer:
    payment: uuid.UUID
    holder: str
    iban: str
    amount: Decimal
    description: str


def _bic(iban: str) -> str | None:
    try:
        return be_iban.to_bic(iban) if iban.startswith("BE") else None
    except Exception:
        return None


def credit_transfer(execution: date, transfers: Sequence[Transfer]) -> bytes:
    """The pain.001 of a run (validated against the schema by sepaxml's export)."""
    settings = get_settings()
    config: dict[str, object] = {
        "name": settings.fund_name[:70],
        "IBAN": settings.fund_iban,
        "batch": True,
        "currency": "EUR",
    }
    fund_bic = settings.fund_bic or _bic(settings.fund_iban)
    if fund_bic:
        config["BIC"] = fund_bic
    sepa = SepaTransfer(config, schema=SCHEMA, clean=True)
    for item in transfers:
        payment: dict[str, object] = {
            "name": item.holder[:70],
            "IBAN": item.iban,
            "amount": int((item.amount * 100).to_integral_value()),
            "execution_date": execution,
            "description": item.description[:140],
            "endtoend_id": item.payment.hex[:35],
        }
        bic = _bic(item.iban)
        if bic:
            payment["BIC"] = bic
        sepa.add_payment(payment)
    xml: bytes = sepa.export(validate=True)
    return xml
