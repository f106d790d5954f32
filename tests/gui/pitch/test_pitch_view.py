"""The pitch wizard as a salesperson uses it the evening before a meeting: draft from a
demo opportunity, see every step's status, fix a step, preview the real pages, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QPushButton

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library import assets as library
from valuekit.pitch.store import list_versions
from valuekit.sales.opportunity import list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import set_language
from valuekit_gui.pitch.view import DraftDialog, PitchesView


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


def test_draft_dialog_defaults_to_the_opportunitys_language(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    load_demo(store)
    dialog = DraftDialog(store)
    qtbot.addWidget(dialog)
    for i in range(dialog.opportunity.count()):
        dialog.opportunity.setCurrentIndex(i)
        opp = next(o for o in list_opportunities(store) if o["id"] == dialog.opportunity.currentData())
        assert dialog.language.currentData() == opp["language"]
    assert {dialog.languages[k] for k in dialog.languages} == {"zh", "en"}


def test_kit_export_writes_named_files_one_version_and_one_use(qtbot, view: PitchesView,  # type: ignore[no-untyped-def]
                                                               store: Store, tmp_path: Path) -> None:
    pitch_id = view.draft(manufacturing(store)["id"], "zh")
    case_id = view.pitch["case"]["asset_id"]
    used_before = library.get_asset(store, case_id).usage_count
    kit = tmp_path / "kit"
    with qtbot.waitSignal(view.exported, timeout=120_000):
        view.export_kit(str(kit), ["pitch", "onepager", "deck"], allow_incomplete=True)
    customer, today = view.pitch["customer"], dt.date.today().isoformat()
    assert sorted(p.name for p in kit.iterdir()) == sorted(
        f"{customer}-{doc}-{today}.{ext}" for doc, ext in (("pitch", "pdf"), ("onepager", "pdf"),
                                                           ("deck", "pptx")))
    assert len(PdfReader(kit / f"{customer}-pitch-{today}.pdf").pages) > 3
    assert [v["doc"] for v in list_versions(store, pitch_id)] == ["kit:pitch,onepager,deck"]
    # three documents show the case: still ONE use for this customer and stage
    assert library.get_asset(store, case_id).usage_count == used_before + 1


# the offscreen platform says so when a top-level window (the progress dialog) is shown
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_three_exports_in_a_row_then_a_cancelled_fourth_never_block_the_window(  # type: ignore[no-untyped-def]
        qtbot, view: PitchesView, store: Store, tmp_path: Path) -> None:
    shown: list[tuple[object, ...]] = []
    errors.set_dialog_hook(lambda *a: shown.append(a))  # the fixture restores the old hook
    view.draft(manufacturing(store)["id"], "zh")
    view.show()
    dialogs = []
    for n in range(3):
        folder = tmp_path / f"kit{n}"
        with qtbot.waitSignal(view.exported, timeout=120_000):
            job = view.export_kit(str(folder), ["onepager", "roi"], allow_incomplete=True)
            dialogs.append(job.progress)
        qtbot.waitUntil(lambda: view.export_task is None, timeout=10_000)
        assert len(list(folder.iterdir())) == 2
    # every progress dialog is gone for good: nothing can pop up later and hold the window
    qtbot.waitUntil(lambda: all(not shiboken6.isValid(d) for d in dialogs), timeout=5_000)
    assert QApplication.activeModalWidget() is None
    fourth = tmp_path / "kit3"
    job = view.export_kit(str(fourth), ["pitch", "onepager", "roi", "notes"], allow_incomplete=True)
    progress = job.progress
    qtbot.waitUntil(lambda: progress.isVisible(), timeout=5_000)  # shown while it runs
    assert not progress.isModal()  # the window stays usable
    progress.findChild(QPushButton).click()  # the user presses Cancel
    qtbot.waitUntil(lambda: view.export_task is None, timeout=5_000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(progress), timeout=5_000)
    assert QApplication.activeModalWidget() is None
    assert not fourth.exists() or not list(fourth.iterdir())
    assert shown == []  # cancelled, not failed: no error is reported


def test_blocking_problems_refuse_a_kit_unless_confirmed(qtbot, view: PitchesView, store: Store,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    view.draft(manufacturing(store)["id"], "zh")  # no seller profile yet: blocking
    shown: list[str] = []
    errors.set_dialog_hook(lambda *a: shown.append(str(a)))
    job = view.export_kit(str(tmp_path / "no"), ["onepager"])
    qtbot.waitUntil(lambda: view.export_task is None, timeout=60_000)
    assert shown and not (tmp_path / "no").exists()
    assert job is not None


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


def test_roi_picker_lists_the_deals_cases_first_and_others_on_request(qtbot, view: PitchesView,  # type: ignore[no-untyped-def]
                                                                     store: Store) -> None:
    from valuekit.roi.cases import list_cases

    opp = manufacturing(store)
    view.draft(opp["id"], "en")
    steps = view.editors
    steps._fill_roi()
    listed = [steps.roi_cases.itemData(i) for i in range(steps.roi_cases.count())]
    mine = [c["id"] for c in list_cases(store, opportunity_id=opp["id"])]
    assert listed == mine and mine
    steps.roi_all.setChecked(True)
    listed = [steps.roi_cases.itemData(i) for i in range(steps.roi_cases.count())]
    assert listed[: len(mine)] == mine and len(listed) == len(list_cases(store))
    qtbot.waitUntil(lambda: not view.timer.isActive())  # the re-check runs while the library is open


def test_a_red_flag_makes_step_6_thin_until_acknowledged_in_the_wizard(qtbot, view: PitchesView,  # type: ignore[no-untyped-def]
                                                                       store: Store) -> None:
    view.draft(manufacturing(store)["id"], "en")
    steps = view.editors
    flagged = {"name": "Meeting case", "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
               "drivers": [{"kind": "revenue_uplift", "name": "Upsell",
                            "baseline_revenue": 120_000_000, "uplift_pct": 0.1}],
               "costs": {"recurring": [{"name": "licence", "amount": 200_000}]}}
    steps.pitch = steps.apply() | {"roi": flagged}
    steps._fill_roi()
    view.recheck()
    assert view.checks[5]["status"] == "thin"
    assert set(steps.roi_trust.buttons) == {("margin_assumed", "drivers[0].margin_pct"),
                                            ("roi_implausible", "scenarios.expected")}
    steps.roi_trust._ask("margin_assumed", "drivers[0].margin_pct", "confirmed 30 % margin with the CFO")
    steps.roi_trust._ask("roi_implausible", "scenarios.expected", "large revenue base, checked line by line")
    view.recheck()
    assert view.checks[5]["status"] == "complete"
    assert [a["code"] for a in steps.apply()["roi"]["acknowledged"]] == ["margin_assumed", "roi_implausible"]
    qtbot.waitUntil(lambda: not view.timer.isActive())  # the re-check runs while the library is open
