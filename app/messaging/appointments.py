"""Appointments with the account manager (issue 20, item 5): staff publish slots (in the
office, by phone, by video), the affiliate books one about a request or their thread, moves or
cancels it; staff cancel with a reason and record whether the person came. Both sides get a
notice, an e-mail with the `.ics` file, and a reminder the day before.

The terms live in rules.appointments (pure); at most one booked appointment per slot is the
database's promise (a partial unique index), so two people pressing "book" at once cannot
both get the time. Writes go through one transaction each, with their notices and mails.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar

from app.affiliation import queries as affiliation
from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.db import fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import FieldError, choice, day, integer, raw
from app.kit.i18n import N_, lazy_gettext
from app.kit.i18n import gettext as _
from app.kit.mail import MailAttachment, queue_mail
from app.kit.settings import get_settings
from app.messaging.rules import appointments as rules
from app.messaging.rules.appointments import Channel, Status

KIND = "appointment"  # the inbox kind of every appointment notice, both sides
CHANNEL_LABELS: dict[str, Any] = {
    Channel.OFFICE: lazy_gettext("At the office"),
    Channel.PHONE: lazy_gettext("By phone"),
    Channel.VIDEO: lazy_gettext("By video"),
}
STATUS_LABELS: dict[str, Any] = {
    Status.BOOKED: lazy_gettext("Booked"),
    Status.CANCELLED: lazy_gettext("Cancelled"),
    Status.MOVED: lazy_gettext("Moved"),
    Status.ATTENDED: lazy_gettext("Took place"),
    Status.NO_SHOW: lazy_gettext("Not attended"),
}
ERRORS: dict[str, Any] = {
    "slot": lazy_gettext("Choose one of the free times."),
    "slot_taken": lazy_gettext("Someone has just booked this time. Choose another one."),
    "slot_closed": lazy_gettext(
        "This time can no longer be booked: it starts too soon or was withdrawn. "
        "Choose another one."
    ),
    "too_many": lazy_gettext(
        "You already have as many appointments to come as can be booked at once. Cancel one, "
        "or wait until one has taken place."
    ),
    "note": lazy_gettext("Your note is too long: write at most 500 characters."),
    "phone_required": lazy_gettext("Give the number on which we should call you."),
    "phone": lazy_gettext("Write a phone number with its digits, for example 0470 12 34 56."),
    "reason": lazy_gettext("Say why in a few words (at least 10 characters)."),
    "reason_long": lazy_gettext("Write at most 1000 characters."),
    "not_cancellable": lazy_gettext(
        "This appointment has started or is over: it can no longer be cancelled or moved."
    ),
    "outcome_early": lazy_gettext("You can say whether the person came once it has started."),
    "outcome": lazy_gettext("Choose whether the person came."),
    # Publishing slots (staff).
    "day": lazy_gettext("Give the day, for example 2026-12-15."),
    "first": lazy_gettext("Give the time of the first slot, for example 14:00."),
    "minutes": lazy_gettext("A slot lasts between 15 and 120 minutes."),
    "count": lazy_gettext("Publish between 1 and 16 slots at once."),
    "channel": lazy_gettext("Choose where the appointment takes place."),
    "no_video": lazy_gettext(
        "Video appointments need the fund's video address (the APPOINTMENT_VIDEO_URL setting)."
    ),
    "duration": lazy_gettext("A slot lasts between 15 and 120 minutes."),
    "past": lazy_gettext("This time has passed."),
    "too_far": lazy_gettext("Slots are published at most 90 days ahead."),
    "closed_day": lazy_gettext("The fund is closed that day (a weekend or a public holiday)."),
    "hours": lazy_gettext("Slots stay within the opening hours, from 08:30 to 17:00."),
    "overlap": lazy_gettext("These times overlap one of your slots."),
}


def _error(code: str) -> str:
    return str(ERRORS[code])


@dataclass(frozen=True, slots=True)
class About:
    """What the appointment is about: one of the person's requests (its reference), or their
    thread with the fund. The requests domain checks the request is theirs."""

    kind: str  # request, thread
    request_id: uuid.UUID | None = None
    label: str = ""

    @staticmethod
    def thread() -> About:
        return About("thread")


# Which of the affiliate's requests an appointment may be about: the requests domain, above
# this one, registers its reader at wiring (None: not theirs, or not found).
AboutReader = Callable[[audit.Actor, uuid.UUID], Awaitable[About | None]]
_about_readers: list[AboutReader] = []


def register_about_reader(reader: AboutReader) -> None:
    if reader not in _about_readers:
        _about_readers.append(reader)


async def about_for(actor: audit.Actor, request_id: uuid.UUID | None) -> About:
    """What a booking is about: the thread, or one of the affiliate's own requests."""
    _affiliate(actor)
    if request_id is None:
        return About.thread()
    for reader in _about_readers:
        found = await reader(actor, request_id)
        if found is not None:
            return found
    raise NotFound()


