"""The Customers view: every won account with its tier, health light, realisation,
next contact due and overdue milestones (sortable), and the selected account's page.

Everything is computed by the core (``valuekit.value.accounts``) on a worker thread with
its own connection; the view keeps no SQL and no business rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit import i18n
from valuekit.db.store import Store
from valuekit.value.accounts import AccountDetail, AccountRow, account_detail, account_rows
from valuekit_gui.common.i18n import current_language, signals, tr
from valuekit_gui.common.tasks import run_in_thread, store_call
from valuekit_gui.customers.account_page import HEALTH_COLOURS, AccountPage, pct, unless_cancelled

COLUMNS = ("customer", "tier", "health", "realisation", "next_contact", "overdue")
HEALTH_ORDER = {"red": 0, "yellow": 1, "green": 2}
TIER_ORDER = {"benchmark": 0, "value_added": 1, "ordinary": 2}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class SortItem(QTableWidgetItem):
    """A cell that sorts by the value behind its text (74 % before 102 %, red before green)."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return bool(mine < theirs)


def _cell(text: str, key: Any) -> SortItem:
    item = SortItem(text)
    item.setData(SORT_ROLE, key)
    return item


class CustomersView(QWidget):
    loaded = Signal()
    detail_loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rows: list[AccountRow] = []
        self.current: str | None = None
        self._list_task: Any = None
        self._detail_task: Any = None
        self.refresh_action = QAction(self)
        self.refresh_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_action.triggered.connect(self.refresh)

        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # long customer names are elided (full name on the page) so every column stays in view
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 210)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        self.table.itemSelectionChanged.connect(self._selected)
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

        self.page = AccountPage(store.path)
        self.page.changed.connect(self._entry_stored)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.page)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([700, 740])  # every list column readable beside the account page
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        signals().language_changed.connect(self._language_changed)
        self.retranslate()
        self.refresh()

    def actions(self) -> list[QAction]:
        return [self.refresh_action]

    def retranslate(self, _lang: str = "") -> None:
        self.heading.setText(tr("customers.heading"))
        self.table.setHorizontalHeaderLabels([tr(f"customers.col_{c}") for c in COLUMNS])
        self.page.retranslate()

    def _language_changed(self, lang: str = "") -> None:
        self.retranslate(lang)
        self.refresh()  # health reasons and tier labels are worded in the language
        if self.current:
            self.show_account(self.current)  # …and so are the account page's figures and chart

    # -- loading ----------------------------------------------------------------------
    def refresh(self, *_args: Any) -> None:
        self.status.setText(tr("customers.loading"))
        if self._list_task is not None:
            self._list_task.cancel()
        task = run_in_thread(self, store_call(account_rows), self.store.path, date.today(), current_language(),
                             on_done=lambda rows: self._loaded(task, rows), on_error=unless_cancelled)
        self._list_task = task

    def _loaded(self, task: Any, rows: list[AccountRow]) -> None:
        if task is not self._list_task:
            return
        self._list_task = None
        self.rows = rows
        self.status.setText("" if rows else tr("customers.empty"))
        self._fill()
        self.loaded.emit()

    def _fill(self) -> None:
        lang = current_language()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        for n, row in enumerate(self.rows):
            health = _cell("● " + i18n.t("value.health." + row.health, lang), HEALTH_ORDER[row.health])
            health.setForeground(QColor(HEALTH_COLOURS[row.health]))
            health.setToolTip("\n".join(row.reasons))
            name = _cell(row.customer, row.customer)
            name.setData(Qt.ItemDataRole.UserRole, row.opportunity_id)
            due = _cell(row.next_contact_due, row.next_contact_due)
            if row.contact_overdue:
                due.setForeground(QColor(HEALTH_COLOURS["red"]))
            cells = (name, _cell(row.tier_label, TIER_ORDER.get(row.tier, 3)), health,
                     _cell(pct(row.realisation), -1.0 if row.realisation is None else row.realisation),
                     due, _cell(str(row.overdue_milestones), row.overdue_milestones))
            for column, cell in enumerate(cells):
                if column in (3, 5):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(n, column, cell)
        self.table.setSortingEnabled(True)
        target = self.current or (self.rows[0].opportunity_id if self.rows else None)
        for n in range(self.table.rowCount()):
            item = self.table.item(n, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == target:
                self.table.selectRow(n)
                break

    def _selected(self) -> None:
        items = self.table.selectedItems()
        opp_id = next((i.data(Qt.ItemDataRole.UserRole) for i in items if i.column() == 0), None)
        # a refilled list reselects the account already shown: no second load for it
        if opp_id and (opp_id != self.current or self.page.detail is None):
            self.show_account(str(opp_id))

    def show_account(self, opp_id: str) -> None:
        self.current = opp_id
        if self._detail_task is not None:
            self._detail_task.cancel()
        task = run_in_thread(self, store_call(account_detail), self.store.path, opp_id, date.today(),
                             current_language(), on_done=lambda d: self._detail(task, d),
                             on_error=unless_cancelled)
        self._detail_task = task

    def _detail(self, task: Any, detail: AccountDetail) -> None:
        if task is not self._detail_task:
            return
        self._detail_task = None
        self.page.show_detail(detail)
        self.detail_loaded.emit()

    def _entry_stored(self) -> None:
        self.refresh()
        if self.current:
            self.show_account(self.current)
