"""Job handlers by outbox name: exactly the names app/ enqueues (cron jobs are in schedules.py).
Each one only orchestrates: load, check, call one service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from workers.jobs import documents, identity, mail, messaging, rights, staff
from workers.jobs import requests as requests_jobs

Handler = Callable[..., Awaitable[Any]]

HANDLERS: dict[str, Handler] = {
    "messaging.send_welcome": messaging.send_welcome,
    "messaging.send_push": messaging.send_push,
    "mail.send": mail.send,
    "requests.acknowledge": requests_jobs.acknowledge,
    "requests.transmit": requests_jobs.transmit,
    "identity.accounts_merged": identity.accounts_merged,
    "requests.decision_letter": documents.decision_letter,
    "requests.receipt_letter": documents.receipt_letter,
    "payments.fiscal_attestation": documents.fiscal_attestation,
    "payments.affiliation_certificate": documents.affiliation_certificate,
    "payments.notice_pdf": documents.notice_pdf,
    "payments.recovery_letter": documents.recovery_letter,
    "payments.account_statement": documents.account_statement,
    "payments.plan_letter": documents.plan_letter,
    "benefits.undue_letter": documents.undue_letter,
    "staff.authority_report": staff.authority_report,
    "rights.evaluate": rights.evaluate,
    "rights.evaluate_people": rights.evaluate_people,
    "rights.evaluate_range": rights.evaluate_range,
}
