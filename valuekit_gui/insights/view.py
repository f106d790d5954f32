"""Insights: how the library performs for marketing, and — when opportunities exist —
a salesperson's own deals. Figures come from ``valuekit.reports.insights``; clicking an asset
asks the window to open it in the library (``asset_requested``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.reports.insights import (
    AssetList,
    AssetRow,
    MarketingInsights,
    SalesInsights,
    marketing_insights,
    sales_available,
    sales_insights,
)
from valuekit_gui.common.errors import report_exception
from valuekit_gui.common.i18n import current_language, signals, tr
from valuekit_gui.common.tasks import run_in_thread, with_store
from valuekit_gui.customers.insights_section import AccountsInsightsPage
from valuekit_gui.insights.governance import GovernancePage
from valuekit_gui.insights.metrics_panel import MetricsPanel
from valuekit_gui.insights.sales_page import SalesPage
from valuekit_gui.insights.widgets import BarChart, Card
from valuekit_gui.shell.settings import current_user

LISTS = ("most_used", "highest_rated", "never_used", "unverified", "past_review", "untagged")
CARDS = ("total", "verified", "unverified", "never_used", "past_review", "untagged")


def _detail(key: str, row: AssetRow) -> str:
    """The figure that put an asset on a list, shown right of its title."""
    if key == "most_used":
        return tr("insights.uses", n=row.usage_count)
    if key == "highest_rated" and row.usefulness is not None:
        return tr("insights.rating", score=f"{row.usefulness:.1f}", n=row.rating_count)
    if key == "past_review":
        return (tr("insights.review_due", date=row.review_due) if row.review_due
                else tr("insights.updated", date=row.updated_at[:10]))
    if key == "untagged":
        return ("、" if current_language() == "zh" else ", ").join(
            tr(f"insights.facet.{f}") for f in row.missing)
    return tr("insights.updated", date=row.updated_at[:10])


def _asset_list(name: str) -> QTreeWidget:
    """A compact two-column list: the title (elided) and its figure."""
    widget = QTreeWidget()
    widget.setObjectName(name)
    widget.setColumnCount(2)
    widget.setHeaderHidden(True)
    widget.setRootIsDecorated(False)
    widget.setUniformRowHeights(True)
    widget.setMinimumHeight(150)
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = widget.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return widget


def load_insights(folder: Path, owner: str, lang: str) -> tuple[MarketingInsights, SalesInsights | None]:
    """Both halves of the screen, computed on a worker thread's own connection."""
    def compute(store: Store) -> tuple[MarketingInsights, SalesInsights | None]:
        sales = sales_insights(store, owner, lang=lang) if sales_available() else None
        return marketing_insights(store), sales

    return with_store(folder, compute)


