"""The asset table's model: it holds only the row numbers of the current result and
loads assets a page at a time as rows come into view, so 100,000 results scroll as
smoothly as 100. Sorting asks the core for a new order (it never sorts in Qt)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.i18n import add_strings, current_language, tr
from valuekit.assets_model import Asset
from valuekit.library import load_assets
from valuekit.store import Store
from valuekit.vocabulary import value_labels

PAGE = 200
COLUMNS = ("title", "format", "stage", "industry", "usage", "usefulness", "importance", "status",
           "updated")
# Columns the core can sort by, and the sort key it knows them as.
SORT_KEYS = {"title": "title", "usage": "usage", "usefulness": "usefulness",
             "importance": "importance", "updated": "updated"}

add_strings({
    "lib.col.title": ("标题", "Title"), "lib.col.format": ("形式", "Format"),
    "lib.col.stage": ("销售阶段", "Stages"), "lib.col.industry": ("行业", "Industry"),
    "lib.col.usage": ("使用次数", "Used"), "lib.col.usefulness": ("有用度", "Usefulness"),
    "lib.col.importance": ("重要度", "Importance"), "lib.col.status": ("状态", "Status"),
    "lib.col.updated": ("更新", "Updated"),
    "lib.status.draft": ("草稿", "draft"), "lib.status.verified": ("已验证", "verified"),
    "lib.status.retired": ("已停用", "retired"),
})

Index = QModelIndex | QPersistentModelIndex


class AssetTableModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # core sort key, descending

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.seqs: list[int] = []
        self.pages: dict[int, dict[int, Asset]] = {}
        self.labels = value_labels(store.conn)

    def set_rows(self, seqs: list[int]) -> None:
        self.beginResetModel()
        self.seqs = seqs
        self.pages.clear()
        self.labels = value_labels(self.store.conn)
        self.endResetModel()

    def forget(self) -> None:
        """Drop loaded pages after an edit so rows show the stored values."""
        self.pages.clear()
        if self.seqs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.seqs) - 1, len(COLUMNS) - 1))

    def asset(self, row: int) -> Asset | None:
        if not 0 <= row < len(self.seqs):
            return None
        page = row // PAGE
        if page not in self.pages:
            seqs = self.seqs[page * PAGE:(page + 1) * PAGE]
            self.pages[page] = {a.seq: a for a in load_assets(self.store.conn, seqs, with_body=False)}
        return self.pages[page].get(self.seqs[row])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.seqs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def _label(self, facet: str, value: str) -> str:
        known = self.labels.get((facet, value))
        return known.label(current_language()) if known else value

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                        Qt.ItemDataRole.ToolTipRole):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column in ("usage", "usefulness", "importance")
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if numeric \
                else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        a = self.asset(index.row())
        if a is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return a.summary or a.title if column == "title" else None
        if column in ("stage", "industry", "format"):
            return ", ".join(self._label(column, v) for v in a.tags.get(column, []))
        return {
            "title": a.title, "usage": str(a.usage_count),
            "usefulness": "–" if a.usefulness is None else f"{a.usefulness:.1f}",
            "importance": "★" * a.importance, "status": tr(f"lib.status.{a.status}"),
            "updated": a.updated_at[:10],
        }[column]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(f"lib.col.{COLUMNS[section]}")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(COLUMNS[column])
        if key is not None:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.forget()
