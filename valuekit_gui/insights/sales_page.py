"""The salesperson's part of Insights: open deals, closing first, with their pitches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.i18n import formatting as fmt
from valuekit.reports.insights import SalesInsights
from valuekit_gui.common.i18n import current_language, tr
from valuekit_gui.insights.widgets import Card

SALES_COLUMNS = ("customer", "owner", "stage", "deal", "close", "pitch", "exports", "warnings")


class SalesPage(QWidget):
    """The salesperson's open deals, closing first, each with its pitches' completeness."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading, self.note = QLabel(), QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.note.setEnabled(False)
        self.cards = {key: Card() for key in ("open", "pipeline", "ready", "gaps")}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        self.tree = QTreeWidget()
        self.tree.setObjectName("sales_tree")
        self.tree.setColumnCount(len(SALES_COLUMNS))
        self.tree.setUniformRowHeights(True)
        for column in range(1, len(SALES_COLUMNS) - 1):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(0, 380)  # the warnings column takes the rest
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(cards)
        layout.addWidget(self.tree, 1)
        self.data: SalesInsights | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("insights.sales"))
        for key, card in self.cards.items():
            card.caption.setText(tr(f"insights.sales_{key}"))
        self.tree.setHeaderLabels([tr(f"insights.col_{c}") for c in SALES_COLUMNS])

    def show_sales(self, data: SalesInsights) -> None:
        self.data = data
        self.note.setText(tr("insights.owner", name=data.owner) if data.mine
                          else tr("insights.team", name=data.owner))
        pitches = [p for o in data.opportunities for p in o.pitches]
        self.cards["open"].number.setText(str(len(data.opportunities)))
        self.cards["pipeline"].number.setText(" + ".join(
            fmt.money(amount, currency, current_language(), headline=True)
            for currency, amount in sorted(data.pipeline.items())) or "–")
        self.cards["ready"].number.setText(str(sum(p.ready for p in pitches)))
        self.cards["gaps"].number.setText(str(sum(not p.ready for p in pitches)))
        self.tree.clear()
        for opp in data.opportunities:
            deal = fmt.money(opp.deal_size, opp.currency, current_language()) if opp.deal_size else "–"
            row = QTreeWidgetItem([opp.customer, opp.owner, opp.stage, deal, opp.close_date or "–",
                                   tr("insights.no_pitch") if not opp.pitches else "", "",
                                   "；".join(opp.warnings) if current_language() == "zh"
                                   else "; ".join(opp.warnings)])
            row.setData(0, Qt.ItemDataRole.UserRole, ("opportunity", opp.id))
            row.setToolTip(0, "\n".join([tr("insights.owner", name=opp.owner), *opp.warnings]))
            for pitch in opp.pitches:
                child = QTreeWidgetItem([pitch.title, "", "", "", pitch.updated_at[:10],
                                         tr("insights.steps", complete=pitch.complete,
                                            thin=pitch.thin, missing=pitch.missing),
                                         str(pitch.exports)])
                child.setData(0, Qt.ItemDataRole.UserRole, ("pitch", pitch.id))
                row.addChild(child)
            self.tree.addTopLevelItem(row)
            row.setExpanded(True)
        if not data.opportunities:
            self.tree.addTopLevelItem(QTreeWidgetItem([tr("insights.no_opportunities")]))
