"""Rate limits on Redis counters: fixed windows, one key per (what, who). Every domain that
must bound what an anonymous visitor or an account can do uses these counters."""

from __future__ import annotations

import hashlib

import redis.asyncio as aioredis

from app.kit.rates import RateLimit

__all__ = ["RateLimit", "allow", "count", "is_blocked", "reset"]

PREFIX = "affilio:limit:"


def _key(kind: str, who: str) -> str:
    # Hash the subject: an email or IP never appears in Redis in clear.
    return PREFIX + kind + ":" + hashlib.sha256(who.encode()).hexdigest()[:32]


async def is_blocked(redis: aioredis.Redis, kind: str, who: str, rule: RateLimit) -> bool:
    value = await redis.get(_key(kind, who))
    return value is not None and int(value) >= rule.limit


async def count(redis: aioredis.Redis, kind: str, who: str, rule: RateLimit) -> int:
    """Count one more event; returns the count in the current window."""
    key = _key(kind, who)
    async with redis.pipeline(transaction=True) as pipe:
        # The window starts with the first event (Redis 6 has no EXPIRE NX).
        pipe.set(key, 0, ex=int(rule.window.total_seconds()), nx=True)
        pipe.incr(key)
        result = await pipe.execute()
    return int(result[1])


async def allow(redis: aioredis.Redis, kind: str, who: str, rule: RateLimit) -> bool:
    """Count the event and say whether it is still within the limit."""
    return await count(redis, kind, who, rule) <= rule.limit


async def reset(redis: aioredis.Redis, kind: str, who: str) -> None:
    await redis.delete(_key(kind, who))
