"""The library screen: search as you type, the facet sidebar with counts for the current
result, the asset table (a lazy model) and the detail pane. Searches and counts run off
the main thread through ``ui.tasks``; an answer to an older query is dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import errors
from ui.i18n import add_strings, current_language, signals, tr
from ui.library_detail import AssetDetail
from ui.library_dialogs import AssetDialog, BulkTagDialog, TagManagerDialog
from ui.library_model import AssetTableModel
from ui.settings import current_user
from ui.tasks import run_in_thread, thread_store
from valuekit.asset_files import asset_from_file
from valuekit.assets_io import export_csv, export_records, facet_names
from valuekit.assets_model import COLUMN_FACET_LABELS
from valuekit.errors import ValueKitError
from valuekit.library import get_asset, set_status
from valuekit.search import Query, facet_counts, search_seqs
from valuekit.store import Store
from valuekit.vocabulary import list_facets

add_strings({
    "lib.search": ("搜索标题、摘要、正文…（中英文）", "Search titles, summaries, bodies… (Chinese or English)"),
    "lib.count": ("{n} 条素材", "{n} assets"),
    "lib.new": ("新建素材", "New asset"),
    "lib.export": ("导出结果…", "Export results…"),
    "lib.export_pack": ("打包分享…", "Share as pack…"),
    "lib.retire_confirm": ("停用所选的 {n} 条素材？（历史记录保留，可重新验证）",
                           "Retire the {n} selected assets? (History is kept; verify to bring back.)"),
    "lib.dropped": ("已从文件创建 {n} 条素材", "Created {n} assets from files"),
})

SEARCH_DELAY_MS = 150


def run_search(folder: Path, q: Query, lang: str) -> tuple[int, list[int], dict[str, Any]]:
    """Worker side: every matching row number, in order, and the facet counts."""
    store = thread_store(folder)
    total, seqs = search_seqs(store.conn, q)
    return total, seqs, facet_counts(store, q, lang=lang)


class LibraryView(QWidget):
    status_message = Signal(str)
    results_shown = Signal(int)  # total, after each search lands (tests and the status bar)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.selected: dict[str, set[str]] = {}
        self.sort, self.descending = "relevance", True
        self.generation = 0
        self.pending_select: str | None = None
        self.total = 0
        self.setAcceptDrops(True)
        # Debounce typing so a fast typist triggers one search, not one per key.
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search_box = QLineEdit(clearButtonEnabled=True)
        self.count = QLabel()
        self.facets = QTreeWidget(headerHidden=True)
        self.model = AssetTableModel(store)
        self.model.sort_requested.connect(self._sort)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Clicking a header asks the core for that order; no indicator until the user
        # picks a column (the default order is relevance, or newest first).
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        for col, width in enumerate((0, 110, 150, 120, 70, 80, 90, 70, 95)):
            if width:
                self.table.setColumnWidth(col, width)
        self.detail = AssetDetail(store)
        self.detail.changed.connect(lambda _id: self.refresh())
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        right.addWidget(self.detail)
        right.setSizes([430, 330])
        body = QSplitter()
        body.addWidget(self.facets)
        body.addWidget(right)
        body.setSizes([270, 1000])
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self._actions = {key: QAction(self) for key in
                         ("new", "bulk_tag", "tag_manager", "export", "export_pack")}
        for key, handler in (("new", self.new_item), ("bulk_tag", self.bulk_tag),
                             ("tag_manager", self.tag_manager), ("export", self.export),
                             ("export_pack", self.export_pack)):
            self._actions[key].triggered.connect(handler)
        self.search_box.textChanged.connect(lambda _text: self.timer.start())
        self.facets.itemChanged.connect(self._facet_toggled)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()  # labels everything and runs the first search

    def actions(self) -> list[QAction]:  # type: ignore[override] - the window's toolbar
        return list(self._actions.values())

    def retranslate(self, _lang: str = "") -> None:
        self.search_box.setPlaceholderText(tr("lib.search"))
        for key, action in self._actions.items():
            action.setText(tr(f"lib.{key}"))
        self.model.retranslate()
        self.detail.retranslate()
        self.refresh()

    # -- searching ---------------------------------------------------------------------
    def current_query(self) -> Query:
        return Query(text=self.search_box.text(), sort=self.sort, descending=self.descending,
                     facets={k: sorted(v) for k, v in self.selected.items() if v},
                     limit=10**9)

    def refresh(self) -> None:
        self.timer.stop()
        self.generation += 1
        generation = self.generation
        run_in_thread(self, run_search, self.store.path, self.current_query(), current_language(),
                      on_done=lambda result: self._show(generation, *result),
                      on_error=errors.report_exception)

    def _show(self, generation: int, total: int, seqs: list[int], counts: dict[str, Any]) -> None:
        if generation != self.generation:
            return  # the user has typed on since; a newer answer is coming
        self.total = total
        self.model.set_rows(seqs)
        self.count.setText(tr("lib.count", n=total))
        self._fill_facets(counts)
        self._select_pending()
        self.results_shown.emit(total)

    def _sort(self, key: str, descending: bool) -> None:
        self.sort, self.descending = key, descending
        self.refresh()

    def _fill_facets(self, counts: dict[str, list[dict[str, Any]]]) -> None:
        lang = current_language()
        labels = {f.name: f.label(lang) for f in list_facets(self.store.conn)}
        labels |= {name: pair[lang == "en"] for name, pair in COLUMN_FACET_LABELS.items()}
        expanded = {self.facets.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                    for i in range(self.facets.topLevelItemCount())
                    if self.facets.topLevelItem(i).isExpanded()}
        self.facets.blockSignals(True)
        self.facets.clear()
        for facet, values in counts.items():
            if not values:
                continue
            parent = QTreeWidgetItem([labels.get(facet, facet)])
            parent.setData(0, Qt.ItemDataRole.UserRole, facet)
            self.facets.addTopLevelItem(parent)
            for v in values:
                child = QTreeWidgetItem([f"{v['label']}  ({v['count']})"])
                child.setData(0, Qt.ItemDataRole.UserRole, (facet, v["value"]))
                on = v["value"] in self.selected.get(facet, set())
                child.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                parent.addChild(child)
            parent.setExpanded(facet in expanded or facet in self.selected
                               or (not expanded and facet in ("format", "stage", "industry")))
        self.facets.blockSignals(False)

    def _facet_toggled(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(data, tuple):
            return
        facet, value = data
        values = self.selected.setdefault(facet, set())
        (values.add if item.checkState(0) == Qt.CheckState.Checked else values.discard)(value)
        QTimer.singleShot(0, self.refresh)

    # -- selection and actions ---------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [a.id for a in (self.model.asset(r) for r in rows) if a is not None]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.detail.show_asset(ids[0] if len(ids) == 1 else None)

    def show_asset(self, asset_id: str) -> None:
        """Show one asset (from Insights): clear filters so it is in the result."""
        self.selected.clear()
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.detail.show_asset(asset_id)
        self.pending_select = asset_id
        self.refresh()

    def _select_pending(self) -> None:
        """After show_asset's search lands, select and scroll to that asset's row."""
        asset_id, self.pending_select = self.pending_select, None
        if asset_id is None:
            return
        seq = get_asset(self.store, asset_id).seq
        if seq in self.model.seqs:
            row = self.model.seqs.index(seq)
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def new_item(self) -> None:
        dialog = AssetDialog(self.store, self)
        if dialog.exec() and dialog.created_id:
            self.detail.show_asset(dialog.created_id)
            self.refresh()

    def bulk_tag(self) -> None:
        ids = self.selected_ids()
        if ids and BulkTagDialog(self.store, ids, self).exec():
            self.model.forget()
            self.refresh()

    def tag_manager(self) -> None:
        TagManagerDialog(self.store, self).exec()
        self.refresh()

    def retire_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or QMessageBox.question(self, "ValueKit", tr("lib.retire_confirm", n=len(ids))) \
                != QMessageBox.StandardButton.Yes:
            return
        with self.store.transaction():
            for asset_id in ids:
                set_status(self.store, asset_id, "retired", by=current_user())
        self.model.forget()
        self.refresh()

    def export(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(self, tr("lib.export"), "assets.json",
                                                   "JSON (*.json);;CSV (*.csv)")[0]
        if not path:
            return
        ids = [a.id for a in (self.model.asset(r) for r in range(len(self.model.seqs))) if a]
        records = export_records(self.store, ids)
        import json

        text = export_csv(records, facet_names(self.store)) if path.endswith(".csv") else \
            json.dumps(records, ensure_ascii=False, indent=2)
        Path(path).write_text(text, encoding="utf-8")
        self.status_message.emit(path)

    def export_pack(self) -> None:
        """The selected assets, or the whole current result, as a pack for the team."""
        from ui.pack_dialogs import PackExportDialog

        ids = self.selected_ids() or [
            a.id for a in (self.model.asset(r) for r in range(len(self.model.seqs))) if a]
        PackExportDialog(self.store, ids=ids, parent=self).exec()

    # -- dropping files ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(paths)
        event.acceptProposedAction()

    def add_files(self, paths: list[Path]) -> list[str]:
        created = []
        for path in paths:
            try:
                created.append(asset_from_file(self.store, path, creator=current_user(),
                                               language=current_language()).id)
            except ValueKitError as exc:
                errors.report_exception(exc)
        if created:
            self.status_message.emit(tr("lib.dropped", n=len(created)))
            self.detail.show_asset(created[-1])
            self.refresh()
        return created
