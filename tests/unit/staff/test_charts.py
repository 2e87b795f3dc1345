"""The inline SVG bar chart: accessible name, CSP-clean markup, bars scaled to the largest."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from app.staff.charts import Bar, bar_chart

pytestmark = pytest.mark.unit
NS = "{http://www.w3.org/2000/svg}"


def _svg(bars: list[Bar], **kw: str) -> ET.Element:
    return ET.fromstring(str(bar_chart(bars, chart_id="c", title="Décisions", **kw)))


class TestBarChart:
    def test_an_image_named_by_its_title_and_description(self) -> None:
        svg = _svg([Bar("W1", 1)], description="12 semaines")
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == "c-title c-desc"
        assert svg.find(f"{NS}title").text == "Décisions"  # type: ignore[union-attr]
        assert svg.find(f"{NS}desc").text == "12 semaines"  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("values", "heights"),
        [([2, 4, 0], ["57", "114", "0"]),
         ([Decimal("10.50"), Decimal("21.00")], ["57", "114"]),
         ([0, 0], ["0", "0"]),
         ([-3, 3], ["0", "114"])],
        ids=str,
    )  # fmt: skip
    def test_bars_scale_to_the_largest(self, values: list[int], heights: list[str]) -> None:
        svg = _svg([Bar(str(i), v) for i, v in enumerate(values)])
        assert [r.get("height") for r in svg.iter(f"{NS}rect")] == heights

    def test_labels_and_values_are_written_and_escaped(self) -> None:
        markup = str(bar_chart([Bar("<b>", 3, shown="3 €")], chart_id="c", title="a & b"))
        assert "&lt;b&gt;" in markup and "a &amp; b" in markup and "3 €" in markup

    def test_no_style_attribute_and_no_script(self) -> None:
        markup = str(bar_chart([Bar("a", 1), Bar("b", 2)], chart_id="c", title="t"))
        assert not re.search(r"\sstyle=", markup)
        assert "<script" not in markup and "<style" not in markup

    def test_an_empty_chart_has_only_its_axis(self) -> None:
        svg = _svg([])
        assert list(svg.iter(f"{NS}rect")) == []
        assert len(list(svg.iter(f"{NS}line"))) == 1