class InsightsView(QWidget):
    """The Insights screen over one library: a Marketing tab and, with opportunities,
    a Sales tab for the user named in Settings."""

    asset_requested = Signal(str)
    opportunity_requested = Signal(str)
    account_requested = Signal(str)
    pitch_requested = Signal(str)
    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.data: MarketingInsights | None = None
        self.sales: SalesInsights | None = None
        self._task: Any = None
        self.refresh_action = QAction(self)
        self.refresh_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_action.triggered.connect(self.refresh)

        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.4)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.status = QLabel()
        self.status.setEnabled(False)
        self.cards = {key: Card() for key in CARDS}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        # Left: the two bar charts stacked; right: the six lists in a 3 × 2 grid.
        self.stage_chart, self.format_chart = BarChart(), BarChart()
        self.stage_box, self.format_box = QGroupBox(), QGroupBox()
        charts = QVBoxLayout()
        for box, chart in ((self.stage_box, self.stage_chart), (self.format_box, self.format_chart)):
            QVBoxLayout(box).addWidget(chart)
            charts.addWidget(box)
        charts.addStretch(1)

        self.lists: dict[str, QTreeWidget] = {}
        self.list_boxes: dict[str, QGroupBox] = {}
        self.list_notes: dict[str, QLabel] = {}
        grid = QGridLayout()
        for n, key in enumerate(LISTS):
            box, widget, note = QGroupBox(), _asset_list(f"list_{key}"), QLabel()
            widget.itemClicked.connect(self._item_clicked)
            widget.itemActivated.connect(self._item_clicked)
            note.setEnabled(False)
            note.setWordWrap(True)
            layout = QVBoxLayout(box)
            layout.addWidget(note)
            layout.addWidget(widget)
            self.lists[key], self.list_boxes[key], self.list_notes[key] = widget, box, note
            grid.addWidget(box, n // 3, n % 3)

        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.status)
        layout.addLayout(top)
        layout.addLayout(cards)
        body = QHBoxLayout()
        body.addLayout(charts, 2)
        body.addLayout(grid, 5)
        layout.addLayout(body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.sales_page = SalesPage()
        self.sales_page.tree.itemActivated.connect(self._sales_activated)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scroll, "")
        if sales_available():
            self.tabs.addTab(self.sales_page, "")
        self.metrics_panel = MetricsPanel()  # issue 16: growth metrics with the seeds' benchmarks
        self.tabs.addTab(self.metrics_panel, "")
        self.governance = GovernancePage(store)  # issue 15's section, its own tab
        self.governance.asset_requested.connect(self.asset_requested)
        self.tabs.addTab(self.governance, "")
        self.accounts_page = AccountsInsightsPage(store.path)  # customer success (issue 17)
        self.accounts_page.account_requested.connect(self.account_requested)
        self.tabs.addTab(self.accounts_page, "")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)

        signals().language_changed.connect(self.retranslate)
        signals().language_changed.connect(self.refresh)  # the sales warnings are worded in it
        self.retranslate()
        self.refresh()

    def actions(self) -> list[QAction]:  # toolbar actions while this view is current
        return [self.refresh_action]

    # -- loading ----------------------------------------------------------------------
    def refresh(self, _lang: str = "") -> None:
        """Recount everything off the main thread (100k assets take a moment); an answer
        to an older request is dropped."""
        self.status.setText(tr("insights.loading"))
        self.governance.refresh()
        if self._task is not None:
            self._task.cancel()
        self.accounts_page.refresh()
        task = run_in_thread(self, load_insights, self.store.path, current_user(),
                             current_language(), on_done=lambda r: self._loaded(task, r),
                             on_error=lambda e: self._failed(task, e))
        self._task = task

    def _loaded(self, task: Any, result: tuple[MarketingInsights, SalesInsights | None]) -> None:
        if task is not self._task:
            return
        self._task = None
        self.data, self.sales = result
        self.status.setText("")
        self._render()
        self.loaded.emit()

    def _failed(self, task: Any, exc: BaseException) -> None:
        if task is self._task:
            self._task = None
            self.status.setText("")
            report_exception(exc)

    # -- showing ----------------------------------------------------------------------
    def retranslate(self, _lang: str = "") -> None:
        self.heading.setText(tr("insights.marketing"))
        self.tabs.setTabText(0, tr("insights.tab_marketing"))
        self.tabs.setTabText(self.tabs.indexOf(self.accounts_page), tr("customers.insights_tab"))
        self.accounts_page.retranslate()
        if sales_available():
            self.tabs.setTabText(1, tr("insights.tab_sales"))
        self.tabs.setTabText(self.tabs.indexOf(self.governance), tr("gov.tab"))
        self.governance.retranslate()
        self.sales_page.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.metrics_panel), tr("insights.tab_metrics"))
        self.metrics_panel.retranslate()
        self.refresh_action.setText(tr("insights.refresh"))
        for key, card in self.cards.items():
            card.caption.setText(tr(f"insights.{key}"))
        self.stage_box.setTitle(tr("insights.by_stage"))
        self.format_box.setTitle(tr("insights.by_format"))
        for key, box in self.list_boxes.items():
            box.setTitle(tr(f"insights.{key}"))
        self._render()

    def _render(self) -> None:
        data = self.data
        if data is None:
            return
        lang = current_language()
        figures = {"total": data.total, "verified": data.verified,
                   "unverified": data.unverified.total, "never_used": data.never_used.total,
                   "past_review": data.past_review.total, "untagged": data.untagged.total}
        for key, card in self.cards.items():
            card.number.setText(f"{figures[key]:,}")
        self.stage_chart.set_rows([(c.label(lang), c.count) for c in data.by_stage])
        self.format_chart.set_rows([(c.label(lang), c.count) for c in data.by_format])
        for key in LISTS:
            self._fill(key, getattr(data, key))
        if self.sales is not None:
            self.sales_page.show_sales(self.sales)

    def _fill(self, key: str, result: AssetList) -> None:
        widget = self.lists[key]
        widget.clear()
        for row in result.items:
            item = QTreeWidgetItem([row.title, _detail(key, row)])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(0, f"{row.title}\n{tr('insights.open_hint')}")
            item.setForeground(1, self.palette().placeholderText())
            widget.addTopLevelItem(item)
        if not result.items:
            empty = QTreeWidgetItem([tr("insights.empty"), ""])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addTopLevelItem(empty)
        hints = {"untagged": tr("insights.untagged_hint"),
                 "past_review": tr("insights.past_review_hint")}
        count = tr("insights.of_total", total=f"{result.total:,}", shown=len(result.items)) \
            if result.total > len(result.items) else ""
        self.list_notes[key].setText(" · ".join(t for t in (hints.get(key, ""), count) if t))
        self.list_notes[key].setVisible(bool(self.list_notes[key].text()))

    def _item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        asset_id = item.data(0, Qt.ItemDataRole.UserRole)
        if asset_id:
            self.asset_requested.emit(asset_id)

    def _sales_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind, record_id = item.data(0, Qt.ItemDataRole.UserRole) or ("", "")
        if kind == "opportunity":
            self.opportunity_requested.emit(record_id)
        elif kind == "pitch":
            self.pitch_requested.emit(record_id)
