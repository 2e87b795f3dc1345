"""The supervisors' dashboard and the reports for the authorities on a phone (issue 17): the
figures show on the demo data, a figure's link opens the list it counts, a chart has its table,
and a CSV report asked for a period is built by the worker, downloaded and listed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import TIMEOUT_MS, _run, activate_staff
from e2e.test_journeys import shot


def _seed() -> None:
    from app.seed import seed_demo

    _run(seed_demo)


def test_the_dashboard_its_lists_its_charts_and_a_report(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    _seed()
    context = browser.new_context(**browser_context_args, accept_downloads=True)
    page = context.new_page()
    activate_staff(page, base_url, role="supervisor", full_name="Sam Superviseur")

    page.goto(base_url + "/staff/dashboard")
    expect(page.get_by_role("heading", name="Tableau de bord", level=1)).to_be_visible()
    late = page.locator("#figure-late-legal")
    expect(late).to_have_text(re.compile(r"^[1-9][0-9]*$"))  # the demo's 150-day-old question
    counted = int(late.inner_text())
    shot(page, "staff-dashboard")

    # A chart is an image with a name, and its figures are in a table right after it.
    chart = page.locator("svg#chart-decisions")
    expect(chart).to_have_attribute("role", "img")
    expect(page.get_by_role("img", name=re.compile("Décisions par semaine"))).to_be_visible()
    details = page.locator("svg#chart-decisions + details.chart-data")
    details.locator("summary").click()
    table = details.locator("table#table-decisions")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(12)

    # The figure opens the list it counts: exactly that many requests.
    late.click()
    expect(page).to_have_url(re.compile(r"/staff/\?overdue=1$"))
    expect(page.locator("table.queue tbody tr")).to_have_count(counted)

    # A report for a period: asked, built by the worker, downloaded, listed.
    page.goto(base_url + "/staff/reports")
    page.get_by_label("Premier jour de la période").fill("2026-01-01")
    page.get_by_label("Dernier jour de la période").fill("2026-06-30")
    page.get_by_role("button", name="Préparer le rapport").click()
    expect(page).to_have_url(re.compile(r"/staff/reports\?requested=1$"))
    report = page.locator("li.report").first  # the latest asked
    for _ in range(40):  # the worker builds it
        if report.locator(".report-status").inner_text() == "Prêt":
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(report.locator(".report-status")).to_have_text("Prêt")
    expect(report).to_contain_text("Demandé par Sam Superviseur")
    expect(report).to_contain_text("Du 1er janvier 2026 au 30 juin 2026")
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        report.get_by_role("link", name="report.csv").click()
    download = download_info.value
    assert download.suggested_filename == "affilio-report-2026-01-01-2026-06-30.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "period_start,period_end,figure,category,sex,age_band,region,quarter,kind,outcome,"
        "value,unit"
    )
    assert any(",affiliates,main," in line for line in lines)
    shot(page, "staff-reports")
    context.close()
