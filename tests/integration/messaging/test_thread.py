"""The secure thread: both sides write, read receipts, e-mail says only that a message waits."""

from __future__ import annotations

import json

import httpx
import pytest

from app.affiliation import service as affiliation_service
from app.documents.uploads import NewAttachment
from app.kit.errors import FormInvalid
from app.kit.tables import OutboxJob
from app.messaging import queries, service
from app.messaging.tables import ThreadAttachment, ThreadMessage
from tests.support.actors import affiliate, csrf, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


async def mails(template: str) -> list[dict[str, object]]:
    rows = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    out = []
    for row in rows:
        payload = row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"])
        if payload["template"] == template:
            out.append(payload)
    return out


class TestThread:
    async def test_both_sides_with_receipts_and_content_free_mails(self) -> None:
        agent = await make_staff()
        person = await make_person()
        await affiliation_service.assign_account_manager(
            staff(agent), person_id=person, staff_id=agent
        )
        await service.post_message(
            affiliate(person), person_id=person, body="Secret: mon revenu est 12 345 €",
            attachments=[NewAttachment("photo.png", PNG)],
        )  # fmt: skip
        await service.post_message(staff(agent), person_id=person, body="Merci, bien reçu.")
        thread = await queries.thread_rows(person)
        assert [(m.author_kind, m.read_at) for m in thread] == [
            ("affiliate", None),
            ("staff", None),
        ]
        assert [a.filename for a in thread[0].attachments] == ["photo.png"]
        to_staff, to_person = await mails("message_waiting_staff"), await mails("message_waiting")
        assert len(to_staff) == 1 and len(to_person) == 1
        assert "12 345" not in json.dumps(to_staff + to_person)  # never the content by e-mail
        assert await service.mark_thread_read(affiliate(person), person_id=person) == 1
        thread = await queries.thread_rows(person)
        assert thread[0].read_at is None and thread[1].read_at is not None

    async def test_bad_input(self) -> None:
        person = await make_person()
        with pytest.raises(FormInvalid) as caught:
            await service.post_message(affiliate(person), person_id=person, body="  ")
        assert "body" in caught.value.errors
        with pytest.raises(FormInvalid) as caught:
            await service.post_message(
                affiliate(person), person_id=person, body="x",
                attachments=[NewAttachment("a.heic", b"<html>")],
            )  # fmt: skip
        assert "attachments" in caught.value.errors
        assert await ThreadMessage.count() == 0


class TestPages:
    async def test_affiliate_writes_and_reads_only_their_thread(
        self, client: httpx.AsyncClient
    ) -> None:
        owner, other = await make_person(), await make_person(first_name="Eve")
        await log_in(client, "affiliate", owner)
        headers = await csrf(client)
        sent = await client.post(
            "/messages",
            data={"body": "Bonjour"},
            files=[("attachments", ("scan.png", PNG, "image/png"))],
            headers=headers,
        )
        assert sent.status_code == 303
        assert sent.headers["location"] == "/messages?sent=1#latest"
        page = await client.get("/messages?sent=1")
        assert "Votre message a été envoyé" in page.text  # the person sees it left
        assert "Votre message a été envoyé" not in (await client.get("/messages")).text
        assert "Bonjour" in page.text and "scan.png" in page.text
        attachment = await ThreadAttachment.select(ThreadAttachment.id).first()
        assert (await client.get(f"/messages/attachments/{attachment['id']}")).content == PNG
        empty = await client.post("/messages", data={"body": ""}, headers=headers)
        assert empty.status_code == 422 and 'id="error-body"' in empty.text
        await log_in(client, "affiliate", other)
        page = await client.get("/messages")
        assert "Bonjour" not in page.text
        assert (await client.get(f"/messages/attachments/{attachment['id']}")).status_code == 404

    async def test_staff_reply_from_the_person_page(self, client: httpx.AsyncClient) -> None:
        agent = await make_staff()
        person = await make_person()
        await affiliation_service.assign_account_manager(
            staff(agent), person_id=person, staff_id=agent
        )
        await service.post_message(affiliate(person), person_id=person, body="Une question")
        await log_in(client, "staff", agent)
        headers = await csrf(client)
        page = await client.get(f"/staff/people/{person}")
        assert page.status_code == 200 and "Une question" in page.text
        # Opening the page changes nothing; the page posts the read receipt once shown.
        assert (await queries.thread_rows(person))[0].read_at is None
        assert f'hx-post="/staff/people/{person}/read" hx-trigger="load"' in page.text
        read = await client.post(f"/staff/people/{person}/read", headers=headers)
        assert read.status_code == 204
        reply = await client.post(
            f"/staff/people/{person}/messages", data={"body": "Voici la réponse"}, headers=headers
        )
        assert reply.status_code == 303
        thread = await queries.thread_rows(person)
        assert thread[0].read_at is not None  # the agent opened the thread
        assert thread[1].body == "Voici la réponse"
        outsider = await make_staff(team="pensions")
        await log_in(client, "staff", outsider)
        assert (await client.get(f"/staff/people/{person}")).status_code == 404
