"""The navigation fits one row on a phone, for a visitor, an affiliate and staff; what does not
fit is under "Menu", which opens without JavaScript (a <details>)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.auth import activate_affiliate, activate_staff

ROW = 56  # px: one row of 44 px tap targets and its padding (three rows measured 190 px)


def nav_height(page: Page) -> float:
    box = page.locator("nav.site-nav").bounding_box()
    assert box is not None
    return float(box["height"])


@pytest.mark.parametrize("width", [390, 320])
def test_an_affiliates_navigation_is_one_row_and_the_menu_opens(
    page: Page, base_url: str, width: int
) -> None:
    activate_affiliate(page, base_url)
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{base_url}/requests")
    assert nav_height(page) <= ROW
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    nav = page.get_by_role("navigation", name="Principal")
    expect(nav.get_by_role("link", name="Mes demandes")).to_be_visible()
    account = nav.get_by_role("link", name="Mon compte")
    expect(account).to_be_hidden()
    nav.get_by_text("Menu").click()
    expect(account).to_be_visible()
    account.click()
    expect(page).to_have_url(f"{base_url}/account")


def test_a_wide_screen_shows_every_link_and_no_menu(page: Page, base_url: str) -> None:
    activate_staff(page, base_url)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{base_url}/staff/")
    nav = page.get_by_role("navigation", name="Principal")
    expect(nav.get_by_role("link", name="Back-office")).to_be_visible()
    expect(nav.get_by_role("link", name="Mon compte")).to_be_visible()
    expect(nav.get_by_text("Menu")).to_be_hidden()
    # A staff member's long name does not fit one row of the 44 rem column: the links wrap
    # to a second row instead of running off the screen (they overflowed by 2 px at 1024).
    assert nav_height(page) <= 2 * ROW
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1024


def test_a_visitor_on_a_small_phone(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/")
    assert nav_height(page) <= ROW
    nav = page.get_by_role("navigation", name="Principal")
    expect(nav.get_by_role("link", name="Se connecter")).to_be_visible()
    nav.get_by_text("Menu").click()
    expect(nav.get_by_role("link", name="Simulateur")).to_be_visible()
