"""The library screen: a search box that filters as you type, the facet sidebar with
counts for the current result, the asset table (a lazy model) and the detail pane.

Searches and counts run on a worker (``valuekit_gui.common.tasks``, its own SQLite connection); a newer
query cancels the one in flight (its SQL is interrupted) and any answer that still
arrives for an older query is dropped by the generation counter. Export and creating
assets from dropped files also run off the main thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import NotFoundError
from valuekit.library.assets import get_asset, set_status
from valuekit.library.page import (
    Found,
    export_result,
    forgiving_search,
    library_open,
    sidebar_counts,
)
from valuekit.library.search import Query
from valuekit.sync.engine import SyncReport
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import current_language, signals, tr
from valuekit_gui.common.tasks import Cancelled, Task, run_in_thread, store_call, thread_store
from valuekit_gui.library import view_strings  # noqa: F401 - registers the view's texts
from valuekit_gui.library.asset_dialog import AssetDialog
from valuekit_gui.library.detail import AssetDetail
from valuekit_gui.library.drops import FileDrops
from valuekit_gui.library.facets import FacetSidebar
from valuekit_gui.library.model import COLUMNS, AssetTableModel
from valuekit_gui.library.offline_bar import add_offline_actions
from valuekit_gui.library.recommend_panel import RecommendPanel
from valuekit_gui.library.snippets import ROW_WITH_SNIPPET, SnippetDelegate, note_html
from valuekit_gui.library.tag_manager import BulkTagDialog, TagManagerDialog
from valuekit_gui.packs.dialogs import PackExportDialog
from valuekit_gui.shell.settings import current_user
from valuekit_gui.sync.status import hub

SEARCH_DELAY_MS = 150
# Starting widths; the title column takes what is left.
TITLE_WIDTH = 300
COLUMN_WIDTHS = {"format": 88, "stage": 84, "industry": 92, "usage": 42, "usefulness": 52,
                 "importance": 74, "status": 54, "updated": 82}


def run_search(folder: Path, q: Query, lang: str) -> tuple[Found, dict[str, Any]]:
    """Worker side: every matching row number, in order (the suggestion's when the words
    found nothing), and the sidebar's counts for exactly those rows."""
    store = thread_store(folder)
    found = forgiving_search(store, q, every_row=True)
    return found, sidebar_counts(store, found.query, lang=lang)


