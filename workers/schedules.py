"""THE cron table: every scheduled job of the fund, in one place.

Quarterly notices, reminders and formal notices join here as the payments domain lands. The
outbox relay is not a cron job: it runs continuously beside the worker (workers/settings.py).
"""

from __future__ import annotations

from arq.cron import CronJob

CRON_JOBS: list[CronJob] = []
