"""Issue 12 on the simulator and the adjustment form: what a person on a phone noticed.

Amounts checked by hand with the year files (app/contributions/parameters/2025.toml):
150 000 € in main activity 2025 is above the band-2 ceiling 108 238,40 €, so
20,5 % × 73 447,52 = 15 056,7416 and 14,16 % × (108 238,40 − 73 447,52 = 34 790,88) =
4 926,3886; sum 19 983,1302 ÷ 4 = 4 995,7826 → 4 995,78 € per quarter (the published maximum,
quarterly.maximum); the year is 4 × 4 995,78 = 19 983,12 € (never the unrounded 19 983,13).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from app.kit import clock
from app.requests.tables import Request
from tests.integration.contributions.test_simulator_prefill import (
    file_starting_out,
    grant,
)
from tests.support.actors import csrf, log_in, make_person

pytestmark = pytest.mark.integration
HX = {"HX-Request": "true", "HX-Current-URL": "http://localhost:8000/simulator"}
NO_FILE = {"attachment": ("", b"", "application/octet-stream")}
PDF = b"%PDF-1.4\nevidence\n"


@pytest.fixture
def in_2026() -> Iterator[None]:
    with clock.frozen(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        yield


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


class TestOneYearlyTotal:
    @pytest.mark.parametrize("lang", ["fr", "nl"])
    async def test_150000_in_2025_shows_one_yearly_figure(
        self, client: httpx.AsyncClient, lang: str
    ) -> None:
        client.cookies.set("affilio_lang", lang)
        response = await client.get(
            "/simulator", params={"income": "150000", "category": "main", "year": "2025"}
        )
        text = response.text
        yearly = "19\u202f983,12\u00a0€" if lang == "fr" else "€\u00a019.983,12"
        assert yearly in text  # summary and explanation agree
        assert "983,13" not in text  # the unrounded sum is not a second yearly total
        assert text.count("983,12") == 2  # once in the summary, once in the explanation
        assert ("4\u202f995,78\u00a0€" if lang == "fr" else "€\u00a04.995,78") in text
        # The rounding rule is stated.
        rule = {
            "fr": "chaque trimestre est arrondi au cent",
            "nl": "elk kwartaal wordt op de cent afgerond",
        }[lang]
        assert rule in text


class TestUnconfirmedFiguresInPlainWords:
    @pytest.mark.parametrize("lang", ["fr", "nl"])
    async def test_no_developer_note_on_the_page(
        self, client: httpx.AsyncClient, lang: str
    ) -> None:
        # Secondary activity 2025: the threshold 1 881,76 € is derived (D) in 2025.toml.
        client.cookies.set("affilio_lang", lang)
        response = await client.get(
            "/simulator", params={"income": "5000", "category": "secondary", "year": "2025"}
        )
        assert 'id="unconfirmed-notice"' in response.text
        notice = response.text[response.text.index('id="unconfirmed-notice"') :]
        notice = visible(notice[: notice.index("</div>")])
        for word in ("facts.md", "derived", "corroborated", "factor", "consistent with"):
            assert word not in notice, word
        sentence = {
            "fr": "calculé d'après la loi et l'indice de l'année",
            "nl": "berekend uit de wet en de index van dit jaar",
        }[lang]
        assert sentence in notice.replace("&#39;", "'")
        law = {
            "fr": "arrêté royal n°\u00a038 du 27 juillet 1967, art.\u00a012\u00a0§2",
            "nl": "koninklijk",
        }
        assert law[lang] in notice

    async def test_the_json_api_keeps_the_technical_note(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/api/v1/contributions/simulation",
            params={"income": "5000", "category": "secondary", "year": "2025"},
        )
        sources = [u["source"] for u in response.json()["unconfirmed"]]
        assert any("derived 405.60" in s for s in sources)


class TestMoneyFields:
    async def test_1e5_is_not_an_income(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator", params={"income": "1e5", "category": "main", "year": "2025"}
        )
        assert "Utilisez uniquement des chiffres" in response.text
        assert "Vos cotisations provisoires" not in response.text

    async def test_api_refuses_1e5_with_why(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/api/v1/contributions/simulation",
            params={"income": "1e5", "category": "main", "year": "2025", "lang": "nl"},
        )
        assert response.status_code == 422
        assert "Gebruik alleen cijfers" in response.text


class TestErrorTitleAndSummary:
    async def test_title_says_error_first(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/simulator", params={"income": "-5", "category": "main"})
        assert "<title>Erreur\u00a0: Simulateur de cotisations" in page.text
        assert 'data-error-focus><div class="error-summary"' in page.text.replace("\n", "")
        ok = await client.get("/simulator", params={"income": "5000", "category": "main"})
        assert "<title>Simulateur de cotisations" in ok.text

    async def test_htmx_partial_carries_the_title(self, client: httpx.AsyncClient) -> None:
        partial = await client.get(
            "/simulator", params={"income": "abc", "category": "main"}, headers=HX
        )
        assert "<title>Erreur\u00a0: Simulateur de cotisations" in partial.text
        fixed = await client.get(
            "/simulator", params={"income": "5000", "category": "main"}, headers=HX
        )
        assert "<title>Simulateur de cotisations" in fixed.text

    async def test_live_sync_replaces_requests(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/simulator")
        form = page.text[page.text.index('class="simulator-form"') :]
        assert 'hx-sync="this:replace"' in form[: form.index(">")]


ADJUST = {
    "year": "2026", "category": "main", "income": "20000",
    "current_quarterly": "1500", "direction": "lower",
    "justification": "Perte de mon principal client.",
}  # fmt: skip


class TestAdjustmentForm:
    async def test_a_chosen_file_dropped_by_an_error_is_said(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        data = {**ADJUST, "justification": "", "idempotency_key": "f1"}
        files = {"attachment": ("lettre.pdf", PDF, "application/pdf")}
        response = await client.post(
            "/simulator/adjust", data=data, files=files, headers=await csrf(client)
        )
        assert response.status_code == 422
        assert "Vous aviez choisi lettre.pdf\u00a0: choisissez à nouveau votre fichier" in (
            response.text
        )
        assert "<title>Erreur\u00a0: " in response.text
        # Without a file chosen, nothing is said about it.
        data["idempotency_key"] = "f2"
        again = await client.post(
            "/simulator/adjust", data=data, files=NO_FILE, headers=await csrf(client)
        )
        assert "choisissez à nouveau votre fichier" not in again.text

    async def test_a_second_request_for_the_same_year_is_refused_with_a_link(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        headers = await csrf(client)
        first = await client.post(
            "/simulator/adjust", data={**ADJUST, "idempotency_key": "d1"}, files=NO_FILE,
            headers=headers,
        )  # fmt: skip
        assert first.status_code == 303
        row = await Request.select(Request.id, Request.reference).first()
        assert row is not None
        # The same form sent again (same key) is a retry, not a duplicate.
        retry = await client.post(
            "/simulator/adjust", data={**ADJUST, "idempotency_key": "d1"}, files=NO_FILE,
            headers=headers,
        )  # fmt: skip
        assert retry.status_code == 303
        second = await client.post(
            "/simulator/adjust", data={**ADJUST, "idempotency_key": "d2"}, files=NO_FILE,
            headers=headers,
        )  # fmt: skip
        assert second.status_code == 409
        assert "Vous avez déjà une demande en cours pour 2026" in second.text
        assert f'href="/requests/{row["id"]}"' in second.text
        assert row["reference"] in second.text
        assert await Request.count() == 1
        # The form says it before anything is typed, too.
        form = await client.get("/simulator/adjust", params={"year": "2026"})
        assert 'id="already-open"' in form.text

    async def test_what_the_fund_knows_is_shown_not_asked(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        # Nothing known: both are asked.
        unknown = await client.get("/simulator/adjust", params={"year": "2026"})
        assert 'id="field-current_quarterly"' in unknown.text
        assert 'name="category" type="radio"' in unknown.text.replace("\n", " ") or (
            'id="field-category"' in unknown.text
        )
        assert 'id="known-facts"' not in unknown.text
        # The starting-out guide granted: a first-time starter in main activity, 18 000 € for
        # 2026 declared. Starter 2026 (2026.toml): the income 18 000 € is above the starter
        # minimum, 20,5 % × 18 000 = 3 690 ÷ 4 = 922,50 € per quarter.
        await grant(await file_starting_out(client))
        known = await client.get("/simulator/adjust", params={"year": "2026"})
        assert 'id="known-facts"' in known.text
        assert 'id="field-current_quarterly"' not in known.text
        assert 'id="field-category"' not in known.text
        assert "922,50\u00a0€" in known.text
