"""Reports for the authorities on a small known data set: the CSV's literal rows, the job
through the outbox, the page's form, history and downloads (audited)."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from app.affiliation.tables import Affiliation
from app.identity import service as identity
from app.kit import audit, clock
from app.kit.tables import AuditEvent, OutboxJob
from app.payments import service as payments
from app.payments.rules.ledger import EntryKind
from app.requests.tables import Request, RequestEvent
from app.staff import reports
from app.staff.rules import Period
from tests.support.actors import csrf_token, log_in, make_staff, staff
from workers.jobs import HANDLERS

pytestmark = pytest.mark.integration

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
HEADER = ("period_start,period_end,figure,category,sex,age_band,region,quarter,kind,outcome,"
          "value,unit")  # fmt: skip
P = "2026-01-01,2026-06-30"
EXPECTED = [
    HEADER,
    f"{P},affiliates,main,male,35-44,brussels,,,,1,persons",
    f"{P},affiliates,secondary,female,35-44,flanders,,,,1,persons",
    f"{P},starters,secondary,,,,,,,1,persons",
    f"{P},cessations,student,,,,,,,1,persons",
    f"{P},contributions_called,,,,,2026-Q1,,,900.00,EUR",
    f"{P},contributions_collected,,,,,2026-Q1,,,900.00,EUR",
    f"{P},contributions_called,,,,,2026-Q2,,,900.00,EUR",
    f"{P},surcharges_applied,,,,,2026-Q2,,,27.00,EUR",
    f"{P},surcharges_waived,,,,,2026-Q2,,,27.00,EUR",
    f"{P},requests_decided,,,,,,exemption,granted,1,requests",
    f"{P},requests_decided,,,,,,payment_plan,refused,1,requests",
    f"{P},decision_days_median,,,,,,exemption,,30.0,days",
    f"{P},decision_days_p90,,,,,,exemption,,30.0,days",
    f"{P},decision_days_median,,,,,,payment_plan,,10.0,days",
    f"{P},decision_days_p90,,,,,,payment_plan,,10.0,days",
]


async def _person(number: str, first: str, postcode: str | None) -> uuid.UUID:
    return await identity.create_person(
        identity.NewPerson(national_number=number, first_name=first, last_name="Test",
                           postcode=postcode),
        actor=audit.SYSTEM,
    )  # fmt: skip


async def _decided(person: uuid.UUID, kind: str, status: str, received: date,
                   decided: date) -> None:  # fmt: skip
    request_id = uuid.uuid4()
    at = datetime(decided.year, decided.month, decided.day, 10, tzinfo=UTC)
    await Request.insert(Request(
        id=request_id, person=person, kind=kind, status=status, idempotency_key=str(request_id),
        received_on=received, decided_at=at, motivation="Motivée.",
    ))  # fmt: skip
    await RequestEvent.insert(RequestEvent(
        request=request_id, event="decide", from_status="in_review", to_status=status,
        actor_kind="staff", at=at,
    ))  # fmt: skip


async def known_world() -> None:
    """Three affiliates (a man in Brussels, a woman in Flanders starting in the period, a
    student without postcode who stopped in it), one account's year, two decisions."""
    camille = await _person("85073003328", "Camille", "1050")
    lotte = await _person("85073000259", "Lotte", "9000")
    noah = await _person("00010100105", "Noah", None)
    await Affiliation.insert(
        Affiliation(person=camille, category="main", starts_on=date(2019, 3, 1)),
        Affiliation(person=lotte, category="secondary", starts_on=date(2026, 2, 1)),
        Affiliation(person=noah, category="student", starts_on=date(2024, 9, 1),
                    ends_on=date(2026, 3, 31)),
    )  # fmt: skip
    account = (await payments.ensure_account(camille)).id
    for n, (kind, amount, booked, year, quarter, key) in enumerate((
        (EntryKind.CONTRIBUTION, "900.00", date(2025, 10, 5), 2025, 4, ""),  # before the period
        (EntryKind.CONTRIBUTION, "900.00", date(2026, 1, 5), 2026, 1, ""),
        (EntryKind.PAYMENT, "-900.00", date(2026, 3, 20), 2026, 1, ""),
        (EntryKind.CONTRIBUTION, "900.00", date(2026, 4, 5), 2026, 2, ""),
        (EntryKind.SURCHARGE, "27.00", date(2026, 6, 1), 2026, 2, ""),
        (EntryKind.REVERSAL, "-27.00", date(2026, 6, 15), 2026, 2, "waiver:r:2026-2"),
    )):  # fmt: skip
        await payments.book(account, payments.NewEntry(
            kind=kind, amount=Decimal(amount), booked_on=booked, year=year, quarter=quarter,
            idempotency_key=key or f"report:{n}", reason="waived" if key else "",
        ))  # fmt: skip
    await _decided(camille, "exemption", "granted", date(2026, 2, 2), date(2026, 3, 4))
    await _decided(lotte, "payment_plan", "refused", date(2026, 3, 2), date(2026, 3, 12))
    await _decided(lotte, "exemption", "refused", date(2025, 3, 2), date(2025, 3, 12))  # before


