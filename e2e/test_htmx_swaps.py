"""After each htmx swap, a screen-reader user learns what changed (WCAG 4.1.3, 2.4.3): the focus
moves where static/js/enhance.js puts it (a guide's new heading, the error summary after a
submit), or the region's key sentences ([data-announce]) are read from #live-announcer, a live
region that was on the page before the swap (a swapped-in role=status is not reliably read).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.auth import activate_affiliate, activate_staff, record_status
from e2e.test_payment_plan import _late_quarter

BEFORE = """sel => {
  window.__notReloaded = true;
  window.__announcer = document.getElementById('live-announcer');
  window.__region = document.querySelector(sel);
}"""

# The swap happened in place (no reload, a new region), and the announcer, unchanged, holds
# every [data-announce] text of the new region.
ANNOUNCED = """sel => {
  const region = document.querySelector(sel);
  const announcer = document.getElementById('live-announcer');
  if (!window.__notReloaded || !region || region === window.__region) return false;
  if (announcer !== window.__announcer || region.contains(announcer)) return false;
  const said = [...region.querySelectorAll('[data-announce]')]
    .map(e => e.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean);
  return said.length > 0 && said.every(s => announcer.textContent.includes(s));
}"""


def before_swap(page: Page, region: str) -> None:
    announcer = page.locator("#live-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_attribute("role", "status")
    page.evaluate(BEFORE, region)


def expect_announced(page: Page, region: str) -> str:
    page.wait_for_function(ANNOUNCED, arg=region, timeout=10_000)
    return page.locator("#live-announcer").inner_text()


def test_the_simulator_announces_its_result_and_its_errors(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator?year=2025")
    income = page.locator("#field-income")
    before_swap(page, "#simulation-result")
    income.fill("25000")
    assert "par trimestre" in expect_announced(page, "#simulation-result")
    expect(income).to_be_focused()  # typing: the focus stays in the field

    before_swap(page, "#simulation-result")
    income.fill("-500")
    said = expect_announced(page, "#simulation-result")
    assert "Indiquez un revenu égal ou supérieur à zéro." in said  # the field's own error
    expect(income).to_be_focused()

    # Sent (Enter): the error summary takes the focus, GOV.UK style.
    income.press("Enter")
    expect(page.locator("#simulator-errors .error-summary")).to_be_focused()


def test_the_surcharge_and_regularisation_results_are_announced(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator/surcharge?amount=1000&due_date=2026-03-31&paid_on=2026-06-15")
    before_swap(page, "#surcharge-result")
    page.locator("#field-amount").fill("1200")
    expect_announced(page, "#surcharge-result")

    page.goto(base_url + "/simulator/regularisation")
    before_swap(page, "#regularisation-result")
    page.locator("#field-real_income").fill("40000")
    expect_announced(page, "#regularisation-result")


def test_a_guide_step_moves_the_focus_to_its_error_then_to_the_next_question(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "/wizards/new_child/event")
    page.evaluate("window.__notReloaded = true")
    page.locator("#wizard-region form button[type=submit]").click()  # nothing chosen
    summary = page.locator("#wizard-region .error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    page.get_by_role("radio", name="Une naissance").check()
    page.locator("#wizard-region form button[type=submit]").click()
    expect(page).to_have_url(re.compile("/wizards/new_child/role$"))
    heading = page.locator("#wizard-region h1[data-focus-after-swap]")
    expect(heading).to_be_focused()
    # Back: the previous question's heading.
    page.locator("#wizard-region a.back-link").click()
    expect(page).to_have_url(re.compile("/wizards/new_child/event$"))
    expect(page.locator("#wizard-region h1[data-focus-after-swap]")).to_be_focused()
    assert page.evaluate("window.__notReloaded") is True  # all swapped in place


def test_the_focus_is_not_pulled_back_once_the_person_moved_on(page: Page, base_url: str) -> None:
    """A keyboard user who tabs on from the error summary before htmx settles the swap stays
    where they went (enhance.js focused the summary on the swap, then again on the settle)."""
    page.goto(base_url + "/wizards/new_child/event")
    page.evaluate(
        """() => document.addEventListener('htmx:afterSwap', () => {
        const link = document.querySelector('#wizard-region .error-summary a');
        if (link) link.focus();  // what a Tab does, before the settle
        })"""
    )
    page.locator("#wizard-region form button[type=submit]").click()  # nothing chosen
    link = page.locator("#wizard-region .error-summary a").first
    expect(link).to_be_focused()
    page.wait_for_timeout(300)  # the settle (20 ms) is long past
    expect(link).to_be_focused()


def test_the_adjustment_preview_is_announced(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url)
    record_status(person["id"])
    page.goto(base_url + "/simulator/adjust?year=2026")
    before_swap(page, "#adjust-preview")
    page.locator("#field-income").fill("20000")
    said = expect_announced(page, "#adjust-preview")
    assert "Nouvelle cotisation" in said or "Nieuwe" in said, said
    expect(page.locator("#field-income")).to_be_focused()


def test_the_plan_preview_is_announced(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url)
    record_status(person["id"], "main", "2019-03-01")
    _late_quarter(person["id"])
    page.goto(base_url + "/account/contributions/plan")
    before_swap(page, "#plan-preview")
    page.locator("#field-instalments").fill("4")
    expect_announced(page, "#plan-preview")
    expect(page.locator("#field-instalments")).to_be_focused()


def test_the_staff_queue_filter_announces_the_new_list(page: Page, base_url: str) -> None:
    activate_staff(page, base_url, role="supervisor")
    page.goto(base_url + "/staff/")
    before_swap(page, "#queue-results")
    page.locator("#field-kind").focus()
    page.locator("#field-kind").select_option(index=1)
    expect_announced(page, "#queue-results")
    expect(page.locator("#field-kind")).to_be_focused()


def test_the_check_sees_a_swap_nobody_hears(page: Page, base_url: str) -> None:
    """Guard against a check that cannot fail: a region replaced without a word announced."""
    page.goto(base_url + "/simulator")
    before_swap(page, "#simulation-result")
    page.evaluate(
        """() => {
        const old = document.querySelector('#simulation-result');
        const fresh = document.createElement('section');
        fresh.id = 'simulation-result';
        const line = fresh.appendChild(document.createElement('p'));
        line.setAttribute('data-announce', '');
        line.textContent = 'never said';
        old.replaceWith(fresh);
        }"""
    )
    assert page.evaluate(ANNOUNCED, "#simulation-result") is False
