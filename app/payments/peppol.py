"""Delivery of UBL notices over the Peppol network: an interface only. Nothing implements it
until the fund has a Peppol access point, and settings.peppol_delivery stays off; the UI only
offers the UBL file for download and never says a notice went over Peppol."""

from __future__ import annotations

from typing import Protocol


class PeppolDelivery(Protocol):
    async def send(self, *, recipient_scheme: str, recipient_id: str, document: bytes) -> str:
        """Hand one UBL document to the access point; returns its message id."""
        ...