class TestReportRows:
    async def test_the_csv_of_a_known_data_set(self) -> None:
        await known_world()
        files = reports.render_files(PERIOD, await reports.report_rows(PERIOD))
        assert files["report_csv"].decode().splitlines() == EXPECTED
        data = json.loads(files["report_json"])
        assert data["period_start"] == "2026-01-01" and len(data["rows"]) == len(EXPECTED) - 1
        assert data["rows"][0]["figure"] == "affiliates"

    def test_the_dictionary_describes_every_column_in_three_languages(self) -> None:
        entries = {(e["entry"], e["name"]): e for e in reports.dictionary()}
        columns = [name for kind, name in entries if kind == "column"]
        assert columns == HEADER.split(",")
        region = entries[("column", "region")]
        assert region["meaning_en"].startswith("Region of the postcode")
        assert region["meaning_fr"] != region["meaning_en"] != region["meaning_nl"]
        assert region["source"] == "person"
        assert entries[("figure", "contributions_called")]["unit"] == "EUR"
        dictionary = reports.render_files(PERIOD, [])["dictionary_csv"].decode()
        assert next(csv.reader(io.StringIO(dictionary))) == [
            "entry", "name", "meaning_fr", "meaning_nl", "meaning_en", "unit", "source",
        ]  # fmt: skip


class TestReportJob:
    async def test_asked_through_the_outbox_then_built_once(self) -> None:
        await known_world()
        supervisor = await make_staff(role="supervisor", name="Sam Superviseur")
        report_id = await reports.request_report(staff(supervisor), PERIOD)
        [job] = await OutboxJob.select().where(OutboxJob.name == reports.REPORT_JOB)
        payload = job["payload"] if isinstance(job["payload"], dict) else json.loads(job["payload"])
        await HANDLERS[reports.REPORT_JOB](**payload)
        assert not await reports.build_report(report_id)  # delivered twice: nothing more
        csv_file = await reports.report_file(staff(supervisor), report_id, "report.csv")
        assert csv_file.data.decode().splitlines() == EXPECTED
        assert csv_file.filename == "affilio-report-2026-01-01-2026-06-30.csv"
        [line] = await reports.report_history(staff(supervisor))
        assert (line.status, line.requested_by_name) == ("ready", "Sam Superviseur")
        events = await AuditEvent.select().where(AuditEvent.action.like("staff.report_%"))
        actions = [(e["action"], json.loads(e["details"])) for e in events]
        assert actions == [
            ("staff.report_requested", {"start": "2026-01-01", "end": "2026-06-30"}),
            ("staff.report_downloaded", {"file": "report.csv"}),
        ]

    async def test_agents_may_not_ask(self) -> None:
        agent = await make_staff()
        with pytest.raises(reports.NotFound):
            await reports.request_report(staff(agent), PERIOD)


class TestReportsPage:
    async def test_a_wrong_period_is_said_next_to_its_field_with_what_was_typed(
        self, client: httpx.AsyncClient
    ) -> None:
        supervisor = await make_staff(role="supervisor")
        await log_in(client, "staff", supervisor)
        token = await csrf_token(client)
        with clock.frozen(datetime(2026, 12, 3, 9, tzinfo=UTC)):
            page = await client.post("/staff/reports", data={
                "_csrf_token": token, "start": "2020-01-01", "end": "2026-02-31",
            })  # fmt: skip
            assert page.status_code == 422
            assert 'id="error-end"' in page.text and 'id="error-start"' not in page.text
            assert 'value="2026-02-31"' in page.text and 'value="2020-01-01"' in page.text
            long = await client.post("/staff/reports", data={
                "_csrf_token": token, "start": "2020-01-01", "end": "2026-01-01",
            })  # fmt: skip
            assert long.status_code == 422 and "5" in long.text
            assert await OutboxJob.count().where(OutboxJob.name == reports.REPORT_JOB) == 0

    async def test_asked_listed_and_downloaded(self, client: httpx.AsyncClient) -> None:
        await known_world()
        supervisor = await make_staff(role="supervisor")
        await log_in(client, "staff", supervisor)
        token = await csrf_token(client)
        asked = await client.post("/staff/reports", data={
            "_csrf_token": token, "start": "2026-01-01", "end": "2026-06-30",
        })  # fmt: skip
        assert (
            asked.status_code == 303 and asked.headers["location"] == "/staff/reports?requested=1"
        )
        [row] = await reports.report_history(staff(supervisor))
        await reports.build_report(row.id)
        page = await client.get("/staff/reports?requested=1")
        assert f'href="/staff/reports/{row.id}/report.csv"' in page.text
        download = await client.get(f"/staff/reports/{row.id}/report.csv")
        assert download.status_code == 200
        assert "attachment" in download.headers["content-disposition"]
        assert download.text.splitlines() == EXPECTED
        assert (await client.get(f"/staff/reports/{row.id}/other.txt")).status_code == 404
