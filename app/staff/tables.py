"""The back office's own rows: the reports for the authorities, as requested and as built."""

from __future__ import annotations

from piccolo.columns import UUID, Bytea, Date, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuthorityReport(Table, tablename="authority_report"):
    """A report for the authorities over a period: requested by a supervisor, built by a worker
    (staff.authority_report), its four files kept here as generated (the report as CSV and
    JSON, and their data dictionary as CSV and JSON). Never rebuilt: a new request is a new row."""

    id = UUID(primary_key=True)
    period_start = Date()
    period_end = Date()  # included
    status = Varchar(length=16, default="pending")  # reports.ReportStatus
    requested_by = UUID()  # the staff member (identity's staff_user; kept if they leave)
    requested_by_name = Varchar(length=200)
    requested_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    error = Text(null=True, default=None)
    report_csv = Bytea(null=True, default=None)
    report_json = Bytea(null=True, default=None)
    dictionary_csv = Bytea(null=True, default=None)
    dictionary_json = Bytea(null=True, default=None)