class LibraryView(FileDrops, QWidget):
    status_message = Signal(str)
    results_shown = Signal(int)  # total, after each search lands (tests and the status bar)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.sort, self.descending = "relevance", True
        self.generation = 0
        self.search_task: Task | None = None
        self.pending_select: str | None = None
        self.total = 0
        self.setAcceptDrops(True)
        # Debounce typing so a fast typist triggers one search, not one per key.
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search_box = QLineEdit(clearButtonEnabled=True)
        self.search_box.setMinimumHeight(30)
        self.search_box.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                                  QLineEdit.ActionPosition.LeadingPosition)
        self.count = QLabel()
        self.count.setStyleSheet("color: #555; padding: 0 6px;")
        self.sidebar = FacetSidebar(store)
        self.sidebar.filters_changed.connect(self.refresh)
        self.facets = self.sidebar.tree
        self.model = AssetTableModel(store)
        self.model.sort_requested.connect(self._sort)
        self.table = self._make_table()
        self.detail = AssetDetail(store)
        self.detail.changed.connect(self._asset_changed)
        self.detail.edit_requested.connect(self.edit_item)
        body = QSplitter()
        body.setChildrenCollapsible(False)
        for widget in (self.sidebar, self.table, self.detail):
            body.addWidget(widget)
        body.setSizes([210, 900, 330])
        body.setStretchFactor(1, 1)
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count)
        self.note = QLabel()  # "did you mean" / "showing results for"
        self.note.setObjectName("search_note")
        self.note.setStyleSheet("color: #8a5a00; padding: 2px 4px;")
        self.note.linkActivated.connect(lambda _link: self.search_box.setText(self.suggestion or ""))
        self.note.hide()
        self.suggestion: str | None = None
        self.recommended = RecommendPanel(store)
        self.recommended.asset_chosen.connect(self.show_asset)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.recommended)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(body, 1)
        self._actions = self._make_actions()
        self.search_box.textChanged.connect(lambda _text: self.timer.start())
        self.search_box.returnPressed.connect(self.refresh)
        signals().language_changed.connect(self.retranslate)
        hub().finished.connect(self._after_sync)  # bound method: dropped with this view
        self.retranslate()  # labels everything and runs the first search

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setItemDelegateForColumn(0, SnippetDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        # A fixed row height lets the view place 100k rows without measuring any of them.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(28)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The title is what people read: a generous fixed start (resizable), and the last
        # column takes up the slack, so a narrow window scrolls instead of hiding titles.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        table.setColumnWidth(0, TITLE_WIDTH)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(COLUMNS.index(column), width)
        # Clicking a header asks the core for that order; no indicator until the user
        # picks a column (the default order is relevance, or newest first).
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda index: self.edit_item())
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        return table

    def _make_actions(self) -> dict[str, QAction]:
        pix = QStyle.StandardPixmap
        spec = (("new", self.new_item, pix.SP_FileIcon), ("bulk_tag", self.bulk_tag, pix.SP_DialogApplyButton),
                ("tag_manager", self.tag_manager, pix.SP_FileDialogListView),
                ("export", self.export, pix.SP_DialogSaveButton),
                ("export_pack", self.export_pack, pix.SP_DriveFDIcon))
        actions = {}
        for key, handler, icon in spec:
            action = QAction(self.style().standardIcon(icon), "", self)
            action.triggered.connect(lambda _checked=False, h=handler: h())
            actions[key] = action
        return actions

    def actions(self) -> list[QAction]:
        # the window's toolbar (overrides QWidget.actions, which lists the same kind of object)
        return list(self._actions.values())

    def retranslate(self, _lang: str = "") -> None:
        self.search_box.setPlaceholderText(tr("lib.search"))
        for key, action in self._actions.items():
            action.setText(tr(f"lib.{key}"))
        self.sidebar.retranslate()
        self.recommended.retranslate()
        self.model.retranslate()
        self.detail.retranslate()
        self.refresh()

    # -- searching ---------------------------------------------------------------------
    def current_query(self) -> Query:
        return Query(text=self.search_box.text(), sort=self.sort, descending=self.descending,
                     facets=self.sidebar.facets(), limit=10**9)

    def refresh(self) -> None:
        self.timer.stop()
        if self.search_task is not None:
            self.search_task.cancel()  # a superseded search stops its SQL at once
        self.generation += 1
        generation = self.generation
        self.search_task = run_in_thread(
            self, run_search, self.store.path, self.current_query(), current_language(),
            on_done=lambda result: self._show(generation, *result),
            on_error=lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation and not isinstance(exc, Cancelled):
            errors.report_exception(exc)  # e.g. a facet value renamed by a pack import

    def _show(self, generation: int, found: Found, counts: dict[str, Any]) -> None:
        if generation != self.generation or not library_open(self.store):
            return  # the user has typed on since (a newer answer is coming), or closed it
        selected = self.selected_ids()
        self.total = total = found.total
        self.model.set_rows(found.seqs, found.query.text)
        self.table.verticalHeader().setDefaultSectionSize(
            ROW_WITH_SNIPPET if found.query.text.strip() and total else 28)
        self._show_note(found)
        self.count.setText(tr("lib.count", n=f"{total:,}"))
        self.sidebar.set_counts(counts)
        if self.pending_select is None and len(selected) == 1:
            self.pending_select = selected[0]  # keep the selection across a refresh
        self._select_pending()
        self.results_shown.emit(total)

    def _show_note(self, found: Found) -> None:
        self.suggestion = found.suggestion
        text = note_html(found, self.search_box.text().strip())
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _sort(self, key: str, descending: bool) -> None:
        self.sort, self.descending = key, descending
        self.refresh()

    # -- selection ---------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [a.id for a in (self.model.asset(r) for r in rows) if a is not None]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.detail.show_asset(ids[0])
        elif not ids:
            self.detail.show_asset(None)

    def show_asset(self, asset_id: str) -> None:
        """Show one asset (from Insights): clear the filters so it is in the result."""
        self.sidebar.selected.clear()
        with QSignalBlocker(self.search_box):
            self.search_box.clear()
        self.detail.show_asset(asset_id)
        self.pending_select = asset_id
        self.refresh()

    def _select_pending(self) -> None:
        """After a search lands, select and scroll to the asset asked for, if it is in it."""
        asset_id, self.pending_select = self.pending_select, None
        if asset_id is None:
            return
        row = self.model.row_for_seq(get_asset(self.store, asset_id).seq)
        if row is None:
            # Not in the result any more: the detail pane must not show it as if it were.
            self.detail.show_asset(None)
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _asset_changed(self, _asset_id: str) -> None:
        self.model.forget()
        self.refresh()

    def _after_sync(self, report: SyncReport | None) -> None:
        """A sync (the periodic one too) that brought something: the team's new or changed
        assets in the table, the shown asset's new version or downloaded files in the pane."""
        if report is None or not (report.applied or report.merged or report.blobs_downloaded or report.revoked):
            return
        shown = self.detail.asset_id
        try:
            self.detail.show_asset(shown)  # None stays None; a deleted asset raises
        except NotFoundError:
            shown = None
            self.detail.show_asset(None)
        self.pending_select = shown
        self._asset_changed("")

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(tr("lib.edit_asset"), self.edit_item).setEnabled(len(self.selected_ids()) == 1)
        menu.addAction(self._actions["bulk_tag"])
        menu.addAction(self._actions["export_pack"])
        add_offline_actions(menu, self.store, self.selected_ids(), self._asset_changed, self.detail.fetch_kept)
        menu.addSeparator()
        menu.addAction(tr("lib.retire_selected"), self.retire_selected)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # -- commands for the window -------------------------------------------------------
    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def new_item(self) -> None:
        dialog = AssetDialog(self.store, self)
        if dialog.exec() and dialog.created_id:
            self.pending_select = dialog.created_id
            self.detail.show_asset(dialog.created_id)
            self.refresh()

    def edit_item(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1 and AssetDialog(self.store, self, asset_id=ids[0]).exec():
            self.detail.show_asset(ids[0])
            self._asset_changed(ids[0])

    def bulk_tag(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.status_message.emit(tr("lib.select_first"))
            return
        if BulkTagDialog(self.store, ids, self).exec():
            self.detail.show_asset(self.detail.asset_id)
            self._asset_changed("")

    def tag_manager(self) -> None:
        TagManagerDialog(self.store, self).exec()
        self.detail.show_asset(self.detail.asset_id)
        self._asset_changed("")

    def retire_selected(self, *, confirm: bool = True) -> None:
        ids = self.selected_ids()
        if not ids:
            self.status_message.emit(tr("lib.select_first"))
            return
        if confirm and QMessageBox.question(self, "ValueKit", tr("lib.retire_confirm", n=len(ids))) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.store.transaction():
                for asset_id in ids:
                    set_status(self.store, asset_id, "retired", by=current_user())
        except Exception as exc:  # noqa: BLE001 - user errors and bugs both get a dialog
            errors.report_exception(exc)
            return
        self.status_message.emit(tr("lib.retired", n=len(ids)))
        self.detail.show_asset(self.detail.asset_id)
        self._asset_changed("")

    def export(self, path: str | None = None) -> Task | None:
        """The whole current result to JSON or CSV, written on a worker (no half file)."""
        path = path or QFileDialog.getSaveFileName(self, tr("lib.export"), "assets.json",
                                                   "JSON (*.json);;CSV (*.csv)")[0]
        if not path:
            return None
        return run_in_thread(
            self, store_call(export_result), self.store.path, self.current_query(), path,
            on_done=lambda n: self.status_message.emit(tr("lib.exported", n=n, path=path)),
            on_progress=lambda done, total, _m: self.status_message.emit(
                tr("lib.exporting", done=done, total=total)))

    def export_pack(self) -> None:
        """The selected assets, or the whole current result, as a pack for the team."""
        ids = self.selected_ids() or [
            a.id for a in (self.model.asset(r) for r in range(len(self.model.seqs))) if a]
        PackExportDialog(self.store, ids=ids, parent=self).exec()
