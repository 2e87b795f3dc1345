"""arq worker settings: the job functions, the cron table, the Redis connection."""

from __future__ import annotations

from typing import Any

from arq.connections import RedisSettings
from arq.worker import func

from app.kit import db
from app.kit.embedded import ensure_environment
from app.kit.outbox import DEFAULT_MAX_ATTEMPTS
from app.kit.settings import get_settings
from workers.runner import run_outbox_job
from workers.schedules import cron_jobs

QUEUE_NAME = "affilio:queue"


def redis_settings(url: str | None = None) -> RedisSettings:
    url = url or get_settings().redis_url or ""
    if url.startswith("unix://"):
        return RedisSettings(unix_socket_path=url.removeprefix("unix://"), conn_retries=2)
    return RedisSettings.from_dsn(url)


async def on_startup(ctx: dict[str, Any]) -> None:
    # The notices a job posts are announced to the person's mandataries too (as in the app).
    from app.mandates.service import NOTICE_KIND, notice_recipients
    from app.messaging.service import register_notice_copies

    register_notice_copies(notice_recipients, not_for=[NOTICE_KIND])
    # The pool outlives worker restarts (see workers/__main__.py); start it only once.
    if db.engine().pool is None:
        await db.start_pool(max_size=5)


def worker_options(*, queue_name: str = QUEUE_NAME) -> dict[str, Any]:
    """Keyword arguments for arq.Worker; tests use them with burst=True and their own queue."""
    ensure_environment()
    # Small timeout (JOB_TIMEOUT): arq re-runs a job whose worker died only after timeout + 10 s.
    timeout = get_settings().job_timeout
    return {
        "functions": [func(run_outbox_job, name="run_outbox_job", timeout=timeout)],
        "cron_jobs": cron_jobs(timeout),
        "on_startup": on_startup,
        "redis_settings": redis_settings(),
        "queue_name": queue_name,
        # arq's own count must outlast the outbox row's, which decides when a job has failed.
        "max_tries": DEFAULT_MAX_ATTEMPTS + 1,
        "job_timeout": timeout,
        "keep_result": 3600,
    }
