"""The Funnel view (docs/methods.md §8): decompose a target with the R2R equation read
backwards, show the 60:30:10 split as hours, forecast the next month and quarter from open
deals weighted by the team's win probabilities, and the monthly review of one seller.
Every figure comes from ``valuekit.sales.funnel``; the view only reads what was typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.sales import funnel as fn
from valuekit_gui.common.errors import report_exception, user_message
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.common.tasks import run_in_thread, with_store
from valuekit_gui.funnel.chart import FunnelChart
from valuekit_gui.funnel.team_dialog import TeamSettingsDialog
from valuekit_gui.sales.amounts import typed_amount

add_strings({
    "fv.plan_box": ("分解年度目标（R2R 公式倒推）", "Decompose the yearly target (R2R equation backwards)"),
    "fv.target": ("新增收入目标", "New-revenue target"),
    "fv.avg_deal": ("平均客单价", "Average deal size"),
    "fv.rate_label": ("转化率 {step}", "Conversion {step}"),
    "fv.rate_measured": ("实测 {rate}（{n} 次）", "measured {rate} ({n} transitions)"),
    "fv.rate_needed": ("请填写（实测只有 {n} 次，至少 20 次）", "required (only {n} measured, 20 needed)"),
    "fv.hours": ("每周工作小时", "Hours per week"),
    "fv.compute": ("计算", "Plan"),
    "fv.split": ("60:30:10 → 每周 {new_market} 小时开拓新市场 · {keep_customers} 小时维护客户 · {planning} 小时规划",
                     "60:30:10 → per week {new_market} h winning new market · {keep_customers} h keeping customers · {planning} h planning"),
    "fv.row.RL": ("原始线索 RL", "Raw leads"),
    "fv.row.MQL": ("MQL", "MQL"),
    "fv.row.SQL": ("SQL", "SQL"),
    "fv.row.deals": ("成交", "Deals"),
    "fv.forecast_box": ("业绩预测（仅未成交商机，按阶段赢单概率加权）",
                            "Forecast (open deals only, weighted by stage win probability)"),
    "fv.owner": ("销售", "Seller"),
    "fv.everyone": ("全部", "Everyone"),
    "fv.as_of": ("基准日期", "As of"),
    "fv.month": ("下个月", "Next month"),
    "fv.window": ("<b>{name}</b>（{start} 至 {end} 前）：{n} 个商机，加权 <b>{weighted}</b>（未加权 {total}）",
                  "<b>{name}</b> ({start} to before {end}): {n} deals, weighted <b>{weighted}</b> (unweighted {total})"),
    "fv.quarter": ("下个季度", "Next quarter"),
    "fv.col.close": ("预计成交", "Close date"),
    "fv.col.customer": ("客户", "Customer"),
    "fv.col.stage": ("阶段", "Stage"),
    "fv.col.deal": ("金额", "Deal"),
    "fv.col.prob": ("概率", "Win prob."),
    "fv.col.weighted": ("加权", "Weighted"),
    "fv.not_forecast": ("未计入：{undated} 个没有预计成交日期，{past} 个已过期",
                            "Not forecast: {undated} without a close date, {past} past it"),
    "fv.review_box": ("月度复盘", "Monthly review"),
    "fv.review_pick": ("选择一位销售查看复盘。", "Pick a seller to see the review."),
    "fv.review_stage": ("{stage}：{n} 个", "{stage}: {n}"),
    "fv.review_gap": ("（计划 {need}，缺 {gap}）", " (plan {need}, short {gap})"),
    "fv.stale": ("30 天没有进展", "No activity for 30 days"),
    "fv.past": ("已过预计成交日期", "Past the close date"),
    "fv.days": ("{n} 天", "{n} d"),
    "fv.team": ("团队设置…", "Team settings…"),
    "fv.none": ("无", "None"),
})


def _money(values: dict[str, float]) -> str:
    return " + ".join(f"{amount:,.0f} {cur}" for cur, amount in sorted(values.items())) or "0"


def load_funnel(folder: Path, owner: str | None, as_of: str, plan: dict[str, Any] | None
                ) -> tuple[fn.Forecast, fn.Review | None, dict[str, fn.Conversion], list[str]]:
    """Forecast, review and the measured conversions on a worker thread's own connection."""
    def compute(store: Store) -> tuple[fn.Forecast, fn.Review | None, dict[str, fn.Conversion], list[str]]:
        forecast = fn.forecast(store, owner=owner, as_of=as_of)
        review = fn.review(store, owner, as_of=as_of, **(plan or {})) if owner else None
        return forecast, review, fn.measured_conversions(store), fn.owners(store)

    return with_store(folder, compute)


