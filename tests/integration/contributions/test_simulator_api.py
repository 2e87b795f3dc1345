"""The simulator's JSON API: every published case to the cent, every refusal named by field."""

from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import httpx
import pytest

from app.contributions.rules.explanation import ALL_CODES
from app.contributions.rules.parameters import load_year

# The repository's copy of shared/domain/cases-published.csv (one [[case]] per line), so the
# suite runs from a clone alone; test_worked_examples.py checks the copy is complete.
CASES_FILE = (
    Path(__file__).resolve().parents[2] / "unit" / "contributions" / "cases" / "published.toml"
)
API = "/api/v1/contributions/simulation"


def _cases() -> list[dict[str, str]]:
    with CASES_FILE.open("rb") as handle:
        cases = tomllib.load(handle, parse_float=Decimal)["case"]
    return [
        {
            "year": str(case["year"]),
            "category": case["category"],
            "annual_income": str(case["income"]),
            "quarterly_net": f"{Decimal(case['quarterly_net']):.2f}",
        }
        for case in cases
    ]


def _case_id(row: dict[str, str]) -> str:
    return f"{row['year']}-{row['category']}-{row['annual_income']}"


class TestPublishedCases:
    @pytest.mark.parametrize("row", _cases(), ids=_case_id)
    async def test_quarterly_contribution_to_the_cent(
        self, client: httpx.AsyncClient, row: dict[str, str]
    ) -> None:
        response = await client.get(
            API,
            params={
                "year": row["year"],
                "category": row["category"],
                "income": row["annual_income"],
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["quarterly_contribution"] == row["quarterly_net"]
        net = Decimal(body["quarterly_contribution"])
        assert body["annual_contribution"] == f"{net * 4:.2f}"
        # The API applies the fund's own rate (from the year file), rounded half-up per quarter.
        fund_rate = load_year(int(row["year"])).management_fee_rate
        assert body["management_fee_rate"] == str(fund_rate)
        fee = (net * fund_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert body["quarterly_management_fee"] == f"{fee:.2f}"
        assert body["quarterly_total"] == f"{net + fee:.2f}"
        assert [q["amount"] for q in body["quarters"]] == [body["quarterly_total"]] * 4
        assert [q["quarter"] for q in body["quarters"]] == [1, 2, 3, 4]
        year = row["year"]
        assert [q["due_date"] for q in body["quarters"]] == [
            f"{year}-03-31", f"{year}-06-30", f"{year}-09-30", f"{year}-12-31",
        ]  # fmt: skip

    async def test_money_is_strings_with_two_decimals(self, client: httpx.AsyncClient) -> None:
        body = (
            await client.get(API, params={"year": "2025", "category": "main", "income": "25000"})
        ).json()
        for key in (
            "income_basis",
            "annual_contribution",
            "quarterly_contribution",
            "quarterly_management_fee",
            "quarterly_total",
        ):
            assert isinstance(body[key], str) and body[key].split(".")[1].__len__() == 2, key
        assert body["year"] == 2025 and body["category"] == "main"
        assert body["income_basis"] == "25000.00"
        assert body["annual_contribution"] == "5125.00"
        codes = [line["code"] for line in body["explanation"]]
        assert codes == ["income.estimate", "band1", "annual", "quarterly", "fee", "total"]
        band1 = body["explanation"][1]
        assert band1["base"] == "25000" and band1["rate"] == "0.2050"
        assert Decimal(band1["amount"]) == Decimal("5125")

    async def test_unconfirmed_figures_are_listed_with_their_status(
        self, client: httpx.AsyncClient
    ) -> None:
        # The 2025 secondary threshold is derived (D) in 2025.toml.
        body = (
            await client.get(
                API, params={"year": "2025", "category": "secondary", "income": "1000"}
            )
        ).json()
        assert body["quarterly_contribution"] == "0.00"
        flagged = {item["name"]: item["status"] for item in body["unconfirmed"]}
        assert flagged.get("thresholds.secondary") == "D"
        # A confirmed computation lists nothing.
        body = (
            await client.get(API, params={"year": "2025", "category": "main", "income": "25000"})
        ).json()
        assert body["unconfirmed"] == []

    async def test_reference_income_is_revalued_with_the_coefficient(
        self, client: httpx.AsyncClient
    ) -> None:
        params = load_year(2026)
        assert params.revaluation_coefficient is not None
        response = await client.get(
            f"{API}/reference-income",
            params={"year": "2026", "category": "main", "reference_income": "30000"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        indexed = Decimal("30000") * params.revaluation_coefficient
        annual = indexed * params.law.rate_band1
        quarterly = (annual / 4).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert body["quarterly_contribution"] == f"{quarterly:.2f}"
        assert [line["code"] for line in body["explanation"]][:2] == [
            "income.reference",
            "income.indexed",
        ]


def _errors(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 422 and body["title"]
    return {item["field"]: item["message"] for item in body["errors"]}


class TestRefusals:
    async def test_missing_income_and_reference_income(self, client: httpx.AsyncClient) -> None:
        errors = _errors(await client.get(API, params={"year": "2025", "category": "main"}))
        assert set(errors) == {"income"}

    async def test_both_incomes(self, client: httpx.AsyncClient) -> None:
        """Each way to give the income is its own operation: the other's parameter is refused."""
        both = {"year": "2026", "category": "main", "income": "1", "reference_income": "1"}
        for path in (API, f"{API}/reference-income"):
            errors = _errors(await client.get(path, params=both))
            assert set(errors) == {"income", "reference_income"}

    async def test_a_starter_without_an_estimate(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            f"{API}/starter", params={"year": "2026", "category": "main", "start_quarter": "2"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["starter_calendar"]

    async def test_empty_parameters_are_refused_as_the_schema_says(
        self, client: httpx.AsyncClient
    ) -> None:
        errors = _errors(await client.get(API, params={"category": "", "income": ""}))
        assert set(errors) == {"category", "income"}

    @pytest.mark.parametrize(
        "income", ["-1", "-0.01", "abc", "12,3,4", "1e400000", "NaN", "1.2345"]
    )
    async def test_negative_or_non_numeric_income(
        self, client: httpx.AsyncClient, income: str
    ) -> None:
        errors = _errors(
            await client.get(API, params={"year": "2025", "category": "main", "income": income})
        )
        assert set(errors) == {"income"}

    async def test_unknown_category(self, client: httpx.AsyncClient) -> None:
        errors = _errors(
            await client.get(API, params={"year": "2025", "category": "farmer", "income": "1000"})
        )
        assert set(errors) == {"category"}
        assert "main" in errors["category"] and "helper" in errors["category"]

    @pytest.mark.parametrize("year", ["1999", "abcd", "20255"])
    async def test_year_without_parameters_names_the_available_years(
        self, client: httpx.AsyncClient, year: str
    ) -> None:
        errors = _errors(
            await client.get(API, params={"year": year, "category": "main", "income": "1000"})
        )
        assert set(errors) == {"year"}
        assert "2024" in errors["year"] and "2025" in errors["year"] and "2026" in errors["year"]

    async def test_unknown_coefficient(self, client: httpx.AsyncClient) -> None:
        assert load_year(2025).revaluation_coefficient is None
        # Only the years whose coefficient is published are offered (an enum in the schema).
        errors = _errors(
            await client.get(
                f"{API}/reference-income",
                params={"year": "2025", "category": "main", "reference_income": "20000"},
            )
        )
        assert set(errors) == {"year", "reference_income"}
        assert "2025" in errors["reference_income"]

    @pytest.mark.parametrize(
        "params",
        [
            {"year": "\u0662\u0660\u0662\u0665", "category": "main", "income": "1"},
            {"year": "2025", "category": "main\x01", "income": "1"},  # NUL is stripped (kit)
            {"year": "2025", "category": "main", "income": "1E+400"},
            {"year": "2025", "category": "main", "income": "Infinity"},
            {"year": "2025", "category": "main", "income": "-1"},
            {"year": "-2025", "category": "main", "income": "1"},
        ],
    )
    async def test_odd_input_is_a_422_never_a_500(
        self, client: httpx.AsyncClient, params: dict[str, str]
    ) -> None:
        assert _errors(await client.get(API, params=params))

    async def test_several_fields_at_once(self, client: httpx.AsyncClient) -> None:
        errors = _errors(await client.get(API, params={"year": "1900", "category": "x"}))
        assert set(errors) == {"income", "category", "year"}

    async def test_messages_follow_the_language(self, client: httpx.AsyncClient) -> None:
        params = {"year": "2025", "category": "main", "income": "-5"}
        fr = _errors(await client.get(API, params=params))["income"]
        nl = _errors(await client.get(API, params=params, headers={"accept-language": "nl-BE"}))[
            "income"
        ]
        en = _errors(await client.get(API, params={**params, "lang": "en"}))["income"]
        assert en == "Enter an income of zero or more."
        assert len({fr, nl, en}) == 3


class TestExplanationLanguages:
    async def _texts(self, client: httpx.AsyncClient, **extra: str) -> dict[str, str]:
        params = {"year": "2025", "category": "main", "income": "100000", **extra}
        response = await client.get(API, params=params)
        assert response.status_code == 200
        return {line["code"]: line["text"] for line in response.json()["explanation"]}

    async def test_french_by_default_dutch_and_english_on_request(
        self, client: httpx.AsyncClient
    ) -> None:
        fr = await self._texts(client)
        nl = await self._texts(client, lang="nl")
        en = await self._texts(client, lang="en")
        nbsp, thin = "\u00a0", "\u202f"
        assert fr["band1"] == (
            f"20,5{nbsp}% sur la première tranche jusqu'à 73{thin}447,52{nbsp}€{nbsp}: "
            f"73{thin}447,52{nbsp}€ × 20,5{nbsp}% = 15{thin}056,74{nbsp}€"
        )
        assert "73" in fr["band1"] and "20,5" in fr["band1"]
        assert "eerste schijf" in nl["band1"]
        assert en["band1"].startswith("20,5% on the first bracket up to 73.447,52")
        for code in fr:
            assert fr[code] != en[code] and nl[code] != en[code], code

    async def test_accept_language_is_honoured(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            API,
            params={"year": "2025", "category": "main", "income": "25000"},
            headers={"accept-language": "de-DE, nl;q=0.8, fr;q=0.5"},
        )
        assert response.headers["content-language"] == "nl"
        assert "eerste schijf" in response.json()["explanation"][1]["text"]


def test_every_explanation_code_has_a_text() -> None:
    from app.contributions import texts

    assert texts.covered_codes() == ALL_CODES


async def test_openapi_documents_the_contract(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    operation = schema["paths"][API]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"year", "category", "income", "lang"} <= names
    assert "422" in operation["responses"] and "200" in operation["responses"]
    required = {p["name"] for p in operation["parameters"] if p.get("required")}
    assert required == {"category", "income"}
    reference = schema["paths"][f"{API}/reference-income"]["get"]
    assert {p["name"] for p in reference["parameters"] if p.get("required")} == {
        "category",
        "reference_income",
    }


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_fast_money_formatting_matches_babel(lang: str) -> None:
    from app.contributions import texts
    from app.kit import i18n

    values = [Decimal("0"), Decimal("0.005"), Decimal("999.995"), Decimal("73447.52")]
    values += [Decimal(n * 7919) / 100 for n in range(0, 2_000_000, 9973)]
    with i18n.language(lang):
        for value in values:
            rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert texts.money(value) == i18n.format_money(rounded), value


async def test_a_payment_after_today_is_a_409_naming_the_field(client: httpx.AsyncClient) -> None:
    """ "Not after today" moves with the clock, so it is no pattern of the document."""
    from datetime import datetime

    from app.kit import clock

    params = {"amount": "1000", "due_date": "2025-03-31", "paid_on": "2025-07-02"}
    with clock.frozen(datetime(2025, 7, 1, 12, 0, tzinfo=clock.BRUSSELS)):
        response = await client.get("/api/v1/contributions/surcharge", params=params)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["paid_on"]
    with clock.frozen(datetime(2025, 7, 2, 12, 0, tzinfo=clock.BRUSSELS)):
        paid = await client.get("/api/v1/contributions/surcharge", params=params)
    assert paid.status_code == 200 and paid.json()["total"] == "60.00"
