"""The SPIN question bank and the FAB statements, offscreen: filters narrow the lists,
a FAB without a number gets the reviewer's hint, add/edit/delete through the form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.sales.claims import claim_stats, set_status
from valuekit.sales.fab import add_fab, get_fab, list_fabs
from valuekit.sales.spin import list_questions
from valuekit_gui.common.i18n import set_language
from valuekit_gui.sales.fab_view import FabDialog, FabView
from valuekit_gui.sales.spin_view import SpinView


@pytest.fixture
def spin_view(qtbot, store: Store, release) -> Iterator[SpinView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = SpinView(store)
    qtbot.addWidget(widget)
    yield widget
    set_language("en")
    release(widget)


@pytest.fixture
def fab_view(qtbot, store: Store, release) -> Iterator[FabView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = FabView(store)
    qtbot.addWidget(widget)
    yield widget
    set_language("en")
    release(widget)


def test_spin_filter_by_kind_and_search_narrow_the_list(spin_view: SpinView, store: Store) -> None:
    total = spin_view.table.topLevelItemCount()
    assert total == len(list_questions(store))
    spin_view.kind.setCurrentIndex(spin_view.kind.findData("implication"))
    implications = list_questions(store, kind="implication")
    assert spin_view.question_ids() == [q["id"] for q in implications] and 0 < len(implications) < total
    assert spin_view.count.text() == f"{len(implications)} questions"
    word = implications[0]["text_en"].split()[-1].strip("?")
    spin_view.search.setText(word)
    assert 0 < spin_view.table.topLevelItemCount() <= len(implications)


def test_spin_language_switch_shows_chinese_text(spin_view: SpinView, store: Store) -> None:
    q = list_questions(store)[0]
    assert spin_view.table.topLevelItem(0).text(1).startswith(q["text_en"] or q["text_zh"])
    set_language("zh")
    assert spin_view.table.topLevelItem(0).text(1).startswith(q["text_zh"] or q["text_en"])
    assert spin_view.filter_labels[0].text() == "类型"


def test_fab_filters_and_hint_for_benefit_without_number(fab_view: FabView, store: Store) -> None:
    assert fab_view.list.topLevelItemCount() == len(list_fabs(store))
    fab_view.filters["language"].setCurrentIndex(fab_view.filters["language"].findData("en"))
    assert fab_view.list.topLevelItemCount() == len(list_fabs(store, language="en"))
    fab = add_fab(store, {"product": "crm", "feature": "Shared pipeline board",
                          "advantage": "One board instead of spreadsheets",
                          "benefit": "Managers see every deal without asking anyone",
                          "personas": ["decision_maker"], "language": "en"})
    fab_view.select(fab["id"])
    text = fab_view.hints_text()
    assert "Shared pipeline board" in text and "the benefit has no number" in text
    assert text.index("Feature") < text.index("Advantage") < text.index("Benefit")


def test_fab_add_refused_then_saved_edit_and_delete(fab_view: FabView, store: Store) -> None:
    count = len(list_fabs(store))
    dialog = fab_view.new_item(show=False)
    dialog.fields["feature"].setText("移动审批")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "benefit: must not be empty" in dialog.error.text()
    assert dialog.fields["benefit"].property("invalid") is True
    dialog.fields["benefit"].setPlainText("审批时间从 3 天缩短到 4 小时")
    dialog.fields["personas"].setText("boss")
    dialog.accept()
    assert "personas[0]" in dialog.error.text()
    assert dialog.fields["personas"].property("invalid") is True
    assert not dialog.fields["benefit"].property("invalid")
    dialog.fields["personas"].setText("user")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and len(list_fabs(store)) == count + 1
    assert fab_view.selected_id() == dialog.saved["id"]
    edit = fab_view.edit_selected(show=False)
    assert edit is not None
    edit.fields["advantage"].setPlainText("比邮件审批快")
    edit.accept()
    assert get_fab(store, dialog.saved["id"])["advantage"] == "比邮件审批快"
    fab_view.delete_selected(confirm=False)
    assert len(list_fabs(store)) == count


def test_fab_language_switch_relabels(fab_view: FabView) -> None:
    assert fab_view.actions()[0].text() == "New FAB"
    set_language("zh")
    assert fab_view.actions()[0].text() == "新建 FAB"
    assert fab_view.filter_labels["product"].text() == "产品"


def test_fab_dialog_saves_perception_and_the_view_verifies_the_claim(qtbot: QtBot, store: Store) -> None:
    """Value = benefit × perception (seed 002): the dialog carries the three perception parts;
    the view marks a statement verified (only validated value counts)."""
    fab = add_fab(store, {"product": "crm", "feature": "CPQ", "advantage": "3 rounds fewer than Excel",
                          "benefit": "quotes go out the same day", "language": "en", "personas": ["user"]})
    dialog = FabDialog(store, get_fab(store, fab["id"]))
    qtbot.addWidget(dialog)
    dialog.fields["perception.service_experience"].setText("the customer gets a clean quote before lunch")
    dialog.accept()
    assert dialog.saved is not None
    assert get_fab(store, fab["id"])["perception"] == {"service_experience": "the customer gets a clean quote before lunch"}
    view = FabView(store)
    qtbot.addWidget(view)
    view.select(fab["id"])
    assert "clean quote before lunch" in view.detail.toPlainText()
    view.set_status("verified")
    assert claim_stats(store, "fab", fab["id"]).status == "verified"
    assert "verified" in view.detail.toPlainText()


def test_spin_bank_shows_and_sets_a_questions_claim_status(qtbot: QtBot, store: Store) -> None:
    """SPIN bank questions are claims too (only validated value counts): status in a column,
    verified from the toolbar."""
    load_demo(store)
    first_id = list_questions(store)[0]["id"]
    set_status(store, "spin", first_id, "draft")  # a question marketing has not reviewed
    view = SpinView(store)
    qtbot.addWidget(view)
    first = view.table.topLevelItem(0)
    assert first is not None and first.text(3) == "draft"
    view.table.setCurrentItem(first)
    question_id = str(first.data(0, Qt.ItemDataRole.UserRole))
    view.set_status("verified")  # the list is rebuilt, keeping the selection
    assert claim_stats(store, "spin", question_id).status == "verified"
    current = view.table.currentItem()
    assert current is not None and current.text(3) == "verified"
