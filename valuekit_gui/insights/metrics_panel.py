"""Growth metrics in Insights: CLV, CAC, NPS, NRR and viral K with the formulas of
docs/methods.md §8, each compared with the seeds' benchmark. The figures come from
``valuekit.sales.metrics``; the panel only reads what was typed and shows the result."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from valuekit.errors import ValidationError
from valuekit.sales import metrics as mt
from valuekit_gui.common.errors import user_message
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.sales.amounts import typed_amount

# metric → (calculator, its inputs)
FIELDS: dict[str, tuple[Callable[..., mt.MetricResult], tuple[str, ...]]] = {
    "clv": (mt.clv, ("arr", "lifetime_years")),
    "cac": (mt.cac, ("marketing", "sales", "new_customers")),
    "nps": (mt.nps, ("promoters", "detractors", "respondents")),
    "nrr": (mt.nrr, ("start_mrr", "expansion", "contraction", "churn")),
    "viral": (mt.viral, ("invites", "conversion", "frequency")),
}

add_strings({
    "insights.tab_metrics": ("增长指标", "Growth metrics"),
    "metrics.compute": ("计算", "Compute"),
    "metrics.in.arr": ("年度经常性收入 ARR", "ARR per customer"),
    "metrics.in.lifetime_years": ("平均客户生命周期（年）", "Average lifetime (years)"),
    "metrics.in.marketing": ("市场费用", "Marketing spend"),
    "metrics.in.sales": ("销售费用", "Sales spend"),
    "metrics.in.new_customers": ("新客户数", "New customers"),
    "metrics.in.promoters": ("推荐者（9–10 分）", "Promoters (9–10)"),
    "metrics.in.detractors": ("贬损者（0–6 分）", "Detractors (0–6)"),
    "metrics.in.respondents": ("答卷人数", "Respondents"),
    "metrics.in.start_mrr": ("期初 MRR", "Start MRR"),
    "metrics.in.expansion": ("增购 MRR", "Expansion MRR"),
    "metrics.in.contraction": ("降级 MRR", "Contraction MRR"),
    "metrics.in.churn": ("流失 MRR", "Churned MRR"),
    "metrics.in.invites": ("每位用户的邀请数", "Invites per user"),
    "metrics.in.conversion": ("邀请转化率（0–1）", "Invite conversion (0–1)"),
    "metrics.in.frequency": ("邀请频次", "Invite frequency"),
})


class MetricsPanel(QWidget):
    """One small form per metric with its result line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.boxes: dict[str, QGroupBox] = {}
        self.inputs: dict[str, dict[str, QLineEdit]] = {}
        self.labels: dict[str, dict[str, QLabel]] = {}
        self.results: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        for n, (metric, (_, names)) in enumerate(FIELDS.items()):
            box = QGroupBox()
            form = QFormLayout(box)
            self.inputs[metric] = {name: QLineEdit() for name in names}
            self.labels[metric] = {name: QLabel() for name in names}
            for name in names:
                form.addRow(self.labels[metric][name], self.inputs[metric][name])
                self.inputs[metric][name].returnPressed.connect(lambda m=metric: self.compute(m))
            button = QPushButton()
            button.clicked.connect(lambda _=False, m=metric: self.compute(m))
            result = QLabel(wordWrap=True)
            result.setObjectName(f"result_{metric}")
            form.addRow(button)
            form.addRow(result)
            self.boxes[metric], self.buttons[metric], self.results[metric] = box, button, result
            grid.addWidget(box, n // 3, n % 3)
        grid.setRowStretch(2, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for metric, (_, names) in FIELDS.items():
            self.boxes[metric].setTitle(tr(f"metric.{metric}"))
            self.buttons[metric].setText(tr("metrics.compute"))
            for name in names:
                self.labels[metric][name].setText(tr(f"metrics.in.{name}"))

    def compute(self, metric: str) -> mt.MetricResult | None:
        """Compute one metric; a refused input is marked and named, nothing is shown as a result."""
        calculate, names = FIELDS[metric]
        clear_invalid(self.boxes[metric])
        values = {n: typed_amount(self.inputs[metric][n].text()) if self.inputs[metric][n].text().strip() else 0
                  for n in names}
        try:
            result = calculate(**values, lang=current_language())
        except ValidationError as exc:
            widget = self.inputs[metric].get(exc.field)
            if widget is not None:
                mark_invalid(widget, user_message(exc))
            self.results[metric].setText(f"<span style='color:#a32020'>{user_message(exc)}</span>")
            return None
        text = f"<b>{mt.shown(result)}</b> = {result.formula}"
        if result.benchmark:
            colour = "#1d7a3a" if result.verdict == "good" else "#a35a00"
            text += f"<br><span style='color:{colour}'>{tr('metric.' + result.verdict)}</span> — {result.benchmark}"
        self.results[metric].setText(text)
        return result
