"""Keyboard only (WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.7): journeys done with Tab, Shift+Tab, Enter,
Space and the arrow keys, never a click. After every Tab the focused element shows a focus
ring (an outline or a box-shadow), and the focus always moves on: no trap.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {key: 'body', ring: true, text: ''};
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = !!s.boxShadow && s.boxShadow !== 'none';
  const text = (el.textContent || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  const key = el.tagName.toLowerCase() + '#' + el.id + '[' + (el.getAttribute('name') || '') +
    '=' + (el.getAttribute('value') || '') + '] ' + (el.getAttribute('href') || '') + ' ' + text;
  return {key, ring: outline || shadow, text};
}"""


def press(page: Page, key: str) -> dict[str, str]:
    """Press Tab or Shift+Tab: the focus moved to an element that shows it."""
    before = page.evaluate(FOCUSED)
    page.keyboard.press(key)
    now: dict[str, str] = page.evaluate(FOCUSED)
    assert now["key"] != before["key"] or now["key"] == "body", f"focus stuck on {now['key']}"
    assert now["ring"], f"no visible focus on {now['key']}"
    return now


def tab_to(page: Page, selector: str, *, back: bool = False, limit: int = 60) -> None:
    """Tab (or Shift+Tab) until the element matching `selector` has the focus."""
    for _ in range(limit):
        press(page, "Shift+Tab" if back else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached in {limit} presses")


def test_the_skip_link_leads_into_the_main_content(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator")
    assert press(page, "Tab")["key"].startswith("a#[=] #main")  # the first stop
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab is inside the main content, past the header and its navigation.
    press(page, "Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_every_control_of_the_simulator_is_reached_and_left(page: Page, base_url: str) -> None:
    """Forward through the whole page, then back: nothing traps the focus."""
    page.goto(base_url + "/simulator?income=25000&category=main&year=2026")
    seen: list[str] = []
    for _ in range(150):
        now = press(page, "Tab")
        if now["key"] == "body" or (seen and now["key"] == seen[0]):
            break  # past the last stop: back to the browser, then the first
        seen.append(now["key"])
    else:
        raise AssertionError("the focus never left the page")
    assert len(seen) > 10 and len(set(seen)) == len(seen), seen
    assert any("/contact" in key for key in seen[-3:]), seen[-3:]  # the footer, last
    tab_to(page, ".skip-link", back=True, limit=len(seen) + 2)


def test_the_simulator_with_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator")
    tab_to(page, "#field-income")
    page.keyboard.type("25000")
    page.keyboard.press("Enter")
    expect(page.locator("#simulation-result")).to_contain_text("par trimestre")
    # The situation: a radio group, moved through with the arrow keys.
    tab_to(page, "input[name=category]")
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=category]:checked")).to_be_focused()
    expect(page.locator("#simulation-result")).to_contain_text("par trimestre")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"income=25000"))


def test_a_guide_step_with_an_error_fixed_with_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/wizards/new_child/event")
    tab_to(page, "#wizard-region form button[type=submit]")
    page.keyboard.press("Enter")  # nothing chosen
    summary = page.locator("#wizard-region .error-summary")
    expect(summary).to_be_focused()
    tab_to(page, "#wizard-region .error-summary a")  # "choose …", to the field
    page.keyboard.press("Enter")
    expect(page.locator("input[name=event]").first).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("input[name=event]").first).to_be_checked()
    tab_to(page, "#wizard-region form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wizards/new_child/role$"))
    expect(page.locator("#wizard-region h1")).to_be_focused()
    # Back, with Shift+Tab to the back link.
    tab_to(page, "#wizard-region a.back-link", back=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wizards/new_child/event$"))
    expect(page.locator("#wizard-region h1")).to_be_focused()


def test_the_language_switch_with_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator?income=25000&category=main&year=2026")
    tab_to(page, ".language-switch button[value=nl]")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_url(re.compile(r"/simulator\?income=25000"))
    tab_to(page, ".language-switch button[value=fr]")
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_the_check_sees_a_focus_without_a_ring(page: Page, base_url: str) -> None:
    """Guard against a check that cannot fail: a link whose ring was taken away."""
    page.goto(base_url + "/")
    page.evaluate(
        """() => { const sheet = new CSSStyleSheet();
        sheet.replaceSync('.skip-link:focus-visible { outline: none; box-shadow: none; }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }"""
    )
    try:
        press(page, "Tab")
    except AssertionError as error:
        assert "no visible focus" in str(error)
    else:
        raise AssertionError("a focus without a ring went unnoticed")
