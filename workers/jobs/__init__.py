"""Job handlers by outbox name. Each one only orchestrates: load, check, call one service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from workers.jobs import messaging

Handler = Callable[..., Awaitable[Any]]

HANDLERS: dict[str, Handler] = {
    "messaging.send_welcome": messaging.send_welcome,
}
