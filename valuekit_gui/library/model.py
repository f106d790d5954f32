"""The asset table's model.

The worker's search answers with every matching row number (100,000 ints are cheap);
the model shows that many rows but loads the assets behind them a page of 200 at a time,
only when a row is painted. So the scrollbar is true to the result from the start (drag
to the end, Ctrl+A for bulk tagging) and scrolling 100k rows touches only the pages seen.
This replaces canFetchMore/fetchMore, whose growing row count makes the scrollbar jump.
Sorting asks the core for a new order (it never sorts in Qt).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from valuekit.db.store import Store
from valuekit.library.assets import load_assets
from valuekit.library.forgiving import snippets
from valuekit.library.model import Asset
from valuekit.library.vocabulary import value_labels
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.library.snippets import SNIPPET_ROLE, snippet_html

PAGE = 200
COLUMNS = ("title", "format", "stage", "industry", "usage", "usefulness", "importance", "status",
           "updated")
# Every column sorts in the core; the key it knows it by.
SORT_KEYS = {"title": "title", "format": "format", "stage": "stage", "industry": "industry",
             "usage": "usage", "usefulness": "usefulness", "importance": "importance",
             "status": "status", "updated": "updated"}
NUMERIC = ("usage", "usefulness", "importance")
STATUS_COLOURS = {"verified": QColor("#1b7f3b"), "draft": QColor("#8a6d00"),
                  "retired": QColor("#9a9a9a")}

add_strings({
    "lib.col.title": ("标题", "Title"), "lib.col.format": ("形式", "Format"),
    "lib.col.stage": ("销售阶段", "Stages"), "lib.col.industry": ("行业", "Industry"),
    "lib.col.usage": ("使用", "Used"), "lib.col.usefulness": ("有用度", "Useful"),
    "lib.col.importance": ("重要度", "Importance"), "lib.col.status": ("状态", "Status"),
    "lib.col.updated": ("更新", "Updated"),
    "lib.status.draft": ("草稿", "Draft"), "lib.status.verified": ("已验证", "Verified"),
    "lib.status.retired": ("已停用", "Retired"),
})

Index = QModelIndex | QPersistentModelIndex


class AssetTableModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # core sort key, descending

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.seqs: list[int] = []
        self.row_of: dict[int, int] = {}
        self.pages: dict[int, dict[int, Asset]] = {}
        self.snippets: dict[int, str] = {}  # seq → snippet HTML, for the loaded pages
        self.query_text = ""  # the words the rows were found by (snippets mark them)
        self.labels = value_labels(store.conn)

    def set_rows(self, seqs: list[int], query_text: str = "") -> None:
        self.beginResetModel()
        self.query_text = query_text
        self.snippets = {}
        self.seqs = seqs
        self.row_of = {}
        self.pages.clear()
        self.labels = value_labels(self.store.conn)
        self.endResetModel()

    def forget(self) -> None:
        """Drop loaded pages after an edit so the visible rows show the stored values."""
        self.pages.clear()
        self.labels = value_labels(self.store.conn)
        if self.seqs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.seqs) - 1, len(COLUMNS) - 1))

    def row_for_seq(self, seq: int) -> int | None:
        if not self.row_of and self.seqs:
            self.row_of = {s: n for n, s in enumerate(self.seqs)}
        return self.row_of.get(seq)

    def asset(self, row: int) -> Asset | None:
        if not 0 <= row < len(self.seqs):
            return None
        page = row // PAGE
        if page not in self.pages:
            seqs = self.seqs[page * PAGE:(page + 1) * PAGE]
            self.pages[page] = {a.seq: a for a in load_assets(self.store.conn, seqs, with_body=False)}
            if self.query_text.strip():
                self.snippets.update({seq: snippet_html(found) for seq, found in
                                      snippets(self.store.conn, self.query_text, seqs).items()})
        return self.pages[page].get(self.seqs[row])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.seqs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def _label(self, facet: str, value: str) -> str:
        known = self.labels.get((facet, value))
        return known.label(current_language()) if known else value

    def _text(self, a: Asset, column: str) -> str:
        if column == "stage":
            # Stage codes (RL, MQL, SQL, Rev) are the team's words and keep the column narrow.
            return " · ".join(a.tags.get("stage", []))
        if column in ("industry", "format"):
            return ", ".join(self._label(column, v) for v in a.tags.get(column, []))
        return {
            "title": a.title, "usage": str(a.usage_count),
            "usefulness": "–" if a.usefulness is None else f"{a.usefulness:.1f}",
            "importance": "★" * a.importance, "status": tr(f"lib.status.{a.status}"),
            "updated": a.updated_at[:10],
        }[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column in ("usage", "usefulness") \
                else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, SNIPPET_ROLE):
            return None
        a = self.asset(index.row())
        if a is None:
            return None
        if role == SNIPPET_ROLE:
            return self.snippets.get(a.seq) if column == "title" else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if a.status == "retired":
                return STATUS_COLOURS["retired"]
            return STATUS_COLOURS.get(a.status) if column == "status" else None
        if role == Qt.ItemDataRole.FontRole:
            if a.status == "retired" and column == "title":
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "title":
                return a.summary or a.title
            if column == "stage":
                return ", ".join(self._label("stage", v) for v in a.tags.get("stage", []))
            return None
        return self._text(a, column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(f"lib.col.{COLUMNS[section]}")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sort_requested.emit(SORT_KEYS[COLUMNS[column]],
                                     order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.forget()
