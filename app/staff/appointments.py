"""The staff member's appointments (/staff/appointments): their day (?day=YYYY-MM-DD, today by
default) slot by slot with who booked it and what about, the appointments of the coming days,
a form to publish slots, and on each booking: its calendar file, cancel with a reason (the
person reads it), and once it has started whether the person came. Writes go through
`app.messaging.service.appointments`."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.identity.guards import require_permission, require_staff, who
from app.identity.rules import Permission
from app.kit import clock, i18n
from app.kit.errors import FormInvalid
from app.kit.forms import raw
from app.kit.http import AnyRequest, calendar_download
from app.kit.settings import get_settings
from app.messaging.rules import appointments as rules
from app.messaging.service import appointments

DONE = ("published", "withdrawn", "cancelled", "recorded")


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else clock.today()
    except ValueError:
        return clock.today()


def _back(on: date, done: str) -> Redirect:
    """After a change: the day it was made on, with the banner that says what was done."""
    return Redirect(path=f"/staff/appointments?day={on.isoformat()}&done={done}", status_code=303)


class StaffAppointmentsController(Controller):
    path = "/staff/appointments"
    guards = [require_staff, require_permission(Permission.VIEW_QUEUE)]
    include_in_schema = False

    async def _page(
        self,
        request: AnyRequest,
        on: date,
        *,
        done: str = "",
        form: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        row_errors: dict[uuid.UUID, dict[str, str]] | None = None,
        row_typed: dict[uuid.UUID, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        _me, actor = await who(request)
        policy = rules.policy()
        today = clock.today()
        return Template(
            "staff/appointments.html",
            context={
                "day": on,
                "today": today,
                "previous": on - timedelta(days=1),
                "next": on + timedelta(days=1),
                "now": clock.now(),
                "agenda": await appointments.staff_day(actor, on),
                "upcoming": await appointments.staff_upcoming(actor),
                "done": done,
                "errors": errors or {},
                "row_errors": row_errors or {},
                "row_typed": row_typed or {},
                "form": form
                or {
                    "day": on.isoformat(),
                    "first": "14:00",
                    "minutes": "30",
                    "count": "4",
                    "channel": "office",
                },
                "channel_options": [
                    (c, label)
                    for c, label in appointments.CHANNEL_LABELS.items()
                    if c != "video" or get_settings().appointment_video_url
                ],
                "policy": policy,
                "reason_max": rules.REASON_MAX,
                "latest": today + timedelta(days=policy.horizon_days),
            },
            status_code=status_code,
        )

    @get("/", name="staff:appointments")
    async def day(
        self,
        request: AnyRequest,
        day: FromQuery[str | None] = None,
        done: FromQuery[str | None] = None,
    ) -> Template:
        return await self._page(request, _day(day), done=done if done in DONE else "")

    @post("/slots", name="staff:appointment_slots")
    async def publish(self, request: AnyRequest) -> Template | Redirect:
        _me, actor = await who(request)
        typed, series, errors = appointments.parse_series(await request.form())
        on = series.day if series else _day(typed.get("day"))
        try:
            if series is None:
                raise FormInvalid(errors)
            await appointments.publish_slots(actor, series)
        except FormInvalid as exc:
            return await self._page(request, on, form=typed, errors=exc.errors, status_code=422)
        return _back(on, "published")

    @post("/slots/{slot_id:uuid}/withdraw", name="staff:appointment_slot_withdraw")
    async def withdraw(self, request: AnyRequest, slot_id: FromPath[uuid.UUID]) -> Redirect:
        _me, actor = await who(request)
        await appointments.withdraw_slot(actor, slot_id)
        back = _day(raw(await request.form(), "day")[:10])
        return _back(back, "withdrawn")

    @post("/{appointment_id:uuid}/cancel", name="staff:appointment_cancel")
    async def cancel(
        self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        current = await appointments.staff_appointment(actor, appointment_id)
        reason = raw(await request.form(), "reason")[: rules.REASON_MAX * 2]
        try:
            await appointments.cancel_by_staff(actor, appointment_id, reason=reason)
        except FormInvalid as exc:
            return await self._page(
                request,
                current.slot.day,
                row_errors={appointment_id: exc.errors},
                row_typed={appointment_id: reason},
                status_code=422,
            )
        return _back(current.slot.day, "cancelled")

    @post("/{appointment_id:uuid}/outcome", name="staff:appointment_outcome")
    async def outcome(
        self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        current = await appointments.staff_appointment(actor, appointment_id)
        outcome = raw(await request.form(), "outcome")[:16]
        try:
            await appointments.record_outcome(actor, appointment_id, outcome)
        except FormInvalid as exc:
            return await self._page(
                request, current.slot.day, row_errors={appointment_id: exc.errors}, status_code=422
            )
        return _back(current.slot.day, "recorded")

    @get("/{appointment_id:uuid}/calendar.ics", name="staff:appointment_calendar")
    async def calendar(
        self, request: AnyRequest, appointment_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        _me, actor = await who(request)
        body = await appointments.calendar_for_staff(actor, appointment_id, i18n.current_language())
        return calendar_download(body)
