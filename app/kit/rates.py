"""A rate limit as data (pure): so many events per window. `kit.throttle` counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class RateLimit:
    limit: int
    window: timedelta
