"""Notices to many people at once (`post_notices`): each in its reader's language, once per
dedupe key, an e-mail only where the notice has one and the person an address."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date

import pytest

from app.kit.db import transaction
from app.kit.i18n import N_
from app.kit.tables import OutboxJob
from app.messaging import service
from app.messaging.tables import InboxMessage
from tests.support.actors import make_person

pytestmark = pytest.mark.integration

WELCOME = service.Notice(
    kind="welcome",
    subject=N_("Welcome to your social insurance fund"),
    body=N_(
        "Hello %(name)s, your online file is ready. Here you can follow your contributions, "
        "ask your questions and file your requests. A contact person who knows your file "
        "will answer you."
    ),
    context={"name": "Camille"},
    email_template="message_waiting",
    email_context={"since": date(2026, 3, 1)},
    link="/messages",
)


async def test_many_notices_in_one_go_each_in_its_language_once() -> None:
    camille = await make_person(first_name="Camille", email="camille@example.be", language="fr")
    jan = await make_person(first_name="Jan", email="jan@example.be", language="nl")
    louise = await make_person(first_name="Louise", email=None, language="fr")
    gone = uuid.uuid4()  # no such person
    async with transaction():
        assert await service.post_notice(camille, WELCOME, dedupe_key="used:1") is True
    dutch = replace(WELCOME, context={"name": "Jan"})
    async with transaction():
        posted = await service.post_notices([
            service.NoticeFor(camille, WELCOME, "batch:camille"),
            service.NoticeFor(jan, dutch, "batch:jan"),
            service.NoticeFor(gone, WELCOME, "batch:gone"),
            service.NoticeFor(louise, WELCOME, "batch:louise"),
            service.NoticeFor(camille, WELCOME, "batch:camille"),  # the same key again
            service.NoticeFor(camille, WELCOME, "used:1"),  # a key used before
        ])  # fmt: skip
    assert posted == [True, True, False, True, False, False]
    assert await service.post_notices([]) == []
    inbox = {
        m["dedupe_key"]: m
        for m in await InboxMessage.select().where(InboxMessage.kind == "welcome")
    }
    assert set(inbox) == {"used:1", "batch:camille", "batch:jan", "batch:louise"}
    assert {k: m["person"] for k, m in inbox.items()} == {
        "used:1": camille,
        "batch:camille": camille,
        "batch:jan": jan,
        "batch:louise": louise,
    }
    assert inbox["batch:camille"]["subject"] == "Bienvenue à votre caisse d'assurances sociales"
    assert inbox["batch:camille"]["body"] == (
        "Bonjour Camille, votre dossier en ligne est prêt. Vous pouvez y suivre vos cotisations, "
        "poser vos questions et introduire vos demandes. Un interlocuteur qui connaît votre "
        "dossier vous répondra."
    )
    assert inbox["batch:jan"]["subject"] == "Welkom bij uw sociaal verzekeringsfonds"
    assert inbox["batch:jan"]["body"] == (
        "Dag Jan, uw onlinedossier is klaar. Hier volgt u uw bijdragen op, stelt u uw vragen en "
        "dient u uw aanvragen in. Een aanspreekpunt dat uw dossier kent, antwoordt u."
    )
    # E-mails: post_notice's one, then Camille's and Jan's (Louise has no address).
    rows = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    payloads = [r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"])
                for r in rows]  # fmt: skip
    assert sorted((p["to"], p["template"], p["language"]) for p in payloads) == [
        ("camille@example.be", "message_waiting", "fr"),
        ("camille@example.be", "message_waiting", "fr"),
        ("jan@example.be", "message_waiting", "nl"),
    ]
    for payload in payloads:
        context = dict(payload["context"])
        assert context.pop("link").endswith("/messages")
        if payload["to"] == "jan@example.be":
            assert context == {"name": "Jan", "since": "1 maart 2026", "first_name": "Jan"}
        else:
            assert context == {"name": "Camille", "since": "1er mars 2026", "first_name": "Camille"}
