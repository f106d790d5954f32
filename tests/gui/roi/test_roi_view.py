"""The ROI editor as a presales engineer uses it: figures recomputed while typing, a bad
value marked at its field with no figure shown, then the right figures once fixed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from samples import headline_cny

from valuekit.db.store import Store
from valuekit.resources import DEMO_DIR
from valuekit.roi import cases as roi_store
from valuekit.roi.result import compute_json
from valuekit_gui.common.i18n import set_language
from valuekit_gui.roi.view import RoiView

EXAMPLE = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))


@pytest.fixture
def view(qtbot, store: Store) -> Iterator[RoiView]:  # type: ignore[no-untyped-def]
    set_language("en")
    roi_store.save_case(store, EXAMPLE, customer="East Precision")
    widget = RoiView(store)
    qtbot.addWidget(widget)
    yield widget
    set_language("en")


def test_saved_case_opens_with_its_figures(view: RoiView) -> None:
    expected = compute_json(EXAMPLE, "en")["scenarios"]["expected"]
    assert view.results.headline_labels["npv"][1].text() == headline_cny(expected["npv"])
    formulas = [view.results.formulas.item(r, 2).text()
                for r in range(view.results.formulas.rowCount())]
    assert "40 people × 2.5 h/week × 48 weeks × ¥120/h = ¥576,000" in formulas


def test_bad_value_is_marked_then_good_value_recomputes(qtbot, view: RoiView) -> None:  # type: ignore[no-untyped-def]
    view.editor.driver_table.selectRow(0)
    people = view.editor.input_edits["people"]
    people.setText("4O")  # the letter O typed for a zero
    qtbot.waitUntil(lambda: not view.results.error.isHidden())
    assert "drivers[0].people" in view.results.error.text()
    assert people.property("invalid") is True
    assert view.results.headline_labels["npv"][1].text() == "—"  # no stale figure
    assert view.results.scenarios.rowCount() == 0

    people.setText("80")
    qtbot.waitUntil(lambda: view.results.error.isHidden())
    assert not people.property("invalid")
    doubled = dict(EXAMPLE, drivers=[dict(EXAMPLE["drivers"][0], people=80), *EXAMPLE["drivers"][1:]])
    npv = compute_json(doubled, "en")["scenarios"]["expected"]["npv"]
    assert view.results.headline_labels["npv"][1].text() == headline_cny(npv)


def test_discount_rate_out_of_range_is_refused_at_its_field(qtbot, view: RoiView) -> None:  # type: ignore[no-untyped-def]
    view.editor.rate.setText("8")  # 8 meant as 8 %
    qtbot.waitUntil(lambda: not view.results.error.isHidden())
    assert view.editor.rate.property("invalid") is True
    assert "discount_rate" in view.results.error.text()


def test_new_case_saves_into_the_library(view: RoiView, store: Store,
                                         shown_errors: list[str]) -> None:
    view.new_item()
    view.editor.name.setText("Pilot for Star Retail")
    view.editor.driver_table.selectRow(0)
    for key, value in (("people", "12"), ("hours_per_week", "3"), ("hourly_cost", "150")):
        view.editor.input_edits[key].setText(value)
    view.editor.driver_table.item(0, 1).setText("Weekly reports")
    assert view.save(), shown_errors
    names = [c["name"] for c in roi_store.list_cases(store)]
    assert "Pilot for Star Retail" in names
    saved = roi_store.get_case(store, view.case_id or "")
    assert saved["data"]["drivers"][0]["people"] == 12


def test_saving_an_invalid_case_shows_the_field_and_stores_nothing(
        view: RoiView, store: Store, shown_errors: list[str]) -> None:
    view.new_item()
    view.editor.name.setText("")
    assert not view.save()
    assert shown_errors and shown_errors[0].startswith("name:")
    assert len(roi_store.list_cases(store)) == 1


def test_export_writes_the_case_file_that_compute_reads(view: RoiView, tmp_path: Path) -> None:
    out = tmp_path / "case.json"
    view.export(str(out))
    assert compute_json(json.loads(out.read_text(encoding="utf-8")))["annual_value"] == 1976000


def test_language_switch_relabels_and_reformats(view: RoiView) -> None:
    set_language("zh")
    formulas = [view.results.formulas.item(r, 2).text()
                for r in range(view.results.formulas.rowCount())]
    assert "40 人 × 2.5 h/周 × 48 周 × ¥120/h = ¥576,000" in formulas
    assert view.editor.general.title() == "基本设置"