@dataclass(frozen=True, slots=True)
class Slot:
    id: uuid.UUID
    staff_id: uuid.UUID
    staff_name: str
    starts_at: datetime
    minutes: int
    channel: str

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def day(self) -> date:
        return rules.local(self.starts_at).date()

    @property
    def channel_label(self) -> Any:
        return CHANNEL_LABELS[self.channel]


@dataclass(frozen=True, slots=True)
class AppointmentView:
    id: uuid.UUID
    slot: Slot
    person_id: uuid.UUID
    person_name: str
    status: str
    about: About
    note: str
    phone: str
    booked_at: datetime
    cancelled_at: datetime | None
    cancelled_by: str
    cancel_reason: str
    calendar_uid: uuid.UUID
    calendar_sequence: int
    outcome_at: datetime | None

    @property
    def starts_at(self) -> datetime:
        return self.slot.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.slot.ends_at

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def booked(self) -> bool:
        return self.status == Status.BOOKED

    def to_come(self, now: datetime) -> bool:
        return self.booked and rules.cancellable(self.starts_at, now=now)

    def changeable(self, now: datetime) -> bool:
        return self.booked and rules.cancellable(self.starts_at, now=now)

    def outcome_open(self, now: datetime) -> bool:
        return self.status in (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW) and (
            rules.outcome_recordable(self.starts_at, now=now)
        )

    @property
    def video_link(self) -> str:
        base = get_settings().appointment_video_url
        return f"{base}/{self.calendar_uid}" if self.slot.channel == Channel.VIDEO and base else ""

    @property
    def place(self) -> str:
        return get_settings().fund_address if self.slot.channel == Channel.OFFICE else ""


@dataclass(frozen=True, slots=True)
class StaffDay:
    """A staff member's day: their slots in time order, each with its booking if any, and
    what was cancelled or moved from them that day."""

    day: date
    slots: list[tuple[Slot, AppointmentView | None]]
    released: list[AppointmentView]


# ------------------------------------------------------------------------------------ reads

_SLOT_COLUMNS = "s.id, s.staff, s.starts_at, s.minutes, s.channel"
_APPOINTMENT_COLUMNS = (
    f"a.id AS appointment_id, a.person, a.status, a.about_kind, a.about_request, a.about_label, "
    f"a.note, a.phone, a.booked_at, a.cancelled_at, a.cancelled_by, a.cancel_reason, "
    f"a.calendar_uid, a.calendar_sequence, a.outcome_at, {_SLOT_COLUMNS}"
)


