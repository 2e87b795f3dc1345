"""Identity rules: NISS/BIS and BCE validation tables, roles, token and session lifetimes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.be import bis as stdnum_bis
from stdnum.be import nn as stdnum_nn

from app.identity.rules import (
    ACTIVATION_LINK_TTL,
    AFFILIATE_SESSION_ABSOLUTE,
    AFFILIATE_SESSION_IDLE,
    CHALLENGE_TTL,
    OTP_MAX_ATTEMPTS,
    OTP_TTL,
    STAFF_SESSION_ABSOLUTE,
    STAFF_SESSION_IDLE,
    STEP_UP_TTL,
    Gender,
    IdentifierError,
    NissResult,
    Permission,
    PhoneError,
    SessionEnd,
    SessionKind,
    StaffRole,
    activation_link_expired,
    challenge_expired,
    format_phone,
    normalise_phone,
    otp_attempts_left,
    otp_expired,
    role_allows,
    seen_again,
    session_end_reason,
    session_expired,
    step_up_fresh,
    validate_enterprise_number,
    validate_niss,
)

pytestmark = pytest.mark.unit


def niss(first9: str, *, born_2000s: bool = False) -> str:
    """First 9 digits + check digits: 97 - (n mod 97), n prefixed with "2" from 2000 on.

    Worked by hand for the first row below: 850730033 = 97 x 8770412 + 69 -> 97 - 69 = 28.
    For 2000s: 2170730033 = 97 x 22378660 + 13 -> 97 - 13 = 84.
    """
    n = int(("2" if born_2000s else "") + first9)
    return f"{first9}{97 - n % 97:02d}"


def test_helper_matches_hand_computation() -> None:
    assert niss("850730033") == "85073003328"
    assert niss("170730033", born_2000s=True) == "17073003384"


class TestValidateNiss:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (
                "85.07.30-033.28",
                NissResult(
                    "85073003328", "85.07.30-033.28", date(1985, 7, 30), 1985, False, Gender.MALE
                ),
            ),
            (
                " 85 07 30 033 28 ",
                NissResult(
                    "85073003328", "85.07.30-033.28", date(1985, 7, 30), 1985, False, Gender.MALE
                ),
            ),
            (
                "72-02-28-002-05",
                NissResult(
                    "72022800205", "72.02.28-002.05", date(1972, 2, 28), 1972, False, Gender.FEMALE
                ),
            ),
            (
                "99.12.31-998.41",
                NissResult(
                    "99123199841", "99.12.31-998.41", date(1999, 12, 31), 1999, False, Gender.FEMALE
                ),
            ),
            # Born after 2000: only the "2"-prefixed checksum matches.
            (
                "17073003384",
                NissResult(
                    "17073003384", "17.07.30-033.84", date(2017, 7, 30), 2017, False, Gender.MALE
                ),
            ),
            (
                niss("000101001", born_2000s=True),  # 1 January 2000 itself
                NissResult(
                    "00010100105", "00.01.01-001.05", date(2000, 1, 1), 2000, False, Gender.MALE
                ),
            ),
            (
                niss("040229003", born_2000s=True),  # leap day 2004
                NissResult(
                    "04022900330", "04.02.29-003.30", date(2004, 2, 29), 2004, False, Gender.MALE
                ),
            ),
            # Month 00: date unknown or counter exhausted; year still known.
            (
                niss("850000033"),
                NissResult("85000003306", "85.00.00-033.06", None, 1985, False, Gender.MALE),
            ),
            (
                niss("250000995", born_2000s=True),
                NissResult("25000099544", "25.00.00-995.44", None, 2025, False, Gender.MALE),
            ),
            # Day beyond the month's end: counter exhaustion (stdnum) -> day unknown.
            (
                niss("050229003", born_2000s=True),
                NissResult("05022900351", "05.02.29-003.51", None, 2005, False, Gender.MALE),
            ),
            # Fictitious "birth date entirely unknown" number.
            (
                niss("000001001"),
                NissResult("00000100166", "00.00.01-001.66", None, None, False, Gender.MALE),
            ),
            # BIS +20: gender unknown when issued.
            (
                niss("852730033"),
                NissResult("85273003371", "85.27.30-033.71", date(1985, 7, 30), 1985, True, None),
            ),
            # BIS +40: gender known; stdnum's own examples.
            (
                "98.47.28-997.65",
                NissResult(
                    "98472899765", "98.47.28-997.65", date(1998, 7, 28), 1998, True, Gender.MALE
                ),
            ),
            (
                "01 49 07 001 85",
                NissResult(
                    "01490700185", "01.49.07-001.85", date(2001, 9, 7), 2001, True, Gender.MALE
                ),
            ),
            (
                niss("854730034"),
                NissResult(
                    "85473003416", "85.47.30-034.16", date(1985, 7, 30), 1985, True, Gender.FEMALE
                ),
            ),
        ],
        ids=[
            "pre-2000-dotted",
            "pre-2000-spaces",
            "pre-2000-dashes-female",
            "last-day-1999",
            "post-2000",
            "first-day-2000",
            "leap-day-2004",
            "month-00",
            "month-00-post-2000",
            "day-past-month-end",
            "date-unknown",
            "bis-plus-20",
            "bis-plus-40",
            "bis-plus-40-post-2000",
            "bis-plus-40-female",
        ],
    )
    def test_valid(self, raw: str, expected: NissResult) -> None:
        assert validate_niss(raw) == expected

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("", "empty"),
            ("   ", "empty"),
            ("8507300332", "bad_length"),
            ("850730033288", "bad_length"),
            ("85.07.30-033", "bad_length"),
            ("85O73003328", "not_digits"),  # letter O, not zero
            ("AB.07.30-033.28", "not_digits"),
            ("85/07/30 033 28", "not_digits"),
            ("85073003329", "bad_checksum"),
            ("85073003382", "bad_checksum"),  # swapped check digits
            ("58073003328", "bad_checksum"),
            ("17073003328", "bad_checksum"),  # 2017 with the pre-2000 check
            ("00000000000", "bad_checksum"),
            (niss("851300033"), "bad_date"),  # month 13 for a national number
            (niss("851500033"), "bad_date"),
            (niss("853500033"), "bad_date"),  # 35: neither the +20 nor the +40 range
            (niss("855330033"), "bad_date"),  # 53 = 40 + 13
            (niss("853300033"), "bad_date"),  # 33 = 20 + 13
        ],
        ids=[
            "empty",
            "blank",
            "ten-digits",
            "twelve-digits",
            "truncated",
            "letter-o",
            "letters",
            "slashes",
            "last-digit-off",
            "check-swapped",
            "date-swapped",
            "post-2000-with-old-rule",
            "all-zero",
            "month-13",
            "month-15",
            "month-35",
            "month-53",
            "month-33",
        ],
    )
    def test_invalid(self, raw: str, code: str) -> None:
        with pytest.raises(IdentifierError) as excinfo:
            validate_niss(raw)
        assert excinfo.value.code == code

    def test_error_is_a_value_error_carrying_only_the_code(self) -> None:
        with pytest.raises(ValueError, match=r"^bad_checksum$"):
            validate_niss("85073003329")

    def test_today_guard_refuses_future_birth_year(self) -> None:
        number = niss("300101001", born_2000s=True)  # only valid as 1 January 2030
        assert validate_niss(number).birth_date == date(2030, 1, 1)
        assert validate_niss(number, today=date(2030, 1, 1)).birth_year == 2030
        with pytest.raises(IdentifierError) as excinfo:
            validate_niss(number, today=date(2029, 12, 31))
        assert excinfo.value.code == "bad_checksum"

    def test_today_guard_leaves_1900s_alone(self) -> None:
        assert validate_niss(niss("300101001"), today=date(2026, 1, 1)).birth_year == 1930

    @given(
        yy=st.integers(0, 24),
        rest=st.from_regex(r"\A[0-9]{7}\Z"),
        born_2000s=st.booleans(),
        check=st.one_of(st.none(), st.integers(0, 99)),
    )
    def test_agrees_with_stdnum(
        self, yy: int, rest: str, born_2000s: bool, check: int | None
    ) -> None:
        # Years 00-24: stdnum's clock-dependent 2000s guard is settled for any run after 2024.
        first9 = f"{yy:02d}{rest}"
        number = niss(first9, born_2000s=born_2000s) if check is None else f"{first9}{check:02d}"
        stdnum_ok = stdnum_nn.is_valid(number) or stdnum_bis.is_valid(number)
        try:
            result = validate_niss(number)
        except IdentifierError:
            assert not stdnum_ok
        else:
            assert stdnum_ok
            module = stdnum_bis if result.is_bis else stdnum_nn
            assert result.birth_date == module.get_birth_date(number)
            assert result.formatted == module.format(number)


class TestValidateEnterpriseNumber:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("0403019261", "0403.019.261"),
            ("0403.019.261", "0403.019.261"),
            ("BE0403019261", "0403.019.261"),
            ("be 0403 019 261", "0403.019.261"),
            ("BE 428759497", "0428.759.497"),  # old 9-digit form
            ("403019261", "0403.019.261"),
            ("0403-019-261", "0403.019.261"),
            # Starting with 1: 10000000 = 97 x 103092 + 76 -> check 97 - 76 = 21.
            ("1000.000.021", "1000.000.021"),
        ],
        ids=[
            "plain",
            "dotted",
            "vat",
            "vat-lower-spaces",
            "old-9-digits",
            "old-no-prefix",
            "dashes",
            "starts-with-1",
        ],
    )
    def test_valid(self, raw: str, expected: str) -> None:
        assert validate_enterprise_number(raw) == expected

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("", "empty"),
            (" ", "empty"),
            ("04030192", "bad_length"),
            ("04030192610", "bad_length"),
            ("BE04030192611", "bad_length"),
            ("0403O19261", "not_digits"),
            ("NL0403019261", "not_digits"),
            ("2403019261", "bad_prefix"),
            ("9403019261", "bad_prefix"),
            ("0403019262", "bad_checksum"),
            ("BE431150351", "bad_checksum"),  # stdnum's own counter-example
            ("0000000000", "bad_checksum"),
        ],
        ids=[
            "empty",
            "blank",
            "eight-digits",
            "eleven-digits",
            "vat-eleven",
            "letter-o",
            "foreign-prefix",
            "prefix-2",
            "prefix-9",
            "last-digit-off",
            "stdnum-example",
            "all-zero",
        ],
    )
    def test_invalid(self, raw: str, code: str) -> None:
        with pytest.raises(IdentifierError) as excinfo:
            validate_enterprise_number(raw)
        assert excinfo.value.code == code


ROLE_TABLE: dict[StaffRole, set[Permission]] = {
    StaffRole.AGENT: {Permission.VIEW_QUEUE, Permission.DECIDE, Permission.GRANT_RECOVERY},
    StaffRole.SUPERVISOR: {
        Permission.VIEW_QUEUE,
        Permission.DECIDE,
        Permission.GRANT_RECOVERY,
        Permission.REASSIGN,
        Permission.SUPERVISE_TEAMS,
    },
    StaffRole.ADMIN: set(Permission),
}


class TestRoleAllows:
    @pytest.mark.parametrize(
        ("role", "permission"),
        [(r, p) for r in StaffRole for p in Permission],
        ids=[f"{r}-{p}" for r in StaffRole for p in Permission],
    )
    def test_table(self, role: StaffRole, permission: Permission) -> None:
        assert role_allows(role, permission) is (permission in ROLE_TABLE[role])

    def test_accepts_stored_strings(self) -> None:
        assert role_allows(StaffRole("supervisor"), Permission("reassign"))
        assert not role_allows("agent", "manage_roles")  # type: ignore[arg-type]

    def test_codes(self) -> None:
        assert [r.value for r in StaffRole] == ["agent", "supervisor", "admin"]


T0 = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)  # night of the DST switch: UTC makes it moot
TICK = timedelta(seconds=1)


def boundary_cases(ttl: timedelta) -> list[tuple[timedelta, bool]]:
    """(elapsed, expired): just before, at, just after the limit; expiry is inclusive."""
    return [(timedelta(0), False), (ttl - TICK, False), (ttl, True), (ttl + TICK, True)]


BOUNDARY_IDS = ["fresh", "just-before", "at", "just-after"]


class TestTokenExpiry:
    @pytest.mark.parametrize(
        ("elapsed", "expired"), boundary_cases(timedelta(hours=72)), ids=BOUNDARY_IDS
    )
    def test_activation_link(self, elapsed: timedelta, expired: bool) -> None:
        assert ACTIVATION_LINK_TTL == timedelta(hours=72)
        assert activation_link_expired(T0, T0 + elapsed) is expired

    @pytest.mark.parametrize(
        ("elapsed", "expired"), boundary_cases(timedelta(minutes=10)), ids=BOUNDARY_IDS
    )
    def test_otp(self, elapsed: timedelta, expired: bool) -> None:
        assert OTP_TTL == timedelta(minutes=10)
        assert otp_expired(T0, T0 + elapsed) is expired

    @pytest.mark.parametrize(
        ("elapsed", "expired"), boundary_cases(timedelta(minutes=5)), ids=BOUNDARY_IDS
    )
    def test_challenge(self, elapsed: timedelta, expired: bool) -> None:
        assert CHALLENGE_TTL == timedelta(minutes=5)
        assert challenge_expired(T0, T0 + elapsed) is expired

    @pytest.mark.parametrize(
        ("elapsed", "expired"), boundary_cases(timedelta(minutes=5)), ids=BOUNDARY_IDS
    )
    def test_step_up(self, elapsed: timedelta, expired: bool) -> None:
        assert STEP_UP_TTL == timedelta(minutes=5)
        assert step_up_fresh(T0, T0 + elapsed) is not expired

    def test_step_up_never_verified(self) -> None:
        assert step_up_fresh(None, T0) is False

    @pytest.mark.parametrize(
        ("attempts", "left"),
        [(0, 5), (1, 4), (4, 1), (5, 0), (6, 0), (99, 0)],
        ids=["none", "one", "just-before", "at", "just-after", "many"],
    )
    def test_otp_attempts_left(self, attempts: int, left: int) -> None:
        assert OTP_MAX_ATTEMPTS == 5
        assert otp_attempts_left(attempts) == left


class TestSessionExpired:
    @pytest.mark.parametrize(
        ("idle", "expired"), boundary_cases(timedelta(minutes=30)), ids=BOUNDARY_IDS
    )
    def test_affiliate_idle(self, idle: timedelta, expired: bool) -> None:
        assert AFFILIATE_SESSION_IDLE == timedelta(minutes=30)
        created = T0
        last_seen = T0 + timedelta(hours=1)  # active for an hour, then idle
        now = last_seen + idle
        assert session_expired(created, last_seen, now, SessionKind.AFFILIATE) is expired
        expected = SessionEnd.IDLE if expired else None
        assert session_end_reason(created, last_seen, now, SessionKind.AFFILIATE) == expected

    @pytest.mark.parametrize(
        ("age", "expired"), boundary_cases(timedelta(hours=8)), ids=BOUNDARY_IDS
    )
    def test_affiliate_absolute_despite_activity(self, age: timedelta, expired: bool) -> None:
        assert AFFILIATE_SESSION_ABSOLUTE == timedelta(hours=8)
        now = T0 + age
        last_seen = now - timedelta(minutes=1)  # still clicking around
        assert session_expired(T0, last_seen, now, SessionKind.AFFILIATE) is expired
        expected = SessionEnd.ABSOLUTE if expired else None
        assert session_end_reason(T0, last_seen, now, SessionKind.AFFILIATE) == expected

    @pytest.mark.parametrize(
        ("age", "expired"), boundary_cases(timedelta(hours=8)), ids=BOUNDARY_IDS
    )
    def test_staff_absolute(self, age: timedelta, expired: bool) -> None:
        assert STAFF_SESSION_ABSOLUTE == timedelta(hours=8)
        now = T0 + age
        assert session_expired(T0, now - timedelta(minutes=1), now, SessionKind.STAFF) is expired

    @pytest.mark.parametrize(
        ("idle", "expired"), boundary_cases(timedelta(minutes=20)), ids=BOUNDARY_IDS
    )
    def test_staff_idle(self, idle: timedelta, expired: bool) -> None:
        # A staff desk left alone for 20 minutes locks (it shows other people's files).
        assert STAFF_SESSION_IDLE == timedelta(minutes=20)
        last_seen = T0 + timedelta(hours=2)
        assert session_expired(T0, last_seen, last_seen + idle, SessionKind.STAFF) is expired
        expected = SessionEnd.IDLE if expired else None
        assert session_end_reason(T0, last_seen, last_seen + idle, SessionKind.STAFF) == expected

    def test_absolute_wins_when_both_apply(self) -> None:
        now = T0 + timedelta(hours=9)
        reason = session_end_reason(T0, T0 + timedelta(hours=1), now, SessionKind.AFFILIATE)
        assert reason == SessionEnd.ABSOLUTE

    def test_kind_from_stored_string(self) -> None:
        now = T0 + timedelta(minutes=25)  # past staff's 20 minutes, within affiliates' 30
        assert not session_expired(T0, T0, now, SessionKind("affiliate"))
        assert session_expired(T0, T0, now, SessionKind("staff"))


class TestNormalisePhone:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("", ""),
            ("   ", ""),
            ("0470 12 34 56", "+32470123456"),
            ("0470/12.34.56", "+32470123456"),
            ("+32 470 12 34 56", "+32470123456"),
            ("0032 470 12 34 56", "+32470123456"),
            ("+32 (0)470 12 34 56", "+32470123456"),
            ("02 123 45 67", "+3221234567"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+352 621 123 456", "+352621123456"),
        ],
        ids=[
            "empty", "blank", "mobile", "separators", "plus32", "0032", "trunk-zero",
            "landline", "france", "luxembourg",
        ],
    )  # fmt: skip
    def test_valid(self, raw: str, expected: str) -> None:
        assert normalise_phone(raw) == expected

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("0470 12 34 5a", PhoneError.NOT_DIGITS),
            ("+32 470 12+34", PhoneError.NOT_DIGITS),
            ("٠٤٧٠١٢٣٤٥٦", PhoneError.NOT_DIGITS),
            ("0470 12", PhoneError.BAD_LENGTH),
            ("470123456", PhoneError.BAD_LENGTH),
            ("02 123 45 678", PhoneError.BAD_LENGTH),
            ("0470 12 34 56 78", PhoneError.BAD_LENGTH),
            ("+33 6", PhoneError.BAD_LENGTH),
        ],
        ids=[
            "letter", "inner-plus", "arabic-digits", "too-short", "no-trunk-zero",
            "landline-too-long", "mobile-too-long", "foreign-too-short",
        ],
    )  # fmt: skip
    def test_invalid(self, raw: str, code: PhoneError) -> None:
        with pytest.raises(ValueError) as caught:
            normalise_phone(raw)
        assert str(caught.value) == code.value


class TestFormatPhone:
    @pytest.mark.parametrize(
        ("stored", "shown"),
        [
            (None, ""),
            ("", ""),
            ("+32470123456", "+32 470 12 34 56"),
            ("+3221234567", "+32 2 123 45 67"),
            ("+3250123456", "+32 50 12 34 56"),
            ("+33612345678", "+33612345678"),
            ("+32 470 12 34 56", "+32 470 12 34 56"),
        ],
        ids=["none", "empty", "mobile", "brussels", "bruges", "foreign", "already-spaced"],
    )
    def test_format(self, stored: str | None, shown: str) -> None:
        assert format_phone(stored) == shown

    @pytest.mark.parametrize("raw", ["0470 12 34 56", "02 123 45 67", "+352 621 123 456"])
    def test_round_trip(self, raw: str) -> None:
        stored = normalise_phone(raw)
        assert normalise_phone(format_phone(stored)) == stored


@pytest.mark.parametrize(
    ("elapsed", "moves"),
    [
        (timedelta(0), False),
        (timedelta(seconds=59), False),
        (timedelta(seconds=60), True),
        (timedelta(minutes=29), True),
        (timedelta(seconds=-1), True),  # the clock went back: take the new time
    ],
    ids=["same-instant", "59s", "60s", "29min", "clock-back"],
)
def test_the_last_seen_time_moves_once_a_minute(elapsed: timedelta, moves: bool) -> None:
    seen = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert seen_again(seen, seen + elapsed) is moves
