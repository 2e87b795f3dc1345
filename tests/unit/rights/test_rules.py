"""The proactive rights, as tables of literal cases.

Figures checked against facts.md: 1 exempt quarter after a birth up to 2025, 2 from 2026
(§2 and §8 point 14); 105 service vouchers (§2); continued insurance asked within 3 quarters,
the cessation quarter and the 3 before paid (§8 point 19); the bridging right asked by the end
of the 2nd quarter after the cessation (§2); legal pension age 65 / 66 from 1/2/2025 / 67 from
1/2/2030 by pension start (§8 point 18); early pension from 60 (§8 point 18).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.payments.rules.ledger import Entry, EntryKind
from app.rights.rules import (
    Birth,
    Finding,
    Interruption,
    PersonFile,
    Right,
    claimed_keys,
    findings,
    occasion_of,
)

TODAY = date(2026, 12, 3)


def _rights(file: PersonFile, today: date = TODAY) -> list[tuple[str, str, date | None]]:
    return [(f.right.value, f.occasion, f.deadline) for f in findings(file, today)]


def _quarter(year: int, quarter: int, charged: str, paid: str, surcharge: str = "0") -> list[Entry]:
    due = {1: date(year, 3, 31), 2: date(year, 6, 30), 3: date(year, 9, 30), 4: date(year, 12, 31)}
    entries = [Entry(EntryKind.CONTRIBUTION, Decimal(charged), due[quarter], year, quarter,
                     due[quarter])]  # fmt: skip
    if surcharge != "0":
        entries.append(Entry(EntryKind.SURCHARGE, Decimal(surcharge), due[quarter], year, quarter))
    if paid != "0":
        entries.append(Entry(EntryKind.PAYMENT, -Decimal(paid), due[quarter], year, quarter))
    return entries


class TestBirths:
    @pytest.mark.parametrize(
        ("file", "today", "expected"),
        [
            (  # 2026 birth in Q2: 2 exempt quarters (Q3, Q4 2026); suggested to end Q4 2027
                PersonFile(category="main", births=(Birth(date(2026, 5, 15), True),)),
                TODAY,
                [("quarter_exemption_birth", "2026-05-15", date(2027, 12, 31)),
                 ("maternity_aid", "2026-05-15", date(2027, 12, 31))],
            ),
            (  # 2025 birth in Q4: 1 exempt quarter (Q1 2026); suggested to end Q1 2027
                PersonFile(category="helper", births=(Birth(date(2025, 11, 10), None),),
                           female=True),
                TODAY,
                [("quarter_exemption_birth", "2025-11-10", date(2027, 3, 31)),
                 ("maternity_aid", "2025-11-10", date(2027, 3, 31))],
            ),
            (  # the window is over
                PersonFile(category="main", births=(Birth(date(2025, 11, 10), True),)),
                date(2027, 4, 1),
                [],
            ),
            (  # the co-parent: neither (birth leave is theirs)
                PersonFile(category="main", births=(Birth(date(2026, 5, 15), False),),
                           female=True),
                TODAY,
                [],
            ),
            (  # a secondary activity opens neither
                PersonFile(category="secondary", births=(Birth(date(2026, 5, 15), True),)),
                TODAY,
                [],
            ),
            (  # an expected birth: not yet
                PersonFile(category="main", births=(Birth(date(2027, 1, 20), True),)),
                TODAY,
                [],
            ),
            (  # already asked: the exemption only is left out
                PersonFile(category="main", births=(Birth(date(2026, 5, 15), True),),
                           requested=frozenset({("quarter_exemption_birth", "2026-05-15")})),
                TODAY,
                [("maternity_aid", "2026-05-15", date(2027, 12, 31))],
            ),
        ],
        ids=["2026-two-quarters", "2025-one-quarter", "too-late", "co-parent", "secondary",
             "expected", "asked"],
    )  # fmt: skip
    def test_birth_rights(
        self, file: PersonFile, today: date, expected: list[tuple[str, str, date]]
    ) -> None:
        assert _rights(file, today) == expected

    def test_figures_and_prefill(self) -> None:
        file = PersonFile(category="main", births=(Birth(date(2026, 5, 15), True),))
        exemption, aid = findings(file, TODAY)
        assert exemption.figures["count"] == 2
        assert exemption.figures["first"] == (2026, 3)
        assert exemption.figures["last"] == (2026, 4)
        assert exemption.prefill == {"birth_date": "2026-05-15"}
        assert aid.figures["vouchers"] == 105


class TestSurchargeWaiver:
    @pytest.mark.parametrize(
        ("entries", "expected"),
        [
            # 2026 minimum quarter 890,42 paid; its 3 % surcharge 26,71 still owed
            (_quarter(2026, 1, "890.42", "890.42", "26.71"), [("surcharge_waiver", "2026-Q1")]),
            (_quarter(2026, 1, "890.42", "500.00", "26.71"), []),  # principal not paid yet
            (_quarter(2026, 1, "890.42", "917.13", "26.71"), []),  # the surcharge paid too
            (_quarter(2026, 1, "890.42", "890.42"), []),  # no surcharge
            (_quarter(2025, 4, "871.71", "871.71", "26.15")
             + _quarter(2026, 1, "890.42", "890.42", "26.71"),
             [("surcharge_waiver", "2025-Q4, 2026-Q1")]),
        ],
        ids=["paid", "unpaid", "surcharge-paid", "none", "two-quarters"],
    )  # fmt: skip
    def test_waiver(self, entries: list[Entry], expected: list[tuple[str, str]]) -> None:
        file = PersonFile(category="main", entries=tuple(entries))
        assert [(f.right.value, f.occasion) for f in findings(file, TODAY)] == expected

    def test_amount(self) -> None:
        file = PersonFile(category="main", entries=tuple(
            _quarter(2026, 1, "890.42", "890.42", "26.71")))  # fmt: skip
        [waiver] = findings(file, TODAY)
        assert waiver.figures["amount"] == Decimal("26.71")
        assert waiver.deadline is None


def _paid_year(last: tuple[int, int], count: int = 4) -> tuple[Entry, ...]:
    year, quarter = last
    entries: list[Entry] = []
    for _ in range(count):
        entries += _quarter(year, quarter, "890.42", "890.42")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return tuple(entries)


class TestContinuedInsurance:
    @pytest.mark.parametrize(
        ("file", "today", "expected"),
        [
            (  # stopped 31/3/2026, Q2 2025 to Q1 2026 paid: ask by the end of Q4 2026
                PersonFile(category="main", ends_on=date(2026, 3, 31),
                           entries=_paid_year((2026, 1))),
                TODAY,
                [("continued_insurance", "2026-03-31", date(2026, 12, 31))],
            ),
            (  # three months later: too late
                PersonFile(category="main", ends_on=date(2026, 3, 31),
                           entries=_paid_year((2026, 1))),
                date(2027, 1, 1),
                [],
            ),
            (  # only 3 of the 4 quarters paid
                PersonFile(category="main", ends_on=date(2026, 3, 31),
                           entries=_paid_year((2026, 1), 3)),
                TODAY,
                [],
            ),
            (  # a secondary activity has no continued insurance
                PersonFile(category="secondary", ends_on=date(2026, 3, 31),
                           entries=_paid_year((2026, 1))),
                TODAY,
                [],
            ),
        ],
        ids=["in-time", "too-late", "three-quarters", "secondary"],
    )  # fmt: skip
    def test_continued(
        self, file: PersonFile, today: date, expected: list[tuple[str, str, date]]
    ) -> None:
        assert _rights(file, today) == expected


class TestBridging:
    @pytest.mark.parametrize(
        ("event", "today", "expected"),
        [
            (Interruption("bankruptcy", date(2026, 8, 10)), TODAY,
             [("bridging_right", "2026-08-10", date(2027, 3, 31))]),  # Q3 2026 -> end of Q1 2027
            (Interruption("forced_interruption", date(2026, 11, 2)), TODAY,
             [("bridging_right", "2026-11-02", date(2027, 6, 30))]),
            (Interruption("bankruptcy", date(2026, 2, 10)), TODAY, []),  # by 30/9/2026
            (Interruption("economic_difficulty", date(2026, 11, 2)), TODAY, []),
        ],
        ids=["bankruptcy", "forced", "too-late", "economic-not-declared-here"],
    )  # fmt: skip
    def test_bridging(
        self, event: Interruption, today: date, expected: list[tuple[str, str, date]]
    ) -> None:
        assert _rights(PersonFile(category="main", interruptions=(event,)), today) == expected


class TestPension:
    @pytest.mark.parametrize(
        ("birth", "today", "expected"),
        [
            (date(1966, 3, 10), TODAY, [("pension_information", "60", None)]),  # 60 on 10/3
            (date(1967, 1, 10), TODAY, []),  # 59
            # 66: the pension at 65 would start on 1/7/2025, after 1/2/2025; at 66 on 1/7/2026
            (date(1960, 6, 15), TODAY, [("legal_pension", "66", None)]),
            # 67: at 66 it would start on 1/8/2030, after 1/2/2030; a year ahead of 1/8/2031
            (date(1964, 7, 20), date(2030, 8, 1), [("legal_pension", "67", None)]),
            (date(1964, 7, 20), date(2030, 7, 31), [("pension_information", "60", None)]),
        ],
        ids=["sixty", "fifty-nine", "legal-66", "legal-67-year-ahead", "day-before"],
    )  # fmt: skip
    def test_pension(self, birth: date, today: date, expected: list[tuple[str, str, None]]) -> None:
        assert _rights(PersonFile(category="main", birth_date=birth), today) == expected

    def test_a_working_pensioner_is_told_nothing(self) -> None:
        file = PersonFile(category="pensioner", birth_date=date(1960, 6, 15))
        assert findings(file, TODAY) == []

    def test_legal_pension_start(self) -> None:
        [found] = findings(PersonFile(category="main", birth_date=date(1960, 6, 15)), TODAY)
        assert found.figures == {"age": 66, "start": date(2026, 7, 1)}

    def test_a_pension_question_counts_as_asked(self) -> None:
        file = PersonFile(category="main", birth_date=date(1966, 3, 10),
                          requested=frozenset({("pension_help", "")}))  # fmt: skip
        assert findings(file, TODAY) == []


def _charged(year: int, quarters: range, amount: str) -> tuple[Entry, ...]:
    return tuple(e for q in quarters for e in _quarter(year, q, amount, "0"))


START = date(2026, 5, 10)  # a main activity started in Q2 2026: its 4 quarters end Q1 2027
MAIN_CHARGED = _charged(2026, range(2, 5), "890.42")  # 2026's ordinary quarterly minimum


class TestPrimoStarter:
    """AR 38 art. 12 §1bis: a reduced minimum (459,82 € a quarter in 2026) for the first 4
    quarters of a first main activity, on request."""

    @pytest.mark.parametrize(
        ("file", "expected"),
        [
            (  # charged the ordinary minimum, not recorded as a first main activity
                PersonFile(category="main", starts_on=START, entries=MAIN_CHARGED),
                [("primo_starter", "2026", date(2027, 3, 31))],
            ),
            (  # recorded as a primo-starter already
                PersonFile(category="main", starts_on=START, first_main_activity=True,
                           entries=MAIN_CHARGED),
                [],
            ),
            (  # started Q3 2025: its 4 quarters ended with Q2 2026
                PersonFile(category="main", starts_on=date(2025, 8, 1),
                           entries=_charged(2026, range(1, 5), "890.42")),
                [],
            ),
            (  # an estimate above the ordinary minimum income (17 374,08 € in 2026)
                PersonFile(category="main", starts_on=START, entries=MAIN_CHARGED,
                           declared_income=Decimal("20000"), declared_income_year=2026),
                [],
            ),
            (  # charged the reduced minimum itself
                PersonFile(category="main", starts_on=START,
                           entries=_charged(2026, range(2, 5), "459.82")),
                [],
            ),
            (  # an adjustment already asked for 2026
                PersonFile(category="main", starts_on=START, entries=MAIN_CHARGED,
                           requested=frozenset({("provisional_adjustment", "2026")})),
                [],
            ),
            (  # a secondary activity
                PersonFile(category="secondary", starts_on=START, entries=MAIN_CHARGED),
                [],
            ),
            (  # stopped already
                PersonFile(category="main", starts_on=START, ends_on=date(2026, 10, 31),
                           entries=MAIN_CHARGED),
                [],
            ),
        ],
    )  # fmt: skip
    def test_primo_starter(self, file: PersonFile, expected: list[tuple[str, str, date]]) -> None:
        assert _rights(file) == expected

    def test_its_figures(self) -> None:
        [found] = findings(PersonFile(category="main", starts_on=START, entries=MAIN_CHARGED),
                           TODAY)  # fmt: skip
        assert found.figures == {"first": (2026, 2), "last": (2027, 1),
                                 "minimum": Decimal("459.82")}  # fmt: skip
        assert found.prefill == {"year": "2026", "category": "starter", "direction": "lower"}


ESTABLISHED = date(2015, 1, 1)


class TestLowerProvisional:
    """AR 38 art. 11 §2: an estimate of 20 000 € in main activity in 2026 gives 20,50 % × 20 000
    ÷ 4 = 1 025,00 € a quarter; suggested above 1 025,00 × 1,25 = 1 281,25 € charged."""

    @pytest.mark.parametrize(
        ("file", "expected"),
        [
            (
                PersonFile(category="main", starts_on=ESTABLISHED,
                           declared_income=Decimal("20000"), declared_income_year=2026,
                           entries=_charged(2026, range(4, 5), "1400.00")),
                [("lower_provisional", "2026", date(2026, 12, 31))],
            ),
            (  # just above the gap
                PersonFile(category="main", starts_on=ESTABLISHED,
                           declared_income=Decimal("20000"), declared_income_year=2026,
                           entries=_charged(2026, range(4, 5), "1281.26")),
                [("lower_provisional", "2026", date(2026, 12, 31))],
            ),
            (  # at the gap: not far enough above
                PersonFile(category="main", starts_on=ESTABLISHED,
                           declared_income=Decimal("20000"), declared_income_year=2026,
                           entries=_charged(2026, range(4, 5), "1281.25")),
                [],
            ),
            (  # last year's estimate says nothing of this year
                PersonFile(category="main", starts_on=ESTABLISHED,
                           declared_income=Decimal("20000"), declared_income_year=2025,
                           entries=_charged(2026, range(4, 5), "1400.00")),
                [],
            ),
            (  # no estimate declared
                PersonFile(category="main", starts_on=ESTABLISHED,
                           entries=_charged(2026, range(4, 5), "1400.00")),
                [],
            ),
            (  # asked already this year
                PersonFile(category="main", starts_on=ESTABLISHED,
                           declared_income=Decimal("20000"), declared_income_year=2026,
                           entries=_charged(2026, range(4, 5), "1400.00"),
                           requested=frozenset({("provisional_adjustment", "2026")})),
                [],
            ),
            (  # a primo-starter: 6 000 € is below the primo minimum income 8 972,07 €, so
               # 459,82 € a quarter; 890,42 € charged is more than 459,82 × 1,25 = 574,78 €
                PersonFile(category="main", starts_on=START, first_main_activity=True,
                           declared_income=Decimal("6000"), declared_income_year=2026,
                           entries=MAIN_CHARGED),
                [("lower_provisional", "2026", date(2026, 12, 31))],
            ),
        ],
    )  # fmt: skip
    def test_lower_provisional(
        self, file: PersonFile, expected: list[tuple[str, str, date]]
    ) -> None:
        assert _rights(file) == expected

    def test_its_figures(self) -> None:
        [found] = findings(PersonFile(category="main", starts_on=ESTABLISHED,
                                      declared_income=Decimal("20000"), declared_income_year=2026,
                                      entries=_charged(2026, range(4, 5), "1400.00")),
                           TODAY)  # fmt: skip
        assert found.figures == {"charged": Decimal("1400.00"), "expected": Decimal("1025.00"),
                                 "income": Decimal("20000")}  # fmt: skip
        assert found.prefill == {"year": "2026", "estimated_income": "20000",
                                 "direction": "lower"}  # fmt: skip


class TestClaims:
    def test_occasion_of_a_request(self) -> None:
        assert occasion_of("maternity_aid", {"birth_date": "2026-05-15"}) == "2026-05-15"
        assert occasion_of("surcharge_waiver", {"quarters": "2026-Q1", "reason": "x"}) == "2026-Q1"
        assert occasion_of("pension_help", {"question": "?"}) == ""
        assert occasion_of("provisional_adjustment", {"year": 2026}) == "2026"
        assert occasion_of("provisional_adjustment", {"year": "2026"}) == "2026"
        assert occasion_of("provisional_adjustment", {"year": True}) == ""

    def test_claimed_keys(self) -> None:
        open_findings = [("quarter_exemption_birth", "2026-05-15"), ("maternity_aid", "2026-05-15"),
                         ("pension_information", "60")]  # fmt: skip
        requested = frozenset({("quarter_exemption_birth", "2026-05-15"), ("pension_help", "")})
        assert claimed_keys(open_findings, requested) == {
            ("quarter_exemption_birth", "2026-05-15"),
            ("pension_information", "60"),
        }

    def test_finding_kind(self) -> None:
        assert Finding(Right.LEGAL_PENSION, "66", None).kind is None
        assert Finding(Right.MATERNITY_AID, "2026-05-15", None).kind == "maternity_aid"
