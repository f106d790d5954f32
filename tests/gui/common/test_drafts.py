"""Unsaved edits in every other editor (issue 12): the ROI editor, the FAB form, the
pitch steps and the asset dialog each ask before discarding changes and offer back a
draft autosaved before a crash. The Opportunities view has its own file
(tests/gui/sales/test_opportunity_drafts.py)."""

from __future__ import annotations

import json
from typing import Any

from valuekit.db.drafts import load_draft
from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library import assets as library
from valuekit.resources import DEMO_DIR
from valuekit.roi import cases as roi_store
from valuekit.sales.fab import add_fab, list_products
from valuekit.sales.opportunity import list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import set_language
from valuekit_gui.library.asset_dialog import AssetDialog
from valuekit_gui.pitch.view import PitchesView
from valuekit_gui.roi.view import RoiView
from valuekit_gui.sales.fab_view import FabDialog

EXAMPLE = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))


def test_roi_editor_asks_before_switching_and_restores_a_crashed_draft(
        qtbot, store: Store, release, draft_questions: Any) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    first = roi_store.save_case(store, EXAMPLE, customer="East Precision")
    second = roi_store.save_case(store, EXAMPLE | {"name": "Second"}, customer="West")
    view = RoiView(store)
    view.reload_list(select=first)
    view.open_case(first)
    view.editor.name.setText("Renamed, not saved")
    draft_questions.answers.append(False)
    view.cases.setCurrentRow([view.cases.item(i).data(256) for i in range(view.cases.count())].index(second))
    assert draft_questions.kinds() == ["leave"] and view.case_id == first
    assert view.editor.name.text() == "Renamed, not saved"
    view.drafts.autosave()  # what the timer does every 2 s
    release(view)  # the app dies without saving
    again = RoiView(store)
    again.open_case(first)
    assert draft_questions.kinds() == ["leave", "restore"]
    assert again.editor.name.text() == "Renamed, not saved"
    assert again.save() and load_draft(store.path, "roi", first) is None
    release(again)


def test_fab_form_asks_before_cancel_and_restores_a_crashed_draft(
        qtbot, store: Store, draft_questions: Any) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    fab = add_fab(store, {"product": list_products(store)[0]["key"], "feature": "Quote engine",
                          "advantage": "Quotes in minutes", "benefit": "Win the deal first", "language": "en"})
    dialog = FabDialog(store, fab)
    qtbot.addWidget(dialog)
    dialog.fields["benefit"].setPlainText("Edited benefit")
    draft_questions.answers.append(False)
    dialog.reject()
    assert draft_questions.kinds() == ["leave"]
    assert dialog.fields["benefit"].toPlainText() == "Edited benefit"  # still there
    dialog.drafts.autosave()
    crashed = FabDialog(store, fab)  # the next session
    qtbot.addWidget(crashed)
    assert draft_questions.kinds() == ["leave", "restore"]
    assert crashed.fields["benefit"].toPlainText() == "Edited benefit"
    crashed.accept()
    assert load_draft(store.path, "fab", fab["id"]) is None


def test_pitch_steps_ask_before_switching_and_restore_a_crashed_draft(
        qtbot, store: Store, release, draft_questions: Any) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    previous = errors.set_dialog_hook(lambda *a: None)
    try:
        view = PitchesView(store)
        opps = list_opportunities(store)
        first = view.draft(opps[0]["id"], "en")
        second = view.draft(opps[1]["id"], "en")
        view.open_pitch(first)
        view.pitches.blockSignals(True)
        view.reload_list(select=first)
        view.pitches.blockSignals(False)
        view.editors.scenario.setPlainText("A scenario typed before the crash")
        draft_questions.answers.append(False)
        ids = [view.pitches.item(i).data(256) for i in range(view.pitches.count())]
        view.pitches.setCurrentRow(ids.index(second))
        assert draft_questions.kinds() == ["leave"] and view.pitch_id == first
        view.drafts.autosave()
        release(view)
        again = PitchesView(store)  # it opens the first pitch of its list by itself
        if again.pitch_id != first:
            again.open_pitch(first)
        assert draft_questions.kinds() == ["leave", "restore"]
        assert again.editors.scenario.toPlainText() == "A scenario typed before the crash"
        assert again.save() and load_draft(store.path, "pitch", first) is None
        release(again)
    finally:
        errors.set_dialog_hook(previous)


def test_asset_dialog_asks_before_cancel_and_restores_a_crashed_draft(
        qtbot, store: Store, draft_questions: Any) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    asset = library.add_asset(store, {"title": "Quote template", "format": "article"})
    dialog = AssetDialog(store, asset_id=asset.id)
    qtbot.addWidget(dialog)
    dialog.body.setPlainText("A long body typed before the crash")
    draft_questions.answers.append(False)
    dialog.reject()
    assert draft_questions.kinds() == ["leave"]
    assert dialog.body.toPlainText() == "A long body typed before the crash"
    dialog.drafts.autosave()
    again = AssetDialog(store, asset_id=asset.id)
    qtbot.addWidget(again)
    assert draft_questions.kinds() == ["leave", "restore"]
    assert again.body.toPlainText() == "A long body typed before the crash"
    again.accept()
    assert library.get_asset(store, asset.id).body == "A long body typed before the crash"
    assert load_draft(store.path, "asset", asset.id) is None
    fresh = AssetDialog(store, asset_id=asset.id)  # nothing changed: closes without asking
    qtbot.addWidget(fresh)
    fresh.reject()
    assert draft_questions.kinds() == ["leave", "restore"]
