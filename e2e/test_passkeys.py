"""Passkeys in Chromium with its virtual authenticator: activation, login, several passkeys,
revocation, staff invitation and the guards — on a phone-sized screen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.auth import (
    activate_affiliate,
    activate_staff,
    add_virtual_authenticator,
    export_credentials,
    log_in_with_passkey,
    log_out,
    passkey_ids,
    register_passkey_on_page,
    remove_virtual_authenticator,
    step_up,
)
from e2e.test_requests import expire_step_up


def test_activate_log_out_log_in_add_and_revoke_a_passkey(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url, first_name="Camille")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes clés d'accès")
    welcome = page.get_by_role("status").filter(has_text="Votre clé d'accès est prête")
    expect(welcome).to_be_visible()
    expect(page.locator(".nav-more-list .nav-account-name")).to_have_text(
        f"Camille {person['last_name']}"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The activation link is single use.
    page.goto(person["activation_url"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Lien plus valable")

    log_out(page)
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    log_in_with_passkey(page, base_url)
    expect(page).to_have_url(base_url + "/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")

    # Adding a passkey needs a passkey check of the last five minutes. The login just now was
    # one: age it, as later in the visit, so the page asks for the check (first device) first.
    expire_step_up(page)
    page.goto(base_url + "/account/passkeys")
    expect(page.locator('[data-passkey="register"]')).to_have_count(0)
    page.get_by_role("link", name="Confirmer mon identité pour ajouter une clé d'accès").click()
    expect(page).to_have_url(base_url + "/step-up?next=/account/passkeys")
    step_up(page)
    expect(page).to_have_url(base_url + "/account/passkeys")

    # A second passkey on another device (its own authenticator), keeping the first aside.
    first_device = person["authenticator_id"]
    first_keys = export_credentials(page, first_device)
    remove_virtual_authenticator(page, first_device)
    second_device = add_virtual_authenticator(page)
    page.goto(base_url + "/account/passkeys")
    register_passkey_on_page(page)
    expect(page.locator("[data-passkey-item]")).to_have_count(2)

    # Revoke the second one (the newest, listed last). Revoking needs the check too: aged
    # again, the revoke link leads to it first (the second device, still valid, confirms).
    expire_step_up(page)
    page.locator("[data-passkey-item]").nth(1).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/step-up\?next=/account/passkeys/[0-9a-f-]+/revoke$"))
    step_up(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Révoquer")
    page.get_by_role("button", name="Révoquer cette clé d'accès").click()
    expect(page.locator("[data-passkey-item]")).to_have_count(1)
    # The revoke ended the account's other sessions; this one goes on (renewed).
    expect(page.locator(".nav-more-list .nav-account-name")).to_have_text(
        f"Camille {person['last_name']}"
    )

    # The revoked passkey no longer opens the account: a clear message, read out.
    log_out(page)
    page.goto(base_url + "/login")
    page.locator('[data-passkey="login"] [data-passkey-start]').click()
    expect(page.locator("[data-passkey-status]")).to_contain_text(
        "Cette clé d'accès n'a pas été acceptée"
    )
    expect(page).to_have_url(base_url + "/login")

    # The first device still works.
    remove_virtual_authenticator(page, second_device)
    add_virtual_authenticator(page, credentials=first_keys)
    log_in_with_passkey(page, base_url)
    expect(page).to_have_url(base_url + "/account")


def test_invited_staff_member_logs_in(page: Page, base_url: str) -> None:
    staff = activate_staff(page, base_url, role="agent", full_name="Lotte Peeters")
    log_out(page)
    log_in_with_passkey(page, base_url, next_path="/staff/identity/recovery")
    expect(page).to_have_url(base_url + "/staff/identity/recovery")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes de récupération de compte")
    expect(page.locator(".nav-more-list .nav-account-name")).to_have_text(staff["full_name"])
    # An agent is not an administrator.
    response = page.goto(base_url + "/staff/identity/team")
    assert response is not None and response.status == 403


def test_affiliate_is_refused_staff_pages_and_other_peoples_passkeys(
    page: Page, base_url: str
) -> None:
    other = activate_affiliate(page, base_url)
    [others_passkey] = passkey_ids("affiliate", other["id"])
    log_out(page)
    remove_virtual_authenticator(page, other["authenticator_id"])
    activate_affiliate(page, base_url)

    response = page.goto(base_url + "/staff/identity/recovery")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    response = page.goto(f"{base_url}/account/passkeys/{others_passkey}/revoke")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")


def test_anonymous_visitor_is_sent_to_login_and_back(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url)
    log_out(page)
    page.goto(base_url + "/account/passkeys")
    expect(page).to_have_url(base_url + "/login?next=/account/passkeys")
    page.locator('[data-passkey="login"] [data-passkey-start]').click()
    expect(page).to_have_url(base_url + "/account/passkeys")
    expect(page.locator(".nav-more-list .nav-account-name")).to_contain_text(person["last_name"])


def test_passkey_autofill_logs_in_without_a_click(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url)
    keys = export_credentials(page, person["authenticator_id"])
    log_out(page)
    # A new page where autofill (conditional mediation) is available, holding the same passkey.
    fresh = page.context.new_page()
    add_virtual_authenticator(fresh, credentials=keys, autofill=True)
    fresh.goto(base_url + "/login?next=/account/passkeys")
    expect(fresh).to_have_url(base_url + "/account/passkeys")
    expect(fresh.locator('input[autocomplete="username webauthn"]')).to_have_count(0)


def test_login_page_is_one_button_without_a_name_or_password_box(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/login")
    main = page.get_by_role("main")
    # Nothing a person would take for a username or password field…
    expect(main.get_by_role("textbox")).to_have_count(0)
    expect(page.locator("main input[type=password]")).to_have_count(0)
    # …and one thing to do.
    expect(main.get_by_role("button")).to_have_count(1)
    expect(main.get_by_role("button")).to_have_text("Se connecter avec une clé d'accès")
    # The autofill anchor is still there for browsers that suggest passkeys, out of the tab order.
    anchor = page.locator('input[autocomplete="username webauthn"]')
    expect(anchor).to_have_attribute("tabindex", "-1")
    box = anchor.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
