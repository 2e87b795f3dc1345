"""Birth leave and maternity aid: what the fund pays or orders after a birth. PURE.

Birth leave of a self-employed father or co-parent (horecawallonie.be; ucm.be; lecho.be): up to
`benefits.paternity_days` (20) days within `benefits.birth_leave_window_months` (4) months of
the birth, paid by the fund at `benefits.paternity_daily` a day. That daily amount is a 2023
figure, status U in every year file: the payment is scheduled and flagged unconfirmed, never
paid as is. A leave of at most `benefits.paternity_vouchers_max_days` (8) days adds the option
of `benefits.paternity_service_vouchers` (15) service vouchers.

Maternity aid (toutnet.be; izeo.be; carnets.camille.be): `benefits.maternity_service_vouchers`
(105) service vouchers, granted by the fund: an order of vouchers, not money.

Adoption leave is paid by the mutualité (inami.fgov.be), not the fund: no entitlement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.benefits.rules.common import Period, PeriodKind, from_leaf, priced
from app.contributions.rules.eligibility import add_months
from app.contributions.rules.parameters import YearParameters


def _count(p: YearParameters, name: str) -> int | None:
    value = p.leaf(name).value
    return value if isinstance(value, int) else None


@dataclass(frozen=True, slots=True)
class BirthLeave:
    days: int  # asked, within the legal maximum
    period: Period
    vouchers: int  # the service-voucher option (0 when the leave is too long for it)


def birth_leave(p: YearParameters, birth: date, days: int, decided_on: date) -> BirthLeave:
    """The leave's one payment, for the days asked (at most the legal maximum), due on the
    decision; its days lie within the window after the birth."""
    maximum = _count(p, "benefits.paternity_days") or 0
    days = max(0, min(days, maximum))
    window = _count(p, "benefits.birth_leave_window_months") or 0
    ends_on = add_months(birth, window) - timedelta(days=1)
    daily = from_leaf(p.leaf("benefits.paternity_daily"))
    share = Decimal(days)
    period = Period(PeriodKind.LEAVE, birth, ends_on, decided_on, share, daily,
                    priced(daily, share))  # fmt: skip
    max_days = _count(p, "benefits.paternity_vouchers_max_days")
    option = _count(p, "benefits.paternity_service_vouchers") or 0
    vouchers = option if max_days is not None and 0 < days <= max_days else 0
    return BirthLeave(days, period, vouchers)


@dataclass(frozen=True, slots=True)
class VoucherOrder:
    count: int | None  # None when the year file has no figure
    status: str
    source: str


def maternity_aid(p: YearParameters) -> VoucherOrder:
    leaf = p.leaf("benefits.maternity_service_vouchers")
    count = leaf.value if isinstance(leaf.value, int) else None
    return VoucherOrder(count, leaf.status, leaf.source)
