"""The figures of an ROI case as the core computed them: headline numbers, the scenario
table, each driver's formula, the sensitivity table and the same SVG charts as the PDF.
When the input is invalid the figures are cleared, never left stale."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.roi.charts import cashflow_chart_svg, driver_chart_svg
from valuekit.roi.text import label, money, pct, plain, source_badge
from valuekit.roi.types import RoiResultJSON
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.roi.trust import TrustPanel

add_strings({
    "roi.results": ("测算结果", "Results"),
    "roi.formulas": ("公式（代入客户数据）", "Formulas (with the customer's numbers)"),
    "roi.charts": ("图表", "Charts"),
    "roi.invalid": ("输入有误，结果未计算：", "Input needs fixing; no figures until it does:"),
    "roi.headline.annual": ("年度价值（全面采用）", "Annual value (full adoption)"),
    "roi.headline.npv": ("NPV（预期）", "NPV (expected)"),
    "roi.headline.roi": ("ROI（预期）", "ROI (expected)"),
    "roi.headline.payback": ("回收期（预期）", "Payback (expected)"),
    "roi.months": ("{n} 个月", "{n} months"),
    "roi.source": ("来源", "Source"),
})

Metric = Literal["total_benefit", "total_cost", "net_benefit", "npv", "roi", "irr", "payback_months"]
METRICS: tuple[Metric, ...] = ("total_benefit", "total_cost", "net_benefit", "npv", "roi", "irr",
                              "payback_months")


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def fit_height(table: QTableWidget, min_rows: int = 1) -> None:
    """Show every row without an inner scroll bar (the pane itself scrolls)."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    rows = max(rows, min_rows * table.verticalHeader().defaultSectionSize())
    table.setFixedHeight(rows + table.horizontalHeader().height() + 2 * table.frameWidth() + 2)


