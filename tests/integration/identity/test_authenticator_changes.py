"""Authenticator and role changes: a fresh step-up first, one notice to the account, sessions.

Adding a passkey to a logged-in account, revoking one, inviting a colleague and changing a role
need a user verification in the last five minutes; each change mails the account's own address
(what happened and a link to the account, nothing secret); a revoked passkey's sessions end.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import httpx
from httpx import AsyncClient

from app.identity.tables import PasskeyCredential, Person, StaffUser
from app.kit import clock
from app.kit.mail import ONE_TIME_KEYS, render_mail
from app.kit.tables import OutboxJob
from tests.support.passkey_client import (
    ORIGIN,
    activated_affiliate,
    activated_staff,
    authenticator,
    log_in,
    login_options,
    post_form,
    post_json,
    register,
)
from tests.support.soft_authenticator import SoftAuthenticator, b64url_decode

STALE = timedelta(minutes=10)  # well past the five minutes of a step-up, within the idle limits


async def queued_mails(template: str | None = None) -> list[dict[str, Any]]:
    rows = (
        await OutboxJob.select().where(OutboxJob.name == "mail.send").order_by(OutboxJob.created_at)
    )
    payloads = [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]
    return [p for p in payloads if template is None or p["template"] == template]


async def step_up(client: AsyncClient, key: SoftAuthenticator, next_path: str = "") -> None:
    options = await login_options(client, "/passkeys/step-up/options")
    credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
    response = await post_json(
        client,
        "/passkeys/step-up",
        {"ceremony": options["ceremony"], "credential": credential, "next": next_path},
    )
    assert response.status_code in (200, 201), response.text


async def email_of(person_id: uuid.UUID) -> str:
    row = await Person.select(Person.email).where(Person.id == person_id).first()
    return str(row["email"])


def assert_no_secret(mail: dict[str, Any]) -> None:
    assert not set(ONE_TIME_KEYS) & set(mail["context"])


class TestAddingAPasskey:
    async def test_a_stale_session_cannot_add_a_passkey_until_it_steps_up(
        self, client: AsyncClient
    ) -> None:
        person_id, first = await activated_affiliate(client)
        with clock.frozen(clock.now() + STALE):
            # The page offers the passkey check instead of the add button.
            page = await client.get("/account/passkeys")
            assert 'href="/step-up?next=/account/passkeys"' in page.text
            assert 'data-passkey="register"' not in page.text
            refused = await post_json(client, "/passkeys/register/options", {})
            assert refused.status_code == 403
            assert "confirmez d'abord votre identité" in refused.json()["detail"]
            assert await PasskeyCredential.count() == 1

            await step_up(client, first, "/account/passkeys")
            assert 'data-passkey="register"' in (await client.get("/account/passkeys")).text
            added = await register(client, authenticator())
            assert added.status_code in (200, 201), added.text
            assert added.json()["redirect"] == "/account/passkeys?done=added"
        assert await PasskeyCredential.count() == 2
        [notice] = await queued_mails("passkey_added")
        assert notice["to"] == await email_of(person_id)
        assert notice["context"]["link"] == ORIGIN + "/account/passkeys"
        assert_no_secret(notice)
        # Besides the activation link that made the first passkey, only the notice.
        assert [m["template"] for m in await queued_mails()] == ["activation", "passkey_added"]

    async def test_a_step_up_gone_stale_during_the_ceremony_is_refused(
        self, client: AsyncClient
    ) -> None:
        await activated_affiliate(client)
        with clock.frozen(clock.now() + timedelta(minutes=4)):
            options = await post_json(client, "/passkeys/register/options", {})
            assert options.status_code in (200, 201)
        body = options.json()
        credential = json.loads(authenticator().create_from_options(json.dumps(body["publicKey"])))
        with clock.frozen(clock.now() + timedelta(minutes=6)):
            late = await post_json(
                client,
                "/passkeys/register",
                {"ceremony": body["ceremony"], "credential": credential},
            )
        assert late.status_code == 403
        assert await PasskeyCredential.count() == 1
        assert await queued_mails("passkey_added") == []

    async def test_a_ceremony_started_logged_in_does_not_finish_after_logging_out(
        self, client: AsyncClient
    ) -> None:
        await activated_affiliate(client)
        options = await post_json(client, "/passkeys/register/options", {})
        body = options.json()
        credential = json.loads(authenticator().create_from_options(json.dumps(body["publicKey"])))
        # The session's login ends (idle, epoch...) but its ceremony entry would still be there.
        store = client.app.stores.get("sessions")  # type: ignore[attr-defined]
        session_id = client.cookies.get("affilio_session")
        data = json.loads(await store.get(session_id))
        data.pop("auth")
        await store.set(session_id, json.dumps(data).encode(), expires_in=3600)
        response = await post_json(
            client, "/passkeys/register", {"ceremony": body["ceremony"], "credential": credential}
        )
        assert response.status_code == 400
        assert await PasskeyCredential.count() == 1
        assert (await client.get("/account")).status_code == 303  # not logged in by it either


class TestRevokingAPasskey:
    async def test_revoking_needs_a_fresh_step_up(self, client: AsyncClient) -> None:
        person_id, first = await activated_affiliate(client)
        second = authenticator()
        assert (await register(client, second)).status_code in (200, 201)
        rows = await PasskeyCredential.select().order_by(PasskeyCredential.created_at)
        target = rows[1]["id"]
        with clock.frozen(clock.now() + STALE):
            page = await client.get(f"/account/passkeys/{target}/revoke")
            assert page.status_code == 303
            assert page.headers["location"] == f"/step-up?next=/account/passkeys/{target}/revoke"
            refused = await post_form(client, f"/account/passkeys/{target}/revoke", {})
            assert refused.status_code == 303
            assert refused.headers["location"].startswith("/step-up?next=")
            assert (
                await PasskeyCredential.count().where(PasskeyCredential.revoked_at.is_null()) == 2
            )
            assert await queued_mails("passkey_removed") == []

            await step_up(client, first)
            assert (await client.get(f"/account/passkeys/{target}/revoke")).status_code == 200
            done = await post_form(client, f"/account/passkeys/{target}/revoke", {})
            assert done.status_code == 303
            assert done.headers["location"] == "/account/passkeys?done=revoked"
        assert await PasskeyCredential.count().where(PasskeyCredential.revoked_at.is_null()) == 1
        [notice] = await queued_mails("passkey_removed")
        assert notice["to"] == await email_of(person_id)
        assert notice["context"]["link"] == ORIGIN + "/account/passkeys"
        assert notice["context"]["passkey"] == rows[1]["name"]
        assert_no_secret(notice)

    async def test_sessions_opened_with_the_revoked_passkey_end_the_revoker_stays(
        self, client: AsyncClient
    ) -> None:
        from app.main import create_app

        await activated_affiliate(client)
        second = authenticator()
        assert (await register(client, second)).status_code in (200, 201)
        target = (
            await PasskeyCredential.select(PasskeyCredential.id)
            .where(PasskeyCredential.credential_id == second.credential_id)
            .first()
        )["id"]
        other_app = create_app()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=other_app), base_url=ORIGIN
        ) as other:
            # Someone else's browser opened a session with the second passkey.
            assert (await log_in(other, second)).status_code in (200, 201)
            assert (await other.get("/account")).status_code == 200
            before = client.cookies.get("affilio_session")
            done = await post_form(client, f"/account/passkeys/{target}/revoke", {})
            assert done.status_code == 303
            assert (await other.get("/account")).status_code == 303  # to the login page
            # The revoker goes on, under a new session id; the old id is worth nothing.
            assert client.cookies.get("affilio_session") not in (None, before)
            assert (await client.get("/account/passkeys?done=revoked")).status_code == 200
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=other_app), base_url=ORIGIN
            ) as stale:
                stale.cookies.set("affilio_session", before or "")
                assert (await stale.get("/account")).status_code == 303
        await other_app.state.redis.aclose()

    async def test_the_renewed_session_keeps_its_verification_time(
        self, client: AsyncClient
    ) -> None:
        await activated_affiliate(client)
        second = authenticator()
        assert (await register(client, second)).status_code in (200, 201)
        rows = await PasskeyCredential.select().order_by(PasskeyCredential.created_at)
        with clock.frozen(clock.now() + timedelta(minutes=4)):
            done = await post_form(client, f"/account/passkeys/{rows[1]['id']}/revoke", {})
            assert done.status_code == 303
        # Renewing the session is no new user verification: six minutes after the login the
        # step-up is stale again.
        with clock.frozen(clock.now() + timedelta(minutes=6)):
            page = await client.get(f"/account/passkeys/{rows[0]['id']}/revoke")
            assert page.status_code == 303 and page.headers["location"].startswith("/step-up")


class TestStaffAdministration:
    async def test_invite_needs_a_fresh_step_up_and_mails_only_the_invitee(
        self, client: AsyncClient
    ) -> None:
        _, key = await activated_staff(client, role="admin")
        mails_before = len(await queued_mails())
        form = {"full_name": "Lotte Peeters", "email": "lotte.su@affilio.example",
                "role": "agent", "team": "gent"}  # fmt: skip
        with clock.frozen(clock.now() + STALE):
            page = await client.get("/staff/identity/team")
            assert 'href="/step-up?next=/staff/identity/team"' in page.text
            refused = await post_form(client, "/staff/identity/team", form)
            assert refused.status_code == 303
            assert refused.headers["location"].startswith("/step-up?next=")
            assert not await StaffUser.exists().where(StaffUser.email == form["email"])
            assert len(await queued_mails()) == mails_before

            await step_up(client, key)
            invited = await post_form(client, "/staff/identity/team", form)
            assert invited.status_code == 303
        assert await StaffUser.exists().where(StaffUser.email == form["email"])
        [invite] = (await queued_mails())[mails_before:]
        assert (invite["template"], invite["to"]) == ("staff_invite", form["email"])

    async def test_role_change_needs_a_fresh_step_up_and_tells_the_member(
        self, client: AsyncClient
    ) -> None:
        from tests.support.actors import make_staff

        _, key = await activated_staff(client, role="admin")
        member_id = await make_staff(role="agent", name="Marc Membre")
        await StaffUser.update({StaffUser.language: "nl"}).where(StaffUser.id == member_id)
        url = f"/staff/identity/team/{member_id}/role"
        mails_before = len(await queued_mails())
        with clock.frozen(clock.now() + STALE):
            refused = await post_form(client, url, {"role": "supervisor"})
            assert refused.status_code == 303
            assert refused.headers["location"].startswith("/step-up?next=")
            row = await StaffUser.select(StaffUser.role).where(StaffUser.id == member_id).first()
            assert row["role"] == "agent"

            await step_up(client, key)
            changed = await post_form(client, url, {"role": "supervisor"})
            assert changed.status_code == 303
        member = await StaffUser.select().where(StaffUser.id == member_id).first()
        assert member["role"] == "supervisor"
        [notice] = (await queued_mails())[mails_before:]
        assert notice["template"] == "role_changed"
        assert (notice["to"], notice["language"]) == (member["email"], "nl")
        assert notice["context"]["role"] == "supervisor"
        assert notice["context"]["link"] == ORIGIN + "/account"
        assert_no_secret(notice)
        # The same role again changes nothing and tells nobody.
        again = await post_form(client, url, {"role": "supervisor"})
        assert again.status_code == 303
        assert len(await queued_mails()) == mails_before + 1

    async def test_an_agent_still_gets_403_not_a_step_up(self, client: AsyncClient) -> None:
        await activated_staff(client, role="agent")
        with clock.frozen(clock.now() + STALE):
            response = await post_form(
                client, "/staff/identity/team", {"full_name": "X", "email": "x@affilio.example"}
            )
        assert response.status_code == 403


class TestNoStateChangeOnGet:
    async def test_the_confirm_page_only_shows_the_change_and_the_post_applies_it(
        self, client: AsyncClient
    ) -> None:
        person_id, key = await activated_affiliate(client)
        before = await email_of(person_id)
        with clock.frozen(clock.now() + STALE):
            sent = await post_form(
                client,
                "/account/details",
                {"email": "confirm.me@example.be", "phone": "", "language": "fr"},
            )
            assert sent.headers["location"] == "/step-up?next=/account/details/confirm"
            # Without the passkey check, neither the page nor the POST goes through.
            assert (
                (await client.get("/account/details/confirm"))
                .headers["location"]
                .startswith("/step-up")
            )
            early = await post_form(client, "/account/details/confirm", {})
            assert early.status_code == 303 and early.headers["location"].startswith("/step-up")
            assert await email_of(person_id) == before

            await step_up(client, key, "/account/details/confirm")
            page = await client.get("/account/details/confirm")
            assert page.status_code == 200
            assert "confirm.me@example.be" in page.text
            assert 'method="post" action="/account/details/confirm"' in page.text
            # Showing it (twice) changes nothing.
            assert (await client.get("/account/details/confirm")).status_code == 200
            assert await email_of(person_id) == before
            assert await queued_mails("email_changed") == []

            applied = await post_form(client, "/account/details/confirm", {})
            assert applied.status_code == 303
            assert applied.headers["location"] == "/account/details?done=saved"
        assert await email_of(person_id) == "confirm.me@example.be"
        [notice] = await queued_mails("email_changed")
        assert notice["to"] == before
        # Nothing is waiting any more: the page and the POST go back to the form.
        gone = await client.get("/account/details/confirm")
        assert gone.headers["location"] == "/account/details"

    async def test_a_get_cannot_apply_the_change(self, client: AsyncClient) -> None:
        person_id, key = await activated_affiliate(client)
        before = await email_of(person_id)
        with clock.frozen(clock.now() + STALE):
            await post_form(
                client,
                "/account/details",
                {"email": "by.get@example.be", "phone": "", "language": "fr"},
            )
            await step_up(client, key, "/account/details/confirm")
            await client.get("/account/details/confirm")
        assert await email_of(person_id) == before


class TestNoticeTexts:
    def test_the_notices_render_in_each_language(self) -> None:
        link = ORIGIN + "/account/passkeys"
        added = {"name": "Jan", "passkey": "iPhone", "when": "1 déc. 2026", "link": link}
        subjects = {
            (template, lang): render_mail(template, lang, context).subject
            for template, context in (
                ("passkey_added", added),
                ("passkey_removed", added),
                ("role_changed", {**added, "role": "admin", "link": ORIGIN + "/account"}),
            )
            for lang in ("fr", "nl", "en")
        }
        assert subjects[("passkey_added", "en")] == "A passkey was added to your account"
        assert subjects[("passkey_added", "fr")] != subjects[("passkey_added", "en")]
        assert subjects[("passkey_added", "nl")] != subjects[("passkey_added", "en")]
        assert subjects[("passkey_removed", "nl")] != subjects[("passkey_removed", "en")]
        assert subjects[("role_changed", "fr")] != subjects[("role_changed", "en")]
        body = render_mail("role_changed", "nl", {**added, "role": "admin",
                                                  "link": ORIGIN + "/account"}).body  # fmt: skip
        assert "Beheerder" in body and ORIGIN + "/account" in body
        removed = render_mail("passkey_removed", "fr", added).body
        assert "iPhone" in removed and link in removed
