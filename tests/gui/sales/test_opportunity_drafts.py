"""Unsaved edits in the Opportunities view (issue 12): switching away asks first, and a
draft autosaved while editing is offered back after a crash."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from valuekit.db.drafts import load_draft
from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.sales.opportunity import get_opportunity, list_opportunities
from valuekit_gui.common.i18n import set_language
from valuekit_gui.sales.opportunities_view import OpportunitiesView


@pytest.fixture
def view(qtbot, store: Store, release) -> Iterator[OpportunitiesView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = OpportunitiesView(store)
    qtbot.addWidget(widget)
    yield widget
    release(widget)


def _two(store: Store) -> tuple[str, str]:
    opps = list_opportunities(store)
    return opps[0]["id"], opps[1]["id"]


def test_edit_then_click_another_opportunity_asks_and_keeps_the_edit_on_no(
        view: OpportunitiesView, store: Store, draft_questions: Any) -> None:
    first, second = _two(store)
    view.select(first)
    view.form.edits["customer"].setText("Edited but not saved")
    draft_questions.answers.append(False)  # "Discard them?" → No
    view.select(second)
    assert draft_questions.kinds() == ["leave"]
    assert view.opp_id == first and view.form.edits["customer"].text() == "Edited but not saved"
    view.select(second)  # asked again → Yes: discarded
    assert view.opp_id == second
    view.select(first)
    assert view.form.edits["customer"].text() == get_opportunity(store, first)["customer"]
    assert load_draft(store.path, "opportunity", first) is None


def test_unchanged_form_switches_without_asking(view: OpportunitiesView, store: Store,
                                                draft_questions: Any) -> None:
    first, second = _two(store)
    view.select(first)
    original = view.form.edits["customer"].text()
    view.form.edits["customer"].setText("typed")
    view.form.edits["customer"].setText(original)  # typed back: nothing to lose
    view.select(second)
    assert draft_questions.asked == [] and view.opp_id == second


def test_a_crash_while_editing_offers_the_draft_back(qtbot, view: OpportunitiesView, store: Store,  # type: ignore[no-untyped-def]
                                                     release, draft_questions: Any) -> None:
    first, _ = _two(store)
    view.select(first)
    view.form.edits["customer"].setText("Draft survives the crash")
    qtbot.waitUntil(lambda: load_draft(store.path, "opportunity", first) is not None, timeout=5000)
    # the app dies: the view is gone without saving; the next session opens the same deal
    view.drafts.timer.stop()
    again = OpportunitiesView(store)  # released below, before the library closes
    again.select(first)
    assert draft_questions.kinds() == ["restore"]
    assert again.form.edits["customer"].text() == "Draft survives the crash"
    assert again.save()
    assert get_opportunity(store, first)["customer"] == "Draft survives the crash"
    assert load_draft(store.path, "opportunity", first) is None
    release(again)
