"""/staff/dashboard: the supervisors' figures, their charts, and the lists behind them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.params import FromQuery
from litestar.response import Template

from app.identity.guards import require_permission, who
from app.identity.rules import Permission
from app.kit import clock, i18n
from app.kit.errors import NotFound
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.staff import dashboard, rules
from app.staff.charts import Bar, bar_chart
from app.staff.wording import staff_labels


def _charts(data: dashboard.Dashboard) -> dict[str, Any]:
    weeks = bar_chart(
        [Bar(w.label, w.decided) for w in data.weeks],
        chart_id="chart-decisions",
        title=_("Decisions per week, last 12 weeks"),
        description=_("%(n)s decisions in all", n=data.decided),
    )
    arrears = bar_chart(
        [
            Bar(f"Q{q.quarter} {q.year % 100:02d}", q.amount, shown=i18n.format_number(q.amount))
            for q in data.quarters
        ],
        chart_id="chart-arrears",
        title=_("Arrears per quarter, in euros"),
        description=_("%(amount)s in all", amount=i18n.format_money(data.arrears_total)),
    )
    ages = bar_chart(
        [Bar(code, data.bands.get(code, 0)) for code in data.band_codes],
        chart_id="chart-ages",
        title=_("Open requests by age, in days since receipt"),
        description=_("%(n)s open requests", n=data.open_total),
    )
    return {"chart_decisions": weeks, "chart_arrears": arrears, "chart_ages": ages}


class StaffDashboardController(Controller):
    path = "/staff/dashboard"
    guards = [require_permission(Permission.SUPERVISE_TEAMS)]
    include_in_schema = False

    @get("/", name="staff:dashboard")
    async def dashboard_page(self, request: AnyRequest) -> Template:
        _me, actor = await who(request)
        data = await dashboard.dashboard(actor)
        return Template(
            "staff/dashboard.html", context={"data": data, **_charts(data), **staff_labels()}
        )

    @get("/decisions", name="staff:dashboard_decisions")
    async def decisions(
        self,
        request: AnyRequest,
        week: FromQuery[str | None] = None,
        late: FromQuery[str | None] = None,
    ) -> Template:
        _me, actor = await who(request)
        monday = rules.parse_week(week or "") if week else None
        if week and monday is None:
            raise NotFound()
        found = await dashboard.decision_list(actor, week=monday, late_only=late == "1")
        return Template("staff/dashboard_decisions.html", context={"list": found, **staff_labels()})

    @get("/arrears", name="staff:dashboard_arrears")
    async def arrears(self, request: AnyRequest, quarter: FromQuery[str] = "") -> Template:
        _me, actor = await who(request)
        # Without a quarter: the current one (the dashboard's last bar).
        wanted = rules.parse_quarter(quarter[:10]) if quarter else rules.quarter_of(clock.today())
        if wanted is None:
            raise NotFound()
        rows = await dashboard.arrears_list(actor, wanted)
        return Template(
            "staff/dashboard_arrears.html",
            context={"rows": rows, "quarter": rules.quarter_label(*wanted)},
        )

    @get("/recovery", name="staff:dashboard_recovery")
    async def recovery(self, request: AnyRequest, kind: FromQuery[str] = "") -> Template:
        _me, actor = await who(request)
        # Without a kind: every step in progress.
        if kind and kind not in dashboard.STEP_LABELS:
            raise NotFound()
        rows = await dashboard.recovery_list(actor, kind or None)
        return Template(
            "staff/dashboard_recovery.html",
            context={
                "rows": rows,
                "kind_label": _(dashboard.STEP_LABELS[kind]) if kind else _("Recovery in progress"),
                "step_labels": {k: _(v) for k, v in dashboard.STEP_LABELS.items()},
            },
        )
