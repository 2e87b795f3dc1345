"""The only clock. Tests freeze it with `frozen(...)`; rules never read it: dates are passed in."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
_frozen: ContextVar[datetime | None] = ContextVar("affilio_frozen_now", default=None)


def now() -> datetime:
    """Aware UTC now."""
    return _frozen.get() or datetime.now(UTC)


def today() -> date:
    """Today in Brussels: deadlines are Belgian calendar days."""
    return now().astimezone(BRUSSELS).date()


@contextlib.contextmanager
def frozen(at: datetime) -> Iterator[None]:
    if at.tzinfo is None:
        raise ValueError("freeze the clock with an aware datetime")
    token = _frozen.set(at)
    try:
        yield
    finally:
        _frozen.reset(token)
