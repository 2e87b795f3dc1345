"""axe-core over the main pages on a phone: no serious or critical accessibility violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from e2e.auth import activate_affiliate, activate_staff

AXE = Axe()
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page, options=OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


PUBLIC_PAGES = [
    "/",
    "/simulator?income=25000&category=main&year=2026",
    "/simulator?income=-5&category=main&year=2026",  # with field errors
    "/wizards",
    "/wizards/starting_out",
    "/login",
    "/signup",
    "/recovery",
    "/contact",
    "/does-not-exist",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_violation(page: Page, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == (404 if path == "/does-not-exist" else 200)
    assert serious_violations(page) == []


def test_affiliate_pages_have_no_serious_violation(page: Page, base_url: str) -> None:
    activate_affiliate(page, base_url)
    for path in ("/account", "/account/passkeys", "/account/details", "/requests",
                 "/requests/ask", "/messages", "/simulator/adjust"):  # fmt: skip
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        assert serious_violations(page) == [], path


def test_staff_pages_have_no_serious_violation(page: Page, base_url: str) -> None:
    activate_staff(page, base_url, role="admin")
    for path in ("/staff/", "/staff/teams", "/staff/identity/recovery", "/staff/identity/team",
                 "/account/passkeys"):  # fmt: skip
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        assert serious_violations(page) == [], path


def test_the_check_catches_a_real_violation(page: Page) -> None:
    """Guard against a check that cannot fail: an unlabeled field and an image without alt."""
    page.set_content(
        '<html lang="fr"><body><main><h1>x</h1><img src="data:,">'
        '<input type="text"></main></body></html>'
    )
    found = " ".join(serious_violations(page))
    assert "image-alt" in found and "label" in found


def test_every_status_tag_reads_in_aa_contrast(page: Page, base_url: str) -> None:
    """Each request state's tag, in the site's own stylesheet, passes axe's colour-contrast rule."""
    from app.kit import i18n
    from app.kit.templating import build_environment

    with i18n.language("fr"):
        module = build_environment().get_template("components/status_tag.html").module
        examples = str(module.examples())  # type: ignore[attr-defined]
    page.goto(base_url + "/")
    page.evaluate("html => { document.querySelector('main').innerHTML = html }", examples)
    assert page.locator("main .tag").count() == 10
    backgrounds = page.eval_on_selector_all(
        "main .tag", "tags => tags.map(t => getComputedStyle(t).backgroundColor)"
    )
    # Colour carries the state family: refused, granted and information asked differ.
    assert len(set(backgrounds)) >= 6
    results = AXE.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    assert [v["id"] for v in results.response["violations"]] == []
