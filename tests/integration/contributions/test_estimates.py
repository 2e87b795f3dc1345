"""The regularisation and surcharge estimates (pages and JSON API), the 2024 reference income
and the starter's calendar. Literal amounts, computed by hand in the comments."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.integration
HX = {"HX-Request": "true", "HX-Current-URL": "http://localhost:8000/simulator"}
SIMULATION = "/api/v1/contributions/simulation"
REGULARISATION = "/api/v1/contributions/regularisation"
SURCHARGE = "/api/v1/contributions/surcharge"


def has_error(html: str, name: str) -> bool:
    """The live error slot under field `name` holds a message."""
    start = html.index(f'id="live-error-{name}"')
    return "field-error" in html[start : html.index("</div>", start)]


class TestReferenceIncome2024:
    async def test_2024_reference_income_gives_a_result(self, client: httpx.AsyncClient) -> None:
        # bofisc.be 05/02/2024: 40 000,00 × 1,18678260 = 47 471,30; × 20.50 % / 4 = 2432.90;
        # fee 3.05 %: 74.203 → 74.20; total 2507.10.
        response = await client.get(
            f"{SIMULATION}/reference-income",
            params={"year": "2024", "category": "main", "reference_income": "40000"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["income_basis"] == "47471.30"
        assert body["quarterly_contribution"] == "2432.90"
        assert body["quarterly_total"] == "2507.10"
        assert body["starter_calendar"] is None

    async def test_2025_stays_blocked_with_its_message(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            f"{SIMULATION}/reference-income",
            params={"year": "2025", "category": "main", "reference_income": "40000"},
        )
        assert response.status_code == 422
        fields = {e["field"]: e["message"] for e in response.json()["errors"]}
        # 2025 is not among the schema's reference years; the page's sentence says why.
        assert set(fields) == {"year", "reference_income"} and "2025" in fields["reference_income"]


class TestStarter:
    async def test_calendar_and_reduction_in_the_api(self, client: httpx.AsyncClient) -> None:
        # Primo-starter 2025 without estimate, start Q2, reduction asked: Q2 = (450.15 −
        # 116.03 = 334.12) + 10.19 = 344.31 due 30/9; Q3 463.88 due 31/12 (catch-up); Q4 463.88.
        response = await client.get(
            f"{SIMULATION}/starter",
            params={
                "year": "2025",
                "category": "starter",
                "start_quarter": "2",
                "first_quarter_reduction": "true",
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["quarterly_contribution"] == "450.15"
        assert body["first_quarter_reduction"] == "116.03"
        assert [(q["quarter"], q["due_date"], q["extended"], q["amount"])
                for q in body["starter_calendar"]] == [
            (2, "2025-09-30", True, "344.31"),
            (3, "2025-12-31", True, "463.88"),
            (4, "2025-12-31", False, "463.88"),
        ]  # fmt: skip
        flagged = {u["name"]: u["status"] for u in body["unconfirmed"]}
        assert flagged["starter.first_quarter_reduction"] == "U"

    async def test_calendar_on_the_page(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator", params={"year": "2025", "category": "main", "start_quarter": "4"}
        )
        assert response.status_code == 200
        text = response.text
        # Main 2025 without estimate: 871.71 + 26.59 (26.587 → 26.59) = 898.30 (xerius.be).
        assert "starter-calendar" in text
        assert "31 mars 2026" in text and "898,30\u00a0€" in text

    async def test_bad_start_quarter_is_named(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            SIMULATION, params={"year": "2025", "category": "main", "start_quarter": "5"}
        )
        assert response.status_code == 422
        assert {e["field"] for e in response.json()["errors"]} >= {"start_quarter"}


class TestRegularisation:
    async def test_supplement(self, client: httpx.AsyncClient) -> None:
        # 2025 main, real income 30 000: 30 000 × 20.50 % / 4 = 1537.50 per quarter; paid
        # 871.71: 4 × 665.79 = 2663.16 due by the end of the quarter after 10/5/2027 = 30/9/2027.
        response = await client.get(
            REGULARISATION,
            params={
                "year": "2025",
                "category": "main",
                "real_income": "30000",
                "provisional": "871,71",
                "revision_date": "2027-05-10",
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total_provisional"] == "3486.84"
        assert body["total_definitive"] == "6150.00"
        assert body["balance_due"] == "2663.16" and body["refund"] == "0.00"
        assert body["supplement_due_date"] == "2027-09-30"

    async def test_refund_on_the_page(self, client: httpx.AsyncClient) -> None:
        # Real income 10 000 < minimum: definitive 871.71; paid 1000: 4 × 128.29 = 513.16.
        response = await client.get(
            "/simulator/regularisation",
            params={"year": "2025", "category": "main", "real_income": "10000",
                    "provisional": "1000"},
        )  # fmt: skip
        assert response.status_code == 200
        assert "513,16\u00a0€" in response.text

    async def test_errors_next_to_fields(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator/regularisation",
            params={"year": "2025", "category": "main", "real_income": "abc", "provisional": ""},
            headers=HX,
        )
        assert response.status_code == 200
        assert has_error(response.text, "real_income")
        assert has_error(response.text, "provisional")
        assert not has_error(response.text, "year")
        api = await client.get(
            REGULARISATION, params={"year": "2025", "category": "main", "real_income": "abc"}
        )
        assert api.status_code == 422
        assert {e["field"] for e in api.json()["errors"]} == {"real_income", "provisional"}

    async def test_page_works_without_javascript(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/simulator/regularisation")
        assert response.status_code == 200
        assert 'method="get" action="/simulator/regularisation"' in response.text
        assert 'class="field-error"' not in response.text


class TestSurcharge:
    async def test_surcharges_paid_late(self, client: httpx.AsyncClient) -> None:
        # 1000.00 due 31/3/2025, paid 1/7/2025: 3 % at 31/3 and 30/6 = 60.00.
        response = await client.get(
            SURCHARGE,
            params={"amount": "1000", "due_date": "2025-03-31", "paid_on": "2025-07-01"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == "60.00"
        assert [line["on"] for line in body["lines"]] == ["2025-03-31", "2025-06-30"]

    async def test_stop_at_the_regularisation(self, client: httpx.AsyncClient) -> None:
        # Paid 15/2/2026, regularisation communicated 10/11/2025 (Q4): 31/3, 30/6, 30/9 only.
        response = await client.get(
            SURCHARGE,
            params={"amount": "1000", "due_date": "2025-03-31", "paid_on": "2026-02-15",
                    "communicated_on": "2025-11-10"},
        )  # fmt: skip
        body = response.json()
        assert body["total"] == "90.00" and body["stopped_on"] == "2025-12-31"

    async def test_page_and_errors(self, client: httpx.AsyncClient) -> None:
        ok = await client.get(
            "/simulator/surcharge",
            params={"amount": "1000", "due_date": "2025-03-31", "paid_on": "2025-07-01"},
        )
        assert ok.status_code == 200 and "60,00\u00a0€" in ok.text
        bad = await client.get(
            "/simulator/surcharge", params={"amount": "1000", "due_date": "31/03/2025"}
        )
        assert has_error(bad.text, "due_date") and not has_error(bad.text, "amount")
        api = await client.get(SURCHARGE, params={"amount": "-1", "due_date": "1999-03-31"})
        assert api.status_code == 422
        assert {e["field"] for e in api.json()["errors"]} == {"amount", "due_date"}


class TestWorkingPensioner:
    @pytest.mark.parametrize(
        ("pension", "quarterly"),
        [
            # liantis.be 2025 on 25 000: pensioner 918.75, main activity 1281.25.
            ("retirement", "918.75"),
            ("survivor_after_age", "918.75"),
            ("survivor_before_age", "1281.25"),
            ("none_after_age", "1281.25"),
        ],
    )
    async def test_pension_situation(
        self, client: httpx.AsyncClient, pension: str, quarterly: str
    ) -> None:
        response = await client.get(
            SIMULATION,
            params={"year": "2025", "category": "pensioner", "income": "25000",
                    "pension": pension},
        )  # fmt: skip
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["quarterly_contribution"] == quarterly
        main = quarterly == "1281.25"
        assert body["category"] == ("main" if main else "pensioner")

    async def test_unknown_situation_is_named(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator",
            params={"year": "2025", "category": "pensioner", "income": "25000", "pension": "x"},
            headers=HX,
        )
        assert has_error(response.text, "pension")


HOSTILE = [
    "<script>alert('x')</script>",
    "9" * 400,
    "-1",
    "1E+400",
    "NaN",
    "\x00",
    "2025-02-30",
    "9999-12-31",
    "0001-01-01",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/simulator/regularisation",
         ("year", "category", "real_income", "provisional", "revision_date")),
        ("/simulator/surcharge", ("amount", "due_date", "paid_on", "communicated_on")),
        (REGULARISATION, ("year", "category", "real_income", "provisional", "revision_date")),
        (SURCHARGE, ("amount", "due_date", "paid_on", "communicated_on")),
        ("/simulator", ("year", "category", "income", "start_quarter", "pension",
                        "first_quarter_reduction")),
    ],
)  # fmt: skip
async def test_hostile_values_never_break_the_pages(
    client: httpx.AsyncClient, path: str, fields: tuple[str, ...], value: str
) -> None:
    response = await client.get(path, params=dict.fromkeys(fields, value))
    assert response.status_code in (200, 422), response.text[:500]
    assert "<script>alert('x')" not in response.text


async def test_regularisation_flags_derived_figures(client: httpx.AsyncClient) -> None:
    # 2024 helper: the maxi-statut minimum 7407.24 is derived (D): 20.50 % × 7407.24 / 4 =
    # 379.621 → 379.62 per quarter, flagged as derived.
    response = await client.get(
        "/simulator/regularisation",
        params={"year": "2024", "category": "helper", "real_income": "1000",
                "provisional": "379.62"},
    )  # fmt: skip
    assert "unconfirmed-notice" in response.text
    assert "379,62\u00a0€" in response.text
