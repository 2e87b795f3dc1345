"""Liveness and readiness probes for load balancers and `make run`."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Controller, Request, Response, get

from app.kit.db import ping as ping_database

CHECK_TIMEOUT_SECONDS = 2.0


async def _check(coro: Any) -> str:
    try:
        await asyncio.wait_for(coro, timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure means "not ready"; the reason goes to the body
        return f"unreachable: {type(exc).__name__}"
    return "ok"


class HealthController(Controller):
    path = ""
    include_in_schema = True
    tags = ["health"]

    @get("/healthz", media_type="application/json", cache=False, skip_session=True)
    async def healthz(self) -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @get("/readyz", media_type="application/json", cache=False, skip_session=True)
    async def readyz(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """PostgreSQL and Redis are reachable; 503 names the one that is not."""
        redis = request.app.state.redis
        postgres_status, redis_status = await asyncio.gather(
            _check(ping_database()), _check(redis.ping())
        )
        checks = {"postgres": postgres_status, "redis": redis_status}
        failing = [name for name, value in checks.items() if value != "ok"]
        body: dict[str, Any] = {
            "status": "ready" if not failing else "unavailable",
            "checks": checks,
        }
        if failing:
            body["failing"] = failing
        return Response(content=body, status_code=503 if failing else 200)
