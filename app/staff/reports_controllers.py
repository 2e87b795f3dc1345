"""/staff/reports: supervisors ask for a report for the authorities over a period, see every
report asked for, and download its files."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.documents.uploads import file_response
from app.identity.guards import require_permission, who
from app.identity.rules import Permission
from app.kit import clock
from app.kit.forms import raw
from app.kit.http import AnyRequest
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.staff import reports, rules
from app.staff.rules import PeriodError

PERIOD_MESSAGES = {
    PeriodError.REQUIRED: N_("Enter a date, like 2026-01-31."),
    PeriodError.NOT_A_DATE: N_("Enter a real date as year-month-day, like 2026-01-31."),
    PeriodError.TOO_EARLY: N_("Choose a date from 1 January 2000 on."),
    PeriodError.IN_FUTURE: N_("Choose a date up to today."),
    PeriodError.BEFORE_START: N_("The last day must come on or after the first day."),
    PeriodError.TOO_LONG: N_("A report covers at most 5 years: choose a shorter period."),
}
STATUS_LABELS = {
    reports.ReportStatus.PENDING.value: N_("Being prepared"),
    reports.ReportStatus.READY.value: N_("Ready"),
    reports.ReportStatus.FAILED.value: N_("Failed"),
}


class StaffReportsController(Controller):
    path = "/staff/reports"
    guards = [require_permission(Permission.SUPERVISE_TEAMS)]
    include_in_schema = False

    async def _page(
        self,
        request: AnyRequest,
        *,
        form: dict[str, str],
        errors: dict[str, str],
        requested: bool = False,
        status_code: int = 200,
    ) -> Template:
        _me, actor = await who(request)
        return Template(
            "staff/reports.html",
            context={
                "form": form,
                "errors": errors,
                "requested": requested,
                "history": await reports.report_history(actor),
                "status_labels": {k: _(v) for k, v in STATUS_LABELS.items()},
                "files": tuple(reports.FILES),
                "today": clock.today(),
            },
            status_code=status_code,
        )

    @get("/", name="staff:reports")
    async def reports_page(
        self, request: AnyRequest, requested: FromQuery[str | None] = None
    ) -> Template:
        today = clock.today()
        form = {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}
        return await self._page(request, form=form, errors={}, requested=requested == "1")

    @post("/", name="staff:reports_request")
    async def request_report(self, request: AnyRequest) -> Template | Redirect:
        data = await request.form()
        form = {"start": raw(data, "start")[:40], "end": raw(data, "end")[:40]}
        checked = rules.check_period(form["start"], form["end"], clock.today())
        if not isinstance(checked, rules.Period):
            errors = {field: _(PERIOD_MESSAGES[code]) for field, code in checked.items()}
            return await self._page(request, form=form, errors=errors, status_code=422)
        _me, actor = await who(request)
        await reports.request_report(actor, checked)
        return Redirect(path="/staff/reports?requested=1", status_code=303)

    @get("/{report_id:uuid}/{file_name:str}", name="staff:report_file")
    async def report_file(
        self, request: AnyRequest, report_id: FromPath[uuid.UUID], file_name: FromPath[str]
    ) -> Response[bytes]:
        _me, actor = await who(request)
        return file_response(await reports.report_file(actor, report_id, file_name[:40]))
