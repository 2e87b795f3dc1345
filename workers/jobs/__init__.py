"""Job handlers by outbox name. Each one only orchestrates: load, check, call one service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from workers.jobs import identity, mail, messaging
from workers.jobs import requests as requests_jobs
from workers.jobs import wizards as wizards_jobs

Handler = Callable[..., Awaitable[Any]]

HANDLERS: dict[str, Handler] = {
    "messaging.send_welcome": messaging.send_welcome,
    "mail.send": mail.send,
    "identity.purge_expired_tokens": identity.purge_expired_tokens,
    "requests.acknowledge": requests_jobs.acknowledge,
    "wizards.warn_draft": wizards_jobs.warn_draft,
    "wizards.tidy_drafts": wizards_jobs.tidy_drafts,
}
