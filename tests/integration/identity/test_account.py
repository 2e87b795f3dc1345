"""My contact details: email, phone and language, validated, audited, the old address told."""

from __future__ import annotations

import json

from httpx import AsyncClient

from app.identity.tables import Person
from app.kit.tables import AuditEvent, OutboxJob
from tests.support.passkey_client import (
    activated_affiliate,
    activated_staff,
    login_options,
    post_form,
    post_json,
)
from tests.support.soft_authenticator import b64url_decode


async def mails(template: str) -> list[dict]:
    rows = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    payloads = [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]
    return [p for p in payloads if p["template"] == template]


class TestContactDetails:
    async def test_page_shows_the_current_details(self, client: AsyncClient) -> None:
        person_id, _ = await activated_affiliate(client)
        person = await Person.select().where(Person.id == person_id).first()
        page = await client.get("/account/details")
        assert page.status_code == 200
        assert person["email"] in page.text
        assert "Mes coordonnées" in page.text
        assert 'href="/account/details"' in (await client.get("/account")).text

    async def test_change_email_phone_and_language(self, client: AsyncClient) -> None:
        person_id, _ = await activated_affiliate(client)
        old = await Person.select(Person.email).where(Person.id == person_id).first()
        saved = await post_form(
            client,
            "/account/details",
            {"email": " New.Address@Example.be ", "phone": "0470/12.34.56", "language": "nl"},
        )
        assert saved.status_code == 303
        assert saved.headers["location"] == "/account/details?done=saved"
        row = await Person.select().where(Person.id == person_id).first()
        assert (row["email"], row["phone"], row["language"]) == (
            "new.address@example.be",
            "+32470123456",
            "nl",
        )
        # The page now speaks the chosen language.
        assert (
            "Uw contactgegevens zijn opgeslagen"
            in (await client.get(saved.headers["location"])).text
        )
        events = await AuditEvent.select().where(AuditEvent.subject_id == str(person_id))
        by_action = {e["action"]: e for e in events}
        assert "person.contact_changed" in by_action
        changed = by_action["person.email_changed"]
        assert changed["actor_kind"] == "affiliate" and changed["ip"] and changed["user_agent"]
        [notice] = await mails("email_changed")
        assert notice["to"] == old["email"]
        assert notice["language"] == "nl"
        assert notice["context"]["email"] == "new.address@example.be"

    async def test_unchanged_email_sends_no_notice(self, client: AsyncClient) -> None:
        person_id, _ = await activated_affiliate(client)
        row = await Person.select().where(Person.id == person_id).first()
        saved = await post_form(
            client, "/account/details", {"email": row["email"], "phone": "", "language": "fr"}
        )
        assert saved.status_code == 303
        assert await mails("email_changed") == []
        actions = [e["action"] for e in await AuditEvent.select(AuditEvent.action)]
        assert "person.email_changed" not in actions

    async def test_bad_input_is_named_and_kept(self, client: AsyncClient) -> None:
        person_id, _ = await activated_affiliate(client)
        before = await Person.select().where(Person.id == person_id).first()
        refused = await post_form(
            client,
            "/account/details",
            {"email": "not-an-address", "phone": "12ab", "language": "de"},
        )
        assert refused.status_code == 400
        text = refused.text
        assert '<div class="error-summary" role="alert"' in text
        assert 'id="error-email"' in text and 'id="error-phone"' in text
        assert 'id="error-language"' in text
        assert 'value="not-an-address"' in text and 'value="12ab"' in text
        after = await Person.select().where(Person.id == person_id).first()
        assert after == before

    async def test_too_short_phone_is_refused(self, client: AsyncClient) -> None:
        person_id, _ = await activated_affiliate(client)
        row = await Person.select().where(Person.id == person_id).first()
        refused = await post_form(
            client,
            "/account/details",
            {"email": row["email"], "phone": "0470 12", "language": "fr"},
        )
        assert refused.status_code == 400
        assert "9 ou 10 chiffres" in refused.text

    async def test_the_postcode_is_saved_shown_and_checked(self, client: AsyncClient) -> None:
        person_id, _ = await activated_affiliate(client)
        row = await Person.select().where(Person.id == person_id).first()
        form = {"email": row["email"], "phone": "", "language": "fr"}
        refused = await post_form(client, "/account/details", {**form, "postcode": "0999"})
        assert refused.status_code == 400
        assert 'id="error-postcode"' in refused.text and 'value="0999"' in refused.text
        assert "entre 1000 et 9999" in refused.text
        letters = await post_form(client, "/account/details", {**form, "postcode": "10a0"})
        assert "4 chiffres" in letters.text
        assert (await Person.select(Person.postcode).where(Person.id == person_id).first()) == {
            "postcode": None
        }
        saved = await post_form(client, "/account/details", {**form, "postcode": " B-1050 "})
        assert saved.status_code == 303
        row = await Person.select(Person.postcode).where(Person.id == person_id).first()
        assert row == {"postcode": "1050"}
        assert 'value="1050"' in (await client.get("/account/details")).text
        emptied = await post_form(client, "/account/details", {**form, "postcode": ""})
        assert emptied.status_code == 303
        row = await Person.select(Person.postcode).where(Person.id == person_id).first()
        assert row == {"postcode": None}

    async def test_staff_and_anonymous_cannot_use_it(self, client: AsyncClient) -> None:
        anonymous = await client.get("/account/details")
        assert anonymous.status_code in (302, 303)
        await activated_staff(client)
        assert (await client.get("/account/details")).status_code == 403
        assert 'href="/account/details"' not in (await client.get("/account")).text


