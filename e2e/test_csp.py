"""The strict CSP holds with htmx (issue 16, item 4). Every e2e test's pages are watched (the
`csp_violations` fixture of conftest.py); this checks that the watch sees a violation at all,
and walks the pages htmx enhances most while it watches."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect


def test_the_watch_sees_a_violation(page: Page, base_url: str, csp_violations: list[Any]) -> None:
    page.goto(base_url + "/")
    # An image from another origin: img-src refuses it, and the watch must say so.
    page.evaluate(
        """() => {
          const image = document.createElement("img");
          image.src = "https://example.org/pixel.png";
          document.body.append(image);
        }"""
    )
    page.wait_for_timeout(300)
    assert [v["directive"] for v in csp_violations] == ["img-src"]
    assert csp_violations[0]["page"] == "/"
    csp_violations.clear()  # seen: the teardown check is for the pages themselves


def test_htmx_swaps_break_no_rule(page: Page, base_url: str, csp_violations: list[Any]) -> None:
    # The simulator answers through htmx as one types; a guide's step shows its errors.
    page.goto(base_url + "/simulator?year=2025")
    page.get_by_label("Votre revenu professionnel net imposable de l'année, en euros").fill("25000")
    expect(page.locator("#simulation-result")).to_contain_text("1\u202f281,25\u00a0€")
    page.goto(base_url + "/wizards/new_child")
    page.get_by_role("link", name="Commencer").click()
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    assert csp_violations == []
