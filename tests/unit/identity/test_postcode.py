"""A person's postcode, the region it lies in, and what the national number says (tables)."""

from __future__ import annotations

from datetime import date

import pytest

from app.identity import rules
from app.identity.rules import PostcodeError, Region, Sex

pytestmark = pytest.mark.unit


class TestNormalisePostcode:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [("1000", "1000"), (" 9999 ", "9999"), ("B-1050", "1050"), ("b1050", "1050"),
         ("", ""), ("   ", "")],
        ids=str,
    )  # fmt: skip
    def test_accepted(self, typed: str, expected: str) -> None:
        assert rules.normalise_postcode(typed) == expected

    @pytest.mark.parametrize(
        ("typed", "problem"),
        [("999", PostcodeError.NOT_DIGITS), ("10000", PostcodeError.NOT_DIGITS),
         ("10a0", PostcodeError.NOT_DIGITS), ("١٠٠٠", PostcodeError.NOT_DIGITS),
         ("0999", PostcodeError.OUT_OF_RANGE), ("0000", PostcodeError.OUT_OF_RANGE)],
        ids=str,
    )  # fmt: skip
    def test_refused(self, typed: str, problem: PostcodeError) -> None:
        with pytest.raises(ValueError, match=problem.value):
            rules.normalise_postcode(typed)


class TestRegion:
    @pytest.mark.parametrize(
        ("postcode", "region"),
        [("1000", Region.BRUSSELS), ("1299", Region.BRUSSELS), ("1300", Region.WALLONIA),
         ("1499", Region.WALLONIA), ("1500", Region.FLANDERS), ("3999", Region.FLANDERS),
         ("4000", Region.WALLONIA), ("7999", Region.WALLONIA), ("8000", Region.FLANDERS),
         ("9999", Region.FLANDERS), (None, Region.UNKNOWN), ("", Region.UNKNOWN),
         ("0999", Region.UNKNOWN), ("abcd", Region.UNKNOWN)],
        ids=str,
    )  # fmt: skip
    def test_region(self, postcode: str | None, region: Region) -> None:
        assert rules.region_of_postcode(postcode) == region


class TestNationalNumber:
    @pytest.mark.parametrize(
        ("number", "sex", "birth"),
        [("85073003328", Sex.MALE, (1985, 7, 30)),  # the demo affiliate
         ("85073000259", Sex.FEMALE, (1985, 7, 30)),
         ("00010100105", Sex.MALE, (2000, 1, 1)),  # born in 2000: the check uses "2" + number
         ("85273000106", Sex.UNKNOWN, (1985, 7, 30)),  # BIS, sex unknown (month + 20)
         ("85473000149", Sex.MALE, (1985, 7, 30)),  # BIS, sex known (month + 40)
         ("85073003329", Sex.MALE, None),  # bad check digits: no birth date
         (None, Sex.UNKNOWN, None)],
        ids=str,
    )  # fmt: skip
    def test_sex_and_birth(self, number: str | None, sex: Sex, birth: object) -> None:
        assert rules.sex_of_niss(number) == sex
        assert rules.birth_of_niss(number) == birth

    @pytest.mark.parametrize(
        ("day", "age"),
        [(date(2026, 7, 29), 40), (date(2026, 7, 30), 41), (date(2026, 12, 31), 41)],
        ids=str,
    )  # fmt: skip
    def test_age_on(self, day: date, age: int) -> None:
        assert rules.age_on("85073003328", day) == age
