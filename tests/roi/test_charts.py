"""ROI charts: SVG made in the core from compute_json's figures, text escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from valuekit.resources import DEMO_DIR
from valuekit.roi.charts import cashflow_chart_svg, driver_chart_svg, nice_ticks
from valuekit.roi.result import compute_json


def _result() -> dict:
    data = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    data["drivers"][0]["name"] = '<script>alert(1)</script> & "x"'
    return compute_json(data, lang="zh")


def test_cashflow_chart_is_valid_svg_with_a_payback_mark_per_scenario() -> None:
    svg = cashflow_chart_svg(_result(), "zh")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}polyline")) == 3
    assert len(root.findall(f"{ns}circle")) == 3  # every demo scenario pays back
    months = _result()["scenarios"]["expected"]["payback_months"]
    # the expected case's payback from compute_json, one decimal like every document
    assert f"{months:.1f} 个月" in svg


def test_driver_names_are_escaped() -> None:
    svg = driver_chart_svg(_result(), "en")
    ET.fromstring(svg)  # still well-formed
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_no_payback_no_mark() -> None:
    result = _result()
    for s in result["scenarios"].values():
        s["payback_months"] = None
    root = ET.fromstring(cashflow_chart_svg(result, "en"))
    assert not root.findall("{http://www.w3.org/2000/svg}circle")


def test_ticks_cover_the_range_and_zero() -> None:
    ticks = nice_ticks(-600000, 3533760)
    assert ticks[0] <= -600000 and ticks[-1] >= 3533760 and 0 in ticks
