"""The library screen, offscreen, as marketing and sales use it: search as you type,
facets narrow the table (OR within a facet), create and edit, tag in place, rate, retire,
export, drop files, and a large result that loads its rows lazily."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent
from PySide6.QtWidgets import QApplication
from qt_viewer import Viewer

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit_gui.library.asset_dialog import AssetDialog
from valuekit_gui.library.view import LibraryView
from valuekit_gui.shell.settings import current_user


@pytest.fixture
def view(demo_view: LibraryView) -> LibraryView:
    return demo_view  # tests/gui/library/conftest.py

def searched(qtbot, view: LibraryView, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        action()


def check(view: LibraryView, facet: str, value: str) -> None:
    item = view.sidebar.item(facet, value)
    assert item is not None, f"{facet}={value} not in the sidebar"
    item.setCheckState(0, Qt.CheckState.Checked)


def sidebar_count(view: LibraryView, facet: str, value: str) -> int:
    item = view.sidebar.item(facet, value)
    assert item is not None
    return int(item.text(1).replace(",", ""))


def cell(view: LibraryView, row: int, col: int) -> str:
    return view.model.data(view.model.index(row, col))


def select_rows(view: LibraryView, rows: list[int]) -> None:
    sm = view.table.selectionModel()
    sm.clearSelection()
    for r in rows:
        sm.select(view.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)


def test_typing_and_facets_narrow_the_table(qtbot, view: LibraryView) -> None:  # type: ignore[no-untyped-def]
    everything = view.model.rowCount()
    searched(qtbot, view, lambda: view.search_box.setText("报价"))  # IME text arrives whole
    with_word = view.model.rowCount()
    assert 0 < with_word < everything and view.count.text() == f"{with_word} assets"
    searched(qtbot, view, lambda: check(view, "format", "case_study"))
    cases = view.model.rowCount()
    assert 0 < cases < with_word
    assert {cell(view, r, 1) for r in range(cases)} == {"Case study"}
    # OR within a facet: the other formats still offer what they would add.
    articles = sidebar_count(view, "format", "article")
    searched(qtbot, view, lambda: check(view, "format", "article"))
    assert view.model.rowCount() == cases + articles
    # AND across facets: a stage narrows the two formats.
    searched(qtbot, view, lambda: check(view, "stage", "SQL"))
    assert view.model.rowCount() < cases + articles
    assert all("SQL" in cell(view, r, 2) for r in range(view.model.rowCount()))
    searched(qtbot, view, view.sidebar.clear)
    assert view.model.rowCount() == with_word


def test_english_typing_and_header_sort(qtbot, view: LibraryView) -> None:  # type: ignore[no-untyped-def]
    searched(qtbot, view, lambda: qtbot.keyClicks(view.search_box, "renewal"))
    titles = [cell(view, r, 0) for r in range(view.model.rowCount())]
    assert titles and any("renewal" in t.lower() for t in titles)
    searched(qtbot, view, lambda: view.table.horizontalHeader().setSortIndicator(
        4, Qt.SortOrder.DescendingOrder))
    used = [int(cell(view, r, 4)) for r in range(view.model.rowCount())]
    assert used == sorted(used, reverse=True)
    searched(qtbot, view, lambda: view.table.horizontalHeader().setSortIndicator(
        7, Qt.SortOrder.AscendingOrder))  # status sorts in the core too
    statuses = [cell(view, r, 7) for r in range(view.model.rowCount())]
    assert statuses == sorted(statuses, key=["Draft", "Retired", "Verified"].index)


def test_create_through_the_dialog_then_tag_in_place(qtbot, view: LibraryView, store: Store,  # type: ignore[no-untyped-def]
                                                     shown_errors: list[str]) -> None:
    dialog = AssetDialog(store, view)
    qtbot.addWidget(dialog)
    dialog.accept()  # empty title
    assert shown_errors and shown_errors[0].startswith("title")
    assert dialog.title.property("invalid") is True  # marked at the field
    dialog.title.setText("标杆客户：华东精密 ROI 复盘")
    dialog.stage.boxes["Rev"].setChecked(True)
    dialog.industry.setCurrentIndex(dialog.industry.findData("manufacturing"))
    dialog.accept()
    assert dialog.created_id
    searched(qtbot, view, lambda: view.show_asset(dialog.created_id))
    assert view.selected_ids() == [dialog.created_id]
    tags = view.detail.tags
    tags.add("industry", "ict")
    tags.add("product", "新产品线")  # an open facet takes a new value
    tags.remove("industry", "manufacturing")
    tags.add("stage", "Closing")  # a closed facet refuses, naming the field
    asset = library.get_asset(store, dialog.created_id)
    assert asset.tags["industry"] == ["ict"] and asset.tags["product"] == ["新产品线"]
    assert asset.tags["stage"] == ["Rev"] and asset.creator == current_user()
    assert shown_errors[-1].startswith("stage value")


def test_edit_dialog_changes_fields_and_format(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    select_rows(view, [0])
    asset_id = view.selected_ids()[0]
    dialog = AssetDialog(store, view, asset_id=asset_id)
    qtbot.addWidget(dialog)
    dialog.title.setText("Renamed in the dialog")
    dialog.format.setCurrentIndex(dialog.format.findData("battlecard"))
    dialog.accept()
    asset = library.get_asset(store, asset_id)
    assert (asset.title, asset.format) == ("Renamed in the dialog", "battlecard")


def test_rating_and_retire_from_the_detail_pane(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    select_rows(view, [0])
    asset_id = view.selected_ids()[0]
    before = library.get_asset(store, asset_id).rating_count
    with qtbot.waitSignal(view.results_shown):
        view.detail.stars[4].click()
    assert library.get_asset(store, asset_id).rating_count == before + 1
    assert view.detail.rating.text().endswith(f"{before + 1} ratings")
    view.detail.retire.click()
    assert library.get_asset(store, asset_id).status == "retired"
    assert view.detail.retire.text() == "Back to draft"
    view.detail.verify.click()
    assert library.get_asset(store, asset_id).status == "verified"


def test_retire_selected_rows(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    select_rows(view, [1, 2])
    ids = view.selected_ids()
    messages: list[str] = []
    view.status_message.connect(messages.append)
    with qtbot.waitSignal(view.results_shown):
        view.retire_selected(confirm=False)
    assert {library.get_asset(store, i).status for i in ids} == {"retired"}
    assert messages == ["Retired 2 assets"]


def test_html_in_a_body_is_shown_as_text(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    a = library.add_asset(store, {
        "title": "t", "format": "article", "language": "en",
        "body": "<script>alert(1)</script> **bold** <img src=http://evil.example/x.png>\n\n`a<b`"})
    view.detail.show_asset(a.id)
    shown = view.detail.body.toPlainText()
    assert "<script>alert(1)</script>" in shown and "<img src=http://evil.example/x.png>" in shown
    assert "a<b" in shown and "**" not in shown  # Markdown still renders
    assert "<script" not in view.detail.body.toHtml()


def test_export_writes_the_current_result(qtbot, view: LibraryView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    searched(qtbot, view, lambda: check(view, "stage", "Rev"))
    messages: list[str] = []
    view.status_message.connect(messages.append)
    target = tmp_path / "rev.json"
    task = view.export(str(target))
    assert task is not None
    qtbot.waitUntil(lambda: task.delivered, timeout=5000)
    records = json.loads(target.read_text(encoding="utf-8"))
    assert len(records) == view.model.rowCount()
    assert all("Rev" in r["tags"]["stage"] for r in records)
    assert messages[-1] == f"Exported {len(records)} assets to {target}"


def test_a_file_dragged_over_the_library_is_accepted(view: LibraryView, tmp_path: Path) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"PK")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(deck))])
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.ignore()
    QApplication.sendEvent(view, event)   # Qt calls the view's (FileDrops') dragEnterEvent
    assert event.isAccepted()


def test_dropped_file_becomes_an_asset_with_its_attachment(qtbot, view: LibraryView, store: Store,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    deck = tmp_path / "Quote automation deck.pptx"
    deck.write_bytes(b"PK")
    task = view.add_files([deck], confirm=False)
    assert task is not None
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        pass
    asset_id = view.detail.asset_id
    assert asset_id is not None
    asset = library.get_asset(store, asset_id)
    assert asset.title == "Quote automation deck" and asset.format == "solution_deck"
    assert asset.attachments[0].filename == deck.name
    assert view.selected_ids() == [asset_id]
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "open")  # the system viewer, in a test
    try:
        opened = view.detail.open_attachment(view.detail.files.item(0))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.name == deck.name and opened.read_bytes() == b"PK"
    assert viewer.urls == [QUrl.fromLocalFile(str(opened))]


def test_large_result_loads_pages_lazily(qtbot, store: Store, release) -> None:  # type: ignore[no-untyped-def]
    from valuekit.library.model import AssetValidator

    validator = AssetValidator(store.conn)
    with store.transaction() as conn:
        library.write_assets(conn, [validator.asset({"title": f"资产 {n:04d}", "format": "article",
                                                     "language": "zh"}) for n in range(3000)])
    widget = LibraryView(store)
    try:  # released here rather than by qtbot: the library closes first
        widget.resize(1200, 700)
        qtbot.waitUntil(lambda: widget.model.rowCount() == 3000, timeout=10_000)
        widget.grab()  # paint it, as on screen
        assert set(widget.model.pages) == {0}  # only the page on screen was loaded
        widget.table.scrollToBottom()
        widget.grab()
        assert set(widget.model.pages) == {0, 14}
        assert cell(widget, 2999, 0) == "资产 2999"
    finally:
        release(widget)


def test_bundled_font_covers_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont, QFontMetrics

    from valuekit_gui.common.fonts import register_fonts

    families = register_fonts(qapp)
    assert families
    metrics = QFontMetrics(QFont(families[0]))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "价值体系库报价追溯领航")


def test_show_asset_selects_its_row(qtbot, view: LibraryView, store: Store) -> None:  # type: ignore[no-untyped-def]
    searched(qtbot, view, lambda: view.search_box.setText("报价"))
    other = library.add_asset(store, {"title": "不相关的素材", "format": "article", "language": "zh"})
    searched(qtbot, view, lambda: view.show_asset(other.id))  # Insights asks for this one
    assert view.search_box.text() == ""
    assert view.selected_ids() == [other.id]
