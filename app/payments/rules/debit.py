"""Direct debit (domiciliation, SEPA Core), the pure part: the mandate reference, the IBAN a
mandate may name, when the pre-notification goes out and when the file is written, FRST or
RCUR, and the R-transaction reason codes in plain words. No I/O; `today` is passed in.

The delays are data (`debit.toml`, the EPC rulebook and the fund's choices)."""

from __future__ import annotations

import re
import tomllib
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from stdnum import iban as stdnum_iban

from app.kit.i18n import N_

POLICY_FILE = Path(__file__).resolve().parents[1] / "debit.toml"

# The SEPA Core scheme's countries (EPC409-09, "EPC List of SEPA Scheme Countries"): an IBAN of
# one of them may be debited by a SEPA Core collection.
SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL "
    "PT RO SE SI SK SM VA".split()
)
# What a mandate reference and an end-to-end id may hold (the SEPA Latin character set, without
# the space, so a bank's communication keeps it in one piece), at most 35 characters.
_REFERENCE = re.compile(r"^[A-Za-z0-9/\-?:().,'+]{1,35}$")
_END_TO_END = re.compile(r"AFD-\d{1,10}-\d{1,3}-\d{4}Q[1-4]")


@dataclass(frozen=True, slots=True)
class DebitPolicy:
    prenotification_days: int
    interbank_lead_days: int
    announce_window_days: int
    confirmed: bool


@lru_cache(maxsize=2)
def load_policy(path: Path = POLICY_FILE) -> DebitPolicy:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    days = {key: int(data[key]["value"]) for key in
            ("prenotification_days", "interbank_lead_days", "announce_window_days")}  # fmt: skip
    if days["prenotification_days"] < 1 or days["interbank_lead_days"] < 1:
        raise ValueError("debit.toml: the delays are at least one day")
    confirmed = all(data[key]["status"] == "C" for key in days)
    return DebitPolicy(**days, confirmed=confirmed)


def mandate_reference(account_number: int, sequence: int) -> str:
    """The unique mandate reference: the account number and the mandate's rank on it
    ("AFD-000123-01"), within 35 characters of the SEPA set."""
    if account_number < 1 or not 1 <= sequence <= 999:
        raise ValueError("an account number and a mandate rank from 1 to 999")
    reference = f"AFD-{account_number:06d}-{sequence:02d}"
    assert _REFERENCE.match(reference)
    return reference


def end_to_end_id(reference: str, year: int, quarter: int) -> str:
    """The collection's end-to-end id: the mandate reference and the quarter it collects
    ("AFD-000123-01-2027Q1"); the bank sends it back on a reject or a refund."""
    return f"{reference}-{year}Q{quarter}"


def end_to_end_ids_in(text: str) -> list[str]:
    """The end-to-end ids a bank's communication names (spaces the bank put inside dropped)."""
    return _END_TO_END.findall(re.sub(r"\s+", "", text))


def normalised_iban(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value).upper()


def iban_error(value: str) -> str | None:
    """Why this IBAN cannot carry a mandate (a message id), or None."""
    iban = normalised_iban(value)
    if not iban:
        return N_("Enter the IBAN of the account to debit.")
    if not stdnum_iban.is_valid(iban):
        return N_("This IBAN is not valid: check the digits.")
    if iban[:2] not in SEPA_COUNTRIES:
        return N_("This account is outside the SEPA area: it cannot be debited.")
    return None


def announce_due(today: date, collection_on: date, policy: DebitPolicy) -> bool:
    """Whether today's pre-notification run announces a collection on that day: at least the
    minimum days ahead, and within the window past it."""
    ahead = (collection_on - today).days
    return (
        policy.prenotification_days
        <= ahead
        <= (policy.prenotification_days + policy.announce_window_days)
    )


def business_days_before(day: date, count: int) -> date:
    """`count` business days (Monday to Friday) before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def file_due_on(collection_on: date, file_lead_days: int, policy: DebitPolicy) -> date:
    """The day the collection file is written at the latest: the bank's lead (the fund's
    setting) and never less than the rulebook's interbank lead."""
    return business_days_before(collection_on, max(file_lead_days, policy.interbank_lead_days))


