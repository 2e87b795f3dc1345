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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from app.identity import queries as identity
from app.kit import audit, clock
from app.kit.db import fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import FieldError, choice, day, integer, raw
from app.kit.i18n import lazy_gettext
from app.kit.settings import get_settings
from app.messaging.appointment_notices import (
    KIND as KIND,
)
from app.messaging.appointment_notices import (
    calendar_file as calendar_file,
)
from app.messaging.appointment_notices import (
    calendar_for_affiliate as calendar_for_affiliate,
)
from app.messaging.appointment_notices import (
    calendar_for_staff as calendar_for_staff,
)
from app.messaging.appointment_notices import tell
from app.messaging.appointment_views import (  # the reads, offered here with the writes
    APPOINTMENT_COLUMNS,
    CHANNEL_LABELS,
    SLOT_COLUMNS,
    STATUS_LABELS,
    About,
    AppointmentView,
    Slot,
    StaffDay,
    about_for,
    appointment_for,
    appointments_for,
    appointments_of_person,
    free_slots,
    register_about_reader,
    slot_of,
    staff_appointment,
    staff_day,
    staff_upcoming,
    views_of,
)
from app.messaging.appointment_views import affiliate_of as _affiliate
from app.messaging.appointment_views import staff_of as _staff
from app.messaging.rules import appointments as rules
from app.messaging.rules.appointments import Channel

__all__ = [
    "CHANNEL_LABELS",
    "KIND",
    "STATUS_LABELS",
    "About",
    "AppointmentView",
    "Slot",
    "SlotSeries",
    "StaffDay",
    "about_for",
    "appointment_for",
    "appointments_for",
    "appointments_of_person",
    "book",
    "calendar_file",
    "calendar_for_affiliate",
    "calendar_for_staff",
    "cancel_by_affiliate",
    "cancel_by_staff",
    "free_slots",
    "move",
    "move_to_file",
    "parse_series",
    "publish_slots",
    "record_outcome",
    "register_about_reader",
    "send_reminders",
    "staff_appointment",
    "staff_day",
    "staff_upcoming",
    "withdraw_slot",
]

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
        f"SELECT {SLOT_COLUMNS} FROM appointment_slot s WHERE s.id = {{}} "
        "AND s.withdrawn_at IS NULL FOR SHARE",
        slot_id,
    )
    if not rows:
        raise FormInvalid({"slot": _error("slot_closed")})
    member = await identity.staff_member(rows[0]["staff"])
    if member is None or not member.active:
        raise FormInvalid({"slot": _error("slot_closed")})
    slot = slot_of(rows[0], {member.id: member.full_name})
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
        await tell(appointment_id, "booked")
    return appointment_id


async def _locked_booking(
    appointment_id: uuid.UUID, *, person: uuid.UUID | None = None, staff: uuid.UUID | None = None
) -> AppointmentView:
    """The booking, locked for this change; the affiliate's own or on the member's slot."""
    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
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
    [view] = await views_of(rows)
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
        await tell(new_id, "moved")
        if old.slot.staff_id != slot.staff_id:  # the former member's time is free again
            await tell(old.id, "cancelled", staff_only=True)
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
        await tell(view.id, "cancelled")


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
        await tell(view.id, "cancelled_by_fund")


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
            await tell(row["id"], "reminder")
    return len(rows)


async def move_to_file(claimant_id: uuid.UUID, file_id: uuid.UUID) -> int:
    """A self-registered account linked into its known file: its appointments follow."""
    rows = await fetch(
        "UPDATE appointment SET person = {} WHERE person = {} RETURNING id", file_id, claimant_id
    )
    return len(rows)
