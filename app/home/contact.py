"""The fund's contact channels: office hours as data, the rest from the installation's settings."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_time

from app.kit import i18n

CONTACT_FILE = Path(__file__).with_name("contact.toml")
_A_MONDAY = date(2024, 1, 1)  # only used to name weekdays in the user's language


@dataclass(frozen=True, slots=True)
class Slot:
    days: tuple[int, ...]
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class ContactDetails:
    slots: tuple[Slot, ...]
    appointment_days: tuple[int, ...]
    source: str
    phone: str | None
    email: str | None
    address: str | None


@lru_cache(maxsize=1)
def _office_hours() -> tuple[tuple[Slot, ...], tuple[int, ...], str]:
    with CONTACT_FILE.open("rb") as handle:
        data = tomllib.load(handle)["office_hours"]
    slots = tuple(
        Slot(tuple(s["days"]), time.fromisoformat(s["opens"]), time.fromisoformat(s["closes"]))
        for s in data["slot"]
    )
    return slots, tuple(data["by_appointment"]["days"]), data["source"]


def contact_details() -> ContactDetails:
    slots, appointment_days, source = _office_hours()
    return ContactDetails(
        slots=slots,
        appointment_days=appointment_days,
        source=source,
        phone=os.environ.get("FUND_PHONE") or None,
        email=os.environ.get("FUND_EMAIL") or None,
        address=os.environ.get("FUND_ADDRESS") or None,
    )


def day_range(days: tuple[int, ...]) -> str:
    """'lundi – vendredi' for consecutive days, else the days listed, in the user's language."""
    locale = i18n.babel_locale()
    names = [format_date(_A_MONDAY + timedelta(days=d - 1), "EEEE", locale=locale) for d in days]
    consecutive = list(days) == list(range(days[0], days[0] + len(days)))
    if consecutive and len(days) > 2:
        return f"{names[0]} – {names[-1]}"
    return ", ".join(names)


def hour(value: time) -> str:
    return format_time(value, "HH:mm", locale=i18n.babel_locale())
