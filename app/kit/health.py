"""Liveness and readiness probes for load balancers and `make run`."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import msgspec
from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec

from app.kit.db import ping as ping_database

CHECK_TIMEOUT_SECONDS = 2.0
Service = Literal["postgres", "redis"]


class Checks(msgspec.Struct, frozen=True):
    postgres: str  # "ok" or "unreachable: <error>"
    redis: str


class Readiness(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ready", "unavailable"]
    checks: Checks
    failing: list[Service] | msgspec.UnsetType = msgspec.UNSET  # only when unavailable


class Liveness(msgspec.Struct, frozen=True):
    status: Literal["ok"]


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
    async def healthz(self) -> Liveness:
        """The process is up."""
        return Liveness(status="ok")

    @get(
        "/readyz",
        media_type="application/json",
        cache=False,
        skip_session=True,
        responses={
            503: ResponseSpec(
                data_container=Readiness,
                description="PostgreSQL or Redis is unreachable: `failing` names which.",
                generate_examples=False,
            )
        },
    )
    async def readyz(self, request: Request[Any, Any, Any]) -> Response[Readiness]:
        """PostgreSQL and Redis are reachable; 503 names the one that is not."""
        redis = request.app.state.redis
        postgres_status, redis_status = await asyncio.gather(
            _check(ping_database()), _check(redis.ping())
        )
        checks = Checks(postgres=postgres_status, redis=redis_status)
        statuses: tuple[tuple[Service, str], ...] = (
            ("postgres", postgres_status),
            ("redis", redis_status),
        )
        failing: list[Service] = [name for name, value in statuses if value != "ok"]
        if failing:
            body = Readiness(status="unavailable", checks=checks, failing=failing)
            return Response(content=body, status_code=503)
        return Response(content=Readiness(status="ready", checks=checks))