def sequence_type(settled_before: int) -> str:
    """FRST for a mandate's first collection (or the first after every earlier one came back),
    RCUR afterwards."""
    return "RCUR" if settled_before > 0 else "FRST"


def to_cents(amount: Decimal) -> int:
    cents = amount * 100
    if cents != cents.to_integral_value() or cents <= 0:
        raise ValueError(f"a collection of {amount} euro")
    return int(cents)


# The R-transaction reason codes (ISO 20022 ExternalReturnReason1Code, as the EPC's guidance
# EPC173-14 lists them for SEPA Core), in words the affiliate understands.
REASONS: dict[str, str] = {
    "AC01": N_("the account number is wrong"),
    "AC04": N_("the account is closed"),
    "AC06": N_("the account is blocked"),
    "AC13": N_("the account is not one a direct debit can be taken from"),
    "AG01": N_("the bank does not allow direct debits on this account"),
    "AM04": N_("there were not enough funds on the account"),
    "AM05": N_("the same collection was presented twice"),
    "BE05": N_("the bank did not recognise the fund as the creditor"),
    "MD01": N_("the bank holds no mandate for it"),
    "MD02": N_("the mandate's details were incomplete"),
    "MD06": N_("you asked your bank for a refund"),
    "MD07": N_("the account holder has died"),
    "MS02": N_("you refused it at your bank"),
    "MS03": N_("the bank gave no reason"),
    "SL01": N_("your bank applies a specific service (a block or a limit) to direct debits"),
}
UNKNOWN_REASON = N_("the bank gave no reason")
_REASON = re.compile(r"\b(" + "|".join(sorted(REASONS)) + r")\b")


def reason_code_in(text: str) -> str:
    """The first known R-transaction reason code the communication names, else ""."""
    found = _REASON.search(text.upper())
    return found.group(1) if found else ""


def reason_words(code: str) -> str:
    return REASONS.get(code, UNKNOWN_REASON)


@dataclass(frozen=True, slots=True)
class DebitLine:
    """One collection of a pain.008 file."""

    holder: str
    iban: str
    amount: Decimal
    sequence_type: str  # FRST or RCUR
    mandate_reference: str
    mandate_signed_on: date
    end_to_end_id: str
    remittance: str


def bic_of(iban: str) -> str:
    """The BIC of a Belgian account's bank (python-stdnum's bank table), else NOTPROVIDED (the
    IBAN alone suffices within SEPA since 2016)."""
    from stdnum.be import iban as be_iban

    if iban.startswith("BE"):
        with suppress(Exception):
            return str(be_iban.info(iban)["bic"]) or "NOTPROVIDED"
    return "NOTPROVIDED"


def pain008(*, creditor_name: str, creditor_iban: str, creditor_id: str, collection_on: date,
            lines: list[DebitLine]) -> bytes:  # fmt: skip
    """The pain.008.001.02 file (SEPA Core, batch booking) of one collection date, written by
    sepaxml and validated by it against the schema it bundles."""
    from sepaxml import SepaDD

    sepa = SepaDD({"name": creditor_name, "IBAN": creditor_iban, "batch": True,
                   "BIC": bic_of(creditor_iban),
                   "creditor_id": creditor_id, "currency": "EUR"},
                  schema="pain.008.001.02", clean=True)  # fmt: skip
    for line in lines:
        if line.sequence_type not in ("FRST", "RCUR"):
            raise ValueError(line.sequence_type)
        sepa.add_payment({
            "name": line.holder, "IBAN": line.iban, "amount": to_cents(line.amount),
            "type": line.sequence_type, "collection_date": collection_on,
            "mandate_id": line.mandate_reference, "mandate_date": line.mandate_signed_on,
            "endtoend_id": line.end_to_end_id, "description": line.remittance,
        })  # fmt: skip
    return bytes(sepa.export(validate=True))