async def _staff_names(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    names = {m.id: m.full_name for m in await identity.active_staff()}
    for missing in set(ids) - names.keys():
        member = await identity.staff_member(missing)
        names[missing] = member.full_name if member else ""
    return names


async def _person_names(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    contacts = await identity.person_contacts(list(dict.fromkeys(ids)))
    return {pid: c.full_name for pid, c in contacts.items()}


def _slot(row: Mapping[str, Any], names: Mapping[uuid.UUID, str]) -> Slot:
    return Slot(
        row["id"],
        row["staff"],
        names.get(row["staff"], ""),
        row["starts_at"],
        int(row["minutes"]),
        row["channel"],
    )


def _view(
    row: Mapping[str, Any], names: Mapping[uuid.UUID, str], people: Mapping[uuid.UUID, str]
) -> AppointmentView:
    return AppointmentView(
        id=row["appointment_id"],
        slot=_slot(row, names),
        person_id=row["person"],
        person_name=people.get(row["person"], ""),
        status=row["status"],
        about=About(row["about_kind"], row["about_request"], row["about_label"]),
        note=row["note"],
        phone=row["phone"],
        booked_at=row["booked_at"],
        cancelled_at=row["cancelled_at"],
        cancelled_by=row["cancelled_by"],
        cancel_reason=row["cancel_reason"],
        calendar_uid=row["calendar_uid"],
        calendar_sequence=int(row["calendar_sequence"]),
        outcome_at=row["outcome_at"],
    )


async def _views(rows: Sequence[Mapping[str, Any]]) -> list[AppointmentView]:
    names = await _staff_names([r["staff"] for r in rows])
    people = await _person_names([r["person"] for r in rows]) if rows else {}
    return [_view(r, names, people) for r in rows]


def _affiliate(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


def _staff(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    return actor.id


async def free_slots(
    actor: audit.Actor, *, exclude: uuid.UUID | None = None
) -> tuple[list[Slot], bool]:
    """The times the affiliate may book, soonest first, and whether they are their account
    manager's. The account manager's own times come first; when they have none free (or the
    person has no manager yet) the times of the fund's other staff are offered."""
    person = _affiliate(actor)
    now = clock.now()
    policy = rules.policy()
    manager = await affiliation.account_manager_for(person)
    staff = await identity.active_staff()
    video = bool(get_settings().appointment_video_url)

    async def of(members: Sequence[uuid.UUID]) -> list[Slot]:
        rows = await fetch(
            f"SELECT {_SLOT_COLUMNS} FROM appointment_slot s "
            "WHERE s.staff = ANY({}::uuid[]) AND s.withdrawn_at IS NULL "
            "AND s.starts_at >= {} AND s.starts_at < {} AND ({} OR s.channel <> 'video') "
            "AND s.id IS DISTINCT FROM {} AND NOT EXISTS (SELECT 1 FROM appointment a "
            "WHERE a.slot = s.id AND a.status = 'booked') ORDER BY s.starts_at, s.id LIMIT 200",
            list(members),
            now + policy.book_lead,
            now + timedelta(days=policy.shown_days),
            video,
            exclude,
        )
        names = {m.id: m.full_name for m in staff}
        return [_slot(r, names) for r in rows]

    if manager is not None:
        own = await of([manager.id])
        if own:
            return own, True
    return await of([m.id for m in staff]), False


async def appointments_for(actor: audit.Actor) -> list[AppointmentView]:
    """The affiliate's appointments, the ones to come first (soonest first), then the last
    ones gone by or cancelled (newest first). A moved booking shows as its new time only."""
    person = _affiliate(actor)
    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.person = {} AND a.status <> 'moved' "
        "ORDER BY (a.status = 'booked' AND s.starts_at > {}) DESC, "
        "CASE WHEN a.status = 'booked' AND s.starts_at > {} THEN s.starts_at END ASC, "
        "s.starts_at DESC LIMIT 30",
        person,
        clock.now(),
        clock.now(),
    )
    return await _views(rows)


async def appointment_for(actor: audit.Actor, appointment_id: uuid.UUID) -> AppointmentView:
    """One of the affiliate's appointments (another's is not found)."""
    person = _affiliate(actor)
    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {} AND a.person = {}",
        appointment_id,
        person,
    )
    if not rows:
        raise NotFound()
    [view] = await _views(rows)
    return view


async def staff_day(actor: audit.Actor, on: date) -> StaffDay:
    """The member's slots of that day (Brussels), with their booking; a slot whose booking
    was cancelled or moved is free again and listed so, the cancellation listed apart."""
    member = _staff(actor)
    start = datetime.combine(on, time(0), tzinfo=rules.BRUSSELS)
    end = start + timedelta(days=1)
    slot_rows = await fetch(
        f"SELECT {_SLOT_COLUMNS} FROM appointment_slot s WHERE s.staff = {{}} "
        "AND s.starts_at >= {} AND s.starts_at < {} AND s.withdrawn_at IS NULL "
        "ORDER BY s.starts_at",
        member,
        start,
        end,
    )
    booking_rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE s.staff = {} AND s.starts_at >= {} AND s.starts_at < {} "
        "ORDER BY s.starts_at, a.booked_at",
        member,
        start,
        end,
    )
    names = await _staff_names([member])
    views = await _views(booking_rows)
    live = {
        v.slot.id: v for v in views if v.status in (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)
    }
    slots = [(s, live.get(s.id)) for s in (_slot(r, names) for r in slot_rows)]
    # A booked slot withdrawn afterwards cannot be: staff cancel first (which withdraws).
    released = [v for v in views if v.status in (Status.CANCELLED, Status.MOVED)]
    return StaffDay(on, slots, released)


async def staff_upcoming(actor: audit.Actor, *, days: int = 14) -> list[AppointmentView]:
    """The member's booked appointments of the coming days, for the top of their page."""
    member = _staff(actor)
    now = clock.now()
    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE s.staff = {} AND a.status = 'booked' AND s.starts_at >= {} "
        "AND s.starts_at < {} ORDER BY s.starts_at LIMIT 100",
        member,
        now - timedelta(hours=2),
        now + timedelta(days=days),
    )
    return await _views(rows)


async def staff_appointment(actor: audit.Actor, appointment_id: uuid.UUID) -> AppointmentView:
    """One appointment on the member's own slots (a colleague's is not found)."""
    member = _staff(actor)
    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {} AND s.staff = {}",
        appointment_id,
        member,
    )
    if not rows:
        raise NotFound()
    [view] = await _views(rows)
    return view


