"""Insights › Trust and journey: reviews due per owner, expired assets still in use, how
use turns out per stage, and the customer journey's coverage gaps (rule of three).
Figures from ``valuekit.reports.governance``, computed off the main thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.library.usage_stats import OUTCOME_BUCKETS
from valuekit.library.vocabulary import value_labels
from valuekit.reports.governance import GovernanceInsights, governance_insights
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.tasks import Cancelled, run_in_thread, with_store
from valuekit_gui.insights.journey_editor import JourneyEditor

add_strings({
    "gov.tab": ("信任与旅程", "Trust && journey"),
    "gov.heading": ("内容治理与客户旅程", "Content governance and the customer journey"),
    "gov.journey": ("客户旅程图（双击单元格编辑；形式与认知可用中文或英文）",
                    "Customer journey map (double-click a cell to edit; formats and steps in either language)"),
    "gov.due_by_owner": ("按负责人：待复核", "Due for review, per owner"),
    "gov.expired_used": ("已过期但仍在使用", "Expired but still used"),
    "gov.usage_by_stage": ("各阶段使用结果", "Use by stage and outcome"),
    "gov.coverage": ("旅程覆盖缺口（每阶段约 3 件好内容）", "Journey coverage gaps (about three good pieces per stage)"),
    "gov.col_owner": ("负责人", "Owner"), "gov.col_overdue": ("已逾期", "Overdue"),
    "gov.col_soon": ("30 天内到期", "Due in 30 days"), "gov.col_title": ("素材", "Asset"),
    "gov.col_expired": ("过期日", "Expired"), "gov.col_uses": ("过期后使用", "Uses since"),
    "gov.col_stage": ("阶段", "Stage"), "gov.col_industry": ("行业", "Industry"),
    "gov.col_have": ("现有", "Have"), "gov.col_gap": ("缺", "Missing"),
    "gov.none": ("（无）", "(none)"), "gov.no_owner": ("（未指定）", "(no owner)"),
    "gov.general": ("通用", "general"),
    "gov.coverage_note": ("{gaps} / {cells} 个阶段×行业组合少于 3 件可信内容",
                          "{gaps} of {cells} stage × industry cells have fewer than three trustworthy pieces"),
})


def _load(store: Store) -> tuple[GovernanceInsights, dict[tuple[str, str], Any]]:
    """Worker side: the figures and the vocabulary's labels to show them with."""
    return governance_insights(store), value_labels(store.conn)


def _tree(name: str, columns: int) -> QTreeWidget:
    widget = QTreeWidget()
    widget.setObjectName(name)
    widget.setColumnCount(columns)
    widget.setRootIsDecorated(False)
    widget.setUniformRowHeights(True)
    widget.setMinimumHeight(160)
    header = widget.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return widget


