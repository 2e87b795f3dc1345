"""What each side is told of an appointment: the inbox notice, the e-mail with its `.ics`
file (RFC 5545, through icalendar) and the staff member's line and e-mail. Joins the caller's
transaction (app/messaging/appointments.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar

from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.db import fetch
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.kit.mail import MailAttachment, queue_mail
from app.kit.settings import get_settings
from app.messaging.appointment_views import (
    APPOINTMENT_COLUMNS,
    CHANNEL_LABELS,
    AppointmentView,
    appointment_for,
    staff_appointment,
    views_of,
)
from app.messaging.rules.appointments import Channel, Status

KIND = "appointment"  # the inbox kind of every appointment notice, both sides

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


async def tell(appointment_id: uuid.UUID, event: str, *, staff_only: bool = False) -> None:
    """Both sides learn of the change: the person in their inbox and by e-mail with the
    `.ics`; the member in their staff inbox and by e-mail with theirs (the member is not told
    of their own cancellation). Joins the caller's transaction."""
    from app.messaging.service import Notice, post_notice, post_staff_notice  # ranks: same domain

    rows = await fetch(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointment a JOIN appointment_slot s "
        "ON s.id = a.slot WHERE a.id = {}",
        appointment_id,
    )
    [view] = await views_of(rows)
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
