"""Money is Decimal EUR, rounded half-up to the cent (INASTI's published amounts round that way)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class MoneyError(ValueError):
    """Raised for text that is not an amount; `code` names why for the UI."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def cents(value: Decimal) -> Decimal:
    """Half-up to the cent: the rounding INASTI's and the funds' published amounts reproduce."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(raw: str) -> Decimal:
    """Parse what people type on a Belgian phone: '25 000', '25.000,50', '25000.5', '€ 1 234,56'."""
    text = (raw or "").strip().replace("€", "").replace("EUR", "").replace("\u00a0", "")
    text = text.replace("\u202f", "").replace(" ", "").replace("'", "")
    if not text:
        raise MoneyError("empty")
    if "," in text and "." in text:
        # The last separator is the decimal one: '25.000,50' or '25,000.50'.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    elif "." in text and len(text.split(".")[1]) == 3 and len(text.split(".")[0]) <= 3:
        # '25.000' is twenty-five thousand in Belgian writing, not 25.
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise MoneyError("not_a_number") from exc
    if not value.is_finite():
        raise MoneyError("not_a_number")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:  # finite here, so an int
        raise MoneyError("too_many_decimals")
    return value


def to_json(value: Decimal) -> str:
    """Money in JSON is a string with two decimals, never a float."""
    return f"{cents(value):.2f}"
