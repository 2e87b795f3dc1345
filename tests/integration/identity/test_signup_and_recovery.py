"""Newcomer e-mail codes, recovery without enumeration, staff invitations and roles, mail."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import timedelta

import pytest
from httpx import AsyncClient, Response

from app.identity import service
from app.identity.tables import (
    AccountRecovery,
    EmailCode,
    PasskeyCredential,
    Person,
    StaffUser,
)
from app.kit import clock, mail
from app.kit.audit import SYSTEM
from app.kit.tables import AuditEvent, MailMessage, OutboxJob
from tests.support.actors import log_in as log_in_as
from tests.support.actors import make_staff
from tests.support.actors import niss as new_niss
from tests.support.actors import staff as staff_actor
from tests.support.passkey_client import (
    ORIGIN,
    activated_affiliate,
    activated_staff,
    authenticator,
    log_in,
    new_affiliate,
    post_form,
    register,
    token_of,
)


async def queued_mails(template: str | None = None) -> list[dict]:
    rows = (
        await OutboxJob.select().where(OutboxJob.name == "mail.send").order_by(OutboxJob.created_at)
    )
    payloads = [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]
    return [p for p in payloads if template is None or p["template"] == template]


async def actions() -> list[str]:
    return [r["action"] for r in await AuditEvent.select(AuditEvent.action)]


async def start_signup(client: AsyncClient, email: str, niss: str | None = None) -> Response:
    return await post_form(
        client,
        "/signup",
        {"niss": niss or new_niss(), "first_name": "Noa", "last_name": "Nieuw", "email": email},
    )


class TestSignup:
    async def test_newcomer_proves_email_then_registers_a_passkey(
        self, client: AsyncClient
    ) -> None:
        niss = new_niss()
        response = await start_signup(client, "Noa@Example.be", niss)
        assert response.status_code == 303 and response.headers["location"] == "/signup/code"
        [payload] = await queued_mails("signup_code")
        assert payload["to"] == "noa@example.be"
        code = payload["context"]["code"]
        # Only a keyed digest is stored.
        stored = await EmailCode.select().first()
        assert code not in stored["code_hash"]

        verified = await post_form(client, "/signup/code", {"code": code})
        assert verified.status_code == 303 and verified.headers["location"] == "/signup/passkey"
        # A self-registered account only claims its national number until its identity is proven.
        person = await Person.select().where(Person.claimed_national_number == niss).first()
        assert person["email"] == "noa@example.be"
        assert person["national_number"] is None and person["identity_verified"] is False

        key = authenticator()
        registered = await register(client, key)
        assert registered.status_code in (200, 201), registered.text
        assert (await client.get("/account")).status_code == 200
        assert {"identity.signup_code_sent", "identity.email_verified", "passkey.added"} <= set(
            await actions()
        )

    async def test_five_wrong_codes_burn_the_code(self, client: AsyncClient) -> None:
        await start_signup(client, "five@example.be")
        [payload] = await queued_mails("signup_code")
        wrong = "000000" if payload["context"]["code"] != "000000" else "111111"
        messages = []
        for _ in range(5):
            response = await post_form(client, "/signup/code", {"code": wrong})
            assert response.status_code == 400
            messages.append(response.text)
        assert "Il vous reste 4 essais" in messages[0]
        assert "Il vous reste 1 essai." in messages[3]
        assert "Trop de codes erronés" in messages[4]
        # Even the right code is refused now, and the typed value is kept in the field.
        last = await post_form(client, "/signup/code", {"code": payload["context"]["code"]})
        assert last.status_code == 400 and "Trop de codes erronés" in last.text
        assert f'value="{payload["context"]["code"]}"' in last.text
        assert await Person.count() == 0

    async def test_code_expires_after_ten_minutes(self, client: AsyncClient) -> None:
        await start_signup(client, "late@example.be")
        [payload] = await queued_mails("signup_code")
        with clock.frozen(clock.now() + timedelta(minutes=10)):
            response = await post_form(client, "/signup/code", {"code": payload["context"]["code"]})
        assert response.status_code == 400 and "a expiré" in response.text

    async def test_codes_are_rate_limited_per_address(self, client: AsyncClient) -> None:
        for _ in range(3):
            assert (await start_signup(client, "spam@example.be")).status_code == 303
        refused = await start_signup(client, "spam@example.be")
        assert refused.status_code == 429 and "15 minutes" in refused.text
        assert len(await queued_mails("signup_code")) == 3

    async def test_codes_are_rate_limited_per_ip(self, client: AsyncClient) -> None:
        for n in range(10):
            assert (await start_signup(client, f"ip{n}@example.be")).status_code == 303
        assert (await start_signup(client, "ip-last@example.be")).status_code == 429

    async def test_bad_input_is_explained_and_kept(self, client: AsyncClient) -> None:
        response = await post_form(
            client,
            "/signup",
            {"niss": "85.07.30-033.29", "first_name": "Noa", "last_name": "", "email": "noa@"},
        )
        assert response.status_code == 400
        page = response.text
        assert "vérifiez les deux derniers chiffres" in page
        assert "Indiquez votre nom." in page and "adresse e-mail valable" in page
        assert 'class="error-summary"' in page
        assert 'value="85.07.30-033.29"' in page and 'value="Noa"' in page


def _page(response: Response) -> str:
    """A page without what differs on every request (CSRF tokens, script nonces)."""
    page = re.sub(r'nonce="[^"]*"', "", response.text)
    return re.sub(r"[0-9a-f]{32,}", "", page)


async def _sign_up_all_the_way(client: AsyncClient, niss: str, email: str) -> list[Response]:
    """Every step a newcomer takes, a wrong code included, up to a registered passkey."""
    steps = [await start_signup(client, email, niss), await client.get("/signup/code")]
    [payload] = (await queued_mails("signup_code"))[-1:]
    code = payload["context"]["code"]
    wrong = "000000" if code != "000000" else "111111"
    steps.append(await post_form(client, "/signup/code", {"code": wrong}))
    steps.append(await post_form(client, "/signup/code", {"code": code}))
    steps.append(await client.get("/signup/passkey"))
    steps.append(await register(client, authenticator()))
    steps.append(await client.get("/account"))
    return steps


class TestSignupCannotClaimAnIdentity:
    """Account pre-hijacking: typing a stranger's NISS must neither take nor reveal their file."""

    async def test_a_known_niss_gets_a_separate_unverified_account_and_the_same_answers(
        self, client: AsyncClient
    ) -> None:
        known_id = await new_affiliate(email="known@example.be")
        known_before = await Person.select().where(Person.id == known_id).first()
        known_niss = known_before["national_number"]
        unknown_niss = new_niss()

        with_known = await _sign_up_all_the_way(client, known_niss, "mallory@example.be")
        client.cookies.clear()
        with_unknown = await _sign_up_all_the_way(client, unknown_niss, "mallory@example.be")

        assert [r.status_code for r in with_known] == [r.status_code for r in with_unknown]
        assert [r.headers.get("location") for r in with_known] == [
            r.headers.get("location") for r in with_unknown
        ]
        assert with_known[3].headers["location"] == "/signup/passkey"
        assert with_known[-1].status_code == 200
        for known_step, unknown_step in zip(with_known, with_unknown, strict=True):
            if known_step.headers.get("content-type", "").startswith("text/html"):
                assert _page(known_step) == _page(unknown_step)
        assert "already exists" not in " ".join(r.text for r in with_known)
        assert "existe déjà" not in " ".join(r.text for r in with_known)

        # The known person's file is untouched; each sign-up got its own unverified account.
        assert await Person.select().where(Person.id == known_id).first() == known_before
        newcomers = await Person.select().where(Person.id != known_id).order_by(Person.created_at)
        assert [p["claimed_national_number"] for p in newcomers] == [known_niss, unknown_niss]
        assert all(p["national_number"] is None for p in newcomers)
        assert all(p["identity_verified"] is False for p in newcomers)
        assert all(p["email"] == "mallory@example.be" for p in newcomers)
        assert await PasskeyCredential.count().where(PasskeyCredential.person == known_id) == 0

        # The real person still activates their own file with the fund's link.
        client.cookies.clear()
        url = await service.issue_activation_link("affiliate", known_id, actor=SYSTEM)
        assert (await register(client, authenticator(), token_of(url))).status_code in (200, 201)
        assert await PasskeyCredential.count().where(PasskeyCredential.person == known_id) == 1
        account = await client.get("/account")
        assert account.status_code == 200 and "Camille" in account.text

    async def test_the_owner_signing_up_with_their_own_address_is_not_linked_either(
        self, client: AsyncClient
    ) -> None:
        known_id = await new_affiliate(email="known@example.be")
        known_before = await Person.select().where(Person.id == known_id).first()
        steps = await _sign_up_all_the_way(
            client, known_before["national_number"], "known@example.be"
        )
        assert steps[3].status_code == 303
        assert await Person.select().where(Person.id == known_id).first() == known_before
        assert await Person.count() == 2

    async def test_verify_identity_gives_the_claimed_number_when_it_is_free(
        self, client: AsyncClient
    ) -> None:
        niss = new_niss()
        await _sign_up_all_the_way(client, niss, "claim@example.be")
        person = await Person.select().where(Person.claimed_national_number == niss).first()
        agent = staff_actor(await make_staff())

        await service.verify_identity(agent, person["id"])

        row = await Person.select().where(Person.id == person["id"]).first()
        assert row["national_number"] == niss and row["identity_verified"] is True
        events = await AuditEvent.select().where(AuditEvent.action == "identity.verified")
        assert len(events) == 1 and events[0]["actor_kind"] == "staff"

    async def test_verify_identity_refuses_a_number_another_file_holds(
        self, client: AsyncClient
    ) -> None:
        known_id = await new_affiliate(email="known@example.be")
        known_before = await Person.select().where(Person.id == known_id).first()
        await _sign_up_all_the_way(client, known_before["national_number"], "mallory@example.be")
        claimant = await Person.select().where(Person.id != known_id).first()
        agent = staff_actor(await make_staff())

        with pytest.raises(service.IdentityTaken):
            await service.verify_identity(agent, claimant["id"])

        assert await Person.select().where(Person.id == claimant["id"]).first() == claimant
        assert await Person.select().where(Person.id == known_id).first() == known_before
        assert "identity.verified" not in await actions()

    async def test_staff_see_that_the_identity_is_only_claimed(self, client: AsyncClient) -> None:
        niss = new_niss()
        await _sign_up_all_the_way(client, niss, "claim@example.be")
        person = await Person.select().where(Person.claimed_national_number == niss).first()
        supervisor = await make_staff(role="supervisor")
        client.cookies.clear()
        await log_in_as(client, "staff", supervisor)

        page = await client.get(f"/staff/people/{person['id']}")
        assert page.status_code == 200
        assert f"Identité non vérifiée (déclare le NISS {niss})" in page.text

        await service.verify_identity(staff_actor(supervisor), person["id"])
        page = await client.get(f"/staff/people/{person['id']}")
        assert "non vérifiée" not in page.text and niss in page.text

    async def test_the_signup_mail_does_not_repeat_the_typed_name(
        self, client: AsyncClient
    ) -> None:
        await post_form(
            client,
            "/signup",
            {"niss": new_niss(), "first_name": "Pay", "last_name": "Here", "email": "n@example.be"},
        )
        [payload] = await queued_mails("signup_code")
        assert set(payload["context"]) == {"code", "minutes"}
        assert await mail.deliver_mail(
            mail_id=uuid.uuid4(), to=payload["to"], template="signup_code",
            language="fr", context=payload["context"],
        )  # fmt: skip
        [row] = await MailMessage.select()
        assert "Bonjour," in row["body"] and "Pay" not in row["body"]

    async def test_concurrent_wrong_codes_count_no_more_than_five_attempts(
        self, client: AsyncClient
    ) -> None:
        await start_signup(client, "race@example.be")
        [payload] = await queued_mails("signup_code")
        code = payload["context"]["code"]
        wrong = "000000" if code != "000000" else "111111"
        code_id = (await EmailCode.select(EmailCode.id).first())["id"]

        results = await asyncio.gather(
            *(service.verify_signup_code(code_id, wrong, actor=SYSTEM) for _ in range(8)),
            return_exceptions=True,
        )

        assert all(isinstance(r, service.CodeRefused) for r in results)
        row = await EmailCode.select().where(EmailCode.id == code_id).first()
        assert row["attempts"] == 5
        assert (await actions()).count("identity.signup_code_failed") == 5
        with pytest.raises(service.CodeRefused):
            await service.verify_signup_code(code_id, code, actor=SYSTEM)
        assert await Person.count() == 0


