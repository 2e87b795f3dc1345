"""A 320 px wide phone: no page scrolls sideways, and every control is at least 44 px tall;
at 200 % zoom and at 320 px, nothing scrolls sideways and no text is cut off or overlaps.

WCAG 2.5.5 asks 44 × 44 CSS px for targets; links inside a sentence are exempt (they are part
of the text), so the check takes buttons, fields, menus and links that stand on their own.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from e2e.auth import activate_affiliate, activate_staff, record_status

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


# --- 200 % zoom (WCAG 1.4.4) and reflow at 320 px (1.4.10) ------------------------------------
# A 1280 × 800 desktop window zoomed to 200 % lays pages out in 640 × 400 CSS px at a device
# scale factor of 2 (a desktop browser: no phone viewport rules). Nothing may scroll sideways,
# and no text of the key elements may be cut off by its box or drawn over another control.
ZOOMED = {"width": 640, "height": 400}

LAYOUT = """
() => {
  const root = document.scrollingElement;
  const shown = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    // checkVisibility: also false inside a closed <details> (its content keeps a layout box).
    return el.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
      s.display !== 'none' && r.width > 2 && r.height > 2 && !el.closest('.visually-hidden');
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
    (el.textContent || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 30) + '"';
  const clipped = [];
  const keys = 'h1, h2, h3, p, li, dt, dd, th, td, label, legend, summary, button, .button, ' +
    'a, input, select, textarea, .tag, .banner';
  for (const el of document.querySelectorAll(keys)) {
    if (!shown(el)) continue;
    const s = getComputedStyle(el);
    const cut = (overflow) => overflow === 'hidden' || overflow === 'clip';
    if ((cut(s.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (cut(s.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
        (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)) {
      clipped.push(name(el));
    }
  }
  const boxes = [...document.querySelectorAll(
    'h1, h2, h3, label, legend, summary, button, .button, a, input, select, textarea, .tag'
  )].filter(shown).filter((el) => !(el.matches('input[type=radio], input[type=checkbox]')));
  const overlapping = [];
  // Line boxes, not the bounding box: a link wrapped over two lines spans both lines' width.
  const lines = boxes.map((el) => [...el.getClientRects()]);
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (boxes[i].contains(boxes[j]) || boxes[j].contains(boxes[i])) continue;
      if (lines[i].some((a) => lines[j].some((b) => meet(a, b)))) {
        overlapping.push(name(boxes[i]) + ' × ' + name(boxes[j]));
      }
    }
  }
  return {overflow: root.scrollWidth - root.clientWidth, clipped: clipped.slice(0, 5),
          overlapping: overlapping.slice(0, 5)};
}
"""

ZOOM_PUBLIC = [
    "/",
    "/simulator?income=25000&category=main&year=2026",
    "/simulator?income=abc&category=main&year=2026",
    "/simulator/surcharge",
    "/wizards",
    "/wizards/new_child/event",
    "/forms",
    "/login",
    "/signup",
    "/contact",
]
ZOOM_AFFILIATE = ["/account", "/account/contributions", "/requests", "/requests/ask",
                  "/messages", "/inbox", "/simulator/adjust"]  # fmt: skip
ZOOM_STAFF = ["/staff/", "/staff/payments", "/staff/companies", "/staff/identity/team"]


def layout_problems(page: Page, path: str) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(LAYOUT)
    return {key: value for key, value in found.items() if value} | {"path": path}


def zoomed_page(browser: Browser) -> Page:
    context = browser.new_context(
        viewport=ZOOMED, device_scale_factor=2, is_mobile=False, locale="fr-BE"
    )
    return context.new_page()


@pytest.mark.parametrize("width", [ZOOMED["width"], WIDTH], ids=["zoom-200", "reflow-320"])
def test_public_pages_at_200_percent_and_320_px(
    browser: Browser, base_url: str, width: int
) -> None:
    page = zoomed_page(browser)
    page.set_viewport_size({"width": width, "height": ZOOMED["height"]})
    found = []
    for path in ZOOM_PUBLIC:
        page.goto(base_url + path)
        found.append(layout_problems(page, path))
    page.context.close()
    assert found == [{"path": p} for p in ZOOM_PUBLIC]


@pytest.mark.parametrize("width", [ZOOMED["width"], WIDTH], ids=["zoom-200", "reflow-320"])
def test_logged_in_pages_at_200_percent_and_320_px(
    browser: Browser, base_url: str, width: int
) -> None:
    found = []
    for activate, paths in ((activate_affiliate, ZOOM_AFFILIATE), (activate_staff, ZOOM_STAFF)):
        page = zoomed_page(browser)
        if activate is activate_staff:
            activate_staff(page, base_url, role="admin")
        else:
            record_status(activate_affiliate(page, base_url)["id"])
        page.set_viewport_size({"width": width, "height": ZOOMED["height"]})
        for path in paths:
            page.goto(base_url + path)
            found.append(layout_problems(page, path))
        page.context.close()
    assert found == [{"path": p} for p in ZOOM_AFFILIATE + ZOOM_STAFF]


def test_the_layout_check_sees_clipped_and_overlapping_text(
    browser: Browser, base_url: str
) -> None:
    """Guard against a check that cannot fail (styles through the CSSOM: the CSP forbids
    style attributes)."""
    page = zoomed_page(browser)
    page.goto(base_url + "/")
    page.evaluate(
        """() => {
        const h1 = document.querySelector('main h1');
        Object.assign(h1.style, {whiteSpace: 'nowrap', overflow: 'hidden', width: '40px'});
        const link = document.querySelector('main a');
        const copy = link.cloneNode(true);
        link.after(copy);
        Object.assign(copy.style, {position: 'absolute', left: link.getBoundingClientRect().left
          + 'px', top: (link.getBoundingClientRect().top + window.scrollY) + 'px'});
        }"""
    )
    found = layout_problems(page, "/")
    page.context.close()
    assert found["clipped"] and found["overlapping"]
