"""The growth-metrics panel in Insights: the seeds' formulas and benchmarks (docs/methods.md §8)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from valuekit_gui.insights.metrics_panel import MetricsPanel


def test_nps_against_the_seeds_benchmark(qtbot: QtBot) -> None:
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    for name, value in (("promoters", "50"), ("detractors", "30"), ("respondents", "100")):
        panel.inputs["nps"][name].setText(value)
    result = panel.compute("nps")
    # (50 − 30) / 100 × 100 = 20 > 10 (the seeds: good SaaS above 10, software average 13)
    assert result is not None and result.value == 20
    assert "(50 − 30) / 100 × 100" in panel.results["nps"].text()
    assert "13" in panel.results["nps"].text()


def test_nrr_below_120_percent_and_a_bad_input_named(qtbot: QtBot) -> None:
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.inputs["nrr"]["start_mrr"].setText("100,000")
    panel.inputs["nrr"]["expansion"].setText("10000")
    panel.inputs["nrr"]["churn"].setText("5000")
    result = panel.compute("nrr")
    assert result is not None and result.verdict == "below"  # 105,000 / 100,000 = 105 % < 120 %
    assert "105.0%" in panel.results["nrr"].text()
    panel.inputs["viral"]["invites"].setText("3")
    panel.inputs["viral"]["conversion"].setText("lots")
    panel.inputs["viral"]["frequency"].setText("2")
    assert panel.compute("viral") is None
    assert panel.inputs["viral"]["conversion"].property("invalid")