class TestEmailChangeNeedsTheOwner:
    async def test_a_stale_session_confirms_with_the_passkey_and_nothing_typed_is_lost(
        self, client: AsyncClient
    ) -> None:
        from datetime import timedelta

        from app.kit import clock

        person_id, key = await activated_affiliate(client)
        before = await Person.select(Person.email).where(Person.id == person_id).first()
        # Ten minutes after logging in, the passkey check is no longer fresh.
        with clock.frozen(clock.now() + timedelta(minutes=10)):
            sent = await post_form(
                client,
                "/account/details",
                {"email": "other@example.be", "phone": "0470123456", "language": "fr"},
            )
            assert sent.status_code == 303
            assert sent.headers["location"] == "/step-up?next=/account/details/confirm"
            row = await Person.select(Person.email).where(Person.id == person_id).first()
            assert row["email"] == before["email"]  # nothing changed yet
            # Without the confirmation, the confirm page sends back to the step-up.
            waiting = await client.get("/account/details/confirm")
            assert waiting.headers["location"].startswith("/step-up")
            assert await mails("email_changed") == []

            # The owner confirms with the passkey; what was typed is then saved.
            options = await login_options(client, "/passkeys/step-up/options")
            credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"])))
            confirmed = await post_json(
                client,
                "/passkeys/step-up",
                {
                    "ceremony": options["ceremony"],
                    "credential": credential,
                    "next": "/account/details/confirm",
                },
            )
            assert confirmed.json()["redirect"] == "/account/details/confirm"
            # The page it lands on shows the new address; its button applies it (a POST).
            page = await client.get("/account/details/confirm")
            assert page.status_code == 200 and "other@example.be" in page.text
            applied = await post_form(client, "/account/details/confirm", {})
            assert applied.headers["location"] == "/account/details?done=saved"
        row = await Person.select().where(Person.id == person_id).first()
        assert (row["email"], row["phone"]) == ("other@example.be", "+32470123456")
        [notice] = await mails("email_changed")
        assert notice["to"] == before["email"]

    async def test_phone_and_language_need_no_confirmation(self, client: AsyncClient) -> None:
        from datetime import timedelta

        from app.kit import clock

        person_id, _ = await activated_affiliate(client)
        row = await Person.select(Person.email).where(Person.id == person_id).first()
        with clock.frozen(clock.now() + timedelta(minutes=10)):
            saved = await post_form(
                client,
                "/account/details",
                {"email": row["email"], "phone": "0470123456", "language": "nl"},
            )
        assert saved.headers["location"] == "/account/details?done=saved"