async def appointments_of_person(person_id: uuid.UUID) -> list[AppointmentView]:
    """A person's appointments to come, for the staff member's view of the file (the caller
    checked the member may see the person)."""
    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.person = {} AND a.status = 'booked' AND s.starts_at > {} "
        "ORDER BY s.starts_at LIMIT 10",
        person_id,
        clock.now(),
    )
    return await _views(rows)


# ------------------------------------------------------------------------ staff: the slots


@dataclass(frozen=True, slots=True)
class SlotSeries:
    day: date
    first: time
    minutes: int
    count: int
    channel: str


def parse_series(
    form: Mapping[str, Any],
) -> tuple[dict[str, str], SlotSeries | None, dict[str, str]]:
    """The publish form: what was typed (kept), the series if it reads, the messages."""
    policy = rules.policy()
    typed = {name: raw(form, name)[:20] for name in ("day", "first", "minutes", "count", "channel")}
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    try:
        parsed["day"] = day(typed["day"])
    except FieldError:
        errors["day"] = _error("day")
    try:
        parsed["first"] = time.fromisoformat(typed["first"].strip())
        if parsed["first"].second or parsed["first"].microsecond:
            raise ValueError
    except ValueError:
        errors["first"] = _error("first")
    try:
        parsed["minutes"] = integer(
            typed["minutes"], minimum=policy.min_minutes, maximum=policy.max_minutes
        )
    except FieldError:
        errors["minutes"] = _error("minutes")
    try:
        parsed["count"] = integer(typed["count"], minimum=1, maximum=policy.series_max)
    except FieldError:
        errors["count"] = _error("count")
    try:
        parsed["channel"] = choice(typed["channel"], [c.value for c in Channel])
    except FieldError:
        errors["channel"] = _error("channel")
    if parsed.get("channel") == Channel.VIDEO and not get_settings().appointment_video_url:
        errors["channel"] = _error("no_video")
    if errors:
        return typed, None, errors
    return typed, SlotSeries(**parsed), {}


async def publish_slots(actor: audit.Actor, series: SlotSeries) -> list[uuid.UUID]:
    """The staff member offers `count` consecutive slots; every one must be on a working day,
    within the hours, ahead, and clear of their other slots, or none is published."""
    member = _staff(actor)
    policy = rules.policy()
    starts = rules.series(series.day, series.first, series.minutes, series.count)
    now = clock.now()
    async with transaction():
        # One member publishing from two tabs: their slots are checked for overlap in turn.
        await fetch("SELECT pg_advisory_xact_lock(hashtext({}))", f"slots:{member}")
        taken_rows = await fetch(
            "SELECT starts_at, minutes FROM appointment_slot WHERE staff = {} "
            "AND withdrawn_at IS NULL AND starts_at > {} AND starts_at < {}",
            member,
            starts[0] - timedelta(days=1),
            starts[-1] + timedelta(days=1),
        )
        taken = [(r["starts_at"], int(r["minutes"])) for r in taken_rows]
        for start in starts:
            problem = rules.slot_problem(start, series.minutes, now=now, taken=taken, rules=policy)
            if problem:
                raise FormInvalid({"first" if problem != "closed_day" else "day": _error(problem)})
            taken.append((start, series.minutes))
        ids = [uuid.uuid4() for _start in starts]
        await fetch(
            "INSERT INTO appointment_slot (id, staff, starts_at, minutes, channel, created_at) "
            "SELECT unnest({}::uuid[]), {}, unnest({}::timestamptz[]), {}, {}, {}",
            ids,
            member,
            starts,
            series.minutes,
            series.channel,
            now,
        )
        await audit.record(
            actor,
            "appointment.slots_published",
            subject=("staff", member),
            details={
                "day": series.day.isoformat(),
                "count": series.count,
                "minutes": series.minutes,
                "channel": series.channel,
            },
        )
    return ids


async def withdraw_slot(actor: audit.Actor, slot_id: uuid.UUID) -> None:
    """A free slot of the member's is no longer offered (a booked one is cancelled instead,
    with a reason the person reads)."""
    member = _staff(actor)
    async with transaction():
        rows = await fetch(
            "UPDATE appointment_slot s SET withdrawn_at = {} WHERE s.id = {} AND s.staff = {} "
            "AND s.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM appointment a "
            "WHERE a.slot = s.id AND a.status IN ('booked', 'attended', 'no_show')) "
            "RETURNING s.id",
            clock.now(),
            slot_id,
            member,
        )
        if not rows:
            raise NotFound()
        await audit.record(
            actor, "appointment.slot_withdrawn", subject=("appointment_slot", slot_id)
        )


# ------------------------------------------------------------------ the affiliate's bookings