def _cell(text: str, right: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RoiResults(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: RoiResultJSON | None = None
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.error.hide()
        self.headline_labels: dict[str, tuple[QLabel, QLabel]] = {}
        headline = QGridLayout()
        for col, key in enumerate(("annual", "npv", "roi", "payback")):
            title, value = QLabel(), QLabel("—")
            value.setObjectName(f"headline_{key}")
            value.setStyleSheet("font-size: 18px; font-weight: bold; color: #1f4e79;")
            headline.addWidget(title, 0, col)
            headline.addWidget(value, 1, col)
            self.headline_labels[key] = (title, value)
        self.scenarios = _table(1)
        self.scenarios.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.formulas = _table(4)
        self.trust = TrustPanel()
        self.sensitivity = _table(4)
        self.sensitivity.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cashflow_chart = QSvgWidget()
        self.driver_chart = QSvgWidget()
        for chart in (self.cashflow_chart, self.driver_chart):
            chart.setMinimumHeight(220)
        self.boxes = {key: QGroupBox() for key in ("results", "formulas", "sensitivity", "charts")}
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(headline)
        layout.addWidget(self.trust)
        for key, widgets in (("results", [self.scenarios]), ("formulas", [self.formulas]),
                             ("sensitivity", [self.sensitivity]),
                             ("charts", [self.cashflow_chart, self.driver_chart])):
            box_layout = QVBoxLayout(self.boxes[key])
            for w in widgets:
                box_layout.addWidget(w)
            layout.addWidget(self.boxes[key])
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        for key, (title, _) in self.headline_labels.items():
            title.setText(tr(f"roi.headline.{key}"))
        self.boxes["results"].setTitle(tr("roi.results"))
        self.boxes["formulas"].setTitle(tr("roi.formulas"))
        self.boxes["sensitivity"].setTitle(label("sensitivity", current_language()))
        self.boxes["charts"].setTitle(tr("roi.charts"))
        self.show_result(self.result)

    def show_error(self, field: str, message: str) -> None:
        self.error.setText(f"{tr('roi.invalid')} {field}: {message}")
        self.error.show()
        self.show_result(None)

    def show_result(self, result: RoiResultJSON | None) -> None:
        """Fill every figure from the core's result; ``None`` clears them all."""
        self.result = result
        if result is not None:
            self.error.hide()
        lang = current_language()
        for table in (self.scenarios, self.formulas, self.sensitivity):
            table.setRowCount(0)
        for _, value in self.headline_labels.values():
            value.setText("—")
        self.cashflow_chart.load(QByteArray())
        self.driver_chart.load(QByteArray())
        for key in ("results", "formulas", "sensitivity"):
            self.boxes[key].setVisible(result is not None)
        self.trust.show_result(result)
        if result is None:
            self.boxes["charts"].hide()
            return
        self._headline(result, lang)
        self._scenario_table(result, lang)
        self._formula_table(result, lang)
        self._sensitivity_table(result, lang)
        self._charts(result, lang)
        for table in (self.scenarios, self.formulas, self.sensitivity):
            fit_height(table)

    def _headline(self, result: RoiResultJSON, lang: str) -> None:
        cur = result["currency"]
        main = result["scenarios"].get(result["sensitivity"]["scenario"]) or next(
            iter(result["scenarios"].values()))
        values = {
            "annual": money(result["annual_value"], cur),
            "npv": money(main["npv"], cur),
            "roi": "—" if main["roi"] is None else pct(main["roi"], 1),
            "payback": label("not_recovered", lang) if main["payback_months"] is None
            else tr("roi.months", n=plain(main["payback_months"])),
        }
        for key, text in values.items():
            self.headline_labels[key][1].setText(text)

    def _scenario_table(self, result: RoiResultJSON, lang: str) -> None:
        cur, names = result["currency"], list(result["scenarios"])
        table = self.scenarios
        table.setColumnCount(1 + len(names))
        table.setHorizontalHeaderLabels([label("scenario", lang)] + [label(n, lang) for n in names])
        for metric in METRICS:
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, _cell(label(metric, lang), right=False))
            for col, name in enumerate(names, start=1):
                s = result["scenarios"][name]
                value = s[metric]
                if value is None:
                    text = label("not_recovered", lang) if metric == "payback_months" else "—"
                elif metric in ("roi", "irr"):
                    text = pct(value, 1) + (label("ambiguous", lang)
                                            if metric == "irr" and s["irr_ambiguous"] else "")
                elif metric == "payback_months":
                    text = plain(value)
                else:
                    text = money(value, cur)
                table.setItem(row, col, _cell(text))

    def _formula_table(self, result: RoiResultJSON, lang: str) -> None:
        table = self.formulas
        table.setHorizontalHeaderLabels([tr("roi.name"), tr("roi.headline.annual"),
                                         tr("roi.formulas"), tr("roi.source")])
        for d in result["drivers"]:
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, _cell(d["name"], right=False))
            table.setItem(row, 1, _cell(money(d["annual_value"], result["currency"])))
            table.setItem(row, 2, _cell(d["formula"], right=False))
            # the driver's badge; each input's source and note in the tooltip
            badge = _cell(source_badge(d["source"], lang), right=False)
            badge.setToolTip("\n".join(
                f"{i['label']}: {source_badge(i['source'], lang)}" + (f" — {i['note']}" if i["note"] else "")
                for i in d["inputs"]))
            table.setItem(row, 3, badge)

    def _sensitivity_table(self, result: RoiResultJSON, lang: str) -> None:
        cur, table = result["currency"], self.sensitivity
        table.setHorizontalHeaderLabels([label("driver", lang), "NPV −20%", "NPV +20%", "Δ NPV"])
        for d in result["sensitivity"]["drivers"]:
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, _cell(d["name"], right=False))
            for col, amount in enumerate((d["npv_low"], d["npv_high"], d["swing"]), start=1):
                table.setItem(row, col, _cell(money(amount, cur)))

    def _charts(self, result: RoiResultJSON, lang: str) -> None:
        self.boxes["charts"].show()  # the same charts as the PDFs (valuekit/roi/charts.py)
        self.cashflow_chart.load(QByteArray(cashflow_chart_svg(result, lang).encode("utf-8")))
        self.driver_chart.load(QByteArray(driver_chart_svg(result, lang).encode("utf-8")))