class TestRecovery:
    async def test_same_answer_for_known_and_unknown_people(self, client: AsyncClient) -> None:
        person_id = await new_affiliate(email="known@example.be")
        person = await Person.select().where(Person.id == person_id).first()
        known = await post_form(
            client, "/recovery", {"niss": person["national_number"], "email": "known@example.be"}
        )
        unknown = await post_form(
            client, "/recovery", {"niss": new_niss(), "email": "nobody@example.be"}
        )
        assert known.status_code == unknown.status_code == 303
        assert known.headers["location"] == unknown.headers["location"] == "/recovery/sent"
        rows = await AccountRecovery.select().order_by(AccountRecovery.created_at)
        assert [r["person"] for r in rows] == [person_id, None]
        # The account itself is told (a mail to its own address), never the typed stranger.
        assert [m["to"] for m in await queued_mails("recovery_requested")] == ["known@example.be"]
        assert (await actions()).count("recovery.requested") == 2

    async def test_staff_grants_recovery_old_passkeys_die_new_link_works(
        self, client: AsyncClient
    ) -> None:
        person_id, old_key = await activated_affiliate(client)
        person = await Person.select().where(Person.id == person_id).first()
        await post_form(client, "/logout", {})
        await post_form(
            client, "/recovery", {"niss": person["national_number"], "email": person["email"]}
        )
        recovery = await AccountRecovery.select().first()

        await activated_staff(client, role="agent")
        listing = await client.get("/staff/identity/recovery")
        assert listing.status_code == 200 and person["national_number"] in listing.text
        granted = await post_form(client, f"/staff/identity/recovery/{recovery['id']}/grant", {})
        assert granted.status_code == 303
        assert (
            await PasskeyCredential.count().where(
                PasskeyCredential.person == person_id, PasskeyCredential.revoked_at.is_null()
            )
            == 0
        )
        [link_mail] = await queued_mails("recovery_granted")
        assert link_mail["to"] == person["email"]
        assert "recovery.granted" in await actions()

        await post_form(client, "/logout", {})
        assert (await log_in(client, old_key)).status_code == 400
        new_key = authenticator()
        url = link_mail["context"]["url"]
        assert (await client.get(url.removeprefix(ORIGIN))).status_code == 200
        assert (await register(client, new_key, token_of(url))).status_code in (200, 201)


