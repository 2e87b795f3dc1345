"""The affiliate's appointments (/appointments): those to come, with their calendar file and
buttons to move or cancel, and the free times of their account manager to book one about their
thread or, from a request's page (/appointments/book?request=<id>), about that request."""

from __future__ import annotations

import uuid
from itertools import groupby
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.identity.guards import require_affiliate, who
from app.kit import clock, i18n
from app.kit.errors import FormInvalid
from app.kit.forms import raw
from app.kit.http import AnyRequest, calendar_download
from app.messaging import appointments
from app.messaging.appointments import About
from app.messaging.rules import appointments as rules


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _typed(form: Any) -> dict[str, str]:
    return {
        "slot": raw(form, "slot")[:40],
        "note": raw(form, "note")[: rules.NOTE_MAX * 2],
        "phone": raw(form, "phone")[: rules.PHONE_MAX * 2],
        "reason": raw(form, "reason")[: rules.REASON_MAX * 2],
    }


async def booking_page(
    request: AnyRequest,
    *,
    about: About,
    action: str,
    heading: str,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    moving: appointments.AppointmentView | None = None,
    status_code: int = 200,
) -> Template:
    """The page with the free times to choose from, for a booking (about the thread or a
    request) or a move; what was typed stays on it."""
    _me, actor = await who(request)
    slots, from_manager = await appointments.free_slots(
        actor, exclude=moving.slot.id if moving else None
    )
    return Template(
        "messaging/appointment_book.html",
        context={
            "about": about,
            "action": action,
            "heading": heading,
            "moving": moving,
            "days": [(d, list(s)) for d, s in groupby(slots, key=lambda s: s.day)],
            "from_manager": from_manager,
            "form": form or {},
            "errors": errors or {},
            "note_max": rules.NOTE_MAX,
            "phone_max": rules.PHONE_MAX,
            "shown_days": rules.policy().shown_days,
            "lead": rules.policy().book_lead,
        },
        status_code=status_code,
    )


async def book_from_form(
    request: AnyRequest, *, about: About, action: str, heading: str
) -> Template | Redirect:
    """The booking form sent: booked and back to the appointments, or the form again with
    the message next to the field and everything typed kept."""
    _me, actor = await who(request)
    form = _typed(await request.form())
    try:
        await appointments.book(
            actor, _uuid(form["slot"]), about=about, note=form["note"], phone=form["phone"]
        )
    except FormInvalid as exc:
        return await booking_page(
            request,
            about=about,
            action=action,
            heading=heading,
            form=form,
            errors=exc.errors,
            status_code=422,
        )
    return Redirect(path="/appointments?done=booked", status_code=303)


async def _move_page(
    request: AnyRequest, current: appointments.AppointmentView, **page: Any
) -> Template:
    """The booking page for moving an appointment to another free time."""
    return await booking_page(
        request,
        about=current.about,
        action=f"/appointments/{current.id}/move",
        heading=i18n.gettext("Move my appointment"),
        moving=current,
        **page,
    )


DONE = ("booked", "moved", "cancelled")


BOOK = "/appointments/book"  # where a new booking's form is sent


class AppointmentsController(Controller):
    path = "/appointments"
    guards = [require_affiliate]
    include_in_schema = False

    async def _list(
        self,
        request: AnyRequest,
        *,
        done: str = "",
        cancel_errors: dict[uuid.UUID, dict[str, str]] | None = None,
        cancel_typed: dict[uuid.UUID, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        _me, actor = await who(request)
        mine = await appointments.appointments_for(actor)
        now = clock.now()
        return Template(
            "messaging/appointments.html",
            context={
                "coming": [a for a in mine if a.to_come(now)],
                "past": [a for a in mine if not a.to_come(now)],
                "now": now,
                "done": done,
                "cancel_errors": cancel_errors or {},
                "cancel_typed": cancel_typed or {},
                "reason_max": rules.REASON_MAX,
                "max_upcoming": rules.policy().max_upcoming,
            },
            status_code=status_code,
        )

    @get("/", name="appointments:list")
    async def list_appointments(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        return await self._list(request, done=done if done in DONE else "")

    @get("/book", name="appointments:book_form")
    async def book_form(
        self, request: AnyRequest, about_request: FromQuery[uuid.UUID | None] = None
    ) -> Template:
        """`?about_request=<id>`: about one of the person's requests, else their thread."""
        _me, actor = await who(request)
        about = await appointments.about_for(actor, about_request)
        return await booking_page(
            request, about=about, action=BOOK, heading=i18n.gettext("Book an appointment")
        )

    @post("/book", name="appointments:book")
    async def book(self, request: AnyRequest) -> Template | Redirect:
        _me, actor = await who(request)
        about = await appointments.about_for(
            actor, _uuid(raw(await request.form(), "about_request")[:40])
        )
        return await book_from_form(
            request, about=about, action=BOOK, heading=i18n.gettext("Book an appointment")
        )

    @get("/{appointment_id:uuid}/move", name="appointments:move_form")
    async def move_form(self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]) -> Template:
        _me, actor = await who(request)
        current = await appointments.appointment_for(actor, appointment_id)
        return await _move_page(request, current, form={"phone": current.phone})

    @post("/{appointment_id:uuid}/move", name="appointments:move")
    async def move(
        self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        current = await appointments.appointment_for(actor, appointment_id)
        form = _typed(await request.form())
        try:
            await appointments.move(actor, appointment_id, _uuid(form["slot"]), phone=form["phone"])
        except FormInvalid as exc:
            return await _move_page(request, current, form=form, errors=exc.errors, status_code=422)
        return Redirect(path="/appointments?done=moved", status_code=303)

    @post("/{appointment_id:uuid}/cancel", name="appointments:cancel")
    async def cancel(
        self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        form = _typed(await request.form())
        try:
            await appointments.cancel_by_affiliate(actor, appointment_id, reason=form["reason"])
        except FormInvalid as exc:
            return await self._list(
                request,
                cancel_errors={appointment_id: exc.errors},
                cancel_typed={appointment_id: form["reason"]},
                status_code=422,
            )
        return Redirect(path="/appointments?done=cancelled", status_code=303)

    @get("/{appointment_id:uuid}/calendar.ics", name="appointments:calendar")
    async def calendar(
        self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        _me, actor = await who(request)
        body = await appointments.calendar_for_affiliate(
            actor, appointment_id, i18n.current_language()
        )
        return calendar_download(body)
