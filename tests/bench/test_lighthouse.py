"""bench/lighthouse.py's pure parts: medians, a report read, the TBT delta and the table."""

from __future__ import annotations

from typing import Any

from bench import lighthouse
from bench.lighthouse import EMPTY, Run


def run(tbt: float, performance: float | None = 100, seo: float | None = 100) -> Run:
    scores = {"performance": performance, "accessibility": 100.0, "best-practices": 100.0,
              "seo": seo}  # fmt: skip
    return Run(scores=scores, tbt_ms=tbt, failing=())


def test_the_median_of_three_is_the_middle_one_and_a_missing_score_stays_missing() -> None:
    assert lighthouse.median([97, 100, 99]) == 99
    assert lighthouse.median([100, 100]) == 100
    assert lighthouse.median([100, None, 100]) is None
    assert lighthouse.median([]) is None


def test_a_report_gives_its_scores_its_tbt_and_its_weighted_failing_audits() -> None:
    report: dict[str, Any] = {
        "categories": {
            "performance": {"score": 0.93, "auditRefs": [
                {"id": "total-blocking-time", "weight": 30},
                {"id": "diagnostics", "weight": 0},
            ]},
            "accessibility": {"score": 1, "auditRefs": [{"id": "color-contrast", "weight": 7}]},
            "best-practices": {"score": None, "auditRefs": []},
        },
        "audits": {
            "total-blocking-time": {"score": 0.78, "numericValue": 308.4},
            "diagnostics": {"score": 0},
            "color-contrast": {"score": 1},
        },
    }  # fmt: skip
    parsed = lighthouse.parse_report(report)
    assert parsed.scores == {"performance": 93, "accessibility": 100, "best-practices": None,
                             "seo": None}  # fmt: skip
    assert parsed.tbt_ms == 308.4
    assert parsed.failing == ("performance: total-blocking-time (0.78)",)


def test_each_page_is_compared_with_the_empty_pages_median_tbt() -> None:
    rows = lighthouse.rows({
        EMPTY: [run(0), run(10), run(40)],
        "home": [run(30), run(90), run(50)],
        "guide": [run(70), run(61), run(100, performance=98)],
    })  # fmt: skip
    by_label = {row.label: row for row in rows}
    assert by_label[EMPTY].tbt_delta_ms is None and by_label[EMPTY].missed == []
    assert by_label["home"].tbt_ms == 50 and by_label["home"].tbt_delta_ms == 40
    assert by_label["home"].missed == []
    assert by_label["guide"].tbt_delta_ms == 60
    assert by_label["guide"].scores["performance"] == 100  # median of 100, 100, 98
    assert by_label["guide"].missed == ["TBT +60 ms"]


def test_the_table_prints_every_figure_and_says_what_is_missed() -> None:
    rows = lighthouse.rows({EMPTY: [run(0)], "simulator": [run(86, seo=92)]})
    head, empty, simulator = lighthouse.table(rows)
    assert head.split()[:2] == ["page", "performance"]
    assert empty.split() == ["empty", "page", "100", "100", "100", "100", "0", "ok"]
    assert simulator.split()[:7] == ["simulator", "100", "100", "100", "92", "86", "+86"]
    assert simulator.endswith("MISSED: seo 92, TBT +86 ms")


def test_a_label_becomes_a_file_name() -> None:
    assert lighthouse.slug("my requests (signed in)") == "my-requests-signed-in"