class TestStaff:
    async def test_admin_invites_staff_who_activates_and_gets_a_role_change(
        self, client: AsyncClient
    ) -> None:
        await activated_staff(client, role="admin")
        invited = await post_form(
            client,
            "/staff/identity/team",
            {"full_name": "Lotte Peeters", "email": "lotte@affilio.example", "role": "agent",
             "team": "gent"},
        )  # fmt: skip
        assert invited.status_code == 303
        staff = await StaffUser.select().where(StaffUser.email == "lotte@affilio.example").first()
        assert staff["role"] == "agent" and staff["team"] == "gent"
        [invite] = [
            m for m in await queued_mails("staff_invite") if m["to"] == "lotte@affilio.example"
        ]
        assert {"staff.invited", "staff.created"} <= set(await actions())

        changed = await post_form(
            client, f"/staff/identity/team/{staff['id']}/role", {"role": "supervisor"}
        )
        assert changed.status_code == 303
        row = await StaffUser.select().where(StaffUser.id == staff["id"]).first()
        assert row["role"] == "supervisor"
        events = await AuditEvent.select().where(AuditEvent.action == "staff.role_changed")
        assert events[0]["ip"] and events[0]["actor_kind"] == "staff"

        # The invited colleague activates from the mailed link and lands logged in.
        await post_form(client, "/logout", {})
        key = authenticator()
        assert (await register(client, key, token_of(invite["context"]["url"]))).status_code in (
            200,
            201,
        )
        assert (await client.get("/staff/identity/recovery")).status_code == 200
        assert (await client.get("/staff/identity/team")).status_code == 403

    async def test_invalid_invitation_keeps_the_input(self, client: AsyncClient) -> None:
        await activated_staff(client, role="admin")
        response = await post_form(
            client,
            "/staff/identity/team",
            {"full_name": "", "email": "not-an-email", "role": "agent", "team": "x"},
        )
        assert response.status_code == 400
        assert 'value="not-an-email"' in response.text and "error-summary" in response.text

    async def test_invitation_is_mailed_in_the_language_chosen_for_the_colleague(
        self, client: AsyncClient
    ) -> None:
        await activated_staff(client, role="admin")
        invited = await post_form(
            client,
            "/staff/identity/team",
            {"full_name": "Lotte Peeters", "email": "lotte.nl@affilio.example", "role": "agent",
             "team": "gent", "language": "nl"},
        )  # fmt: skip
        assert invited.status_code == 303
        staff = (
            await StaffUser.select().where(StaffUser.email == "lotte.nl@affilio.example").first()
        )
        assert staff["language"] == "nl"
        [invite] = [
            m for m in await queued_mails("staff_invite") if m["to"] == "lotte.nl@affilio.example"
        ]
        assert invite["language"] == "nl"

    async def test_the_last_administrator_cannot_be_demoted(self, client: AsyncClient) -> None:
        admin_id, _ = await activated_staff(client, role="admin")
        # Other administrators left over by the demo seed would hide the rule: only ours counts.
        await StaffUser.update({StaffUser.active: False}).where(StaffUser.id != admin_id)
        refused = await post_form(
            client, f"/staff/identity/team/{admin_id}/role", {"role": "agent"}
        )
        assert refused.status_code == 409
        assert "dernier administrateur" in refused.text
        assert f'id="error-role-{admin_id}"' in refused.text
        row = await StaffUser.select(StaffUser.role).where(StaffUser.id == admin_id).first()
        assert row["role"] == "admin"
        assert "staff.role_changed" not in await actions()