def _checked_booking(slot: Slot, *, note: str, phone: str) -> tuple[str, str]:
    note = note.strip()
    phone = phone.strip()
    errors: dict[str, str] = {}
    if len(note) > rules.NOTE_MAX:
        errors["note"] = _error("note")
    if slot.channel == Channel.PHONE and not phone:
        errors["phone"] = _error("phone_required")
    elif phone and (len(phone) > rules.PHONE_MAX or not rules.valid_phone(phone)):
        errors["phone"] = _error("phone")
    if errors:
        raise FormInvalid(errors)
    return note, phone if slot.channel == Channel.PHONE else ""


async def _open_slot(slot_id: uuid.UUID) -> Slot:
    """The slot, locked against its withdrawal until the booking commits, if still offered."""
    rows = await fetch(
        f"SELECT {_SLOT_COLUMNS} FROM appointment_slot s WHERE s.id = {{}} "
        "AND s.withdrawn_at IS NULL FOR SHARE",
        slot_id,
    )
    if not rows:
        raise FormInvalid({"slot": _error("slot_closed")})
    member = await identity.staff_member(rows[0]["staff"])
    if member is None or not member.active:
        raise FormInvalid({"slot": _error("slot_closed")})
    slot = _slot(rows[0], {member.id: member.full_name})
    if not rules.bookable(slot.starts_at, now=clock.now(), rules=rules.policy()) or (
        slot.channel == Channel.VIDEO and not get_settings().appointment_video_url
    ):
        raise FormInvalid({"slot": _error("slot_closed")})
    return slot


async def _insert_booking(
    slot: Slot,
    person: uuid.UUID,
    *,
    about: About,
    note: str,
    phone: str,
    calendar_uid: uuid.UUID,
    sequence: int,
) -> uuid.UUID:
    appointment_id = uuid.uuid4()
    # The partial unique index (one booked appointment per slot) decides between two
    # people booking at once: the second waits for the first to commit, then inserts nothing.
    rows = await fetch(
        "INSERT INTO appointment (id, slot, person, status, about_kind, about_request, "
        "about_label, note, phone, booked_at, cancelled_by, cancel_reason, calendar_uid, "
        "calendar_sequence) VALUES ({}, {}, {}, 'booked', {}, {}, {}, {}, {}, {}, '', '', {}, "
        "{}) ON CONFLICT (slot) WHERE status = 'booked' DO NOTHING RETURNING id",
        appointment_id,
        slot.id,
        person,
        about.kind,
        about.request_id,
        about.label[:200],
        note,
        phone,
        clock.now(),
        calendar_uid,
        sequence,
    )
    if not rows:
        raise FormInvalid({"slot": _error("slot_taken")})
    return appointment_id


async def book(
    actor: audit.Actor, slot_id: uuid.UUID | None, *, about: About, note: str = "", phone: str = ""
) -> uuid.UUID:
    """The affiliate books a free slot. Refused, with a message next to the field: a time
    taken meanwhile, one that starts too soon, a phone appointment without a number, more
    appointments to come than the fund books at once."""
    person = _affiliate(actor)
    if slot_id is None:
        raise FormInvalid({"slot": _error("slot")})
    if about.kind not in ("request", "thread") or (about.kind == "request") != bool(
        about.request_id
    ):
        raise NotFound()
    async with transaction():
        slot = await _open_slot(slot_id)
        note, phone = _checked_booking(slot, note=note, phone=phone)
        # One person booking from two tabs counts their appointments in turn.
        await fetch("SELECT pg_advisory_xact_lock(hashtext({}))", f"appointments:{person}")
        [count] = await fetch(
            "SELECT count(*) AS n FROM appointment a JOIN appointment_slot s ON s.id = a.slot "
            "WHERE a.person = {} AND a.status = 'booked' AND s.starts_at > {}",
            person,
            clock.now(),
        )
        if int(count["n"]) >= rules.policy().max_upcoming:
            raise FormInvalid({"slot": _error("too_many")})
        appointment_id = await _insert_booking(
            slot, person, about=about, note=note, phone=phone, calendar_uid=uuid.uuid4(), sequence=0
        )
        await audit.record(
            actor,
            "appointment.booked",
            subject=("appointment", appointment_id),
            details={"slot": str(slot.id), "about": about.kind},
        )
        await _tell(appointment_id, "booked")
    return appointment_id


async def _locked_booking(
    appointment_id: uuid.UUID, *, person: uuid.UUID | None = None, staff: uuid.UUID | None = None
) -> AppointmentView:
    """The booking, locked for this change; the affiliate's own or on the member's slot."""
    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {} AND ({}::uuid IS NULL OR a.person = {}) "
        "AND ({}::uuid IS NULL OR s.staff = {}) FOR UPDATE OF a",
        appointment_id,
        person,
        person,
        staff,
        staff,
    )
    if not rows:
        raise NotFound()
    [view] = await _views(rows)
    return view


