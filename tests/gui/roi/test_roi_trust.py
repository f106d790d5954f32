"""The ROI editor a CFO can trust: it never blanks on Add, reads numbers as people write
them, adds drivers from templates as benchmarks, shows red flags with their
acknowledgement, and saves a case into its deal."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QPushButton
from samples import headline_cny

from valuekit.db.store import Store
from valuekit.resources import DEMO_DIR
from valuekit.roi import cases as roi_store
from valuekit.roi.result import compute_json
from valuekit.sales.opportunity import create_opportunity
from valuekit_gui.common.i18n import set_language
from valuekit_gui.roi.view import RoiView

EXAMPLE = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
FLAGGED = {"name": "Meeting case", "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
           "drivers": [{"kind": "revenue_uplift", "name": "Upsell", "baseline_revenue": 120_000_000,
                        "uplift_pct": 0.1}],
           "costs": {"one_time": [], "recurring": [{"name": "licence", "amount": 200_000}]}}


@pytest.fixture
def view(qtbot, store: Store) -> Iterator[RoiView]:  # type: ignore[no-untyped-def]
    set_language("en")
    roi_store.save_case(store, EXAMPLE, customer="East Precision")
    widget = RoiView(store)
    widget.resize(1500, 1000)
    qtbot.addWidget(widget)
    yield widget
    set_language("en")


def _button(view: RoiView, name: str, index: int = 0) -> QPushButton:
    return [b for b in view.editor.findChildren(QPushButton) if b.objectName() == name][index]


def test_add_never_blanks_the_figures(qtbot, view: RoiView) -> None:  # type: ignore[no-untyped-def]
    npv = view.results.headline_labels["npv"][1].text()
    assert npv != "—"
    _button(view, "add").click()  # a new driver row
    qtbot.waitUntil(lambda: not view.results.trust.incomplete_box.isHidden())
    assert view.results.error.isHidden()
    assert view.results.headline_labels["npv"][1].text() == npv
    assert "needs" in view.results.trust.incomplete.text()
    assert view.editor.driver_table.item(len(EXAMPLE["drivers"]), 1).toolTip().startswith("Incomplete")
    _button(view, "add", 1).click()  # a new one-time cost row
    view.recompute()
    assert view.results.error.isHidden() and view.results.headline_labels["npv"][1].text() == npv


def test_numbers_as_people_write_them_and_templates_as_benchmarks(qtbot, view: RoiView) -> None:  # type: ignore[no-untyped-def]
    view.editor.add_from_template("mfg-field-visits")
    row = len(EXAMPLE["drivers"])
    assert view.editor.driver_table.currentRow() == row
    view.editor.input_edits["baseline_cost"].setText("120万")
    view.editor.input_edits["reduction_pct"].setText("20%")
    result = view.recompute()
    assert result is not None
    added = result["drivers"][row]
    assert added["annual_value"] == 1_200_000 * 0.2
    assert {i["source"] for i in added["inputs"]} == {"benchmark"}
    assert view.results.formulas.item(row, 3).text() == "benchmark"
    view.editor.input_edits["baseline_cost"].setText("1,20")  # ambiguous
    assert view.recompute() is None
    assert "ambiguous" in view.results.error.text()
    assert view.editor.input_edits["baseline_cost"].property("invalid") is True


def test_red_flags_are_shown_and_acknowledged_with_a_reason(qtbot, view: RoiView, store: Store) -> None:  # type: ignore[no-untyped-def]
    opp = create_opportunity(store, {"customer": "Acme Retail", "industry": "ict"})
    view.editor.load(FLAGGED)
    view.recompute()
    trust = view.results.trust
    assert set(trust.buttons) == {("margin_assumed", "drivers[0].margin_pct"),
                                  ("roi_implausible", "scenarios.expected")}
    trust._ask("margin_assumed", "drivers[0].margin_pct", "software, 85 % margin (annual report)")
    assert set(trust.buttons) == {("roi_implausible", "scenarios.expected")}
    shown = [trust.flags.itemAt(i).widget() for i in range(trust.flags.count())]
    margin = next(w for w in shown if w.objectName() == "flag_margin_assumed")
    assert "85 % margin" in margin.text() and "✔" in margin.text()
    view._fill_opportunities(None)
    view.opportunity.setCurrentIndex(view.opportunity.findData(opp["id"]))
    assert view.save()
    saved = roi_store.get_case(store, str(view.case_id))
    assert saved["opportunity_id"] == opp["id"]
    assert saved["data"]["acknowledged"][0]["reason"] == "software, 85 % margin (annual report)"
    expected = compute_json(saved["data"], "en")["scenarios"]["expected"]
    assert view.results.headline_labels["npv"][1].text() == headline_cny(expected["npv"])


def test_screenshot_of_the_editor(qtbot, view: RoiView, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view.open_case(roi_store.list_cases(view.store)[0]["id"])
    view.editor.driver_table.selectRow(0)
    view.recompute()
    path = tmp_path / "roi_editor.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_marking_an_input_as_the_customers_dates_it(view: RoiView) -> None:
    import datetime as dt

    view.editor.add_from_template("log-surcharges")
    row = view.editor.driver_table.currentRow()
    combo = next(w for w in view.editor.inputs_box.findChildren(type(view.editor.currency))
                 if w.objectName() == "source_baseline_cost")
    combo.setCurrentIndex(combo.findData("customer"))
    value = view.editor.drivers[row]["baseline_cost"]
    assert value["source"] == "customer" and value["date"] == dt.date.today().isoformat()
    result = view.recompute()
    assert result is not None
    assert result["drivers"][row]["inputs"][0]["source"] == "customer"
    assert result["drivers"][row]["source"] == "benchmark"  # the reduction is still a benchmark