class TestMail:
    async def test_mail_job_renders_in_the_language_and_is_idempotent(
        self, client: AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.kit.settings import get_settings

        mail_id = uuid.uuid4()
        context = {"name": "Jan", "url": "http://localhost:8000/activate/x?a=1&b=2", "hours": 72}
        # Development keeps the link in the stored copy (its local mailbox shows it).
        monkeypatch.setenv("ENV", "development")
        get_settings.cache_clear()
        assert await mail.deliver_mail(
            mail_id=mail_id, to="jan@example.be", template="activation", language="nl",
            context=context,
        )  # fmt: skip
        assert not await mail.deliver_mail(
            mail_id=mail_id, to="jan@example.be", template="activation", language="nl",
            context=context,
        )  # fmt: skip
        [row] = await MailMessage.select()
        assert row["subject"] == "Activeer uw online account"
        monkeypatch.undo()
        get_settings.cache_clear()
        assert "Jan," in row["body"] and "?a=1&b=2" in row["body"]  # not HTML-escaped
        assert row["sent_at"] is not None and row["transport"] == "none"
        # The test environment serves no mailbox: only development on this machine does.
        assert (await client.get("/dev/mailbox")).status_code == 404

    async def test_queue_mail_needs_a_transaction(self) -> None:
        with pytest.raises(mail.MailUsageError):
            await mail.queue_mail(
                to="a@example.be", template="activation", language="fr", context={}
            )

    async def test_issue_link_queues_the_mail_in_the_same_transaction(self) -> None:
        person_id = await new_affiliate(email="link@example.be", language="nl")
        await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        [payload] = await queued_mails("activation")
        assert payload["to"] == "link@example.be" and payload["language"] == "nl"


class TestDevMailboxAndLanguage:
    @pytest.mark.parametrize(
        ("env", "host", "served"),
        [("development", "127.0.0.1", True), ("development", "0.0.0.0", False),
         ("production", "127.0.0.1", False), ("test", "127.0.0.1", False)],
        ids=["dev-loopback", "dev-open", "production", "test"],
    )  # fmt: skip
    async def test_the_mailbox_only_in_development_on_this_machine(
        self, clean_db: None, monkeypatch: pytest.MonkeyPatch, env: str, host: str, served: bool
    ) -> None:
        import httpx

        from app.kit.settings import get_settings
        from app.main import create_app

        monkeypatch.setenv("ENV", env)
        monkeypatch.setenv("HOST", host)
        if env == "production":
            monkeypatch.setenv("SECRET_KEY", "x" * 40)
            monkeypatch.setenv("FUND_IBAN", "BE62 5100 0754 7061")
            monkeypatch.setenv("SEPA_CREDITOR_ID", "BE69ZZZ0987654312")
        get_settings.cache_clear()
        await mail.deliver_mail(
            mail_id=uuid.uuid4(), to="jan@example.be", template="activation", language="nl",
            context={"name": "Jan", "url": "http://localhost:8000/activate/x?a=1&b=2",
                     "hours": 72},
        )  # fmt: skip
        try:
            app = create_app()
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url=ORIGIN
            ) as portal:
                box = await portal.get("/dev/mailbox")
            await app.state.redis.aclose()
        finally:
            monkeypatch.undo()
            get_settings.cache_clear()
        assert box.status_code == (200 if served else 404)
        if served:
            assert 'href="http://localhost:8000/activate/x?a=1&amp;b=2"' in box.text

    async def test_language_switch_is_stored_on_the_logged_in_person(
        self, client: AsyncClient
    ) -> None:
        person_id, _ = await activated_affiliate(client)
        response = await post_form(client, "/language", {"lang": "nl", "next": "/account"})
        assert response.status_code == 303
        row = await Person.select(Person.language).where(Person.id == person_id).first()
        assert row["language"] == "nl"
        page = await client.get("/account")
        assert "Mijn account" in page.text and "Afmelden" in page.text


class TestSmtp:
    async def test_mail_goes_out_by_smtp_when_configured(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import socket
        from email.header import decode_header, make_header

        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Message

        received: list = []

        class Collect(Message):  # type: ignore[misc]
            def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
                received.append(message)

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = Controller(Collect(), hostname="127.0.0.1", port=port)
        server.start()
        from app.kit.settings import get_settings

        monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{port}")
        get_settings.cache_clear()
        try:
            sent = await mail.deliver_mail(
                mail_id=uuid.uuid4(),
                to="smtp@example.be",
                template="signup_code",
                language="fr",
                context={"code": "123456", "minutes": 10},
            )
        finally:
            server.stop()
            monkeypatch.delenv("SMTP_URL")
            get_settings.cache_clear()
        assert sent
        [message] = received
        assert message["To"] == "smtp@example.be"
        # The French non-breaking space before ":" travels encoded (RFC 2047) and comes back.
        subject = str(make_header(decode_header(message["Subject"])))
        assert subject == "Votre code\u00a0: 123456"
        row = await MailMessage.select().first()
        assert row["transport"] == "smtp"
