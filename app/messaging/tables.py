"""The affiliate's inbox (notices from the fund) and the secure thread with the account manager."""

from piccolo.columns import JSONB, UUID, Bytea, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

# Foreign keys name identity's tables lazily: a domain never imports another's tables.
Person = LazyTableReference("Person", module_path="app.identity.tables")
StaffUser = LazyTableReference("StaffUser", module_path="app.identity.tables")
Document = LazyTableReference("Document", module_path="app.documents.tables")


class InboxMessage(Table, tablename="inbox_message"):
    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    kind = Varchar(length=32)  # welcome, receipt, decision, information_request, ...
    subject = Varchar(length=200)
    body = Text()
    # One message per business fact: a re-run job finds the key taken and does nothing.
    dedupe_key = Varchar(length=128, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)
    link = Varchar(length=300, default="")  # where in the portal it leads ("" for none)
    # The letter of the same fact as a PDF (a decision letter, a reminder), once a worker made it.
    document: ForeignKey[Table] = ForeignKey(
        references=Document, null=True, default=None, on_delete=OnDelete.set_null
    )


class StaffNotice(Table, tablename="staff_notice"):
    """The staff member's inbox: what happened on the requests and files assigned to them
    (an answer, a message, a request given to them), in their language, once per fact."""

    id = UUID(primary_key=True)
    staff: ForeignKey[Table] = ForeignKey(
        references=StaffUser, on_delete=OnDelete.cascade, index=True
    )
    kind = Varchar(length=32)  # answer, message, assigned
    subject = Varchar(length=200)
    link = Varchar(length=300, default="")
    dedupe_key = Varchar(length=128, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)


class EmailOptOut(Table, tablename="email_opt_out"):
    """A topic the person no longer wants by e-mail (messaging.preferences): one row each,
    unique per person and topic (a migration says so)."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    topic = Varchar(length=32)
    created_at = Timestamptz(default=TimestamptzNow())


class ThreadMessage(Table, tablename="thread_message"):
    """One message of the person's single thread with the fund; either side may write."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    author_kind = Varchar(length=16)  # affiliate, staff
    author_staff: ForeignKey[Table] = ForeignKey(
        references=StaffUser, null=True, default=None, on_delete=OnDelete.set_null
    )
    body = Text()
    created_at = Timestamptz(default=TimestamptzNow())
    # Read receipt: when the other side first opened the thread after this message.
    read_at = Timestamptz(null=True, default=None)


class ThreadAttachment(Table, tablename="thread_attachment"):
    id = UUID(primary_key=True)
    message = ForeignKey(references=ThreadMessage, on_delete=OnDelete.cascade, index=True)
    filename = Varchar(length=160)
    content_type = Varchar(length=40)
    size = Integer()
    data = Bytea()
    created_at = Timestamptz(default=TimestamptzNow())


class PushSubscription(Table, tablename="push_subscription"):
    """A device of the person's that accepts Web Push (its browser's PushSubscription), with
    the kinds of notice it wants (rules.push.PushKind). Removed when the push service answers
    that it is gone, or when the person turns it off."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    endpoint = Varchar(length=1000, unique=True)
    p256dh = Varchar(length=200)
    auth = Varchar(length=200)
    kinds = JSONB(default=[])
    created_at = Timestamptz(default=TimestamptzNow())
    last_sent_at = Timestamptz(null=True, default=None)


class AppointmentSlot(Table, tablename="appointment_slot"):
    """A staff member's time offered to affiliates (rules.appointments): in the office, by
    phone or by video. Withdrawn rather than deleted, so a past booking keeps its slot."""

    id = UUID(primary_key=True)
    staff: ForeignKey[Table] = ForeignKey(
        references=StaffUser, on_delete=OnDelete.cascade, index=True
    )
    starts_at = Timestamptz(index=True)
    minutes = Integer()
    channel = Varchar(length=16)  # office, phone, video
    created_at = Timestamptz(default=TimestamptzNow())
    withdrawn_at = Timestamptz(null=True, default=None)


class Appointment(Table, tablename="appointment"):
    """One booking of a slot by a person, about a request or their thread. At most one booked
    appointment per slot (a partial unique index in a migration). Moving writes a new booking
    and marks this one moved; a cancellation and a no-show stay recorded."""

    id = UUID(primary_key=True)
    # Indexed in a migration under its own name: Piccolo would call the index
    # "appointment_slot", the other table's name.
    slot = ForeignKey(references=AppointmentSlot, on_delete=OnDelete.cascade)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    status = Varchar(length=16)  # booked, cancelled, moved, attended, no_show
    about_kind = Varchar(length=16)  # request, thread
    about_request = UUID(null=True, default=None)  # the request's id (requests domain)
    about_label = Varchar(length=200, default="")
    note = Text(default="")
    phone = Varchar(length=20, default="")
    booked_at = Timestamptz(default=TimestamptzNow())
    cancelled_at = Timestamptz(null=True, default=None)
    cancelled_by = Varchar(length=16, default="")  # affiliate, staff
    cancel_reason = Text(default="")
    moved_to = UUID(null=True, default=None)
    # The calendar event's UID and SEQUENCE: kept across moves, so a calendar updates the one
    # event (RFC 5545) instead of holding the old time too.
    calendar_uid = UUID()
    calendar_sequence = Integer(default=0)
    outcome_at = Timestamptz(null=True, default=None)
    outcome_by: ForeignKey[Table] = ForeignKey(
        references=StaffUser, null=True, default=None, on_delete=OnDelete.set_null
    )
    reminded_at = Timestamptz(null=True, default=None)
