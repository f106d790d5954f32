"""The "recommended for …" panel at the top of the Library: pick an opportunity (its stage,
industry and first persona fill in) or a stage/industry/persona, and the library's best
trustworthy assets for it appear with the reason for each. Clicking one opens it.
Recommendations are computed off the main thread (``valuekit.library.recommend``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.library.recommend import Recommendation, recommend
from valuekit.library.vocabulary import list_values
from valuekit.sales.opportunity import chain_personas, list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.tasks import Cancelled, run_in_thread, with_store

add_strings({
    "rec.title": ("推荐给", "Recommended for"),
    "rec.opportunity": ("商机…", "Opportunity…"), "rec.any_industry_pick": ("任意行业", "Any industry"),
    "rec.any_persona": ("任意角色", "Any persona"),
    "rec.empty": ("该阶段没有可信的已验证素材：请标注阶段并验证素材。",
                  "No trustworthy verified asset fits; tag assets with the stage and verify them."),
    "rec.hide": ("收起推荐", "Hide recommendations"), "rec.show": ("显示推荐", "Show recommendations"),
    "rec.score": ("得分 {score}", "score {score}"),
})
LIMIT = 5


def compute(folder: Path, stage: str, industry: str | None, persona: str | None,
            lang: str) -> list[Recommendation]:
    return with_store(folder, lambda store: recommend(store, stage, industry, persona,
                                                      limit=LIMIT, lang=lang))


class RecommendPanel(QFrame):
    asset_chosen = Signal(str)
    shown = Signal(int)  # how many recommendations landed (tests, status)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._task: Any = None
        self._picked = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.opportunity, self.stage = QComboBox(), QComboBox()
        self.industry, self.persona = QComboBox(), QComboBox()
        self.opportunity.setObjectName("rec_opportunity")
        self.opportunity.setMinimumContentsLength(18)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.toggled.connect(self._toggled)
        self.results = QListWidget()
        self.results.setObjectName("rec_results")
        self.results.setFlow(QListView.Flow.LeftToRight)
        self.results.setWrapping(False)
        self.results.setWordWrap(True)
        self.results.setGridSize(QSize(340, 74))
        self.results.setFixedHeight(88)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.results.itemClicked.connect(self._chosen)
        self.results.itemActivated.connect(self._chosen)
        self.empty = QLabel()
        self.empty.setEnabled(False)
        self.empty.hide()
        row = QHBoxLayout()
        for widget in (self.title, self.opportunity, self.stage, self.industry, self.persona):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.results)
        layout.addWidget(self.empty)
        self._fill_choices()
        self.opportunity.activated.connect(self._opportunity_picked)
        for combo in (self.stage, self.industry, self.persona):
            combo.activated.connect(self._picked_by_hand)
        self.retranslate()  # and again from LibraryView.retranslate when the language changes

    def _fill_choices(self) -> None:
        lang = current_language()
        for combo, facet in ((self.stage, "stage"), (self.industry, "industry"), (self.persona, "persona")):
            current = combo.currentData()
            combo.clear()
            if facet == "industry":
                combo.addItem(tr("rec.any_industry_pick"), None)
            if facet == "persona":
                combo.addItem(tr("rec.any_persona"), None)
            for value in list_values(self.store.conn, facet):
                combo.addItem(value.label(lang) if facet != "stage" else value.value, value.value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        if self.stage.currentIndex() <= 0 and not self._picked:
            # A seller starts most often from a qualified deal: SQL until they pick.
            self.stage.setCurrentIndex(max(0, self.stage.findData("SQL")))
        self.opportunity.clear()
        self.opportunity.addItem(tr("rec.opportunity"), None)
        for opp in list_opportunities(self.store):
            self.opportunity.addItem(f"{opp['customer']} · {opp['stage']}", opp)

    def retranslate(self) -> None:
        self.title.setText(tr("rec.title"))
        self.toggle.setText(tr("rec.hide") if self.toggle.isChecked() else tr("rec.show"))
        self.empty.setText(tr("rec.empty"))
        self._fill_choices()
        self.refresh()

    def _toggled(self, on: bool) -> None:
        self.results.setVisible(on)
        self.empty.setVisible(on and not self.results.count())
        self.toggle.setText(tr("rec.hide") if on else tr("rec.show"))

    def _picked_by_hand(self, _index: int) -> None:
        self._picked = True
        self.refresh()

    def _opportunity_picked(self, _index: int) -> None:
        opp = self.opportunity.currentData()
        if not opp:
            return
        personas = chain_personas(opp)
        for combo, value in ((self.stage, opp.get("stage")), (self.industry, opp.get("industry")),
                             (self.persona, personas[0] if personas else None)):
            found = combo.findData(value)
            combo.setCurrentIndex(found if found >= 0 else 0)
        self._picked = True
        self.refresh()

    def choose(self, stage: str, industry: str | None = None, persona: str | None = None) -> None:
        """Set the stage/industry/persona (as a user would) and recommend for them."""
        self._picked = True
        for combo, value in ((self.stage, stage), (self.industry, industry), (self.persona, persona)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.refresh()

    def _failed(self, task: Any, exc: BaseException) -> None:
        # A superseded or cancelled request is not an error; anything else is reported.
        if task is self._task and not isinstance(exc, Cancelled):
            self._task = None
            errors.report_exception(exc)

    def refresh(self) -> None:
        stage = self.stage.currentData()
        if not stage:
            return
        if self._task is not None:
            self._task.cancel()
        task = run_in_thread(self, compute, self.store.path, stage, self.industry.currentData(),
                             self.persona.currentData(), current_language(),
                             on_done=lambda recs: self._show(task, recs),
                             on_error=lambda exc: self._failed(task, exc))
        self._task = task

    def _show(self, task: Any, recs: list[Recommendation]) -> None:
        if task is not self._task:
            return
        self._task = None
        self.results.clear()
        for rec in recs:
            item = QListWidgetItem(f"{rec.asset.title}\n{rec.reason}")
            item.setToolTip(f"{rec.asset.title}\n\n{rec.reason}\n{tr('rec.score', score=rec.score)}")
            item.setData(Qt.ItemDataRole.UserRole, rec.asset.id)
            item.setSizeHint(QSize(334, 68))
            self.results.addItem(item)
        on = self.toggle.isChecked()
        self.results.setVisible(on and bool(recs))
        self.empty.setVisible(on and not recs)
        self.shown.emit(len(recs))

    def _chosen(self, item: QListWidgetItem) -> None:
        asset_id = item.data(Qt.ItemDataRole.UserRole)
        if asset_id:
            self.asset_chosen.emit(asset_id)
