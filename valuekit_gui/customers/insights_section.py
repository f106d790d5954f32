"""The customer-success section of Insights, for marketing: accounts at risk (red or
yellow, with the reasons) and benchmark customers without a success story yet. Figures
come from ``valuekit.reports.accounts``, computed off the main thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit import i18n
from valuekit.reports.accounts import AccountInsights, account_insights
from valuekit.value.accounts import AccountRow
from valuekit_gui.common.i18n import current_language, tr
from valuekit_gui.common.tasks import run_in_thread, store_call
from valuekit_gui.customers.account_page import HEALTH_COLOURS, pct, unless_cancelled


def _tree() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(3)
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    return tree


class AccountsInsightsPage(QWidget):
    loaded = Signal()
    account_requested = Signal(str)  # an opportunity id: open it in the Customers view

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.data: AccountInsights | None = None
        self._task: Any = None
        self.risk_box, self.story_box = QGroupBox(), QGroupBox()
        self.risk_note, self.story_note = QLabel(), QLabel()
        self.at_risk, self.without_story = _tree(), _tree()
        row = QHBoxLayout(self)
        for box, note, tree in ((self.risk_box, self.risk_note, self.at_risk),
                                (self.story_box, self.story_note, self.without_story)):
            note.setWordWrap(True)
            note.setEnabled(False)
            layout = QVBoxLayout(box)
            layout.addWidget(note)
            layout.addWidget(tree)
            row.addWidget(box)
            tree.itemActivated.connect(self._activated)
        self.retranslate()

    def retranslate(self) -> None:
        self.risk_box.setTitle(tr("customers.at_risk"))
        self.story_box.setTitle(tr("customers.no_story"))
        self.risk_note.setText(tr("customers.at_risk_note"))
        self.story_note.setText(tr("customers.no_story_note"))
        headers = [tr("customers.col_customer"), tr("customers.col_health"), tr("customers.col_realisation")]
        self.at_risk.setHeaderLabels(headers)
        self.without_story.setHeaderLabels([tr("customers.col_customer"), tr("customers.col_tier"),
                                            tr("customers.col_realisation")])

    def refresh(self) -> None:
        if self._task is not None:
            self._task.cancel()
        task = run_in_thread(self, store_call(account_insights), self.folder, date.today(), current_language(),
                             on_done=lambda d: self._loaded(task, d), on_error=unless_cancelled)
        self._task = task

    def _loaded(self, task: Any, data: AccountInsights) -> None:
        if task is not self._task:
            return
        self._task = None
        self.data = data
        lang = current_language()
        self.at_risk.clear()
        for r in data.at_risk:
            item = QTreeWidgetItem([r.customer, i18n.t("value.health." + r.health, lang) + ": " + "; ".join(r.reasons),
                                    pct(r.realisation)])
            item.setForeground(1, QColor(HEALTH_COLOURS[r.health]))
            self._link(item, r)
            self.at_risk.addTopLevelItem(item)
        self._none(self.at_risk, data.at_risk)
        self.without_story.clear()
        for r in data.benchmarks_without_story:
            item = QTreeWidgetItem([r.customer, r.tier_label, pct(r.realisation)])
            self._link(item, r)
            self.without_story.addTopLevelItem(item)
        self._none(self.without_story, data.benchmarks_without_story)
        for tree in (self.at_risk, self.without_story):
            tree.resizeColumnToContents(0)
        self.loaded.emit()

    @staticmethod
    def _link(item: QTreeWidgetItem, row: AccountRow) -> None:
        item.setData(0, Qt.ItemDataRole.UserRole, row.opportunity_id)
        item.setToolTip(0, f"{row.customer}\n{tr('customers.open_hint')}")

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        opp_id = item.data(0, Qt.ItemDataRole.UserRole)
        if opp_id:
            self.account_requested.emit(str(opp_id))

    @staticmethod
    def _none(tree: QTreeWidget, rows: list[AccountRow]) -> None:
        if not rows:
            tree.addTopLevelItem(QTreeWidgetItem([tr("customers.none")]))
