"""The library screen, offscreen, as marketing and sales use it: search as you type,
facets narrow the table, create, tag, bulk-tag, rename tags, rate, retire, drop a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from ui.i18n import set_language
from ui.library_dialogs import AssetDialog, BulkTagDialog, TagManagerDialog
from ui.library_view import LibraryView
from valuekit import library
from valuekit.demo import load_demo
from valuekit.store import Store


@pytest.fixture
def view(qtbot, store: Store) -> Iterator[LibraryView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = LibraryView(store)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    yield widget
    settle(qtbot, widget)


def settle(qtbot, widget: LibraryView) -> None:  # type: ignore[no-untyped-def]
    """Let searches in flight land before the library closes (the store fixture ends first)."""
    widget.timer.stop()
    qtbot.waitUntil(lambda: not widget.timer.isActive())
    qtbot.wait(50)


def searched(qtbot, view: LibraryView, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        action()


def facet_item(view: LibraryView, facet: str, value: str):  # type: ignore[no-untyped-def]
    for i in range(view.facets.topLevelItemCount()):
        parent = view.facets.topLevelItem(i)
        for j in range(parent.childCount()):
            if parent.child(j).data(0, Qt.ItemDataRole.UserRole) == (facet, value):
                return parent.child(j)
    raise AssertionError(f"{facet}={value} not in the sidebar")


def cell(view: LibraryView, row: int, col: int) -> str:
    return view.model.data(view.model.index(row, col))


def select_rows(view: LibraryView, rows: list[int]) -> None:
    sm = view.table.selectionModel()
    sm.clearSelection()
    for r in rows:
        sm.select(view.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)


def test_typing_filters_and_facets_narrow(qtbot, view: LibraryView) -> None:  # type: ignore[no-untyped-def]
    everything = view.model.rowCount()
    searched(qtbot, view, lambda: view.search_box.setText("报价"))  # IME text arrives whole
    with_word = view.model.rowCount()
    assert 0 < with_word < everything and view.count.text() == f"{with_word} assets"
    searched(qtbot, view, lambda: facet_item(view, "format", "case_study").setCheckState(
        0, Qt.CheckState.Checked))
    assert 0 < view.model.rowCount() < with_word
    assert {cell(view, r, 1) for r in range(view.model.rowCount())} == {"Case study"}
    select_rows(view, [0])
    assert cell(view, 0, 0) in view.detail.header.text()


def test_english_typing_and_header_sort(qtbot, view: LibraryView) -> None:  # type: ignore[no-untyped-def]
    searched(qtbot, view, lambda: qtbot.keyClicks(view.search_box, "renewal"))
    titles = [cell(view, r, 0) for r in range(view.model.rowCount())]
    assert titles and any("renewal" in t.lower() for t in titles)
    searched(qtbot, view, lambda: view.table.horizontalHeader().setSortIndicator(
        4, Qt.SortOrder.DescendingOrder))
    used = [int(cell(view, r, 4)) for r in range(view.model.rowCount())]
    assert used == sorted(used, reverse=True)


def test_create_then_tag_in_place(qtbot, view: LibraryView, store: Store,  # type: ignore[no-untyped-def]
                                  shown_errors: list[str]) -> None:
    dialog = AssetDialog(store, view)
    qtbot.addWidget(dialog)
    dialog.accept()  # empty title
    assert shown_errors and shown_errors[0].startswith("title")
    dialog.title.setText("标杆客户：华东精密 ROI 复盘")
    dialog.stage.setCurrentIndex(dialog.stage.findData("Rev"))
    dialog.accept()
    assert dialog.created_id
    view.detail.show_asset(dialog.created_id)
    view.detail.tag_edits["industry"].setText("manufacturing, ict")
    view.detail.save_tags.click()
    tags = library.get_asset(store, dialog.created_id).tags
    assert tags["industry"] == ["manufacturing", "ict"] and tags["stage"] == ["Rev"]


def test_bulk_tag_three_rows(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    select_rows(view, [0, 1, 2])
    ids = view.selected_ids()
    assert len(ids) == 3
    dialog = BulkTagDialog(store, ids, view)
    qtbot.addWidget(dialog)
    dialog.facet.setCurrentIndex(dialog.facet.findData("persona"))
    dialog.values.setText("champion")
    dialog.accept()
    assert all("champion" in library.get_asset(store, i).tags["persona"] for i in ids)


def test_tag_manager_rename_shows_in_the_sidebar(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    library.add_asset(store, {"title": "x", "format": "article", "language": "zh",
                              "tags": {"product": ["crm"]}})
    dialog = TagManagerDialog(store, view)
    qtbot.addWidget(dialog)
    dialog.facet.setCurrentIndex(dialog.facet.findData("product"))
    row = next(i for i in range(dialog.values.count()) if dialog.values.item(i).data(256) == "crm")
    dialog.values.setCurrentRow(row)
    dialog.new_name.setText("sales_cloud")
    dialog.rename()
    searched(qtbot, view, view.refresh)
    assert facet_item(view, "product", "sales_cloud") is not None


def test_rate_and_retire_from_the_detail_pane(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    select_rows(view, [0])
    asset_id = view.selected_ids()[0]
    before = library.get_asset(store, asset_id).rating_count
    view.detail.score.setValue(5)
    view.detail.rate.click()
    view.detail.retire.click()
    after = library.get_asset(store, asset_id)
    assert after.rating_count == before + 1 and after.status == "retired"


def test_html_in_a_body_is_shown_as_text(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    a = library.add_asset(store, {"title": "t", "format": "article", "language": "en",
                                  "body": "<script>alert(1)</script> **bold**"})
    view.detail.show_asset(a.id)
    assert "<script>alert(1)</script>" in view.detail.body.toPlainText()
    assert "bold" in view.detail.body.toPlainText()


def test_dropped_file_becomes_an_asset(qtbot, view: LibraryView, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deck = tmp_path / "Quote automation deck.pptx"
    deck.write_bytes(b"PK")
    created = view.add_files([deck])
    asset = library.get_asset(store, created[0])
    assert asset.format == "solution_deck" and asset.attachments[0].filename == deck.name


def test_large_result_loads_pages_lazily(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from valuekit.assets_io import import_records

    import_records(store, [{"title": f"资产 {n}", "format": "article", "language": "zh"}
                           for n in range(2500)])
    widget = LibraryView(store)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 2500, timeout=10_000)
    assert len(widget.model.pages) <= 1  # only what was looked at
    assert cell(widget, 2400, 0).startswith("资产")
    assert len(widget.model.pages) <= 2
    settle(qtbot, widget)


def test_bundled_font_covers_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.fonts import register_fonts

    families = register_fonts(qapp)
    assert families
    metrics = QFontMetrics(QFont(families[0]))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "价值体系库报价追溯领航")


def test_show_asset_selects_its_row(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    searched(qtbot, view, lambda: view.search_box.setText("报价"))
    target = view.model.asset(view.model.rowCount() - 1)
    other = library.add_asset(store, {"title": "不相关的素材", "format": "article", "language": "zh"})
    searched(qtbot, view, lambda: view.show_asset(other.id))  # Insights asks for this one
    assert view.search_box.text() == ""
    assert view.selected_ids() == [other.id]
    assert target is not None
