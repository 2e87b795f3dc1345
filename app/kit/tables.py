"""Platform-owned tables: the transactional outbox, the audit trail, the mail record and the
retention review."""

from enum import StrEnum

from piccolo.columns import JSONB, UUID, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxStatus(StrEnum):
    PENDING = "pending"  # committed, not yet handed to the queue
    ENQUEUED = "enqueued"  # handed to arq, not finished
    DONE = "done"
    FAILED = "failed"  # past its tries: visible to operators, never silently dropped


class OutboxJob(Table, tablename="outbox_job"):
    id = UUID(primary_key=True)
    name = Varchar(length=100)
    payload = JSONB(default={})
    status = Varchar(length=16, default=OutboxStatus.PENDING.value, index=True)
    attempts = Integer(default=0)
    max_attempts = Integer(default=5)
    last_error = Text(null=True, default=None)
    available_at = Timestamptz(default=TimestamptzNow())
    created_at = Timestamptz(default=TimestamptzNow())
    enqueued_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)


class AuditEvent(Table, tablename="audit_event"):
    id = UUID(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_kind = Varchar(length=16)  # affiliate, staff, system, anonymous
    actor_id = UUID(null=True, default=None, index=True)
    action = Varchar(length=64, index=True)
    subject_kind = Varchar(length=32, null=True, default=None)
    subject_id = Varchar(length=64, null=True, default=None, index=True)
    ip = Varchar(length=64, null=True, default=None)
    user_agent = Text(null=True, default=None)
    request_id = Varchar(length=64, null=True, default=None)
    details = JSONB(default={})


class MailMessage(Table, tablename="mail_message"):
    """Every mail the portal sends, kept for the record and the development mailbox."""

    id = UUID(primary_key=True)  # chosen by queue_mail: a re-run job finds it and sends nothing
    to = Varchar(length=254, index=True)
    subject = Varchar(length=300)
    body = Text()
    html = Text(null=True, default=None)
    template = Varchar(length=100)
    language = Varchar(length=2, default="fr")
    transport = Varchar(length=16, default="none")  # smtp, or none (stored only)
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)


class RetentionFlag(Table, tablename="retention_flag"):
    """Data kept past its retention period, waiting for a staff decision: the nightly scan
    flags it, nothing is erased without a decision (app/staff/retention.py)."""

    id = UUID(primary_key=True)
    key = Varchar(length=120, unique=True)  # rule:subject, so a nightly scan flags once
    rule = Varchar(length=40, index=True)
    subject_kind = Varchar(length=32)
    subject_id = Varchar(length=64)
    person = UUID(null=True, default=None, index=True)  # whose data, when it is a person's
    label = Varchar(length=200, default="")  # what the reviewer reads: a reference, a file
    retained_until = Date()
    flagged_at = Timestamptz(default=TimestamptzNow())
    decision = Varchar(length=8, null=True, default=None)  # keep or erase; None: to review
    motivation = Text(default="")
    decided_by = UUID(null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