async def move(
    actor: audit.Actor, appointment_id: uuid.UUID, slot_id: uuid.UUID | None, *, phone: str = ""
) -> uuid.UUID:
    """The affiliate moves a booked appointment to another free time: the new booking keeps
    what it is about, its note and its calendar event (the same UID, the next SEQUENCE, so a
    calendar shows the new time instead of both). The old time is free again."""
    person = _affiliate(actor)
    if slot_id is None:
        raise FormInvalid({"slot": _error("slot")})
    async with transaction():
        old = await _locked_booking(appointment_id, person=person)
        if not old.changeable(clock.now()):
            raise FormInvalid({"slot": _error("not_cancellable")})
        if slot_id == old.slot.id:
            raise FormInvalid({"slot": _error("slot")})
        slot = await _open_slot(slot_id)
        note, phone = _checked_booking(slot, note=old.note, phone=phone or old.phone)
        new_id = await _insert_booking(
            slot,
            person,
            about=old.about,
            note=note,
            phone=phone,
            calendar_uid=old.calendar_uid,
            sequence=old.calendar_sequence + 1,
        )
        await fetch(
            "UPDATE appointment SET status = 'moved', moved_to = {}, cancelled_at = {}, "
            "cancelled_by = 'affiliate' WHERE id = {}",
            new_id,
            clock.now(),
            old.id,
        )
        await audit.record(
            actor,
            "appointment.moved",
            subject=("appointment", new_id),
            details={"from": str(old.id), "slot": str(slot.id)},
        )
        await _tell(new_id, "moved")
        if old.slot.staff_id != slot.staff_id:  # the former member's time is free again
            await _tell(old.id, "cancelled", staff_only=True)
    return new_id


def _reason(reason: str, *, required: bool) -> str:
    reason = reason.strip()
    if required and len(reason) < rules.REASON_MIN:
        raise FormInvalid({"reason": _error("reason")})
    if len(reason) > rules.REASON_MAX:
        raise FormInvalid({"reason": _error("reason_long")})
    return reason


async def cancel_by_affiliate(
    actor: audit.Actor, appointment_id: uuid.UUID, *, reason: str = ""
) -> None:
    """The affiliate cancels until it starts (a reason is welcome, not asked); the time is
    offered again and the staff member is told."""
    person = _affiliate(actor)
    reason = _reason(reason, required=False)
    async with transaction():
        view = await _locked_booking(appointment_id, person=person)
        if not view.changeable(clock.now()):
            raise FormInvalid({"reason": _error("not_cancellable")})
        await fetch(
            "UPDATE appointment SET status = 'cancelled', cancelled_at = {}, "
            "cancelled_by = 'affiliate', cancel_reason = {} WHERE id = {}",
            clock.now(),
            reason,
            view.id,
        )
        await audit.record(
            actor,
            "appointment.cancelled",
            subject=("appointment", view.id),
            details={"by": "affiliate"},
        )
        await _tell(view.id, "cancelled")


async def cancel_by_staff(actor: audit.Actor, appointment_id: uuid.UUID, *, reason: str) -> None:
    """The staff member cancels one on their slot, saying why (the person reads it); the slot
    is withdrawn with it, since the member cannot be there."""
    member = _staff(actor)
    reason = _reason(reason, required=True)
    async with transaction():
        view = await _locked_booking(appointment_id, staff=member)
        if not view.changeable(clock.now()):
            raise FormInvalid({"reason": _error("not_cancellable")})
        await fetch(
            "UPDATE appointment SET status = 'cancelled', cancelled_at = {}, "
            "cancelled_by = 'staff', cancel_reason = {} WHERE id = {}",
            clock.now(),
            reason,
            view.id,
        )
        await fetch(
            "UPDATE appointment_slot SET withdrawn_at = {} WHERE id = {}", clock.now(), view.slot.id
        )
        await audit.record(
            actor,
            "appointment.cancelled",
            subject=("appointment", view.id),
            details={"by": "staff"},
        )
        await _tell(view.id, "cancelled_by_fund")


async def record_outcome(actor: audit.Actor, appointment_id: uuid.UUID, outcome: str) -> None:
    """Once it has started, the member records whether the person came (and may correct it)."""
    member = _staff(actor)
    if outcome not in (rules.Outcome.ATTENDED, rules.Outcome.NO_SHOW):
        raise FormInvalid({"outcome": _error("outcome")})
    async with transaction():
        view = await _locked_booking(appointment_id, staff=member)
        if not view.outcome_open(clock.now()):
            raise FormInvalid({"outcome": _error("outcome_early")})
        await fetch(
            "UPDATE appointment SET status = {}, outcome_at = {}, outcome_by = {} WHERE id = {}",
            outcome,
            clock.now(),
            member,
            view.id,
        )
        await audit.record(
            actor,
            "appointment.outcome",
            subject=("appointment", view.id),
            details={"outcome": outcome},
        )


