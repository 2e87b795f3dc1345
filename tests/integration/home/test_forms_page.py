"""Forms and brochures (/forms): public pages in the reader's language with the current year's
figures, each form's portal link a real page, and the blank forms' PDFs served from Redis.

The figures expected are literals checked against ../shared/domain/facts.md (2026 column) and
the fund's policies (app/payments/rules/*.toml), not computed by the code under test.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis.asyncio as aioredis
from httpx import AsyncClient
from pypdf import PdfReader

from app.home import blank_forms, forms
from app.kit import clock
from tests.support.actors import log_in, make_person

NBSP, NNBSP = "\u00a0", "\u202f"
FR, NL, EN = (
    {"cookie": "affilio_lang=fr"},
    {"cookie": "affilio_lang=nl"},
    {"cookie": "affilio_lang=en"},
)


@pytest.fixture(autouse=True)
def december_2026() -> Iterator[None]:
    with clock.frozen(datetime(2026, 12, 2, 9, 0, tzinfo=UTC)):
        yield


def plain(text: str) -> str:
    return html.unescape(text).replace(NBSP, " ").replace(NNBSP, " ").replace("’", "'")


async def test_the_forms_page_lists_every_form_and_life_event(client: AsyncClient) -> None:
    page = await client.get("/forms")
    assert page.status_code == 200
    assert "<h1>Formulaires et brochures</h1>" in page.text
    assert "Les droits, montants et délais de 2026." in page.text
    for slug in ("starting_out", "new_child", "illness", "payment_difficulty", "bankruptcy",
                 "pension", "cessation"):  # fmt: skip
        assert f'href="/forms/{slug}"' in page.text, slug
    assert page.text.count('class="card form-card"') == len(forms.load_forms())
    assert "Dispense de cotisations" in page.text
    assert 'href="/forms/blank/exemption"' in page.text
    assert 'href="/account/contributions/exemption"' in page.text
    # Reachable from every page's footer.
    assert 'href="/forms">Formulaires et brochures</a>' in (await client.get("/contact")).text
    dutch = await client.get("/forms", headers=NL)
    assert (
        "<h1>Formulieren en brochures</h1>" in dutch.text
        and "Vrijstelling van bijdragen" in dutch.text
    )
    english = await client.get("/forms", headers=EN)
    assert "<h1>Forms and brochures</h1>" in english.text


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (FR, ["au moins 890,42 € par trimestre", "(3,05 %)", "au maximum de 5 103,05 €",
              "au minimum 459,82 € par trimestre pendant les 4 premiers trimestres",
              "le 31 mars 2026, le 30 juin 2026, le 30 septembre 2026 et le 31 décembre 2026",
              "réduite de 118,52 €"]),
        (NL, ["minstens € 890,42 per kwartaal", "(3,05%)", "hoogstens € 5.103,05",
              "31 maart 2026"]),
        (EN, ["at least 890,42 € per quarter", "at most 5.103,05 € per quarter",
              "during the first 4 quarters", "31 March 2026"]),
    ],
    ids=["fr", "nl", "en"],
)  # fmt: skip
async def test_starting_out_key_facts_with_the_years_figures(
    client: AsyncClient, headers: dict[str, str], expected: list[str]
) -> None:
    page = await client.get("/forms/starting_out", headers=headers)
    assert page.status_code == 200
    text = plain(page.text)
    for part in expected:
        assert part in text, part
    # The first quarter's reduction is unconfirmed (U): flagged, with its source.
    assert 'class="tag unconfirmed"' in page.text
    assert "AR n° 38 du 27 juillet 1967, art. 12 §1bis" in page.text
    assert 'href="/wizards/starting_out"' in page.text


async def test_unconfirmed_figures_say_so(client: AsyncClient) -> None:
    bankruptcy = plain((await client.get("/forms/bankruptcy")).text)
    # No 2026 amount yet: the 2025 one (ucm.be), flagged.
    assert (
        "Le droit passerelle paie 1 638,26 € par mois, ou 2 047,18 € avec charge de famille."
        in bankruptcy
    )
    assert "à confirmer" in bankruptcy
    difficulty = plain((await client.get("/forms/payment_difficulty")).text)
    # The fund's plan policy (plans.toml, confirmed = false).
    assert (
        "un acompte de 20 % de la dette, puis au maximum 12 mensualités d'au moins 50,00 €"
        in difficulty
    )
    assert "3 % de plus à la fin de chaque trimestre, et 7 % une fois" in difficulty
    new_child = plain((await client.get("/forms/new_child", headers=NL)).text)
    assert "105 dienstencheques" in new_child and "De 2 kwartalen na het kwartaal" in new_child


async def test_an_unknown_event_or_form_is_not_found(client: AsyncClient) -> None:
    assert (await client.get("/forms/holidays")).status_code == 404
    assert (await client.get("/forms/blank/holidays")).status_code == 404


async def test_each_forms_portal_link_is_a_page_of_the_portal(client: AsyncClient) -> None:
    """Followed by a signed-in affiliate, each link opens a page (or its own redirect within
    the portal): no 404, no error."""
    await log_in(client, "affiliate", await make_person())
    for spec in forms.load_forms():
        response = await client.get(spec.portal)
        assert response.status_code in (200, 303), (spec.slug, spec.portal, response.status_code)
        if response.status_code == 303:
            assert response.headers["location"].startswith("/"), spec.portal


async def test_the_guides_link_to_their_key_facts(client: AsyncClient) -> None:
    start = await client.get("/wizards/illness")
    assert 'href="/forms/illness"' in start.text


async def test_a_blank_form_is_a_printable_page_until_its_pdf_is_made(
    client: AsyncClient, redis_client: aioredis.Redis
) -> None:
    page = await client.get("/forms/blank/exemption")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Dispense de cotisations</h1>" in page.text
    # Its own CSS is allowed by hash, nothing else inline.
    assert "style-src 'self' 'sha256-" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]

    made = await blank_forms.make_missing(redis_client, clock.today())
    assert made > 0
    pdf = await client.get("/forms/blank/exemption")
    assert pdf.headers["content-type"] == "application/pdf"
    assert 'filename="exemption-fr.pdf"' in pdf.headers["content-disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dispense de cotisations" in text and "Affilio" in text
    assert "Édition 2026" in text
    dutch = await client.get("/forms/blank/exemption", headers=NL)
    assert dutch.headers["content-type"] == "application/pdf"
    assert "Vrijstelling van bijdragen" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(dutch.content)).pages
    )
    # Kept for 30 days, and a pass that finds it current only extends that.
    found = blank_forms.blank_form("exemption", "fr", clock.today())
    assert found is not None and await redis_client.ttl(found.key) > 29 * 24 * 3600
