"""Outcome rules, table-driven: answers -> rights and amounts.

Expected amounts and dates are literals worked out by hand from the parameter files
(app/contributions/parameters/<year>.toml); each comment says how. The law's own rules the
outcomes rely on are tested in tests/unit/contributions/test_eligibility.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.wizards import rules
from app.wizards.rules import OutcomeResult, Rate
from app.wizards.rules.common import NOW

D = Decimal
TODAY = date(2026, 3, 16)


def item(result: OutcomeResult, code: str) -> rules.Item:
    """The item of that code; an action whose date has passed counts too (its `_now` form,
    tests/unit/wizards/test_dated_actions.py): these tests are about the values."""
    for found in (*result.rights, *result.actions, *result.referrals):
        if found.code in (code, code + NOW):
            return found
    raise AssertionError(f"{code} not in {[i.code for i in (*result.rights, *result.actions)]}")


def codes(result: OutcomeResult) -> set[str]:
    return {i.code.removesuffix(NOW) for i in (*result.rights, *result.actions, *result.referrals)}


def kinds(result: OutcomeResult) -> list[str]:
    return [offer.kind for offer in result.offers]


class TestStartingOut:
    BASE: dict[str, Any] = {
        "status": "own_name",
        "activity": "main",
        "start_date": date(2026, 2, 1),
        "expected_income": D("30000"),
        "enterprise_number": None,
    }

    # 2026.toml: band 1 20.50 % up to 75024.54, fee 3.05 % of the rounded quarter, half-up.
    # 30000 is above every 2026 minimum and threshold, so each category pays the full formula:
    # 30000 × 20.50 % / 4 = 1537.50, fee 1537.50 × 3.05 % = 46.89375 -> 46.89, total 1584.39.
    # At 5000 the categories differ:
    # starter: primo minimum 8972.07 × 20.50 % / 4 = 459.8185875 -> 459.82 (= 2026.toml
    #   quarterly.minimum_starter), fee 14.02451 -> 14.02, total 473.84;
    # main: minimum 17374.08 × 20.50 % / 4 = 890.4216 -> 890.42 (= quarterly.minimum_main),
    #   fee 27.15781 -> 27.16, total 917.58;
    # secondary: 5000 is above the threshold 1922.16, no minimum: 5000 × 20.50 % / 4 = 256.25,
    #   fee 7.815625 -> 7.82, total 264.07;
    # student: 5000 is below the exemption threshold 8687.04: nothing;
    # helper: maxi-statut minimum 7632.44 × 20.50 % / 4 = 391.16255 -> 391.16
    #   (= quarterly.minimum_helper), fee 11.93038 -> 11.93, total 403.09.
    @pytest.mark.parametrize(
        ("changes", "category", "income", "net", "fee", "total"),
        [
            pytest.param({"first_time": True}, "starter", "30000", "1537.50", "46.89", "1584.39",
                         id="starter-30000"),
            pytest.param({"first_time": False}, "main", "30000", "1537.50", "46.89", "1584.39",
                         id="main-30000"),
            pytest.param({"activity": "secondary"}, "secondary", "30000", "1537.50", "46.89",
                         "1584.39", id="secondary-30000"),
            pytest.param({"status": "student", "activity": None}, "student", "30000", "1537.50",
                         "46.89", "1584.39", id="student-30000"),
            pytest.param({"status": "helper", "activity": None}, "helper", "30000", "1537.50",
                         "46.89", "1584.39", id="helper-30000"),
            pytest.param({"first_time": True}, "starter", "5000", "459.82", "14.02", "473.84",
                         id="starter-5000"),
            pytest.param({"first_time": False}, "main", "5000", "890.42", "27.16", "917.58",
                         id="main-5000"),
            pytest.param({"activity": "secondary"}, "secondary", "5000", "256.25", "7.82",
                         "264.07", id="secondary-5000"),
            pytest.param({"status": "student", "activity": None}, "student", "5000", "0", "0",
                         "0", id="student-5000"),
            pytest.param({"status": "helper", "activity": None}, "helper", "5000", "391.16",
                         "11.93", "403.09", id="helper-5000"),
        ],
    )  # fmt: skip
    def test_category_and_estimate(
        self, changes: dict[str, Any], category: str, income: str, net: str, fee: str, total: str
    ) -> None:
        answers = {**self.BASE, **changes, "expected_income": D(income)}
        result = rules.starting_out(answers, TODAY)
        assert f"category_{category}" in codes(result)
        estimate = item(result, "provisional_estimate").values
        assert (estimate["net"], estimate["fee"], estimate["amount"]) == (D(net), D(fee), D(total))
        offer = result.offers[0]
        assert offer.kind == "affiliation"
        assert offer.answers["category"] == ("main" if category == "starter" else category)
        assert offer.answers["start_date"] == "2026-02-01"

    def test_first_time_starter_minimum_and_extra_quarter(self) -> None:
        result = rules.starting_out({**self.BASE, "first_time": True}, TODAY)
        starter = item(result, "starter_minimum")
        assert starter.values["minimum"] == D("459.82")  # 2026.toml quarterly.minimum_starter
        # After the 4 starter quarters, main activity on 30000: 1584.39 (see above).
        assert starter.values["main_amount"] == D("1584.39")
        # Start in Q1: the first quarter gets one extra quarter, due 30 June instead of 31 March.
        assert item(result, "pay_first_quarter").values["deadline"] == date(2026, 6, 30)
        # 2026 starter figures are derived; the surcharge rates (regularisation) confirmed.
        assert {f.status for f in starter.figures if "starter" in f.name} == {"D"}

    def test_company_director_sees_the_company_contribution(self) -> None:
        answers = {**self.BASE, "status": "director", "first_time": False,
                   "start_date": date(2025, 9, 1)}  # fmt: skip
        result = rules.starting_out(answers, TODAY)
        values = item(result, "company_contribution").values
        # 2025.toml company.amount_low / company.amount_high (adeconsultants.webwin.be)
        assert (values["low"], values["high"]) == (D("399.73"), D("998.47"))

    def test_director_company_and_solidarity(self) -> None:
        answers = {**self.BASE, "status": "director", "first_time": False}
        result = rules.starting_out(answers, TODAY)
        company = item(result, "company_contribution").values
        # law.toml guides.starting_out: start-up exemption 3 years, late 1 % per month.
        assert (company["years"], company["late"]) == (3, D("0.01"))
        assert "solidarity_director" in codes(result)
        assert [f.status for f in item(result, "solidarity_director").figures] == ["U"]

    @pytest.mark.parametrize(
        ("status", "solidarity"),
        [("own_name", "solidarity_helper"), ("helper", "solidarity_helper"),
         ("director", "solidarity_director"), ("student", None)],
    )  # fmt: skip
    def test_what_a_starter_is_told(self, status: str, solidarity: str | None) -> None:
        answers = {**self.BASE, "status": status, "first_time": False}
        result = rules.starting_out(answers, TODAY)
        for code in ("adjust_provisional", "non_payment_cost"):
            # 2026.toml surcharges: 3 % per quarter, 7 % once a year.
            assert item(result, code).values == {"quarterly": D("0.03"), "annual": D("0.07")}
        found = {c for c in codes(result) if c.startswith("solidarity_")}
        assert found == ({solidarity} if solidarity else set())

    @pytest.mark.parametrize(
        ("changes", "reduced"),
        [
            # Primo-starter from 1/4/2025 with no income: the minimum 450.15 net in Q2 less
            # 116.03 (2025.toml starter.first_quarter_reduction, unconfirmed) = 334.12, plus the
            # 3.05 % fee (10.19) = 344.31, as the simulator's starter calendar (xerius.be).
            ({"first_time": True, "first_quarter_reduction": True}, ("116.03", 2, "344.31")),
            ({"first_time": True, "first_quarter_reduction": False}, None),
            ({"activity": "secondary", "first_quarter_reduction": True}, None),  # main only
        ],
    )  # fmt: skip
    def test_the_first_quarter_reduction_on_request(
        self, changes: dict[str, Any], reduced: tuple[str, int, str] | None
    ) -> None:
        answers = {**self.BASE, **changes, "start_date": date(2025, 4, 1),
                   "expected_income": D("0")}  # fmt: skip
        result = rules.starting_out(answers, TODAY)
        if reduced is None:
            assert "first_quarter_reduced" not in codes(result)
            return
        found = item(result, "first_quarter_reduced")
        assert (found.values["reduction"], found.values["quarter"], found.values["amount"]) == (
            D(reduced[0]),
            reduced[1],
            D(reduced[2]),
        )
        assert [f.status for f in found.figures] == ["U"]
        assert result.offers[0].answers["first_quarter_reduction"] == "yes"

    def test_missing_enterprise_number_is_an_action(self) -> None:
        with_number = {**self.BASE, "first_time": False, "enterprise_number": "0403.170.701"}
        assert "get_enterprise_number" in codes(rules.starting_out(self.BASE, TODAY))
        assert "get_enterprise_number" not in codes(rules.starting_out(with_number, TODAY))


class TestNewChild:
    # birth_exempt_quarters: 1 in 2025.toml, 2 in 2026.toml, from the quarter after the birth
    # quarter (a birth on 10 May is in Q2, so Q3, or Q3 and Q4).
    BIRTH: dict[str, Any] = {"event": "birth", "role": "mother", "multiple": False,
                             "disability": False, "activity": "main",
                             "contributions_paid": True}  # fmt: skip

    @pytest.mark.parametrize(
        ("year", "quarters", "first", "last"),
        [(2025, 1, "3/2025", "3/2025"), (2026, 2, "3/2026", "4/2026")],
        ids=["2025-one-quarter", "2026-two-quarters"],
    )
    def test_mother_main_activity(self, year: int, quarters: int, first: str, last: str) -> None:
        answers = {**self.BIRTH, "child_date": date(year, 5, 10)}
        result = rules.new_child(answers, TODAY)
        code = "quarter_exemption_birth" if quarters == 1 else "quarter_exemption_birth_several"
        exemption = item(result, code).values
        assert exemption["count"] == quarters
        assert (exemption["first"], exemption["last"]) == (first, last)
        assert item(result, "maternity_aid").values["vouchers"] == 105  # maternity_service_vouchers
        leave = item(result, "maternity_leave").values
        # maternity_weeks 12, maternity_obligatory_weeks 3, so 12 - 3 = 9 optional weeks.
        assert (leave["weeks"], leave["obligatory"], leave["optional"]) == (12, 3, 9)
        assert kinds(result) == ["maternity_aid", "quarter_exemption_birth"]
        assert result.offers[0].answers == {"birth_date": f"{year}-05-10"}

    def test_multiple_birth_gives_thirteen_weeks(self) -> None:
        answers = {**self.BIRTH, "child_date": date(2026, 5, 10), "multiple": True}
        leave = item(rules.new_child(answers, TODAY), "maternity_leave_multiple").values
        # law.toml guides.new_child.maternity_weeks_multiple 13: 13 - 3 obligatory = 10.
        assert (leave["weeks"], leave["obligatory"], leave["optional"]) == (13, 3, 10)

    # Maternity leave, the vouchers and birth leave need the own main activity (or the
    # maxi-statut helper) and the quarters before the birth paid; the outcome says which fails.
    @pytest.mark.parametrize(
        ("role", "changes", "code", "offers"),
        [
            ("mother", {"activity": "secondary"}, "maternity_not_open_status", []),
            ("mother", {"contributions_paid": False}, "maternity_not_open_paid",
             ["quarter_exemption_birth"]),
            ("mother", {"activity": "helper"}, "maternity_leave",
             ["maternity_aid", "quarter_exemption_birth"]),
            ("co_parent", {"activity": "secondary"}, "birth_leave_not_open_status", []),
            ("co_parent", {"contributions_paid": False}, "birth_leave_not_open_paid", []),
            ("co_parent", {"activity": "helper"}, "birth_leave", ["birth_leave"]),
        ],
        ids=["mother-secondary", "mother-unpaid", "mother-helper", "co-parent-secondary",
             "co-parent-unpaid", "co-parent-helper"],
    )  # fmt: skip
    def test_own_status_and_paid_quarters(
        self, role: str, changes: dict[str, Any], code: str, offers: list[str]
    ) -> None:
        answers = {**self.BIRTH, "role": role, "child_date": date(2026, 5, 10), **changes}
        result = rules.new_child(answers, TODAY)
        assert code in codes(result)
        assert kinds(result) == offers

    def test_co_parent_birth_leave_deadlines(self) -> None:
        answers = {**self.BIRTH, "role": "co_parent", "child_date": date(2026, 10, 31)}
        result = rules.new_child(answers, TODAY)
        leave = item(result, "birth_leave")
        # birth_leave_window_months = 4: 31/10/2026 + 4 months, kept in February: 28/2/2027.
        assert leave.values["deadline"] == date(2027, 2, 28)
        # The request reaches the fund by the last day of the quarter after the birth quarter
        # (Q4 2026): 31/3/2027.
        assert item(result, "request_birth_leave").values["deadline"] == date(2027, 3, 31)
        # 2026.toml paternity_days 20, birth_leave_half_days 40, paternity_daily 96.60 (U).
        assert (leave.values["days"], leave.values["half_days"]) == (20, 40)
        assert leave.values["daily"] == D("96.60")
        assert "U" in {f.status for f in leave.figures}  # the daily amount is unconfirmed
        assert result.offers[0].answers == {"birth_date": "2026-10-31", "days": "20"}

    # inami.fgov.be: 6 weeks per parent, shared weeks 3 before 1/1/2025 and 4 from then, the
    # leave starts within 2 months of the registration.
    @pytest.mark.parametrize(
        ("registered", "shared", "start_by"),
        [(date(2026, 6, 1), 4, date(2026, 8, 1)), (date(2024, 11, 15), 3, date(2025, 1, 15)),
         (date(2025, 1, 1), 4, date(2025, 3, 1)), (date(2024, 12, 31), 3, date(2025, 2, 28))],
        ids=["2026", "2024", "first-day-2025", "last-day-2024"],
    )  # fmt: skip
    def test_adoption_leave_is_the_mutualites(
        self, registered: date, shared: int, start_by: date
    ) -> None:
        answers = {"event": "adoption", "child_date": registered, "multiple": False,
                   "disability": False, "activity": "main", "contributions_paid": True}  # fmt: skip
        result = rules.new_child(answers, TODAY)
        leave = item(result, "adoption_leave")
        assert (leave.values["per_parent"], leave.values["shared"]) == (6, shared)
        assert leave.values["months"] == 2
        assert {f.status for f in leave.figures} == {"C"}
        assert item(result, "start_adoption_leave").values["deadline"] == start_by
        assert [r.code for r in result.referrals] == ["family_allowance_fund", "mutualite_adoption"]
        assert kinds(result) == []

    def test_foster_care_is_flagged_unconfirmed(self) -> None:
        answers = {"event": "foster", "child_date": date(2026, 6, 1), "multiple": False,
                   "disability": False, "activity": "main", "contributions_paid": True}  # fmt: skip
        leave = item(rules.new_child(answers, TODAY), "foster_care_leave")
        assert "U" in {f.status for f in leave.figures}

    def test_disabled_child_opens_the_caregiver_leave(self) -> None:
        answers = {**self.BIRTH, "child_date": date(2026, 5, 10), "disability": True}
        result = rules.new_child(answers, TODAY)
        care = item(result, "disabled_child_care")
        # None in 2026.toml (U): 2025.toml caregiver_monthly_full 1638.26, flagged; 12 months.
        assert (care.values["monthly"], care.values["career"]) == (D("1638.26"), 12)
        assert "U" in {f.status for f in care.figures}
        assert "caregiver_leave" not in kinds(result)  # its start and length: the Illness guide


class TestIllness:
    OWN: dict[str, Any] = {"who": "self", "since": date(2026, 2, 2), "stopped": True,
                           "self_employed_90_days": True,
                           "previous_quarter_paid": True}  # fmt: skip

    def test_own_incapacity_with_stop(self) -> None:
        result = rules.illness(self.OWN, TODAY)
        declare = item(result, "declare_incapacity").values
        # 7 calendar days after Monday 2/2/2026: Monday 9/2/2026, a working day.
        assert declare["deadline"] == date(2026, 2, 9)
        assert declare["late"] == D("0.10")  # riziv.fgov.be: 10 % less when late
        # February is the second month of Q1: the assimilation starts in Q2.
        assert item(result, "sickness_assimilation").values["first"] == "2/2026"
        # One year of primary incapacity, then invalidity: 2/2/2027.
        assert item(result, "invalidity_after_one_year").values["date"] == date(2027, 2, 2)
        assert {"partial_resumption", "certificates_forwarded"} <= codes(result)
        assert kinds(result) == ["sickness_assimilation"]
        assert result.offers[0].answers == {"incapacity_start": "2026-02-02"}

    # RSVZ/INASTI FAQ: the quarter after the onset, unless the onset is in the quarter's first
    # month (January, April, July, October).
    @pytest.mark.parametrize(
        ("onset", "first"),
        [(date(2026, 2, 2), "2/2026"), (date(2026, 4, 15), "2/2026"), (date(2026, 1, 1), "1/2026"),
         (date(2026, 3, 31), "2/2026"), (date(2026, 12, 10), "1/2027"),
         (date(2026, 10, 31), "4/2026")],
        ids=["feb", "april", "1-jan", "31-mar", "dec", "31-oct"],
    )  # fmt: skip
    def test_assimilation_first_quarter(self, onset: date, first: str) -> None:
        result = rules.illness({**self.OWN, "since": onset}, TODAY)
        assert item(result, "sickness_assimilation").values["first"] == first

    # Onset + 7 calendar days; on a Saturday, Sunday or Belgian public holiday, the next
    # working day (2026: Easter Monday 6/4, National Day Tuesday 21/7, Christmas Friday 25/12).
    @pytest.mark.parametrize(
        ("onset", "deadline"),
        [(date(2026, 2, 2), date(2026, 2, 9)), (date(2026, 2, 7), date(2026, 2, 16)),
         (date(2026, 3, 30), date(2026, 4, 7)), (date(2026, 7, 14), date(2026, 7, 22)),
         (date(2026, 12, 18), date(2026, 12, 28))],
        ids=["monday", "saturday", "easter-monday", "national-day", "christmas"],
    )  # fmt: skip
    def test_declaration_deadline(self, onset: date, deadline: date) -> None:
        result = rules.illness({**self.OWN, "since": onset}, TODAY)
        assert item(result, "declare_incapacity").values["deadline"] == deadline

    @pytest.mark.parametrize(
        ("changes", "missing"),
        [
            ({"stopped": False}, ["assimilation_needs_stop"]),
            ({"self_employed_90_days": False}, ["assimilation_needs_days"]),
            ({"previous_quarter_paid": False}, ["assimilation_needs_paid"]),
            ({"stopped": False, "previous_quarter_paid": False},
             ["assimilation_needs_stop", "assimilation_needs_paid"]),
        ],
        ids=["working", "under-90-days", "unpaid", "two-missing"],
    )  # fmt: skip
    def test_assimilation_conditions(self, changes: dict[str, Any], missing: list[str]) -> None:
        result = rules.illness({**self.OWN, **changes}, TODAY)
        assert [c for c in (i.code for i in result.rights) if c.startswith("assimilation_")] == (
            missing
        )
        assert "sickness_assimilation" not in codes(result)
        assert "sickness_assimilation" not in kinds(result)
        if "assimilation_needs_days" in missing:
            assert item(result, "assimilation_needs_days").values["days"] == 90

    def test_caregiver_2025_amounts(self) -> None:
        answers = {"who": "relative", "interruption": "full", "caregiver_start": date(2025, 4, 1),
                   "caregiver_months": 3}  # fmt: skip
        result = rules.illness(answers, date(2025, 3, 1))
        values = item(result, "caregiver_allowance_full").values
        assert values["monthly"] == D("1638.26")  # 2025.toml caregiver_monthly_full
        assert values["total"] == D("4914.78")  # 3 months × 1638.26
        # 3 months of full interruption reach caregiver_exempt_after_months = 3.
        assert "caregiver_exemption" in codes(result)
        assert result.offers[0].answers == {"months": "3", "start_date": "2025-04-01"}

    def test_caregiver_2026_uses_the_last_known_amount_flagged(self) -> None:
        answers = {"who": "relative", "interruption": "partial",
                   "caregiver_start": date(2026, 4, 1), "caregiver_months": 2}  # fmt: skip
        found = item(rules.illness(answers, TODAY), "caregiver_allowance_partial")
        # None in 2026.toml (U): 2025.toml caregiver_monthly_partial 819.13, flagged.
        assert found.values["monthly"] == D("819.13")
        assert [(f.year, f.status) for f in found.figures[:2]] == [(2026, "U"), (2025, "S")]
        assert "caregiver_exemption" not in codes(rules.illness(answers, TODAY))


class TestPaymentDifficulty:
    BASE: dict[str, Any] = {"amount_owed": D("2500"), "monthly_capacity": D("300"),
                            "cause": "illness", "duration": "short", "activity": "main",
                            "active_four_quarters": True, "expected_income": None,
                            "stopping": False}  # fmt: skip

    def test_plan_surcharges_exemption(self) -> None:
        result = rules.payment_difficulty(self.BASE, TODAY)
        surcharges = item(result, "surcharges_running").values
        # 2026.toml surcharges.quarterly_rate 3 %: 2500 × 0.03 = 75.00; annual_rate 7 %.
        assert surcharges["per_quarter"] == D("75.00")
        assert isinstance(surcharges["annual"], Rate) and surcharges["annual"] == D("0.07")
        exemption = item(result, "exemption")
        # exemption_window_quarters = 4: Q1 2026 -> end of Q1 2027.
        assert exemption.values["deadline"] == date(2027, 3, 31)
        # Past quarters within 12 months: Q1 2025 is the oldest one, askable until 31/3/2026.
        assert exemption.values["earliest"] == "1/2025"
        assert exemption.values["earliest_deadline"] == date(2026, 3, 31)
        # INASTI decides since 1/1/2019 (law.toml guides.payment_difficulty).
        assert date(2019, 1, 1) in {f.value for f in exemption.figures}
        plan = item(result, "payment_plan")
        # Surcharges keep running during a plan; the plan policy is the fund's (flagged U).
        assert plan.values["quarterly"] == D("0.03")
        assert [f.status for f in plan.figures] == ["U"]
        assert kinds(result) == ["payment_plan", "exemption", "surcharge_waiver"]
        # 2500 / 300 = 8.33 months, rounded up to 9.
        assert result.offers[0].answers == {"monthly_amount": "300.00", "months": "9"}
        assert result.offers[1].answers == {"quarters": "1/2026"}

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"activity": "secondary"}, "exemption_secondary"),
            ({"active_four_quarters": False}, "exemption_not_yet"),
            ({"active_four_quarters": False, "stopping": True}, "exemption"),
        ],
        ids=["secondary", "too-early", "too-early-but-stopping"],
    )
    def test_exemption_conditions(self, changes: dict[str, Any], expected: str) -> None:
        assert expected in codes(rules.payment_difficulty({**self.BASE, **changes}, TODAY))

    def test_lower_provisional_and_bridging(self) -> None:
        answers = {**self.BASE, "expected_income": D("15000"), "stopping": True,
                   "cause": "other"}  # fmt: skip
        result = rules.payment_difficulty(answers, TODAY)
        adjustment = item(result, "provisional_adjustment").values
        # 15000 is below the 2026 main minimum 17374.08: 890.42 + fee 27.16 = 917.58 (see
        # TestStartingOut).
        assert adjustment["amount"] == D("917.58")
        assert "surcharge_waiver_strict" in codes(result)
        offers = {o.kind: o for o in result.offers}
        assert not offers["surcharge_waiver"].recommended
        assert offers["provisional_adjustment"].answers == {
            "year": "2026",
            "estimated_income": "15000.00",
        }
        assert offers["bridging_right"].answers["event"] == "economic_difficulty"


class TestBankruptcy:
    BASE: dict[str, Any] = {"reason": "bankruptcy", "cessation_date": date(2025, 6, 10),
                            "main_activity": True, "contributions_in_order": True,
                            "career_years": 10, "family_charge": False}  # fmt: skip

    def test_amount_deadline_and_offer(self) -> None:
        result = rules.bankruptcy({**self.BASE, "family_charge": True}, TODAY)
        values = item(result, "bridging_bankruptcy").values
        assert values["monthly"] == D("2047.18")  # 2025.toml bridging_monthly_family
        assert values["months"] == 12  # bridging_max_months: a 10-year career is under 15
        # Cessation in Q2 2025: apply by the end of the 2nd quarter after, 31/12/2025.
        assert item(result, "apply_bridging").values["deadline"] == date(2025, 12, 31)
        assert result.offers[0].answers == {"event": "bankruptcy", "event_date": "2025-06-10"}

    # law.toml guides.bridging.monthly_single 1638.26 (from 1/1/2025, date unconfirmed). From
    # 10/6/2025 to the end of the next month (31/7/2025), 25 % per 7 days; then whole calendar
    # months. 45 days (to 24/7): 6 segments = 1.50 × 1638.26 = 2457.39; 10 days: 1 segment =
    # 409.565 -> 409.57; 27 days: 3 = 1228.695 -> 1228.70; 5 days: none; 60 days (to 8/8): 52
    # days before 1/8 = 7 segments, August not whole = 1.75 × 1638.26 = 2866.955 -> 2866.96;
    # 120 days (to 7/10): 7 segments + August + September = 3.75 = 6143.475 -> 6143.48; 400
    # days: 7 segments + 11 months = 12.75, capped at 12 months (10-year career) = 19659.12.
    @pytest.mark.parametrize(
        ("days", "segments", "months", "total"),
        [(45, 6, 0, D("2457.39")), (10, 1, 0, D("409.57")), (27, 3, 0, D("1228.70")),
         (5, 0, 0, D("0.00")), (60, 7, 0, D("2866.96")), (120, 7, 2, D("6143.48")),
         (400, 7, 11, D("19659.12"))],
        ids=["45d", "10d", "27d", "5d", "60d", "120d", "400d-capped"],
    )  # fmt: skip
    def test_forced_interruption_segments_then_months(
        self, days: int, segments: int, months: int, total: Decimal
    ) -> None:
        answers = {**self.BASE, "reason": "forced_interruption", "interruption_days": days}
        values = item(rules.bankruptcy(answers, TODAY), "bridging_forced_interruption").values
        assert (values["segments"], values["calendar_months"]) == (segments, months)
        assert values["total"] == total
        assert values["until"] == date(2025, 7, 31)

    # The 15-year boundary is ">=" in every pillar (multipen.be; dyzo.be): economic difficulty
    # 0 / 3 / 6 / 12 months at < 2 / < 5 / < 15 / >= 15 years; other pillars 12, 24 from 15.
    @pytest.mark.parametrize(
        ("reason", "career", "months"),
        [("economic", 1, 0), ("economic", 2, 3), ("economic", 4, 3), ("economic", 5, 6),
         ("economic", 14, 6), ("economic", 15, 12), ("bankruptcy", 14, 12),
         ("bankruptcy", 15, 24), ("debt_settlement", 15, 24)],
    )  # fmt: skip
    def test_duration_by_career(self, reason: str, career: int, months: int) -> None:
        answers = {**self.BASE, "reason": reason, "career_years": career,
                   "economic_condition": "integration_income"}  # fmt: skip
        result = rules.bankruptcy(answers, TODAY)
        if months:
            assert item(result, f"bridging_{reason}").values["months"] == months
        else:
            assert "bridging_not_eligible" in codes(result)

    @pytest.mark.parametrize(
        ("condition", "eligible"),
        [("integration_income", True), ("exemption", True), ("low_income", True),
         ("none", False)],
    )  # fmt: skip
    def test_economic_pillar_needs_one_condition(self, condition: str, eligible: bool) -> None:
        answers = {**self.BASE, "reason": "economic", "economic_condition": condition}
        result = rules.bankruptcy(answers, TODAY)
        assert ("bridging_economic" in codes(result)) is eligible
        assert ("bridging_economic_condition" in codes(result)) is not eligible
        assert bool(result.offers) is eligible

    # The monthly amount is a dated series (guides.bridging.monthly_single): the value that
    # holds on the day of the event. 2025.toml: 1638.26 from 1/1/2025 (ucm.be, date U); none
    # known for 2024; none yet for 2026, so 2025's, with both figures flagged.
    @pytest.mark.parametrize(
        ("event", "monthly", "years"),
        [(date(2025, 6, 10), D("1638.26"), [2025]), (date(2026, 2, 1), D("1638.26"), [2026, 2025]),
         (date(2024, 6, 1), None, [2024])],
        ids=["2025", "2026-falls-back", "2024-unknown"],
    )  # fmt: skip
    def test_dated_monthly_amount(
        self, event: date, monthly: Decimal | None, years: list[int]
    ) -> None:
        found = item(rules.bankruptcy({**self.BASE, "cessation_date": event}, TODAY),
                     "bridging_bankruptcy")  # fmt: skip
        assert found.values["monthly"] == monthly
        single = [f for f in found.figures if "monthly_single" in f.name]
        assert [f.year for f in single[: len(years)]] == years
        assert {f.status for f in single} == {"U"}

    def test_cumulation_since_2023(self) -> None:
        found = item(rules.bankruptcy(self.BASE, TODAY), "bridging_cumulation")
        assert found.figures[0].value == date(2023, 1, 1)

    def test_not_eligible_without_main_activity(self) -> None:
        result = rules.bankruptcy({**self.BASE, "main_activity": False}, TODAY)
        assert "bridging_not_eligible" in codes(result)
        assert result.offers == ()

    def test_2026_amount_falls_back_to_2025_and_is_flagged(self) -> None:
        answers = {**self.BASE, "cessation_date": date(2026, 2, 1)}
        found = item(rules.bankruptcy(answers, TODAY), "bridging_bankruptcy")
        assert found.values["monthly"] == D("1638.26")  # none in 2026.toml: 2025's, flagged
        assert found.figures[0].status == "U"


class TestPension:
    # law.toml guides.pension.legal_age: 65 for a pension starting by 1/1/2025, 66 by 1/1/2030,
    # 67 after (mypension.be). The pension starts on the 1st of the month after the birthday.
    @pytest.mark.parametrize(
        ("birth", "age", "start"),
        [(date(1959, 12, 15), 65, date(2025, 1, 1)), (date(1960, 1, 10), 66, date(2026, 2, 1)),
         (date(1960, 5, 5), 66, date(2026, 6, 1)), (date(1963, 12, 31), 66, date(2030, 1, 1)),
         (date(1964, 1, 15), 67, date(2031, 2, 1)), (date(1964, 3, 10), 67, date(2031, 4, 1))],
        ids=["65-by-1-1-2025", "66-from-1-2-2025", "66", "66-by-1-1-2030", "67-from-1-2-2030",
             "67"],
    )  # fmt: skip
    def test_legal_pension_date_by_cohort(self, birth: date, age: int, start: date) -> None:
        answers = {"birth_date": birth, "career_years": 20, "plan": "stop", "partner_died": False}
        result = rules.pension(answers, TODAY)
        values = item(result, "retirement_pension").values
        assert (values["age"], values["start"]) == (age, start)
        # Examined automatically at the legal age: no application, the action says so.
        assert item(result, "pension_automatic").values["deadline"] == start

    # Early pension 60 with 44 years, 61 with 43, 63 with 42 (mypension.be), counting the years
    # still worked from TODAY (16/3/2026); an age already passed counts from 1/4/2026.
    @pytest.mark.parametrize(
        ("birth", "career", "age", "start", "ask_from"),
        [(date(1966, 6, 20), 40, 63, date(2029, 7, 1), date(2028, 7, 1)),
         (date(1966, 6, 20), 44, 60, date(2026, 7, 1), date(2025, 7, 1)),
         (date(1964, 9, 10), 43, 61, date(2026, 4, 1), date(2025, 4, 1))],
        ids=["63-with-42-by-then", "60-with-44", "61-already-passed"],
    )  # fmt: skip
    def test_early_pension(
        self, birth: date, career: int, age: int, start: date, ask_from: date
    ) -> None:
        answers = {"birth_date": birth, "career_years": career, "plan": "stop",
                   "partner_died": False}  # fmt: skip
        result = rules.pension(answers, TODAY)
        assert item(result, "early_pension").values == {"age": age, "start": start}
        ask = item(result, "apply_early_or_deferred").values
        assert (ask["deadline"], ask["months"]) == (ask_from, 12)

    def test_no_early_pension_with_a_short_career(self) -> None:
        answers = {"birth_date": date(1966, 6, 20), "career_years": 10, "plan": "stop",
                   "partner_died": False}  # fmt: skip
        result = rules.pension(answers, TODAY)
        assert {"early_pension_conditions", "apply_deferred"} <= codes(result)
        assert "early_pension" not in codes(result)
        bonus = item(result, "bonus_malus")
        assert [f.status for f in bonus.figures] == ["C", "U"]  # percentages unconfirmed

    def test_survivor_conditions_are_flagged(self) -> None:
        answers = {"birth_date": date(1970, 1, 1), "career_years": 30, "plan": "stop",
                   "partner_died": True}  # fmt: skip
        survivor = item(rules.pension(answers, TODAY), "survivor_pension")
        assert survivor.values == {"age": 50, "married": 1, "months": 12, "months_child": 24}
        assert {f.status for f in survivor.figures} == {"U"}

    def test_working_after_pension_and_plci(self) -> None:
        answers = {"birth_date": date(1960, 5, 5), "career_years": 45, "plan": "keep_working",
                   "partner_died": True, "has_plci": False}  # fmt: skip
        result = rules.pension(answers, TODAY)
        working = item(result, "working_after_pension").values
        assert working["threshold"] == D("3844.32")  # 2026.toml thresholds.pensioner
        # law.toml rates.pensioner_band1 (AR 38 art. 13 §1); 45 years = the unlimited career.
        assert working["rate"] == D("0.1470") and working["unlimited"] is True
        plci = item(result, "plci")
        assert plci.values["ceiling"] == D("3965.77")  # 2025's value, flagged: none for 2026
        assert {f.status for f in plci.figures} == {"U", "S"}
        assert "survivor_pension" in codes(result)
        assert kinds(result) == ["pension_help"]


class TestCessation:
    def test_formalities_and_offers(self) -> None:
        answers = {"end_date": date(2026, 5, 15), "reason": "economic", "continue_insurance": True}
        result = rules.cessation(answers, TODAY)
        # 2026.toml due_dates.q2: the contribution of the last quarter (Q2) is due 30/6/2026.
        assert item(result, "pay_last_quarter").values["deadline"] == date(2026, 6, 30)
        assert "see_bankruptcy" in codes(result)
        assert kinds(result) == ["cessation", "continued_insurance"]
        assert result.offers[0].answers == {"cessation_date": "2026-05-15"}
        insurance = item(result, "continued_insurance")
        # Paid: the cessation quarter (Q2 2026) and the 3 before; 2 years, 5 before the age.
        assert (insurance.values["first"], insurance.values["last"]) == ("3/2025", "2/2026")
        assert (insurance.values["years"], insurance.values["near"]) == (2, 5)
        # xerius.be: about 60 % of the normal contributions (pension only), 90 % with health care.
        assert (insurance.values["pension_share"], insurance.values["health_share"]) == (
            D("0.60"),
            D("0.90"),
        )
        assert "U" in {f.status for f in insurance.figures}  # the lower rate is unconfirmed
        # Within 3 quarters after Q2 2026: by the end of Q1 2027.
        assert item(result, "request_continued_insurance").values["deadline"] == date(2027, 3, 31)

    def test_without_continued_insurance(self) -> None:
        answers = {"end_date": date(2026, 5, 15), "reason": "other", "continue_insurance": False}
        assert kinds(rules.cessation(answers, TODAY)) == ["cessation"]


class TestAuditAdditions:
    """Rights the charters list that the outcome pages must show (audit of issue 6)."""

    def test_co_parent_gets_the_paternity_vouchers_and_no_mutualite_referral(self) -> None:
        answers = {"event": "birth", "role": "co_parent", "child_date": date(2026, 5, 10),
                   "activity": "main", "contributions_paid": True}  # fmt: skip
        result = rules.new_child(answers, TODAY)
        vouchers = item(result, "paternity_vouchers").values
        # 2026.toml paternity_service_vouchers 15, paternity_vouchers_max_days 8.
        assert (vouchers["vouchers"], vouchers["days"]) == (15, 8)
        referrals = [r.code for r in result.referrals]
        assert referrals == ["family_allowance_fund"]

    def test_mother_is_sent_to_her_mutualite(self) -> None:
        answers = {"event": "birth", "role": "mother", "child_date": date(2026, 5, 10),
                   "activity": "main"}  # fmt: skip
        referrals = [r.code for r in rules.new_child(answers, TODAY).referrals]
        assert referrals == ["family_allowance_fund", "mutualite_birth"]

    def test_payment_difficulty_states_consequences_and_solidarity_unconfirmed(self) -> None:
        answers = {"amount_owed": Decimal("1000"), "cause": "other", "activity": "main",
                   "active_four_quarters": True}  # fmt: skip
        result = rules.payment_difficulty(answers, TODAY)
        for code in ("non_payment_consequences", "solidarity"):
            assert {f.status for f in item(result, code).figures} == {"U"}

    def test_bankruptcy_shows_both_monthly_amounts(self) -> None:
        answers = {"reason": "bankruptcy", "cessation_date": date(2025, 10, 15),
                   "main_activity": True, "contributions_in_order": True, "career_years": 3,
                   "family_charge": False}  # fmt: skip
        values = item(rules.bankruptcy(answers, TODAY), "bridging_bankruptcy").values
        # 2025.toml bridging_monthly 1638.26 and bridging_monthly_family 2047.18.
        assert values["monthly"] == values["single"] == Decimal("1638.26")
        assert values["family"] == Decimal("2047.18")

    @pytest.mark.parametrize(
        ("reason", "assimilation"),
        [("health", True), ("other", True), ("retirement", False), ("employment", False)],
    )
    def test_cessation_assimilation_and_pension_referral(
        self, reason: str, assimilation: bool
    ) -> None:
        answers = {"end_date": date(2026, 6, 30), "reason": reason, "continue_insurance": False}
        result = rules.cessation(answers, TODAY)
        assert ("assimilation_after_cessation" in codes(result)) is assimilation
        assert "mypension" in [r.code for r in result.referrals]

    def test_company_contribution_falls_back_to_the_last_known_amounts(self) -> None:
        answers = {"status": "director", "activity": "main", "first_time": False,
                   "start_date": date(2026, 4, 1), "expected_income": Decimal("30000")}  # fmt: skip
        found = item(rules.starting_out(answers, TODAY), "company_contribution")
        # None in 2026.toml (U): 2025.toml company.amount_low / amount_high.
        assert (found.values["low"], found.values["high"]) == (
            Decimal("399.73"),
            Decimal("998.47"),
        )
        assert "U" in {f.status for f in found.figures}

    def test_starting_category(self) -> None:
        assert rules.starting_category({"status": "student"}) == "student"
        assert rules.starting_category({"status": "own_name", "activity": "secondary"}) == (
            "secondary"
        )
        assert rules.starting_category({"status": "own_name", "first_time": True}) == "starter"
        assert rules.starting_category({"status": "director", "first_time": False}) == "main"