class FunnelView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setStyleSheet(INVALID_STYLE)
        self.plan: fn.FunnelPlan | None = None
        self._task: Any = None
        self.team_action = QAction(self)
        self.team_action.triggered.connect(lambda: self.edit_team_settings())

        self.plan_box = QGroupBox()
        form = QFormLayout(self.plan_box)
        self.target, self.avg_deal, self.hours = QLineEdit(), QLineEdit(), QLineEdit("40")
        self.rates = {step: QLineEdit() for step in fn.STEPS}
        self.labels: dict[str, QLabel] = {k: QLabel() for k in ("target", "avg_deal", "hours", *fn.STEPS)}
        form.addRow(self.labels["target"], self.target)
        form.addRow(self.labels["avg_deal"], self.avg_deal)
        for step in fn.STEPS:
            form.addRow(self.labels[step], self.rates[step])
        form.addRow(self.labels["hours"], self.hours)
        self.compute_button = QPushButton()
        self.compute_button.clicked.connect(self.compute_plan)
        form.addRow("", self.compute_button)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("QLabel { color: #a32020; }")
        self.error.hide()
        form.addRow(self.error)
        self.chart = FunnelChart()
        self.split = QLabel(wordWrap=True)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_box, 2)
        right = QVBoxLayout()
        right.addWidget(self.chart)
        right.addWidget(self.split)
        right.addStretch(1)
        plan_row.addLayout(right, 3)

        self.forecast_box = QGroupBox()
        forecast_layout = QVBoxLayout(self.forecast_box)
        controls = QHBoxLayout()
        self.owner_label, self.as_of_label = QLabel(), QLabel()
        self.owner = QComboBox()
        self.owner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.as_of = QLineEdit(date.today().isoformat())
        self.as_of.setMaximumWidth(110)
        self.as_of.editingFinished.connect(self.refresh)
        self.owner.currentIndexChanged.connect(self.refresh)
        for widget in (self.owner_label, self.owner, self.as_of_label, self.as_of):
            controls.addWidget(widget)
        controls.addStretch(1)
        forecast_layout.addLayout(controls)
        self.totals = QLabel(wordWrap=True)
        forecast_layout.addWidget(self.totals)
        self.deals = QTreeWidget()
        self.deals.setRootIsDecorated(False)
        self.deals.setMinimumHeight(160)
        self.deals.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        forecast_layout.addWidget(self.deals)
        self.review_box = QGroupBox()
        self.review_text = QLabel(wordWrap=True)
        QVBoxLayout(self.review_box).addWidget(self.review_text)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(plan_row)
        layout.addWidget(self.forecast_box)
        layout.addWidget(self.review_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.measured: dict[str, fn.Conversion] = {}
        self.forecast: fn.Forecast | None = None
        self.review: fn.Review | None = None
        self.retranslate()
        self.refresh()

    def actions(self) -> list[QAction]:  # toolbar actions while this view is current
        return [self.team_action]

    # -- labels ------------------------------------------------------------------------
    def retranslate(self, _lang: str = "") -> None:
        self.plan_box.setTitle(tr("fv.plan_box"))
        for key in ("target", "avg_deal", "hours"):
            self.labels[key].setText(tr(f"fv.{key}"))
        for step in fn.STEPS:
            self.labels[step].setText(tr("fv.rate_label", step=step.replace("-", " → ")))
        self.compute_button.setText(tr("fv.compute"))
        self.forecast_box.setTitle(tr("fv.forecast_box"))
        self.owner_label.setText(tr("fv.owner"))
        self.as_of_label.setText(tr("fv.as_of"))
        self.review_box.setTitle(tr("fv.review_box"))
        self.team_action.setText(tr("fv.team"))
        self.deals.setHeaderLabels([tr(f"fv.col.{c}") for c in
                                    ("close", "customer", "stage", "deal", "prob", "weighted")])
        if self.owner.count():
            self.owner.setItemText(0, tr("fv.everyone"))
        self._render_plan()
        self._render()

    # -- plan ----------------------------------------------------------------------------
    def _inputs(self) -> dict[str, Any]:
        rates = {step: typed_amount(edit.text()) for step, edit in self.rates.items() if edit.text().strip()}
        return {"target": typed_amount(self.target.text()), "avg_deal": typed_amount(self.avg_deal.text()), "rates": rates}

    def compute_plan(self) -> bool:
        clear_invalid(self)
        self.error.hide()
        inputs = self._inputs()
        try:
            self.plan = fn.plan_funnel(self.store, inputs["target"], inputs["avg_deal"], inputs["rates"])
            self.time = fn.time_split(typed_amount(self.hours.text()))
        except ValidationError as exc:
            self.plan = None
            widget = {"target": self.target, "avg_deal": self.avg_deal, "hours_per_week": self.hours}.get(
                exc.field, self.rates.get(exc.field.removeprefix("rate."), self.rates["RL-MQL"]))
            mark_invalid(widget, user_message(exc))
            self.error.setText(user_message(exc))
            self.error.show()
            self._render_plan()
            return False
        self._render_plan()
        self.refresh()
        return True

    def _render_plan(self) -> None:
        if self.plan is None:
            self.chart.set_rows([])
            self.split.setText("")
            return
        p = self.plan
        self.chart.set_rows([(tr("fv.row.RL"), p.RL), (tr("fv.row.MQL"), p.MQL),
                             (tr("fv.row.SQL"), p.SQL), (tr("fv.row.deals"), p.deals)])
        self.split.setText(tr("fv.split", **{k: f"{v:g}" for k, v in self.time.items()}))

    # -- forecast and review (off the main thread) ---------------------------------------
    def refresh(self, _lang: str = "") -> None:
        owner = self.owner.currentData() if self.owner.count() else None
        plan = None
        if self.plan is not None:
            plan = {"target": self.plan.target, "avg_deal": self.plan.avg_deal, "rates": self.plan.rates}
        if self._task is not None:
            self._task.cancel()
        as_of = self.as_of.text().strip()
        task = run_in_thread(self, load_funnel, self.store.path, owner, as_of, plan,
                             on_done=lambda r: self._loaded(task, r), on_error=lambda e: self._failed(task, e))
        self._task = task

    def _loaded(self, task: Any, result: tuple[Any, ...]) -> None:
        if task is not self._task:
            return
        self._task = None
        clear_invalid(self.as_of)
        self.forecast, self.review, self.measured, names = result
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(tr("fv.everyone"), None)
        for name in names:
            self.owner.addItem(name, name)
        self.owner.setCurrentIndex(max(0, self.owner.findData(current)))
        self.owner.blockSignals(False)
        self._render()

    def _failed(self, task: Any, exc: BaseException) -> None:
        if task is not self._task:
            return
        self._task = None
        if isinstance(exc, ValueKitError):
            mark_invalid(self.as_of, user_message(exc))
            self.totals.setText(user_message(exc))
            return
        report_exception(exc)

    def _render(self) -> None:
        for step, edit in self.rates.items():
            seen = self.measured.get(step)
            if seen is not None and seen.rate is not None:
                edit.setPlaceholderText(tr("fv.rate_measured", rate=f"{seen.rate:.0%}", n=seen.transitions))
            else:
                edit.setPlaceholderText(tr("fv.rate_needed", n=seen.transitions if seen else 0))
        f = self.forecast
        self.deals.clear()
        if f is None:
            return
        self.totals.setText("<br>".join([
            tr("fv.window", name=tr("fv.month"), start=f.next_month.start, end=f.next_month.end,
               weighted=_money(f.next_month.weighted), total=_money(f.next_month.unweighted),
               n=len(f.next_month.deals)),
            tr("fv.window", name=tr("fv.quarter"), start=f.next_quarter.start, end=f.next_quarter.end,
               weighted=_money(f.next_quarter.weighted), total=_money(f.next_quarter.unweighted),
               n=len(f.next_quarter.deals)),
            tr("fv.not_forecast", undated=f.undated, past=f.past_close)]))
        for d in f.next_quarter.deals:
            QTreeWidgetItem(self.deals, [d.close_date, d.customer, d.stage, f"{d.deal_size:,.0f} {d.currency}",
                                         f"{d.probability:.0%}", f"{d.weighted:,.0f}"])
        self._render_review()

    def _render_review(self) -> None:
        r = self.review
        if r is None:
            self.review_text.setText(tr("fv.review_pick"))
            return
        lines = []
        for stage, n in r.by_stage.items():
            line = tr("fv.review_stage", stage=stage, n=n)
            if r.plan is not None and stage in r.gaps:
                line += tr("fv.review_gap", need=getattr(r.plan, stage), gap=r.gaps[stage])
            lines.append(line)
        parts = [" · ".join(lines)]
        for title, items in ((tr("fv.stale"), r.stale), (tr("fv.past"), r.past_close)):
            rows = [f"{i.customer} ({i.stage}) — {tr('fv.days', n=i.days)}" for i in items]
            parts.append(f"<b>{title}</b>: " + ("; ".join(rows) or tr("fv.none")))
        self.review_text.setText("<br>".join(parts))

    # -- team settings ---------------------------------------------------------------------
    def edit_team_settings(self, show: bool = True) -> TeamSettingsDialog:
        dialog = TeamSettingsDialog(self.store, self)
        dialog.accepted.connect(self.refresh)
        if show:
            dialog.open()
        return dialog


