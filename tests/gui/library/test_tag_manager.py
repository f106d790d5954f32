"""Bulk tagging a selection and the tag manager, as a marketer curating the library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.vocabulary import list_values
from valuekit_gui.library.tag_manager import BulkTagDialog, TagManagerDialog
from valuekit_gui.library.view import LibraryView


@pytest.fixture
def view(demo_view: LibraryView) -> LibraryView:
    return demo_view  # tests/gui/library/conftest.py


def select_rows(view: LibraryView, rows: list[int]) -> None:
    sm = view.table.selectionModel()
    for r in rows:
        sm.select(view.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)


def test_bulk_tag_three_selected_rows(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    select_rows(view, [0, 1, 2])
    ids = view.selected_ids()
    assert len(ids) == 3
    dialog = BulkTagDialog(store, ids, view)
    qtbot.addWidget(dialog)
    dialog.facet.setCurrentIndex(dialog.facet.findData("persona"))
    dialog.check("champion")
    dialog.accept()
    assert all("champion" in library.get_asset(store, i).tags["persona"] for i in ids)
    # An open facet also takes typed values (a label finds its value); then remove again.
    again = BulkTagDialog(store, ids, view)
    qtbot.addWidget(again)
    again.facet.setCurrentIndex(again.facet.findData("industry"))
    again.new_values.setText("Energy, 氢能")
    again.accept()
    assert all({"energy", "氢能"} <= set(library.get_asset(store, i).tags["industry"]) for i in ids)
    remove = BulkTagDialog(store, ids, view)
    qtbot.addWidget(remove)
    remove.facet.setCurrentIndex(remove.facet.findData("persona"))
    remove.remove_mode.setChecked(True)
    remove.check("champion")
    remove.accept()
    assert not any("champion" in library.get_asset(store, i).tags.get("persona", []) for i in ids)


def test_bulk_tag_with_nothing_chosen_says_so(qtbot, view: LibraryView, store: Store,  # type: ignore[no-untyped-def]
                                              shown_errors: list[str]) -> None:
    select_rows(view, [0])
    dialog = BulkTagDialog(store, view.selected_ids(), view)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert shown_errors == ["values: give at least one tag value"] and not dialog.result()


def test_rename_shows_in_the_sidebar_and_merge_folds_values(qtbot, view: LibraryView,  # type: ignore[no-untyped-def]
                                                              store: Store) -> None:
    dialog = TagManagerDialog(store, view)
    qtbot.addWidget(dialog)
    dialog.facet.setCurrentIndex(dialog.facet.findData("product"))
    dialog.select("crm")
    assert dialog.label_en.text() == "LinkSail CRM"
    dialog.new_name.setText("sales_cloud")
    dialog.label_en.setText("Sales Cloud")
    dialog.rename()
    with qtbot.waitSignal(view.results_shown):
        view.refresh()
    item = view.sidebar.item("product", "sales_cloud")
    assert item is not None and item.text(0) == "Sales Cloud"
    assert view.sidebar.item("product", "crm") is None
    # Only the label: the key stays.
    dialog.select("bi")
    dialog.label_zh.setText("商业智能")
    dialog.rename()
    assert {v.value: v.label_zh for v in list_values(store.conn, "product")}["bi"] == "商业智能"
    # Merge BI into Sales Cloud: every BI asset now carries sales_cloud.
    bi_assets = [a for a in library.load_assets(store.conn, view.model.seqs, with_body=False)
                 if "bi" in a.tags.get("product", [])]
    dialog.select("bi")
    dialog.target.setCurrentIndex(dialog.target.findData("sales_cloud"))
    dialog.merge()
    assert bi_assets and all("sales_cloud" in library.get_asset(store, a.id).tags["product"]
                             for a in bi_assets)
    assert "bi" not in {v.value for v in list_values(store.conn, "product")}
