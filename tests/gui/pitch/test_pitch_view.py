"""The pitch wizard as a salesperson uses it the evening before a meeting: draft from a
demo opportunity, see every step's status, fix a step, preview the real pages, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library import assets as library
from valuekit.pitch.store import list_versions
from valuekit.sales.opportunity import list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import set_language
from valuekit_gui.pitch.view import PitchesView


@pytest.fixture
def view(qtbot, store: Store) -> Iterator[PitchesView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    previous = errors.set_dialog_hook(lambda *a: None)
    widget = PitchesView(store)
    qtbot.addWidget(widget)
    yield widget
    errors.set_dialog_hook(previous)


def manufacturing(store: Store) -> dict:
    return next(o for o in list_opportunities(store) if o["industry"] == "manufacturing")


def test_draft_from_opportunity_is_complete_in_every_step(view: PitchesView, store: Store) -> None:
    view.draft(manufacturing(store)["id"], "zh")
    assert [c["status"] for c in view.checks] == ["complete"] * 7
    assert view.stepper.count() == 7
    assert view.pitches.count() == 1


def test_emptying_a_step_marks_it_missing_and_a_bad_date_is_named(qtbot, view: PitchesView,  # type: ignore[no-untyped-def]
                                                                  store: Store) -> None:
    view.draft(manufacturing(store)["id"], "en")
    view.editors.scenario.setPlainText("")
    view.recheck()
    assert view.checks[0]["status"] == "missing"
    assert "missing" in view.stepper.item(0).text()
    view.editors.cta_date.setText("next Tuesday")
    view.recheck()
    assert not view.error.isHidden() and "cta.date" in view.error.text()


def test_preview_shows_the_exact_pages(qtbot, view: PitchesView, store: Store) -> None:  # type: ignore[no-untyped-def]
    view.draft(manufacturing(store)["id"], "zh")
    view.doc.setCurrentIndex(view.doc.findData("onepager"))
    with qtbot.waitSignal(view.preview_ready, timeout=60_000) as blocker:
        view.refresh_preview()
    assert blocker.args == [1]
    assert view.preview_layout.count() == 1


def test_export_through_the_dialog_writes_a_versioned_pdf(qtbot, view: PitchesView, store: Store,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    pitch_id = view.draft(manufacturing(store)["id"], "zh")
    case_id = view.pitch["case"]["asset_id"]
    used_before = library.get_asset(store, case_id).usage_count
    out = tmp_path / "pitch.pdf"
    with qtbot.waitSignal(view.exported, timeout=60_000):
        view.export(str(out), "pitch", ask=False)
    reader = PdfReader(out)
    assert len(reader.pages) > 3
    assert [v["doc"] for v in list_versions(store, pitch_id)] == ["pitch"]
    assert library.get_asset(store, case_id).usage_count == used_before + 1


def test_cancelled_export_leaves_no_file(qtbot, view: PitchesView, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[object, ...]] = []
    errors.set_dialog_hook(lambda *a: shown.append(a))  # the fixture restores the old hook
    exported: list[str] = []
    view.exported.connect(exported.append)
    view.draft(manufacturing(store)["id"], "zh")
    out = tmp_path / "cancelled.pdf"
    view.export(str(out), "pitch", ask=False)
    view.progress.cancel()
    qtbot.waitUntil(lambda: view.export_task is None, timeout=60_000)
    # cancelled, not failed: a failed export leaves no file either, but reports an error
    assert shown == [] and exported == []
    assert not out.exists()
    assert not list(tmp_path.glob("*.pdf*"))
    # the same export, not cancelled, does write the file: the cancel is what stopped it
    view.export(str(out), "pitch", ask=False)
    qtbot.waitUntil(lambda: view.export_task is None, timeout=60_000)
    assert shown == [] and exported == [str(out)]
    assert out.read_bytes().startswith(b"%PDF")


def test_editing_the_steps_keeps_the_perception_beside_each_benefit(qtbot, view: PitchesView,  # type: ignore[no-untyped-def]
                                                                    store: Store) -> None:
    """Value = benefit × perception (seed 002): an edit elsewhere must not drop it."""
    hengrui = next(o for o in list_opportunities(store) if o["customer"].startswith("苏州恒锐"))
    view.draft(hengrui["id"], "zh")
    drafted = [i for layer in view.editors.pitch["effects"].values() for i in layer if i.get("perception")]
    assert drafted, "the demo's verified FABs carry a perception"
    view.editors.scenario.setPlainText("一家做数控机床的中型制造商，报价靠 Excel。")
    edited = view.editors.apply()
    kept = [i for layer in edited["effects"].values() for i in layer if i.get("perception")]
    assert kept == drafted
    qtbot.waitUntil(lambda: not view.timer.isActive())  # the re-check runs while the library is open