async def send_reminders(now: datetime | None = None) -> int:
    """The hourly cron: every appointment booked for tomorrow (Brussels) not yet reminded gets
    its reminder, to the person and to the staff member, once (`reminded_at`, taken under a
    row lock so two workers share the work), from the policy's hour on; a booking made later
    that day is reminded by the next run. Returns how many (in batches of 500)."""
    moment = now or clock.now()
    tomorrow = rules.reminder_day(moment, rules.policy())
    if tomorrow is None:
        return 0
    start = datetime.combine(tomorrow, time(0), tzinfo=rules.BRUSSELS)
    async with transaction():
        rows = await fetch(
            "UPDATE appointment SET reminded_at = {} WHERE id IN (SELECT a.id FROM appointment a "
            "JOIN appointment_slot s ON s.id = a.slot WHERE a.status = 'booked' "
            "AND a.reminded_at IS NULL AND s.starts_at >= {} AND s.starts_at < {} "
            "ORDER BY s.starts_at LIMIT 500 FOR UPDATE OF a SKIP LOCKED) RETURNING id",
            moment,
            start,
            start + timedelta(days=1),
        )
        for row in rows:
            await _tell(row["id"], "reminder")
    return len(rows)


# ----------------------------------------------------------------- notices, mails, calendar

# What each side reads, by event. The affiliate's subject and body are message ids written in
# their language by post_notice; the staff line likewise by post_staff_notice.
_AFFILIATE_TEXTS: dict[str, tuple[str, str]] = {
    "booked": (
        N_("Your appointment on %(day)s at %(time)s"),
        N_(
            "Your appointment with %(staff)s is booked for %(day)s at %(time)s (%(channel)s). "
            "Add it to your calendar from your appointments; you can move or cancel it there."
        ),
    ),
    "moved": (
        N_("Your appointment is moved to %(day)s at %(time)s"),
        N_(
            "Your appointment with %(staff)s now takes place on %(day)s at %(time)s "
            "(%(channel)s). The former time is freed."
        ),
    ),
    "cancelled": (
        N_("Your appointment on %(day)s is cancelled"),
        N_(
            "You cancelled your appointment with %(staff)s of %(day)s at %(time)s. You can book "
            "another time in your appointments."
        ),
    ),
    "cancelled_by_fund": (
        N_("The fund cancels your appointment on %(day)s"),
        N_(
            "%(staff)s cannot see you on %(day)s at %(time)s: %(reason)s. Please choose another "
            "time in your appointments, or write in your thread."
        ),
    ),
    "reminder": (
        N_("Reminder: your appointment tomorrow at %(time)s"),
        N_(
            "Your appointment with %(staff)s is tomorrow, %(day)s, at %(time)s (%(channel)s). "
            "If you cannot come, cancel it in your appointments so someone else can have it."
        ),
    ),
}
_STAFF_TEXTS: dict[str, str] = {
    "booked": N_("Appointment booked by %(name)s on %(day)s at %(time)s"),
    "moved": N_("%(name)s moved their appointment to %(day)s at %(time)s"),
    "cancelled": N_("%(name)s cancelled their appointment of %(day)s at %(time)s"),
    "reminder": N_("Tomorrow at %(time)s: appointment with %(name)s"),
}


def _host() -> str:
    return urlsplit(get_settings().base_url).hostname or "localhost"


