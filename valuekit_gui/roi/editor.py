"""The ROI case form: general settings, drivers (with the inputs of the selected one),
costs and scenarios. It turns what the user typed into the case document and marks the
field the core's validation names; it never judges a value itself.

Numbers are read the way people write them (45万, ¥1,200,000, 8% for a rate) by the one
parser, ``valuekit.i18n.numbers``; an entry it cannot read is refused naming its field.
The editor never blanks: a new driver or cost row is incomplete (shown greyed, listed
with what it needs) and the figures stay computed from the complete rows."""

from __future__ import annotations

import re
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.roi.model import DRIVER_INPUTS, OPTIONAL_INPUTS
from valuekit.roi.templates import driver_from_template
from valuekit.roi.types import IncompleteJSON, RoiCaseInput
from valuekit_gui.common.draft_doc import Draft
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.roi.inputs import (
    GREY,
    InputRow,
    PairTable,
    as_number,
    document_value,
    shown,
    template_menu,
    value_of,
)
from valuekit_gui.roi.results import fit_height

add_strings({
    "roi.general": ("基本设置", "General"),
    "roi.name": ("名称", "Name"),
    "roi.customer": ("客户", "Customer"),
    "roi.currency": ("币种", "Currency"),
    "roi.years": ("年限（年）", "Horizon (years)"),
    "roi.discount_rate": ("折现率（8% 或 0.08）", "Discount rate (8% or 0.08)"),
    "roi.ramp": ("采用率爬坡（每年，逗号分隔）", "Adoption ramp (per year, comma-separated)"),
    "roi.drivers": ("价值驱动因素", "Value drivers"),
    "roi.kind": ("类型", "Kind"),
    "roi.driver_inputs": ("所选驱动因素的输入", "Inputs of the selected driver"),
    "roi.note": ("备注", "Note"),
    "roi.add": ("添加", "Add"),
    "roi.remove": ("删除", "Remove"),
    "roi.one_time": ("一次性成本（第 0 期）", "One-time costs (period 0)"),
    "roi.recurring": ("年度经常性成本", "Recurring costs (every year)"),
    "roi.amount": ("金额", "Amount"),
    "roi.scenarios": ("情景（收益系数）", "Scenarios (benefit factor)"),
    "roi.factor": ("系数", "Factor"),
    "roi.kind.time_saved": ("节省时间", "Time saved"),
    "roi.kind.revenue_uplift": ("收入提升", "Revenue uplift"),
    "roi.kind.cost_reduction": ("成本降低", "Cost reduction"),
    "roi.kind.risk_avoidance": ("风险规避", "Risk avoidance"),
    "roi.kind.custom": ("自定义", "Custom"),
    "roi.in.people": ("人数", "People"),
    "roi.in.hours_per_week": ("每人每周节省小时", "Hours saved per person per week"),
    "roi.in.weeks_per_year": ("每年工作周数", "Working weeks per year"),
    "roi.in.hourly_cost": ("每小时人力成本", "Hourly cost"),
    "roi.in.baseline_revenue": ("基准年收入", "Baseline annual revenue"),
    "roi.in.uplift_pct": ("收入提升比例（如 3%）", "Uplift (e.g. 3%)"),
    "roi.in.margin_pct": ("毛利率（如 35%）", "Margin (e.g. 35%)"),
    "roi.in.baseline_cost": ("基准年成本", "Baseline annual cost"),
    "roi.in.reduction_pct": ("降低比例（如 15%）", "Reduction (e.g. 15%)"),
    "roi.in.annual_probability": ("年发生概率（如 10%）", "Annual probability (e.g. 10%)"),
    "roi.in.impact": ("单次损失金额", "Impact per occurrence"),
    "roi.in.annual_value": ("年度价值", "Annual value"),
})
class RoiEditor(QWidget):
    """Edits one case document; emits ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self._loading = False
        self.drivers: list[Draft] = []
        self.extra: Draft = {}
        self.input_edits: dict[str, QLineEdit] = {}
        self.name = QLineEdit()
        self.customer = QLineEdit()
        self.currency = QComboBox(editable=True)
        self.currency.addItems(["CNY", "USD", "EUR"])
        self.years = QSpinBox(minimum=1, maximum=10)
        self.rate = QLineEdit()
        self.ramp = QLineEdit()
        self.general = QGroupBox()
        self.general_form = QFormLayout(self.general)
        self.general_labels = [QLabel() for _ in range(6)]
        for lbl, w in zip(self.general_labels, (self.name, self.customer, self.currency,
                                                self.years, self.rate, self.ramp), strict=True):
            self.general_form.addRow(lbl, w)
        self.driver_table = QTableWidget(0, 2)
        self.driver_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.driver_table.verticalHeader().setVisible(False)
        self.driver_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.driver_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.driver_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for signal in (self.driver_table.model().rowsInserted, self.driver_table.model().rowsRemoved):
            signal.connect(lambda *_: fit_height(self.driver_table, 2))
        self.inputs_box = QGroupBox()
        self.inputs_form = QFormLayout(self.inputs_box)
        self.drivers_box = QGroupBox()
        dl = QVBoxLayout(self.drivers_box)
        dl.addWidget(self.driver_table)
        driver_buttons = self._buttons(self._add_driver, self._remove_driver)
        self.template_button = QPushButton()
        self.template_button.setObjectName("from_template")
        self.template_button.setMenu(template_menu(self, self.add_from_template))
        driver_buttons.insertWidget(2, self.template_button)
        dl.addLayout(driver_buttons)
        dl.addWidget(self.inputs_box)
        self.one_time = PairTable("amount")
        self.recurring = PairTable("amount")
        self.scenarios = PairTable("factor")
        self.tables: dict[str, tuple[QGroupBox, PairTable]] = {}
        layout = QVBoxLayout(self)
        # the pane scrolls: never squeeze the form below what its rows need
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.general)
        layout.addWidget(self.drivers_box)
        for key, table in (("one_time", self.one_time), ("recurring", self.recurring),
                           ("scenarios", self.scenarios)):
            box = QGroupBox()
            bl = QVBoxLayout(box)
            bl.addWidget(table)
            bl.addLayout(self._buttons(table.add_row, table.remove_selected))
            table.itemChanged.connect(self._emit)
            self.tables[key] = (box, table)
            layout.addWidget(box)
        layout.addStretch(1)
        for edit in (self.name, self.customer, self.rate, self.ramp):
            edit.textChanged.connect(self._emit)
        self.currency.currentTextChanged.connect(self._emit)
        self.years.valueChanged.connect(self._emit)
        self.driver_table.itemChanged.connect(self._driver_renamed)
        self.driver_table.itemSelectionChanged.connect(self._show_inputs)
        self.retranslate()

    def _buttons(self, on_add: Any, on_remove: Any) -> QHBoxLayout:
        row = QHBoxLayout()
        add, remove = QPushButton(tr("roi.add")), QPushButton(tr("roi.remove"))
        add.setObjectName("add")
        remove.setObjectName("remove")
        add.clicked.connect(lambda: self._then_emit(on_add))
        remove.clicked.connect(lambda: self._then_emit(on_remove))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    def _then_emit(self, action: Any) -> None:
        action()
        self._emit()

    def retranslate(self, _lang: str = "") -> None:
        self.general.setTitle(tr("roi.general"))
        for lbl, key in zip(self.general_labels, ("name", "customer", "currency", "years",
                                                  "discount_rate", "ramp"), strict=True):
            lbl.setText(tr(f"roi.{key}"))
        self.drivers_box.setTitle(tr("roi.drivers"))
        self.inputs_box.setTitle(tr("roi.driver_inputs"))
        self.driver_table.setHorizontalHeaderLabels([tr("roi.kind"), tr("roi.name")])
        titles = {"one_time": "roi.one_time", "recurring": "roi.recurring",
                  "scenarios": "roi.scenarios"}
        for key, (box, table) in self.tables.items():
            box.setTitle(tr(titles[key]))
            table.setHorizontalHeaderLabels([tr("roi.name"), tr(f"roi.{table.second}")])
        for b in self.findChildren(QPushButton):
            b.setText(tr(f"roi.{b.objectName()}"))
        for row in range(self.driver_table.rowCount()):
            combo = cast(QComboBox, self.driver_table.cellWidget(row, 0))
            for i, kind in enumerate(DRIVER_INPUTS):
                combo.setItemText(i, tr(f"roi.kind.{kind}"))
        self._show_inputs()

    # -- document in and out -----------------------------------------------------------
    def load(self, doc: RoiCaseInput | Draft, customer: str = "") -> None:
        self._loading = True
        try:
            self.name.setText(str(doc.get("name", "")))
            self.customer.setText(customer)
            self.currency.setCurrentText(str(doc.get("currency", "CNY")))
            years = doc.get("years", 3)
            self.years.setValue(int(years) if isinstance(years, int | float) else 3)
            self.rate.setText(shown(doc.get("discount_rate", "")))
            self.ramp.setText(", ".join(shown(v) for v in doc.get("ramp", [])))
            self.drivers = [dict(d) for d in doc.get("drivers", [])]
            # what the form has no widget for travels through untouched (flags acknowledged
            # with a reason, the customer and notes fields of an imported file)
            self.extra = {k: doc[k] for k in ("acknowledged", "notes") if k in doc}
            self.driver_table.setRowCount(0)
            for d in self.drivers:
                self._append_driver_row(d)
            costs = doc.get("costs", {})
            self.one_time.set_rows([(c.get("name", ""), c.get("amount")) for c in costs.get("one_time", [])])
            self.recurring.set_rows([(c.get("name", ""), c.get("amount")) for c in costs.get("recurring", [])])
            self.scenarios.set_rows(list(doc.get("scenarios", {}).items()))
            if self.drivers:
                self.driver_table.selectRow(0)
            self._show_inputs()
        finally:
            self._loading = False
        self.clear_marks()
        self.changed.emit()

    def document(self) -> Draft:
        """The case document of the form. A number that cannot be read raises the
        ``ValidationError`` naming its field; incomplete drivers are marked so, and
        incomplete cost rows are left out, so the figures come from the complete rows."""
        ramp_text = self.ramp.text().strip()
        doc: Draft = {
            "name": self.name.text().strip(),
            "currency": self.currency.currentText().strip(),
            "years": self.years.value(),
            "discount_rate": as_number(self.rate.text(), "discount_rate", percent=True),
            "drivers": [self._driver_document(i, d) for i, d in enumerate(self.drivers)],
            "costs": {key: [{"name": n, "amount": v} for n, v in table.rows(f"costs.{key}")]
                      for key, table in (("one_time", self.one_time), ("recurring", self.recurring))},
            **self.extra,
        }
        scenarios = dict(self.scenarios.rows("scenarios"))
        if scenarios or self.scenarios.rowCount():
            doc["scenarios"] = scenarios  # an empty table means the default three
        if ramp_text:
            doc["ramp"] = [as_number(p, f"ramp[{i}]", percent=True)
                           for i, p in enumerate(ramp_text.replace("，", ",").split(","))]
        return doc

    def _driver_document(self, index: int, driver: dict[str, Any]) -> dict[str, Any]:
        kind = driver.get("kind", "custom")
        out = {k: v for k, v in driver.items() if k != "incomplete"}
        for key in DRIVER_INPUTS.get(kind, ()):
            if key in out:
                out[key] = document_value(out[key], f"drivers[{index}].{key}", key)
        required = [k for k in DRIVER_INPUTS.get(kind, ()) if k not in OPTIONAL_INPUTS.get(kind, {})]
        if not str(out.get("name") or "").strip() or any(k not in out for k in required):
            out["incomplete"] = True
        return out

    def mark_incomplete(self, drivers: list[IncompleteJSON]) -> None:
        """Grey the driver rows the core left out of the figures, with what each needs."""
        needs = {d["position"]: d["needs"] for d in drivers}
        self.driver_table.blockSignals(True)
        for row in range(self.driver_table.rowCount()):
            item = self.driver_table.item(row, 1)
            if item is None:
                continue
            item.setForeground(GREY if row in needs else self.palette().text().color())
            item.setToolTip(tr("roi.incomplete_row", needs=needs[row]) if row in needs else "")
        self.driver_table.blockSignals(False)
        self.one_time.grey_incomplete()
        self.recurring.grey_incomplete()
        self.scenarios.grey_incomplete()

    def customer_name(self) -> str:
        return self.customer.text().strip()

    # -- drivers -------------------------------------------------------------------------
    def _append_driver_row(self, driver: Draft) -> None:
        row = self.driver_table.rowCount()
        self.driver_table.insertRow(row)
        combo = QComboBox()
        for kind in DRIVER_INPUTS:
            combo.addItem(tr(f"roi.kind.{kind}"), kind)
        combo.setCurrentIndex(max(0, combo.findData(driver.get("kind"))))
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._kind_changed(c))
        self.driver_table.setCellWidget(row, 0, combo)
        self.driver_table.setItem(row, 1, QTableWidgetItem(str(driver.get("name", ""))))

    def _add_driver(self, driver: dict[str, Any] | None = None) -> None:
        """A new row: incomplete until it has a name and its inputs (it never blanks the
        figures of the complete rows)."""
        driver = driver or {"kind": "custom", "name": "", "incomplete": True}
        self.drivers.append(driver)
        self._append_driver_row(driver)
        self.driver_table.selectRow(len(self.drivers) - 1)
        self._show_inputs()

    def add_from_template(self, template_id: str) -> None:
        """A driver from the template library: every input a benchmark with its range."""
        self._add_driver(driver_from_template(template_id, current_language()))
        self._emit()

    def _remove_driver(self) -> None:
        row = self.driver_table.currentRow()
        if 0 <= row < len(self.drivers):
            del self.drivers[row]
            self.driver_table.removeRow(row)

    def _kind_changed(self, combo: QComboBox) -> None:
        for row in range(self.driver_table.rowCount()):
            if self.driver_table.cellWidget(row, 0) is combo:
                old = self.drivers[row]
                kind = combo.currentData()
                # keep inputs both kinds share (e.g. reduction_pct), drop the others
                kept = {k: v for k, v in old.items() if k in DRIVER_INPUTS[kind]}
                self.drivers[row] = {"kind": kind, "name": old.get("name", ""),
                                     **({"note": old["note"]} if old.get("note") else {}), **kept}
                self.driver_table.selectRow(row)
                self._show_inputs()
                self._emit()

    def _driver_renamed(self, item: QTableWidgetItem) -> None:
        if item.column() == 1 and item.row() < len(self.drivers):
            self.drivers[item.row()]["name"] = item.text().strip()
            self._emit()

    def _show_inputs(self) -> None:
        while self.inputs_form.rowCount():
            self.inputs_form.removeRow(0)
        self.input_edits = {}
        row = self.driver_table.currentRow()
        if not 0 <= row < len(self.drivers):
            return
        driver = self.drivers[row]
        for key in DRIVER_INPUTS[driver["kind"]]:
            widget = InputRow(key, driver.get(key))
            widget.edited.connect(lambda raw, k=key, r=row: self._input_changed(r, k, raw))
            self.inputs_form.addRow(tr(f"roi.in.{key}"), widget)
            self.input_edits[key] = widget.edit
        note = QLineEdit(str(driver.get("note") or ""))
        note.setObjectName("input_note")
        note.textChanged.connect(lambda text, r=row: self._input_changed(r, "note", text))
        self.inputs_form.addRow(tr("roi.note"), note)
        self.input_edits["note"] = note

    def _input_changed(self, row: int, key: str, raw: Any) -> None:
        driver = self.drivers[row]
        if key == "note":
            driver["note"] = raw
        elif raw is None or value_of(raw) in (None, ""):
            driver.pop(key, None)  # empty: the driver is incomplete until it is filled
        else:
            driver[key] = raw
        self._emit()

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()

    # -- marking the field the core refused ---------------------------------------------
    def clear_marks(self) -> None:
        clear_invalid(self)
        for _, table in self.tables.values():
            for r in range(table.rowCount()):
                for c in (0, 1):
                    if cell := table.item(r, c):
                        cell.setBackground(Qt.GlobalColor.transparent)

    def mark_error(self, field: str, message: str) -> QWidget | None:
        """Highlight the widget holding ``field`` (a core field path); returns it."""
        widget: QWidget | None = None
        simple = {"name": self.name, "currency": self.currency, "years": self.years,
                  "discount_rate": self.rate, "case": self.name}
        if field in simple:
            widget = simple[field]
        elif field.startswith("ramp"):
            widget = self.ramp
        elif m := re.fullmatch(r"drivers\[(\d+)\]\.(\w+)(?:\.\w+)?", field):
            row = int(m.group(1))
            if self.driver_table.currentRow() != row:  # keep the edit the user is typing in
                self.driver_table.selectRow(row)
                self._show_inputs()
            widget = self.input_edits.get(m.group(2)) or self.driver_table
        elif field.startswith("drivers"):
            widget = self.driver_table
        elif m := re.fullmatch(r"costs\.(one_time|recurring)\[(\d+)\]\.(name|amount)", field):
            table = self.one_time if m.group(1) == "one_time" else self.recurring
            item = table.item(int(m.group(2)), 0 if m.group(3) == "name" else 1)
            if item:
                item.setBackground(Qt.GlobalColor.yellow)
            widget = table
        elif field.startswith("scenarios"):
            widget = self.scenarios
        if widget is not None:
            mark_invalid(widget, f"{field}: {message}")
        return widget