class GovernancePage(QWidget):
    """The trust-and-journey section of Insights (its own tab)."""

    asset_requested = Signal(str)
    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = store.path
        self.journey = JourneyEditor(store)
        self.journey.saved.connect(lambda _stage: self.refresh())  # coverage follows the map
        self.data: GovernanceInsights | None = None
        self.labels: dict[tuple[str, str], Any] = {}
        self._task: Any = None
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.owners = _tree("gov_owners", 3)
        self.expired = _tree("gov_expired", 3)
        self.usage = _tree("gov_usage", 1 + len(OUTCOME_BUCKETS))
        self.coverage = _tree("gov_coverage", 4)
        self.coverage_note = QLabel()
        self.coverage_note.setEnabled(False)
        self.expired.itemActivated.connect(self._open)
        self.expired.itemClicked.connect(self._open)
        self.boxes: dict[str, QGroupBox] = {}
        grid = QGridLayout()
        for n, (key, widget) in enumerate((("due_by_owner", self.owners), ("expired_used", self.expired),
                                           ("usage_by_stage", self.usage), ("coverage", self.coverage))):
            box = QGroupBox()
            layout = QVBoxLayout(box)
            if key == "coverage":
                layout.addWidget(self.coverage_note)
            layout.addWidget(widget)
            self.boxes[key] = box
            grid.addWidget(box, n // 2, n % 2)
        self.journey_box = QGroupBox()
        QVBoxLayout(self.journey_box).addWidget(self.journey)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addWidget(self.journey_box)
        outer.addLayout(grid, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("gov.heading"))
        self.journey_box.setTitle(tr("gov.journey"))
        self.journey.retranslate()
        for key, box in self.boxes.items():
            box.setTitle(tr(f"gov.{key}"))
        self.owners.setHeaderLabels([tr("gov.col_owner"), tr("gov.col_overdue"), tr("gov.col_soon")])
        self.expired.setHeaderLabels([tr("gov.col_title"), tr("gov.col_expired"), tr("gov.col_uses")])
        self.usage.setHeaderLabels([tr("gov.col_stage")] + [tr(f"usage.{o}") for o in OUTCOME_BUCKETS])
        self.coverage.setHeaderLabels([tr("gov.col_stage"), tr("gov.col_industry"), tr("gov.col_have"),
                                       tr("gov.col_gap")])
        self._render()

    def _failed(self, task: Any, exc: BaseException) -> None:
        # A superseded or cancelled request is not an error; anything else is reported.
        if task is self._task and not isinstance(exc, Cancelled):
            self._task = None
            errors.report_exception(exc)

    def refresh(self) -> None:
        if self._task is not None:
            self._task.cancel()
        task = run_in_thread(self, with_store, self.folder, _load,
                             on_done=lambda result: self._loaded(task, *result),
                             on_error=lambda exc: self._failed(task, exc))
        self._task = task

    def _loaded(self, task: Any, data: GovernanceInsights, labels: dict[tuple[str, str], Any]) -> None:
        if task is not self._task:
            return
        self._task = None
        self.data, self.labels = data, labels
        self._render()
        self.loaded.emit()

    def _label(self, facet: str, value: str) -> str:
        known = self.labels.get((facet, value))
        return known.label(current_language()) if known else value

    @staticmethod
    def _rows(widget: QTreeWidget, rows: list[list[str]], ids: list[str] | None = None,
              text_columns: int = 1) -> None:
        widget.clear()
        for n, row in enumerate(rows):
            item = QTreeWidgetItem(row)
            for column in range(text_columns, len(row)):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if ids:
                item.setData(0, Qt.ItemDataRole.UserRole, ids[n])
            widget.addTopLevelItem(item)
        if not rows:
            empty = QTreeWidgetItem([tr("gov.none")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addTopLevelItem(empty)

    def _render(self) -> None:
        data = self.data
        if data is None:
            return
        self._rows(self.owners, [[o.owner or tr("gov.no_owner"), str(o.overdue), str(o.due_soon)]
                                 for o in data.due_by_owner])
        self._rows(self.expired, [[e.title, e.expires_on, str(e.uses_since)] for e in data.expired_used],
                   [e.id for e in data.expired_used])
        table: dict[str, dict[str, int]] = {}
        for stage, outcome, uses in data.usage_by_stage:
            table.setdefault(stage, dict.fromkeys(OUTCOME_BUCKETS, 0))[outcome] = uses
        self._rows(self.usage, [[stage, *(str(counts[o]) for o in OUTCOME_BUCKETS)]
                                for stage, counts in table.items()])
        self._rows(self.coverage, [[c.stage, self._label("industry", c.industry) if c.industry
                                    else tr("gov.general"), str(c.count), str(c.gap)]
                                   for c in data.coverage_gaps], text_columns=2)
        self.coverage_note.setText(tr("gov.coverage_note", gaps=len(data.coverage_gaps),
                                      cells=data.coverage_cells))

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        asset_id = item.data(0, Qt.ItemDataRole.UserRole)
        if asset_id:
            self.asset_requested.emit(asset_id)
