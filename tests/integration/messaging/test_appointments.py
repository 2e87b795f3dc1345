"""Appointments with the account manager (issue 20, item 5) against the real database: staff
publish slots, the affiliate books one about a request or the thread (never a slot taken
meanwhile, even when two book at the same instant), moves and cancels it; staff cancel with a
reason and record a no-show; both sides get the notice, the e-mail with its .ics and one
reminder the day before. The times are Brussels times in December (UTC+1)."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
import icalendar
import pytest

from app.affiliation import service as affiliation_service
from app.kit import clock
from app.kit.errors import FormInvalid, NotFound
from app.kit.tables import OutboxJob
from app.messaging.service import appointments
from app.messaging.tables import Appointment, InboxMessage, StaffNotice
from app.requests import queries as requests_queries
from tests.integration.requests.test_service import submit
from tests.support.actors import affiliate, csrf, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration

# Monday 7 December 2026, 09:00 in Brussels.
MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
TUESDAY = date(2026, 12, 8)


def series(
    first: str = "14:00", count: int = 2, channel: str = "office", on: date = TUESDAY
) -> appointments.SlotSeries:
    return appointments.SlotSeries(on, time.fromisoformat(first), 30, count, channel)


async def mails(template: str) -> list[dict[str, Any]]:
    rows = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    payloads = [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]
    return [p for p in payloads if p["template"] == template]


def event_of(payload: dict[str, Any]) -> icalendar.Event:
    [attachment] = payload["attachments"]
    assert attachment["content_type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment["content"])
    [event] = calendar.walk("VEVENT")
    return event


async def managed_pair(language: str = "en") -> tuple[uuid.UUID, uuid.UUID]:
    agent = await make_staff(name="Marie Dupont")
    person = await make_person(language=language)
    await affiliation_service.assign_account_manager(staff(agent), person_id=person, staff_id=agent)
    return agent, person


class TestPublish:
    async def test_a_series_on_a_working_day(self) -> None:
        agent = await make_staff()
        with clock.frozen(MONDAY):
            ids = await appointments.publish_slots(staff(agent), series(count=3))
            day = await appointments.staff_day(staff(agent), TUESDAY)
        assert len(ids) == 3
        assert [(s.starts_at, s.minutes) for s, booking in day.slots] == [
            (datetime(2026, 12, 8, 13, 0, tzinfo=UTC), 30),
            (datetime(2026, 12, 8, 13, 30, tzinfo=UTC), 30),
            (datetime(2026, 12, 8, 14, 0, tzinfo=UTC), 30),
        ]
        assert all(booking is None for _s, booking in day.slots)

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"on": date(2026, 12, 25)}, "day", "La caisse est fermée ce jour-là"),
            ({"on": date(2026, 12, 12)}, "day", "La caisse est fermée ce jour-là"),
            ({"first": "16:45"}, "first", "dans les heures d'ouverture"),
            ({"on": date(2027, 3, 15)}, "first", "au plus 90 jours à l'avance"),
        ],
    )
    async def test_refused_with_the_reason(
        self, change: dict[str, Any], field: str, message: str
    ) -> None:
        agent = await make_staff()
        with clock.frozen(MONDAY), pytest.raises(FormInvalid) as caught:
            await appointments.publish_slots(staff(agent), series(**change))
        assert message in caught.value.errors[field]
        assert await Appointment.count() == 0

    async def test_no_overlap_with_ones_own_slots(self) -> None:
        agent = await make_staff()
        with clock.frozen(MONDAY):
            await appointments.publish_slots(staff(agent), series(count=2))
            with pytest.raises(FormInvalid) as caught:
                await appointments.publish_slots(staff(agent), series(first="14:15", count=1))
        assert "chevauchent un de vos créneaux" in caught.value.errors["first"]

    async def test_the_form_names_each_field(self) -> None:
        typed, parsed, errors = appointments.parse_series(
            {"day": "8/12", "first": "2pm", "minutes": "5", "count": "40", "channel": "video"}
        )
        assert parsed is None and typed["first"] == "2pm"
        assert set(errors) == {"day", "first", "minutes", "count", "channel"}


class TestBooking:
    async def test_book_about_the_thread_with_notices_mails_and_calendar(self) -> None:
        agent, person = await managed_pair()
        with clock.frozen(MONDAY):
            [first, second] = await appointments.publish_slots(staff(agent), series())
            slots, from_manager = await appointments.free_slots(affiliate(person))
            assert from_manager and [s.id for s in slots] == [first, second]
            booked = await appointments.book(
                affiliate(person),
                first,
                about=appointments.About.thread(),
                note="Mon plan de paiement",
            )
            slots, _ = await appointments.free_slots(affiliate(person))
            [mine] = await appointments.appointments_for(affiliate(person))
        assert [s.id for s in slots] == [second]  # the booked time is offered no more
        assert mine.id == booked and mine.status == "booked" and mine.note == "Mon plan de paiement"
        [notice] = await InboxMessage.select().where(InboxMessage.person == person)
        assert notice["subject"] == "Your appointment on 8 December 2026 at 14:00"
        [line] = await StaffNotice.select().where(StaffNotice.staff == agent)
        assert "Lotte Peeters" in line["subject"] and "14:00" in line["subject"]
        [to_person] = await mails("appointment")
        [to_staff] = await mails("appointment_staff")
        event = event_of(to_person)
        assert event.decoded("dtstart") == datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
        assert event.decoded("dtend") == datetime(2026, 12, 8, 13, 30, tzinfo=UTC)
        assert str(event["status"]) == "CONFIRMED" and int(event["sequence"]) == 0
        assert "Marie Dupont" in str(event["summary"])
        assert str(event_of(to_staff)["uid"]) == str(event["uid"])
        assert "Lotte Peeters" in str(event_of(to_staff)["summary"])

    async def test_two_people_at_the_same_instant_one_gets_it(self) -> None:
        agent = await make_staff()
        people = [await make_person(first_name=f"P{i}") for i in range(4)]
        with clock.frozen(MONDAY):
            [slot] = await appointments.publish_slots(staff(agent), series(count=1))

            async def attempt(person: uuid.UUID) -> str:
                try:
                    await appointments.book(
                        affiliate(person), slot, about=appointments.About.thread()
                    )
                    return "booked"
                except FormInvalid as exc:
                    return exc.errors["slot"]

            results = await asyncio.gather(*(attempt(p) for p in people))
        assert results.count("booked") == 1
        assert sorted(set(results) - {"booked"}) == [
            "Quelqu'un vient de réserver ce moment. Choisissez-en un autre."
        ]
        assert await Appointment.count().where(Appointment.status == "booked") == 1

    async def test_phone_needs_a_number_and_the_lead_time_holds(self) -> None:
        agent = await make_staff()
        person = await make_person()
        with clock.frozen(MONDAY):
            [phone_slot] = await appointments.publish_slots(
                staff(agent), series(count=1, channel="phone")
            )
            [soon] = await appointments.publish_slots(
                staff(agent), series(first="10:00", count=1, on=date(2026, 12, 7))
            )
            with pytest.raises(FormInvalid) as caught:
                await appointments.book(
                    affiliate(person), phone_slot, about=appointments.About.thread()
                )
            assert caught.value.errors == {
                "phone": "Indiquez le numéro auquel nous devons vous appeler."
            }
            with pytest.raises(FormInvalid) as caught:
                await appointments.book(
                    affiliate(person),
                    phone_slot,
                    phone="call me",
                    about=appointments.About.thread(),
                )
            assert "numéro de téléphone en chiffres" in caught.value.errors["phone"]
            # 10:00 today is less than two hours after 09:00: no longer bookable.
            with pytest.raises(FormInvalid) as caught:
                await appointments.book(affiliate(person), soon, about=appointments.About.thread())
            assert "ne peut plus être réservé" in caught.value.errors["slot"]
            await appointments.book(
                affiliate(person),
                phone_slot,
                phone="0470 12 34 56",
                about=appointments.About.thread(),
            )
            [mine] = await appointments.appointments_for(affiliate(person))
        assert mine.phone == "0470 12 34 56"

    async def test_at_most_three_to_come(self) -> None:
        agent = await make_staff()
        person = await make_person()
        with clock.frozen(MONDAY):
            ids = await appointments.publish_slots(staff(agent), series(count=4))
            for slot in ids[:3]:
                await appointments.book(affiliate(person), slot, about=appointments.About.thread())
            with pytest.raises(FormInvalid) as caught:
                await appointments.book(
                    affiliate(person), ids[3], about=appointments.About.thread()
                )
        assert "autant de rendez-vous à venir" in caught.value.errors["slot"]


class TestChanges:
    async def test_move_keeps_the_calendar_event_and_frees_the_old_time(self) -> None:
        agent, person = await managed_pair()
        with clock.frozen(MONDAY):
            [first, second] = await appointments.publish_slots(staff(agent), series())
            booked = await appointments.book(
                affiliate(person), first, about=appointments.About.thread()
            )
            moved = await appointments.move(affiliate(person), booked, second)
            slots, _ = await appointments.free_slots(affiliate(person))
            [mine] = await appointments.appointments_for(affiliate(person))
        assert [s.id for s in slots] == [first]
        assert mine.id == moved and mine.slot.id == second
        old = await Appointment.objects().get(Appointment.id == booked)
        assert old is not None and old.status == "moved" and old.moved_to == moved
        booked_mail, moved_mail = sorted(
            await mails("appointment"), key=lambda p: p["context"]["event"] != "booked"
        )
        assert moved_mail["context"]["event"] == "moved"
        before, after = event_of(booked_mail), event_of(moved_mail)
        assert str(before["uid"]) == str(after["uid"])
        assert (int(before["sequence"]), int(after["sequence"])) == (0, 1)
        assert after.decoded("dtstart") == datetime(2026, 12, 8, 13, 30, tzinfo=UTC)

    async def test_cancelled_by_the_person_then_by_staff_with_a_reason(self) -> None:
        agent, person = await managed_pair()
        with clock.frozen(MONDAY):
            [first, second] = await appointments.publish_slots(staff(agent), series())
            one = await appointments.book(
                affiliate(person), first, about=appointments.About.thread()
            )
            await appointments.cancel_by_affiliate(affiliate(person), one)
            slots, _ = await appointments.free_slots(affiliate(person))
            assert first in [s.id for s in slots]  # offered again
            two = await appointments.book(
                affiliate(person), second, about=appointments.About.thread()
            )
            with pytest.raises(FormInvalid) as caught:
                await appointments.cancel_by_staff(staff(agent), two, reason="Absente")
            assert "10 caractères au moins" in caught.value.errors["reason"]
            await appointments.cancel_by_staff(
                staff(agent), two, reason="Je suis en formation ce jour-là"
            )
            slots, _ = await appointments.free_slots(affiliate(person))
        assert second not in [s.id for s in slots]  # the member cannot be there: withdrawn
        rows = await Appointment.select(Appointment.status, Appointment.cancelled_by).order_by(
            Appointment.booked_at
        )
        assert [(r["status"], r["cancelled_by"]) for r in rows] == [
            ("cancelled", "affiliate"),
            ("cancelled", "staff"),
        ]
        by_fund = [
            p for p in await mails("appointment") if p["context"]["event"] == "cancelled_by_fund"
        ]
        assert by_fund[0]["context"]["reason"] == "Je suis en formation ce jour-là"
        assert str(event_of(by_fund[0])["status"]) == "CANCELLED"
        inbox = await InboxMessage.select(InboxMessage.body).where(InboxMessage.person == person)
        assert any("Je suis en formation ce jour-là" in m["body"] for m in inbox)

    async def test_no_show_once_started_and_not_before(self) -> None:
        agent, person = await managed_pair()
        with clock.frozen(MONDAY):
            [slot] = await appointments.publish_slots(staff(agent), series(count=1))
            booked = await appointments.book(
                affiliate(person), slot, about=appointments.About.thread()
            )
            with pytest.raises(FormInvalid):
                await appointments.record_outcome(staff(agent), booked, "no_show")
        with clock.frozen(datetime(2026, 12, 8, 13, 20, tzinfo=UTC)):
            with pytest.raises(FormInvalid):  # started: too late to cancel
                await appointments.cancel_by_affiliate(affiliate(person), booked)
            await appointments.record_outcome(staff(agent), booked, "no_show")
            day = await appointments.staff_day(staff(agent), TUESDAY)
        [(_slot, booking)] = day.slots
        assert booking is not None and booking.status == "no_show"

    async def test_another_persons_or_colleagues_appointment_is_not_found(self) -> None:
        agent, person = await managed_pair()
        colleague = await make_staff(name="Other")
        stranger = await make_person(first_name="Stranger")
        with clock.frozen(MONDAY):
            [slot, other] = await appointments.publish_slots(staff(agent), series())
            booked = await appointments.book(
                affiliate(person), slot, about=appointments.About.thread()
            )
            for call in (
                appointments.appointment_for(affiliate(stranger), booked),
                appointments.cancel_by_affiliate(affiliate(stranger), booked),
                appointments.move(affiliate(stranger), booked, other),
                appointments.staff_appointment(staff(colleague), booked),
                appointments.cancel_by_staff(staff(colleague), booked, reason="x" * 20),
                appointments.withdraw_slot(staff(colleague), other),
            ):
                with pytest.raises(NotFound):
                    await call


class TestReminders:
    async def test_once_the_day_before_from_eight(self) -> None:
        agent, person = await managed_pair()
        with clock.frozen(MONDAY):
            [slot, later] = await appointments.publish_slots(staff(agent), series())
            await appointments.book(affiliate(person), slot, about=appointments.About.thread())
        # 07:30 in Brussels on Monday: too early; 09:00: tomorrow's go, once.
        assert await appointments.send_reminders(datetime(2026, 12, 7, 6, 30, tzinfo=UTC)) == 0
        with clock.frozen(MONDAY):
            assert await appointments.send_reminders(MONDAY) == 1
            assert await appointments.send_reminders(MONDAY) == 0
        reminders = [p for p in await mails("appointment") if p["context"]["event"] == "reminder"]
        assert len(reminders) == 1
        assert [p["context"]["event"] for p in await mails("appointment_staff")] == [
            "booked",
            "reminder",
        ]
        del later


class TestFromARequest:
    async def test_the_request_must_be_the_persons(self, client: httpx.AsyncClient) -> None:
        """The app's wiring registers the requests domain's reader (the client builds it)."""
        agent, person = await managed_pair(language="fr")
        stranger = await make_person(first_name="Stranger")
        request_id = (await submit(person)).id
        about = await appointments.about_for(affiliate(person), request_id)
        assert about.kind == "request" and about.label.startswith("AF-2026-")
        with pytest.raises(NotFound):
            await appointments.about_for(affiliate(stranger), request_id)
        assert await requests_queries.appointment_about(affiliate(stranger), request_id) is None
        with clock.frozen(MONDAY):
            [slot, _other] = await appointments.publish_slots(staff(agent), series())
            await log_in(client, "affiliate", stranger)
            assert (
                await client.get(f"/appointments/book?about_request={request_id}")
            ).status_code == 404
            await log_in(client, "affiliate", person)
            page = await client.get(f"/appointments/book?about_request={request_id}")
            assert about.label in page.text
            sent = await client.post(
                "/appointments/book",
                headers=await csrf(client),
                data={"slot": str(slot), "about_request": str(request_id)},
            )
            assert sent.status_code == 303
            day = await appointments.staff_day(staff(agent), TUESDAY)
            await log_in(client, "staff", agent)
            file = await client.get(f"/staff/people/{person}")
        booking = day.slots[0][1]
        assert booking is not None and booking.about == about
        assert "Rendez-vous à venir" in file.text and about.label in file.text


class TestPages:
    async def test_book_and_cancel_over_http(self, client: httpx.AsyncClient) -> None:
        agent, person = await managed_pair(language="fr")
        with clock.frozen(MONDAY):
            [slot, _other] = await appointments.publish_slots(staff(agent), series())
            await log_in(client, "affiliate", person)
            page = await client.get("/appointments/book")
            assert page.status_code == 200 and "Marie Dupont" in page.text
            sent = await client.post(
                "/appointments/book",
                data={"slot": "", "note": "À propos"},
                headers=await csrf(client),
            )
            assert sent.status_code == 422 and "À propos" in sent.text
            assert "Choisissez un des moments libres." in sent.text
            sent = await client.post(
                "/appointments/book", data={"slot": str(slot)}, headers=await csrf(client)
            )
            assert sent.status_code == 303
            listed = await client.get("/appointments")
            [mine] = await appointments.appointments_for(affiliate(person))
            ics = await client.get(f"/appointments/{mine.id}/calendar.ics")
            cancelled = await client.post(
                f"/appointments/{mine.id}/cancel", headers=await csrf(client)
            )
        assert "14:00" in listed.text
        assert ics.headers["content-type"].startswith("text/calendar")
        assert b"DTSTART:20261208T130000Z" in ics.content
        assert cancelled.status_code == 303
        assert (await Appointment.select(Appointment.status))[0]["status"] == "cancelled"

    async def test_move_over_http_keeps_the_page_on_a_mistake(
        self, client: httpx.AsyncClient
    ) -> None:
        agent, person = await managed_pair(language="fr")
        with clock.frozen(MONDAY):
            [first, second] = await appointments.publish_slots(staff(agent), series())
            booked = await appointments.book(
                affiliate(person), first, about=appointments.About.thread()
            )
            await log_in(client, "affiliate", person)
            page = await client.get(f"/appointments/{booked}/move")
            wrong = await client.post(
                f"/appointments/{booked}/move", data={"slot": ""}, headers=await csrf(client)
            )
            moved = await client.post(
                f"/appointments/{booked}/move",
                data={"slot": str(second)},
                headers=await csrf(client),
            )
            [mine] = await appointments.appointments_for(affiliate(person))
        assert page.status_code == 200 and "Déplacer mon rendez-vous" in page.text
        assert f'action="/appointments/{booked}/move"' in page.text
        assert wrong.status_code == 422 and "Choisissez un des moments libres." in wrong.text
        assert "Déplacer mon rendez-vous" in wrong.text
        assert moved.status_code == 303
        assert moved.headers["location"] == "/appointments?done=moved"
        assert mine.slot.id == second
