"""Activation, passkey login, refusals, sessions and guards, through the real HTTP app."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import pytest
from httpx import AsyncClient

from app.affiliation import service as affiliation_service
from app.identity import service
from app.identity.tables import ActivationLink, PasskeyCredential, Person
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.tables import AuditEvent
from tests.support.actors import log_in as actor_log_in
from tests.support.actors import make_staff, staff
from tests.support.passkey_client import (
    ORIGIN,
    activated_affiliate,
    activated_staff,
    authenticator,
    log_in,
    login_options,
    new_affiliate,
    post_form,
    post_json,
    register,
    token_of,
)
from tests.support.soft_authenticator import b64url_decode


async def audit_actions() -> list[str]:
    return [r["action"] for r in await AuditEvent.select(AuditEvent.action)]


class TestActivationLink:
    async def test_link_registers_a_passkey_logs_in_and_is_single_use(
        self, client: AsyncClient
    ) -> None:
        person_id = await new_affiliate()
        url = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        assert url.startswith(ORIGIN + "/activate/")
        page = await client.get(url.removeprefix(ORIGIN))
        assert page.status_code == 200 and "Créer ma clé d'accès" in page.text

        before = client.cookies.get("affilio_session")
        response = await register(client, authenticator(), token_of(url))
        assert response.status_code in (200, 201), response.text
        assert response.json()["redirect"] == "/account/passkeys?done=welcome"
        # A new session id at login: the pre-login id is not reused (no session fixation).
        assert client.cookies.get("affilio_session") not in (None, before)
        assert response.cookies.get("affilio_lang") == "fr"
        account = await client.get("/account")
        assert account.status_code == 200 and "Camille Test" in account.text

        # The link is spent: the page says so and a second registration is refused.
        again = await client.get(url.removeprefix(ORIGIN))
        assert again.status_code == 410
        options = await post_json(client, "/passkeys/register/options", {"token": token_of(url)})
        assert options.status_code == 410
        assert await PasskeyCredential.count() == 1
        assert "passkey.added" in await audit_actions()
        assert "identity.login" not in await audit_actions()  # activation is not a login
        assert "identity.link_refused" in await audit_actions()

    async def test_link_expires_after_72_hours(self, client: AsyncClient) -> None:
        person_id = await new_affiliate()
        url = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        with clock.frozen(clock.now() + timedelta(hours=72)):
            response = await client.get(url.removeprefix(ORIGIN))
        assert response.status_code == 410
        with clock.frozen(clock.now() + timedelta(hours=71, minutes=59)):
            assert (await client.get(url.removeprefix(ORIGIN))).status_code == 200

    async def test_link_is_stored_hashed_and_a_new_link_kills_the_old(
        self, client: AsyncClient
    ) -> None:
        person_id = await new_affiliate()
        first = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        second = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        hashes = [r["token_hash"] for r in await ActivationLink.select(ActivationLink.token_hash)]
        assert token_of(first) not in hashes and token_of(second) not in hashes
        assert (await client.get(first.removeprefix(ORIGIN))).status_code == 410
        assert (await client.get(second.removeprefix(ORIGIN))).status_code == 200

    async def test_expired_registration_challenge_is_refused(self, client: AsyncClient) -> None:
        person_id = await new_affiliate()
        url = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        options = await post_json(client, "/passkeys/register/options", {"token": token_of(url)})
        body = options.json()
        credential = json.loads(authenticator().create_from_options(json.dumps(body["publicKey"])))
        with clock.frozen(clock.now() + timedelta(minutes=5)):
            response = await post_json(
                client,
                "/passkeys/register",
                {"ceremony": body["ceremony"], "credential": credential},
            )
        assert response.status_code == 400
        assert response.json()["detail"] == "Cette tentative a expiré. Veuillez réessayer."
        assert await PasskeyCredential.count() == 0


class TestLogin:
    async def test_passkey_login_then_logout(self, client: AsyncClient) -> None:
        person_id, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        assert (await client.get("/account")).status_code == 303

        response = await log_in(client, key)
        assert response.status_code in (200, 201), response.text
        assert response.json()["redirect"] == "/account"
        assert (await client.get("/account")).status_code == 200
        row = await PasskeyCredential.select().first()
        assert row["sign_count"] == 1 and row["last_used_at"] is not None
        events = await AuditEvent.select().where(AuditEvent.action == "identity.login")
        assert events[0]["actor_id"] == person_id and events[0]["ip"]

    async def test_anonymous_page_visit_redirects_to_login_with_next(
        self, client: AsyncClient
    ) -> None:
        response = await client.get("/account/passkeys")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/account/passkeys"

    async def test_revoked_credential_is_refused(self, client: AsyncClient) -> None:
        _, key = await activated_affiliate(client)
        await PasskeyCredential.update({PasskeyCredential.revoked_at: clock.now()}).where(
            PasskeyCredential.credential_id == key.credential_id
        )
        await post_form(client, "/logout", {})
        response = await log_in(client, key)
        assert response.status_code == 400
        assert "n'a pas été acceptée" in response.json()["detail"]
        failed = await AuditEvent.select().where(AuditEvent.action == "identity.login_failed")
        assert "revoked_credential" in failed[0]["details"]

    async def test_replayed_assertion_is_refused(self, client: AsyncClient) -> None:
        _, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        assert (await log_in(client, key)).status_code in (200, 201)
        await post_form(client, "/logout", {})
        # Same counter again, as a cloned authenticator or a replayed response would send.
        response = await log_in(client, key, sign_count=key.sign_count)
        assert response.status_code == 400
        assert (await client.get("/account")).status_code == 303

    async def test_staff_see_why_a_passkey_was_refused_the_person_does_not(
        self, client: AsyncClient
    ) -> None:
        person_id, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        assert (await log_in(client, key)).status_code in (200, 201)
        await post_form(client, "/logout", {})
        cloned = await log_in(client, key, sign_count=key.sign_count)
        answer = cloned.json()["detail"]
        assert cloned.status_code == 400
        # The person reads the neutral sentence, not the reason.
        assert "n'a pas été acceptée" in answer
        assert "compteur" not in answer and "copi" not in answer

        agent = await make_staff()
        await affiliation_service.assign_account_manager(
            staff(agent), person_id=person_id, staff_id=agent
        )
        await actor_log_in(client, "staff", agent)
        page = await client.get(f"/staff/people/{person_id}")
        assert page.status_code == 200
        shown = html.unescape(page.text)
        assert "Connexions refusées avec une clé d'accès" in shown
        assert 'data-reason="replayed"' in shown
        assert "Le compteur de la clé d'accès a reculé\u00a0: elle a peut-être été copiée" in shown

    async def test_same_challenge_cannot_be_used_twice(self, client: AsyncClient) -> None:
        _, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        options = await login_options(client)
        credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
        body = {"ceremony": options["ceremony"], "credential": credential}
        assert (await post_json(client, "/passkeys/login", body)).status_code in (200, 201)
        await post_form(client, "/logout", {})
        assert (await post_json(client, "/passkeys/login", body)).status_code == 400

    async def test_wrong_origin_and_rp_id_are_refused(self, client: AsyncClient) -> None:
        _, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        wrong_origin = await log_in(client, key, origin="https://evil.example")
        assert wrong_origin.status_code == 400
        wrong_rp = await log_in(client, key, rp_id="evil.example")
        assert wrong_rp.status_code == 400
        reasons = [
            r["details"]
            for r in await AuditEvent.select().where(AuditEvent.action == "identity.login_failed")
        ]
        assert any("bad_origin" in r for r in reasons) and any("bad_rp_id" in r for r in reasons)

    async def test_tampered_signature_and_unknown_credential_are_refused(
        self, client: AsyncClient
    ) -> None:
        _, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        options = await login_options(client)
        credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
        credential["response"]["signature"] = credential["response"]["signature"][:-4] + "AAAA"
        response = await post_json(
            client, "/passkeys/login", {"ceremony": options["ceremony"], "credential": credential}
        )
        assert response.status_code == 400
        stranger = authenticator()
        stranger.user_handle = b"x" * 16
        assert (await log_in(client, stranger)).status_code == 400

    async def test_failed_logins_are_rate_limited_per_ip(self, client: AsyncClient) -> None:
        stranger = authenticator()
        for _ in range(10):
            assert (await log_in(client, stranger)).status_code == 400
        response = await log_in(client, stranger)
        assert response.status_code == 429
        assert "15 minutes" in response.json()["detail"]
        assert "identity.login_throttled" in await audit_actions()

    async def test_forged_signatures_from_everywhere_cannot_lock_the_owner_out(
        self, client: AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.kit.settings import get_settings

        # The test client stands for our reverse proxy: X-Forwarded-For names the sender.
        monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1")
        get_settings.cache_clear()
        _, key = await activated_affiliate(client)
        await post_form(client, "/logout", {})
        for n in range(12):  # 12 addresses, each under its own limit, all naming the key
            client.headers["x-forwarded-for"] = f"198.51.100.{n}"
            options = await login_options(client)
            credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
            key.sign_count -= 1  # the forger never had the key: its counter does not move
            credential["response"]["signature"] = "AAAA" + credential["response"]["signature"][4:]
            forged = await post_json(
                client,
                "/passkeys/login",
                {"ceremony": options["ceremony"], "credential": credential},
            )
            assert forged.status_code == 400
        del client.headers["x-forwarded-for"]
        assert (await log_in(client, key)).status_code in (200, 201)
        monkeypatch.undo()
        get_settings.cache_clear()

    async def test_login_uses_the_stored_language(self, client: AsyncClient) -> None:
        person_id, key = await activated_affiliate(client)
        await Person.update({Person.language: "nl"}).where(Person.id == person_id)
        await post_form(client, "/logout", {})
        response = await log_in(client, key)
        assert response.cookies.get("affilio_lang") == "nl"


class TestSessions:
    async def test_log_out_everywhere_ends_other_sessions(self, client: AsyncClient) -> None:
        _, key = await activated_affiliate(client)
        import httpx

        from app.main import create_app

        other_app = create_app()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=other_app), base_url=ORIGIN
        ) as other:
            assert (await log_in(other, key)).status_code in (200, 201)
            assert (await other.get("/account")).status_code == 200
            response = await post_form(client, "/logout/everywhere", {})
            assert response.status_code == 303
            assert (await other.get("/account")).status_code == 303
            assert (await client.get("/account")).status_code == 303
        await other_app.state.redis.aclose()
        assert "identity.logged_out_everywhere" in await audit_actions()

    async def test_idle_affiliate_session_ends_after_30_minutes(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        with clock.frozen(clock.now() + timedelta(minutes=29)):
            assert (await client.get("/account")).status_code == 200
        with clock.frozen(clock.now() + timedelta(minutes=29 + 30)):
            assert (await client.get("/account")).status_code == 303


class TestPasskeyManagement:
    async def test_add_rename_and_revoke_with_last_key_confirmation(
        self, client: AsyncClient
    ) -> None:
        _, first = await activated_affiliate(client)
        second = authenticator()
        added = await register(client, second)
        assert added.json()["redirect"] == "/account/passkeys?done=added"
        rows = await PasskeyCredential.select().order_by(PasskeyCredential.created_at)
        assert len(rows) == 2

        renamed = await post_form(
            client, f"/account/passkeys/{rows[1]['id']}/rename", {"name": "Mon ordinateur"}
        )
        assert renamed.status_code == 303
        assert "Mon ordinateur" in (await client.get("/account/passkeys")).text

        assert (
            await post_form(client, f"/account/passkeys/{rows[1]['id']}/revoke", {})
        ).status_code == 303
        # The last passkey needs an explicit confirmation.
        page = await client.get(f"/account/passkeys/{rows[0]['id']}/revoke")
        assert "dernière clé" in page.text
        refused = await post_form(client, f"/account/passkeys/{rows[0]['id']}/revoke", {})
        assert refused.status_code == 400
        assert await PasskeyCredential.count().where(PasskeyCredential.revoked_at.is_null()) == 1
        actions = await audit_actions()
        assert {"passkey.renamed", "passkey.revoked"} <= set(actions)

        await post_form(client, "/logout", {})
        assert (await log_in(client, second)).status_code == 400  # revoked
        assert (await log_in(client, first)).status_code in (200, 201)

    async def test_another_affiliates_passkey_is_not_found(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        mine = await PasskeyCredential.select(PasskeyCredential.id).first()
        await post_form(client, "/logout", {})
        await activated_affiliate(client)
        for response in (
            await client.get(f"/account/passkeys/{mine['id']}/revoke"),
            await post_form(client, f"/account/passkeys/{mine['id']}/revoke", {}),
            await post_form(client, f"/account/passkeys/{mine['id']}/rename", {"name": "x"}),
        ):
            assert response.status_code == 404
        assert await PasskeyCredential.count().where(PasskeyCredential.revoked_at.is_null()) == 2


class TestGuards:
    async def test_affiliate_gets_403_on_staff_pages(self, client: AsyncClient) -> None:
        await activated_affiliate(client)
        assert (await client.get("/staff/identity/recovery")).status_code == 403
        assert (await client.get("/staff/identity/team")).status_code == 403

    async def test_agent_is_not_admin(self, client: AsyncClient) -> None:
        await activated_staff(client, role="agent")
        assert (await client.get("/staff/identity/recovery")).status_code == 200
        assert (await client.get("/staff/identity/team")).status_code == 403

    async def test_step_up_is_fresh_after_login_and_expires(self, client: AsyncClient) -> None:
        from app.identity.guards import current_actor  # noqa: F401  (public interface)
        from app.identity.rules import step_up_fresh

        _, key = await activated_affiliate(client)
        page = await client.get("/step-up?next=/account")
        assert page.status_code == 200
        with clock.frozen(clock.now() + timedelta(minutes=10)):
            options = await login_options(client, "/passkeys/step-up/options")
            credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
            response = await post_json(
                client,
                "/passkeys/step-up",
                {"ceremony": options["ceremony"], "credential": credential, "next": "/account"},
            )
            assert response.status_code in (200, 201), response.text
            assert response.json()["redirect"] == "/account"
        assert step_up_fresh(clock.now(), clock.now())
        assert "identity.step_up" in await audit_actions()


class TestStepUp:
    async def test_stale_verification_sends_a_decision_to_step_up(
        self, client: AsyncClient
    ) -> None:
        from app.identity.tables import AccountRecovery

        person_id = await new_affiliate()
        recovery = AccountRecovery(national_number="85073003328", email="x@example.be")
        recovery.person = person_id
        await recovery.save()
        _, key = await activated_staff(client, role="agent")
        url = f"/staff/identity/recovery/{recovery.id}/grant"
        with clock.frozen(clock.now() + timedelta(minutes=6)):
            response = await client.post(
                url,
                data={"_csrf_token": client.cookies.get("affilio_csrf") or ""},
                headers={"referer": ORIGIN + "/staff/identity/recovery"},
            )
            assert response.status_code == 303
            assert response.headers["location"] == "/step-up?next=/staff/identity/recovery"
            # A passkey check makes the same decision go through.
            options = await login_options(client, "/passkeys/step-up/options")
            credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
            checked = await post_json(
                client,
                "/passkeys/step-up",
                {"ceremony": options["ceremony"], "credential": credential},
            )
            assert checked.status_code in (200, 201), checked.text
            granted = await post_form(client, url, {})
            assert granted.status_code == 303
            assert granted.headers["location"].endswith("done=granted")
