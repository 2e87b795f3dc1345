"""THE cron table: every scheduled job of the fund, in one place.

Quarterly notices and the recovery of unpaid quarters run here. The
outbox relay is not a cron job: it runs continuously beside the worker (workers/settings.py).
"""

from __future__ import annotations

from arq.cron import CronJob, cron

from workers.jobs import benefits as benefits_jobs
from workers.jobs import documents as documents_jobs
from workers.jobs import identity as identity_jobs
from workers.jobs import messaging as messaging_jobs
from workers.jobs import outbox as outbox_jobs
from workers.jobs import payments as payments_jobs
from workers.jobs import requests as requests_jobs
from workers.jobs import retention as retention_jobs
from workers.jobs import rights as rights_jobs
from workers.jobs import wizards as wizards_jobs


def cron_jobs(timeout: int) -> list[CronJob]:
    """The table, every job with the worker's job timeout: arq re-runs a killed worker's jobs
    only after the LONGEST function timeout + 10 s, so one long cron timeout would delay every
    recovery; a cron job with more to do works in batches and finishes on its next run."""
    return [
        # Hourly: requests nearing their Charte deadline escalate to a supervisor (idempotent).
        cron(
            requests_jobs.escalate,
            name="requests.escalate",
            minute=7,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Nightly: spent activation links and e-mail codes older than a month are deleted.
        cron(
            identity_jobs.purge_expired_tokens_cron,
            name="identity.purge_expired_tokens",
            hour=3,
            minute=20,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Nightly: done outbox jobs older than 30 days go (their payloads were emptied when done).
        cron(
            outbox_jobs.purge_done_cron,
            name="outbox.purge_done",
            hour=3,
            minute=40,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Hourly at :25: the quarter's due notices leave once within the lead time
        # (app/payments/notices.toml); a person who has theirs gets nothing twice.
        cron(
            payments_jobs.issue_due_notices_cron,
            name="payments.issue_due_notices",
            minute=25,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Daily at 04:50: the companies' yearly notices, once within the lead time before
        # 31 December (app/payments/company_notices.toml); withheld while the amounts are unknown.
        cron(
            payments_jobs.issue_company_notices_cron,
            name="payments.issue_company_notices",
            hour=4,
            minute=50,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Daily at 05:10: unpaid quarters past their due date: surcharges, then the recovery
        # steps due (app/payments/rules/recovery.toml); court recovery stays a staff decision.
        cron(
            payments_jobs.run_recovery_cron,
            name="payments.run_recovery",
            hour=5,
            minute=10,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Daily at 05:30: the direct debit pre-notifications, at least the rulebook's days
        # before each collection (app/payments/debit.toml); a quarter is announced once.
        cron(
            payments_jobs.announce_debits_cron,
            name="payments.announce_debits",
            hour=5,
            minute=30,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Daily at 05:40: the pain.008 files of the collections whose bank lead day has come
        # (SEPA_FILE_LEAD_DAYS); a quarter goes into one file only.
        cron(
            payments_jobs.write_debit_files_cron,
            name="payments.write_debit_files",
            hour=5,
            minute=40,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Daily from 15 to 31 January at 06:15: last year's fiscal attestation for everyone who
        # paid that year (the first run queues them; the next ones catch who was left over).
        cron(
            payments_jobs.queue_fiscal_attestations_cron,
            name="payments.fiscal_attestations",
            month=1,
            day=set(range(15, 32)),
            hour=6,
            minute=15,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Every 5 minutes: the blank forms' PDFs (/forms) the current release, catalogues and
        # year's figures call for, each made once (app/home/blank_forms.py); a pass with
        # nothing to make costs a few template renders. Not at start-up: every burst worker
        # of the tests would then lay out every PDF.
        cron(
            documents_jobs.blank_forms_cron,
            name="documents.blank_forms",
            minute=set(range(0, 60, 5)),
            run_at_startup=False,
            timeout=timeout,
        ),
        # Daily: unfinished wizard drafts get a warning 14 days before their 90-day expiry, then go.
        cron(
            wizards_jobs.tidy_drafts_cron,
            name="wizards.tidy_drafts",
            hour=6,
            minute=40,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Nightly at 02:30: data past its retention period is flagged for a supervisor
        # (app/staff/rules/retention.toml); nothing is erased without their decision.
        cron(
            retention_jobs.flag_expired_cron,
            name="staff.flag_retention",
            hour=2,
            minute=30,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Nightly at 01:15: every affiliated person's file against the proactive rights
        # (app/rights); a right found posts one inbox message, once, never after a dismissal.
        # Set-based batches: 200 000 people fit well inside the job timeout (bench/rights.py).
        cron(
            rights_jobs.evaluate_everyone_cron,
            name="rights.evaluate_everyone",
            hour=1,
            minute=15,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Working days at 06:30: the benefit payments due today with a confirmed amount and a
        # payout account, in a run a supervisor approves (app/benefits/runs.py; idempotent).
        cron(
            benefits_jobs.prepare_run_cron,
            name="benefits.prepare_run",
            weekday={0, 1, 2, 3, 4},
            hour=6,
            minute=30,
            run_at_startup=False,
            timeout=timeout,
        ),
        # Hourly at :50: tomorrow's appointments reminded to both sides, from 08:00 Brussels
        # time (app/messaging/rules/appointments.toml), each once.
        cron(
            messaging_jobs.appointment_reminders_cron,
            name="messaging.appointment_reminders",
            minute=50,
            run_at_startup=False,
            timeout=timeout,
        ),
    ]
