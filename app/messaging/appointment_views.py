"""Appointments as each side reads them (app/messaging/appointments.py writes them): the
free times an affiliate may book, their appointments, a staff member's day, and what a booking
is about. Every read is scoped to its actor."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from app.affiliation import queries as affiliation
from app.identity import queries as identity
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.kit.i18n import lazy_gettext
from app.kit.settings import get_settings
from app.messaging.rules import appointments as rules
from app.messaging.rules.appointments import Channel, Status

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
    affiliate_of(actor)
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


SLOT_COLUMNS = "s.id, s.staff, s.starts_at, s.minutes, s.channel"
APPOINTMENT_COLUMNS = (
    f"a.id AS appointment_id, a.person, a.status, a.about_kind, a.about_request, a.about_label, "
    f"a.note, a.phone, a.booked_at, a.cancelled_at, a.cancelled_by, a.cancel_reason, "
    f"a.calendar_uid, a.calendar_sequence, a.outcome_at, {SLOT_COLUMNS}"
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


def slot_of(row: Mapping[str, Any], names: Mapping[uuid.UUID, str]) -> Slot:
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
        slot=slot_of(row, names),
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


async def views_of(rows: Sequence[Mapping[str, Any]]) -> list[AppointmentView]:
    names = await _staff_names([r["staff"] for r in rows])
    people = await _person_names([r["person"] for r in rows]) if rows else {}
    return [_view(r, names, people) for r in rows]


def affiliate_of(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


def staff_of(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    return actor.id


async def free_slots(
    actor: audit.Actor, *, exclude: uuid.UUID | None = None
) -> tuple[list[Slot], bool]:
    """The times the affiliate may book, soonest first, and whether they are their account
    manager's. The account manager's own times come first; when they have none free (or the
    person has no manager yet) the times of the fund's other staff are offered."""
    person = affiliate_of(actor)
    now = clock.now()
    policy = rules.policy()
    manager = await affiliation.account_manager_for(person)
    staff = await identity.active_staff()
    video = bool(get_settings().appointment_video_url)

    async def of(members: Sequence[uuid.UUID]) -> list[Slot]:
        rows = await fetch(
            f"SELECT {SLOT_COLUMNS} FROM appointment_slot s "
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
        return [slot_of(r, names) for r in rows]

    if manager is not None:
        own = await of([manager.id])
        if own:
            return own, True
    return await of([m.id for m in staff]), False


async def appointments_for(actor: audit.Actor) -> list[AppointmentView]:
    """The affiliate's appointments, the ones to come first (soonest first), then the last
    ones gone by or cancelled (newest first). A moved booking shows as its new time only."""
    person = affiliate_of(actor)
    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.person = {} AND a.status <> 'moved' "
        "ORDER BY (a.status = 'booked' AND s.starts_at > {}) DESC, "
        "CASE WHEN a.status = 'booked' AND s.starts_at > {} THEN s.starts_at END ASC, "
        "s.starts_at DESC LIMIT 30",
        person,
        clock.now(),
        clock.now(),
    )
    return await views_of(rows)


async def appointment_for(actor: audit.Actor, appointment_id: uuid.UUID) -> AppointmentView:
    """One of the affiliate's appointments (another's is not found)."""
    person = affiliate_of(actor)
    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {} AND a.person = {}",
        appointment_id,
        person,
    )
    if not rows:
        raise NotFound()
    [view] = await views_of(rows)
    return view


async def staff_day(actor: audit.Actor, on: date) -> StaffDay:
    """The member's slots of that day (Brussels), with their booking; a slot whose booking
    was cancelled or moved is free again and listed so, the cancellation listed apart."""
    member = staff_of(actor)
    start = datetime.combine(on, time(0), tzinfo=rules.BRUSSELS)
    end = start + timedelta(days=1)
    slot_rows = await fetch(
        f"SELECT {SLOT_COLUMNS} FROM appointment_slot s WHERE s.staff = {{}} "
        "AND s.starts_at >= {} AND s.starts_at < {} AND s.withdrawn_at IS NULL "
        "ORDER BY s.starts_at",
        member,
        start,
        end,
    )
    booking_rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE s.staff = {} AND s.starts_at >= {} AND s.starts_at < {} "
        "ORDER BY s.starts_at, a.booked_at",
        member,
        start,
        end,
    )
    names = await _staff_names([member])
    views = await views_of(booking_rows)
    live = {
        v.slot.id: v for v in views if v.status in (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)
    }
    slots = [(s, live.get(s.id)) for s in (slot_of(r, names) for r in slot_rows)]
    # A booked slot withdrawn afterwards cannot be: staff cancel first (which withdraws).
    released = [v for v in views if v.status in (Status.CANCELLED, Status.MOVED)]
    return StaffDay(on, slots, released)


async def staff_upcoming(actor: audit.Actor, *, days: int = 14) -> list[AppointmentView]:
    """The member's booked appointments of the coming days, for the top of their page."""
    member = staff_of(actor)
    now = clock.now()
    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE s.staff = {} AND a.status = 'booked' AND s.starts_at >= {} "
        "AND s.starts_at < {} ORDER BY s.starts_at LIMIT 100",
        member,
        now - timedelta(hours=2),
        now + timedelta(days=days),
    )
    return await views_of(rows)


async def staff_appointment(actor: audit.Actor, appointment_id: uuid.UUID) -> AppointmentView:
    """One appointment on the member's own slots (a colleague's is not found)."""
    member = staff_of(actor)
    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {} AND s.staff = {}",
        appointment_id,
        member,
    )
    if not rows:
        raise NotFound()
    [view] = await views_of(rows)
    return view


async def appointments_of_person(person_id: uuid.UUID) -> list[AppointmentView]:
    """A person's appointments to come, for the staff member's view of the file (the caller
    checked the member may see the person)."""
    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.person = {} AND a.status = 'booked' AND s.starts_at > {} "
        "ORDER BY s.starts_at LIMIT 10",
        person_id,
        clock.now(),
    )
    return await views_of(rows)
