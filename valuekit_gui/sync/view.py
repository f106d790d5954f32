"""Conflicts and refused changes: each conflict shows, per disputed field, the value both
sides started from, mine and theirs, and is settled with "Keep mine" / "Take theirs";
each refused change shows the server's reason and can be reverted to the team's version.
Nothing here decides by itself: until the user chooses, both values are kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.sync import state
from valuekit.sync.actions import resolve, revert
from valuekit.sync.merge import field_value
from valuekit_gui.common.errors import show_error, user_message
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.sync.status import SyncStatus

add_strings({
    "sync.conflicts_title": ("冲突（两边都改了同一字段）", "Conflicts (both sides changed the same field)"),
    "sync.rejected_title": ("被服务器拒绝的修改", "Changes the server refused"),
    "sync.col.row": ("条目", "Item"),
    "sync.col.field": ("字段", "Field"),
    "sync.col.base": ("原值", "Before"),
    "sync.col.mine": ("我的", "Mine"),
    "sync.col.theirs": ("对方的", "Theirs"),
    "sync.col.by": ("对方", "By"),
    "sync.col.reason": ("原因", "Reason"),
    "sync.keep_mine": ("保留我的", "Keep mine"),
    "sync.take_theirs": ("采用对方的", "Take theirs"),
    "sync.revert": ("恢复为团队版本", "Revert to the team's version"),
    "sync.none": ("没有冲突，也没有被拒绝的修改。", "No conflicts and no refused changes."),
    "sync.error": ("同步", "Sync"),
})


def _pick(record: dict[str, Any] | None, path: str) -> str:
    value = field_value(record, path)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _title(record: dict[str, Any] | None, row_id: str) -> str:
    if record:
        for key in ("title", "customer", "name"):
            if record.get(key):
                return str(record[key])
    return row_id[:8]


class SyncView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.status = SyncStatus(store, periodic=False)
        self.status.synced.connect(lambda _report: self.refresh())
        self.conflicts_label, self.rejected_label, self.empty = QLabel(), QLabel(), QLabel()
        self.conflicts = QTableWidget(0, 6)
        self.rejected = QTableWidget(0, 2)
        for table in (self.conflicts, self.rejected):
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
        self.keep_mine, self.take_theirs, self.revert = QPushButton(), QPushButton(), QPushButton()
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.revert.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.rejected, 1)
        layout.addWidget(self.revert)
        self._conflict_rows: list[tuple[str, str]] = []
        self._rejected_rows: list[tuple[str, str]] = []
        signals().language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        self.conflicts_label.setText(tr("sync.conflicts_title"))
        self.rejected_label.setText(tr("sync.rejected_title"))
        self.empty.setText(tr("sync.none"))
        self.keep_mine.setText(tr("sync.keep_mine"))
        self.take_theirs.setText(tr("sync.take_theirs"))
        self.revert.setText(tr("sync.revert"))
        self.conflicts.setHorizontalHeaderLabels([tr(f"sync.col.{c}") for c in
                                                  ("row", "field", "base", "mine", "theirs", "by")])
        self.rejected.setHorizontalHeaderLabels([tr("sync.col.row"), tr("sync.col.reason")])
        self.refresh()

    def refresh(self) -> None:
        found = state.conflicts(self.store.conn)
        refused = state.rejected(self.store.conn, current_language())
        self._conflict_rows = []
        self.conflicts.setRowCount(0)
        for c in found:
            for name in c.fields:
                row = self.conflicts.rowCount()
                self.conflicts.insertRow(row)
                cells = [f"{c.kind}: {_title(c.mine or c.theirs, c.id)}", name,
                         _pick(c.base, name), _pick(c.mine, name), _pick(c.theirs, name), c.theirs_by]
                for col, text in enumerate(cells):
                    self.conflicts.setItem(row, col, QTableWidgetItem(text))
                self._conflict_rows.append((c.kind, c.id))
        self.rejected.setRowCount(len(refused))
        self._rejected_rows = [(r.kind, r.id) for r in refused]
        for row, r in enumerate(refused):
            self.rejected.setItem(row, 0, QTableWidgetItem(f"{r.kind}: {_title(r.record, r.id)}"))
            self.rejected.setItem(row, 1, QTableWidgetItem(r.reason))
        self.empty.setVisible(not found and not refused)
        for widget in (self.keep_mine, self.take_theirs):
            widget.setEnabled(bool(found))
        self.revert.setEnabled(bool(refused))
        self.status.refresh()

    def _selected(self, table: QTableWidget, rows: list[tuple[str, str]]) -> tuple[str, str] | None:
        row = table.currentRow()
        if row < 0 and rows:
            row = 0
        return rows[row] if 0 <= row < len(rows) else None

    def _resolve(self, choice: str) -> None:
        chosen = self._selected(self.conflicts, self._conflict_rows)
        if chosen is not None:
            self._apply(lambda: resolve(self.store, chosen[0], chosen[1], choice))

    def _revert(self) -> None:
        chosen = self._selected(self.rejected, self._rejected_rows)
        if chosen is not None:
            self._apply(lambda: revert(self.store, chosen[0], chosen[1]))

    def _apply(self, action: Any) -> None:
        try:
            action()
        except ValueKitError as exc:
            show_error("warning", tr("sync.error"), user_message(exc))
        self.refresh()
