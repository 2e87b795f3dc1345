"""A 320 px wide phone: no page scrolls sideways, and every control is at least 44 px tall.

WCAG 2.5.5 asks 44 × 44 CSS px for targets; links inside a sentence are exempt (they are part
of the text), so the check takes buttons, fields, menus and links that stand on their own.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from e2e.auth import activate_affiliate, activate_staff

WIDTH = 320
TARGET = 44

# Controls a thumb aims at. A link counts when it is a button, a card, in the navigation,
# or alone in its paragraph/list item; links inside running text do not.
MEASURE = """
(target) => {
  const out = [];
  const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('main *, header *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > document.documentElement.clientWidth + 0.5) {
      wide.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') +
                ' right=' + Math.round(r.right));
    }
  }
  const alone = (a) => {
    const parent = a.parentElement;
    if (!parent) return false;
    const text = parent.textContent.replace(/\\s+/g, ' ').trim();
    const own = a.textContent.replace(/\\s+/g, ' ').trim();
    return text === own || own.startsWith('←');
  };
  const candidates = document.querySelectorAll(
    'button, .button, select, textarea, summary, ' +
    'input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([tabindex="-1"]), ' +
    'label:has(> input[type=radio]), label:has(> input[type=checkbox]), ' +
    '.choice label, a'
  );
  for (const el of candidates) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (el.tagName === 'A' && !(el.closest('nav') || el.classList.contains('button') ||
        el.classList.contains('card-link') || alone(el))) continue;
    if (el.closest('footer') && el.tagName === 'A') continue;
    if (r.height < target - 0.5) {
      const words = (el.textContent || el.name || '').trim().slice(0, 40);
      out.push(el.tagName.toLowerCase() + ' "' + words + '" ' +
               Math.round(r.width) + 'x' + Math.round(r.height));
    }
  }
  return {overflow, wide: wide.slice(0, 5), small: out};
}
"""


def problems(page: Page, path: str) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(MEASURE, TARGET)
    return {key: value for key, value in found.items() if value} | {"path": path}


PUBLIC = [
    "/",
    "/simulator?income=150000&category=main&year=2025",
    "/simulator?income=abc&category=main&year=2026",
    "/wizards",
    "/wizards/starting_out",
    "/wizards/pension",
    "/login",
    "/signup",
    "/recovery",
    "/contact",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_fit_a_320_px_phone(page: Page, base_url: str, path: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto(base_url + path)
    assert problems(page, path) == {"path": path}


def test_affiliate_pages_fit_a_320_px_phone(page: Page, base_url: str) -> None:
    activate_affiliate(page, base_url)
    page.set_viewport_size({"width": WIDTH, "height": 640})
    found = []
    for path in ("/account", "/account/passkeys", "/account/details", "/requests",
                 "/requests/ask", "/messages", "/simulator/adjust"):  # fmt: skip
        page.goto(base_url + path)
        found.append(problems(page, path))
    assert found == [{"path": p} for p in [f["path"] for f in found]]


def test_staff_pages_fit_a_320_px_phone(page: Page, base_url: str) -> None:
    activate_staff(page, base_url, role="admin")
    page.set_viewport_size({"width": WIDTH, "height": 640})
    found = []
    for path in ("/staff/", "/staff/teams", "/staff/identity/recovery", "/staff/identity/team"):
        page.goto(base_url + path)
        found.append(problems(page, path))
    assert found == [{"path": p} for p in [f["path"] for f in found]]


def test_the_check_sees_an_overflow_and_a_small_button(page: Page, base_url: str) -> None:
    """Guard against a check that cannot fail."""
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto(base_url + "/")
    # Styles are set through the CSSOM: a style attribute would break the CSP the fixture watches.
    page.evaluate(
        """() => {
        const main = document.querySelector('main');
        const cell = main.appendChild(document.createElement('table')).insertRow().insertCell();
        cell.textContent = 'x'.repeat(80);
        cell.style.whiteSpace = 'nowrap';
        const button = main.appendChild(document.createElement('button'));
        button.textContent = 'tiny';
        Object.assign(button.style, {minHeight: '0', height: '20px', padding: '0'});
        }"""
    )
    found = problems(page, "/")
    assert found["overflow"] > 0
    assert any('button "tiny"' in item for item in found["small"])