def calendar_file(view: AppointmentView, *, language: str, for_staff: bool = False) -> str:
    """The appointment as an iCalendar file (RFC 5545) in the reader's language: one event
    whose UID stays across moves and whose SEQUENCE grows, cancelled when it is; a reminder
    the day before. Times in UTC, which every calendar reads."""
    settings = get_settings()
    cancelled = view.status in (Status.CANCELLED, Status.MOVED)
    with i18n.language(language):
        calendar = icalendar.Calendar()
        calendar.add("prodid", f"-//{settings.fund_name}//Affilio//{language.upper()}")
        calendar.add("version", "2.0")
        calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
        event = icalendar.Event()
        event.add("uid", f"{view.calendar_uid}@{_host()}")
        event.add("sequence", view.calendar_sequence + (1 if cancelled else 0))
        event.add("dtstamp", clock.now().astimezone(UTC))
        event.add("dtstart", view.starts_at.astimezone(UTC))
        event.add("dtend", view.ends_at.astimezone(UTC))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        channel = str(CHANNEL_LABELS[view.slot.channel])
        if for_staff:
            event.add("summary", _("Appointment with %(name)s", name=view.person_name))
            lines = [channel]
            if view.phone:
                lines.append(_("Call %(phone)s", phone=view.phone))
            if view.about.label:
                lines.append(view.about.label)
            if view.note:
                lines.append(view.note)
            event.add("url", f"{settings.base_url}/staff/people/{view.person_id}")
        else:
            event.add(
                "summary",
                _(
                    "Appointment with %(staff)s (%(fund)s)",
                    staff=view.slot.staff_name,
                    fund=settings.fund_name,
                ),
            )
            lines = [channel]
            if view.slot.channel == Channel.PHONE:
                lines.append(
                    _(
                        "%(staff)s calls you at %(phone)s.",
                        staff=view.slot.staff_name,
                        phone=view.phone,
                    )
                )
            if view.about.label:
                lines.append(_("About: %(label)s", label=view.about.label))
            event.add("url", f"{settings.base_url}/appointments")
        if view.place:
            event.add("location", view.place)
        elif view.video_link:
            event.add("location", view.video_link)
            lines.append(view.video_link)
        event.add("description", "\n".join(lines))
        if not cancelled:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-1))
            alarm.add("description", str(event["summary"]))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _context(view: AppointmentView, *, reason: str = "") -> dict[str, Any]:
    return {
        "day": view.slot.day,
        "time": i18n.format_clock(view.starts_at),
        "staff": view.slot.staff_name,
        "channel": CHANNEL_LABELS[view.slot.channel],
        "reason": reason,
        "name": view.person_name,
    }


async def _tell(appointment_id: uuid.UUID, event: str, *, staff_only: bool = False) -> None:
    """Both sides learn of the change: the person in their inbox and by e-mail with the
    `.ics`; the member in their staff inbox and by e-mail with theirs (the member is not told
    of their own cancellation). Joins the caller's transaction."""
    from app.messaging.service import Notice, post_notice, post_staff_notice

    rows = await fetch(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {}",
        appointment_id,
    )
    [view] = await _views(rows)
    person = await identity.person_contact(view.person_id)
    member = await identity.staff_member(view.slot.staff_id)
    stamp = f"{appointment_id}:{event}"
    if person is not None and not staff_only:
        language = person.language or i18n.DEFAULT_LANGUAGE
        subject, body = _AFFILIATE_TEXTS[event]
        await post_notice(
            view.person_id,
            Notice(
                kind=KIND,
                subject=subject,
                body=body,
                context=_context(view, reason=view.cancel_reason),
                email_template="appointment",
                email_context={
                    "event": event,
                    "video": view.video_link,
                    "place": view.place,
                    "phone": view.phone,
                },
                email_attachments=(
                    MailAttachment(
                        "appointment.ics", "text/calendar", calendar_file(view, language=language)
                    ),
                ),
                link="/appointments",
            ),
            dedupe_key=f"appointment:{stamp}",
        )
    if member is not None and member.active and event in _STAFF_TEXTS:
        link = f"/staff/appointments?day={view.slot.day.isoformat()}"
        await post_staff_notice(
            member.id,
            kind=KIND,
            subject=_STAFF_TEXTS[event],
            context=_context(view),
            link=link,
            dedupe_key=f"staff-appointment:{stamp}",
        )
        language = i18n.normalise(member.language) or i18n.DEFAULT_LANGUAGE
        with i18n.language(language):
            written = {
                "day": i18n.format_day(view.slot.day),
                "time": _context(view)["time"],
                "person": view.person_name,
                "channel": str(CHANNEL_LABELS[view.slot.channel]),
            }
        await queue_mail(
            to=member.email,
            template="appointment_staff",
            language=language,
            context={
                **written,
                "event": event,
                "name": member.full_name,
                "link": get_settings().base_url.rstrip("/") + link,
            },
            attachments=[
                MailAttachment(
                    "appointment.ics",
                    "text/calendar",
                    calendar_file(view, language=language, for_staff=True),
                )
            ],
        )


async def calendar_for_affiliate(
    actor: audit.Actor, appointment_id: uuid.UUID, language: str
) -> str:
    return calendar_file(await appointment_for(actor, appointment_id), language=language)


async def calendar_for_staff(actor: audit.Actor, appointment_id: uuid.UUID, language: str) -> str:
    view = await staff_appointment(actor, appointment_id)
    return calendar_file(view, language=language, for_staff=True)


async def move_to_file(claimant_id: uuid.UUID, file_id: uuid.UUID) -> int:
    """A self-registered account linked into its known file: its appointments follow."""
    rows = await fetch(
        "UPDATE appointment SET person = {} WHERE person = {} RETURNING id", file_id, claimant_id
    )
    return len(rows)
