"""The form for one opportunity: firmographics and stage, BANT with the stage warning,
the growth model line, the decision chain and the ten checklist answers.

It turns what the user typed into the ``changes`` dict of ``update_opportunity`` and
marks the field the core's validation names; it never judges a value itself."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.i18n.numbers import parse_optional
from valuekit.library.vocabulary import STAGES, list_values, value_labels
from valuekit.sales.next_steps import next_steps
from valuekit.sales.opportunity import BANT_KEYS, CHECKLIST_QUESTIONS, LANGUAGES
from valuekit.sales.rules import COGNITION, growth_model
from valuekit.sales.types import Opportunity
from valuekit_gui.common.draft_doc import Draft
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.sales.amounts import typed_amount
from valuekit_gui.sales.chain_table import ChainTable

add_strings({
    "opp.general": ("客户与阶段", "Customer and stage"),
    "opp.customer": ("客户", "Customer"),
    "opp.industry": ("行业", "Industry"),
    "opp.segment": ("细分市场", "Segment"),
    "opp.size": ("员工人数", "Employees"),
    "opp.region": ("地区", "Region"),
    "opp.stage": ("阶段", "Stage"),
    "opp.deal_size": ("合同金额（每年）", "Deal size (per year)"),
    "opp.close_date": ("预计成交日期", "Expected close date"),
    "opp.renewal_date": ("续约日期", "Renewal date"),
    "opp.owner": ("负责人", "Owner"),
    "opp.language": ("记录语言", "Notes language"),
    "opp.growth": ("增长模型", "Growth model"),
    "opp.bant": ("BANT 资格判断", "BANT qualification"),
    "opp.bant.budget": ("预算 Budget", "Budget"),
    "opp.bant.authority": ("决策权 Authority", "Authority"),
    "opp.bant.need": ("需求 Need", "Need"),
    "opp.bant.timeline": ("时间 Timeline", "Timeline"),
    "opp.bant_note": ("已了解的情况", "What you know"),
    "opp.chain": ("决策链", "Decision chain"),
    "opp.chain.name": ("姓名", "Name"),
    "opp.chain.title": ("职位", "Title"),
    "opp.chain.role": ("角色", "Role"),
    "opp.chain.interests": ("关注点", "Interests"),
    "opp.chain.concerns": ("顾虑", "Concerns"),
    "opp.add_person": ("添加联系人", "Add person"),
    "opp.remove_person": ("删除所选", "Remove selected"),
    "opp.value_checklist": ("价值六问", "Six value questions"),
    "opp.ladder_checklist": ("成功阶梯四问", "Four success-ladder questions"),
    "opp.cognition": ("客户认知（5A）", "Customer cognition (5A)"),
    "opp.cognition.none": ("未判断", "Not judged yet"),
    "opp.cognition.Aware": ("Aware 了解", "Aware"),
    "opp.cognition.Appeal": ("Appeal 吸引", "Appeal"),
    "opp.cognition.Ask": ("Ask 问询", "Ask"),
    "opp.cognition.Act": ("Act 行动", "Act"),
    "opp.cognition.Advocate": ("Advocate 拥护", "Advocate"),
    "opp.chain.coach": ("教练", "Coach"),
    "opp.next_steps": ("下一步（按规则，基于已保存的内容）", "Next steps (by the rules, from what is saved)"),
})

def tr_source(source: str, lang: str) -> str:
    return t(f"step.source.{source}", lang)


_FIELDS = ("customer", "segment", "size", "region", "deal_size", "currency", "close_date", "owner")


class OpportunityForm(QWidget):
    """Edits one opportunity dict; emits ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setStyleSheet(INVALID_STYLE)
        self._loading = False
        self.opp: Opportunity | None = None
        self.edits = {key: QLineEdit() for key in _FIELDS}
        self.edits["currency"].setMaximumWidth(70)
        self.edits["close_date"].setPlaceholderText("YYYY-MM-DD")
        self.industry = QComboBox()
        self.stage = QComboBox()
        self.cognition = QComboBox()
        self.cognition.addItem("", None)
        for step in COGNITION:
            self.cognition.addItem("", step)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem("", code)
        self.growth = QLabel(wordWrap=True)
        self.growth.setObjectName("growth")

        self.general = QGroupBox()
        grid = QGridLayout(self.general)
        self.labels: dict[str, QLabel] = {}
        deal = QHBoxLayout()
        deal.addWidget(self.edits["deal_size"], 1)
        deal.addWidget(self.edits["currency"])
        rows = [("customer", self.edits["customer"], "industry", self.industry),
                ("segment", self.edits["segment"], "size", self.edits["size"]),
                ("region", self.edits["region"], "stage", self.stage),
                ("deal_size", deal, "close_date", self.edits["close_date"]),
                ("owner", self.edits["owner"], "language", self.language)]
        self.labels["cognition"] = QLabel()
        grid.addWidget(self.labels["cognition"], len(rows) + 1, 0)
        grid.addWidget(self.cognition, len(rows) + 1, 1)
        self.steps = QLabel(wordWrap=True)
        self.steps.setObjectName("next_steps")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.labels["next_steps"] = QLabel()
        grid.addWidget(self.labels["next_steps"], len(rows) + 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.steps, len(rows) + 2, 1, 1, 3)
        for r, (k1, w1, k2, w2) in enumerate(rows):
            for c, (key, widget) in enumerate(((k1, w1), (k2, w2))):
                self.labels[key] = QLabel()
                grid.addWidget(self.labels[key], r, c * 2)
                if isinstance(widget, QLayout):
                    grid.addLayout(widget, r, c * 2 + 1)
                else:
                    grid.addWidget(cast(QWidget, widget), r, c * 2 + 1)
        self.labels["growth"] = QLabel()
        grid.addWidget(self.labels["growth"], len(rows), 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.growth, len(rows), 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.bant_box = QGroupBox()
        bant_grid = QGridLayout(self.bant_box)
        self.bant_checks = {key: QCheckBox() for key in BANT_KEYS}
        self.bant_notes = {key: QLineEdit() for key in BANT_KEYS}
        for r, key in enumerate(BANT_KEYS):
            bant_grid.addWidget(self.bant_checks[key], r, 0)
            bant_grid.addWidget(self.bant_notes[key], r, 1)
        bant_grid.setColumnStretch(1, 1)
        self.warnings = QLabel(wordWrap=True)
        self.warnings.setObjectName("warnings")
        self.warnings.setStyleSheet("QLabel { color: #8a5a00; background: #fff4d6; "
                                    "border: 1px solid #e8c66a; border-radius: 3px; padding: 4px; }")
        bant_grid.addWidget(self.warnings, len(BANT_KEYS), 0, 1, 2)

        self.chain_box = QGroupBox()
        self.chain = ChainTable(store)
        self.chain.edited.connect(self._emit)
        self.add_person = QPushButton()
        self.remove_person = QPushButton()
        self.add_person.clicked.connect(self._add_person)
        self.remove_person.clicked.connect(self._remove_people)
        chain_layout = QVBoxLayout(self.chain_box)
        chain_layout.addWidget(self.chain)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_person)
        buttons.addWidget(self.remove_person)
        buttons.addStretch(1)
        chain_layout.addLayout(buttons)

        self.checklist_boxes = {"value": QGroupBox(), "ladder": QGroupBox()}
        self.checklist_labels: dict[str, QLabel] = {}
        self.checklist_edits: dict[str, QLineEdit] = {}
        forms = {group: QFormLayout(box) for group, box in self.checklist_boxes.items()}
        for form in forms.values():
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for q in CHECKLIST_QUESTIONS:
            self.checklist_labels[q["key"]] = QLabel()
            self.checklist_edits[q["key"]] = QLineEdit()
            forms[q["group"]].addRow(self.checklist_labels[q["key"]], self.checklist_edits[q["key"]])

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        for box in (self.general, self.bant_box, self.chain_box, *self.checklist_boxes.values()):
            layout.addWidget(box)
        layout.addStretch(1)

        for edit in (*self.edits.values(), *self.bant_notes.values(), *self.checklist_edits.values()):
            edit.textChanged.connect(self._emit)
        for check in self.bant_checks.values():
            check.toggled.connect(self._emit)
        for combo in (self.industry, self.stage, self.language, self.cognition):
            combo.currentIndexChanged.connect(self._emit)
        self.edits["deal_size"].textChanged.connect(self._show_growth)
        self.edits["currency"].textChanged.connect(self._show_growth)
        self.edits["close_date"].textChanged.connect(self._show_growth)
        self.stage.currentIndexChanged.connect(self._show_growth)
        self.retranslate()

    # -- labels ----------------------------------------------------------------------------
    def retranslate(self, _lang: str = "") -> None:
        lang = current_language()
        self.general.setTitle(tr("opp.general"))
        for key, label in self.labels.items():
            label.setText(tr(f"opp.{key}"))
        self._fill_combo(self.industry, [(v.value, v.label(lang))
                                         for v in list_values(self.store.conn, "industry")])
        labels = value_labels(self.store.conn)
        self._fill_combo(self.stage, [(s, labels[("stage", s)].label(lang)) for s in STAGES])
        self.cognition.setItemText(0, tr("opp.cognition.none"))
        for i, step in enumerate(COGNITION, start=1):
            self.cognition.setItemText(i, tr(f"opp.cognition.{step}"))
        for i, code in enumerate(LANGUAGES):
            self.language.setItemText(i, tr(f"lang.{code}"))
        self.bant_box.setTitle(tr("opp.bant"))
        for key in BANT_KEYS:
            self.bant_checks[key].setText(tr(f"opp.bant.{key}"))
            self.bant_notes[key].setPlaceholderText(tr("opp.bant_note"))
        self.chain_box.setTitle(tr("opp.chain"))
        self.chain.retranslate()
        self.add_person.setText(tr("opp.add_person"))
        self.remove_person.setText(tr("opp.remove_person"))
        self.checklist_boxes["value"].setTitle(tr("opp.value_checklist"))
        self.checklist_boxes["ladder"].setTitle(tr("opp.ladder_checklist"))
        for n, q in enumerate(CHECKLIST_QUESTIONS):
            number = n + 1 if q["group"] == "value" else n - 5
            self.checklist_labels[q["key"]].setText(f"{number}. {q[lang]}")
        self._show_growth()
        self.show_steps()

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Refill keeping the selection; a value outside the list (an old industry) stays."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for key, label in items:
            combo.addItem(label, key)
        if current is not None:
            self._select(combo, current)
        combo.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        if index < 0 and key:
            combo.addItem(key, key)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _show_growth(self) -> None:
        deal = typed_amount(self.edits["deal_size"].text())
        if not isinstance(deal, int | float):
            deal = None
        model = growth_model(deal, self.edits["currency"].text().strip() or "CNY",
                             stage=self.stage.currentData(), close_date=self.edits["close_date"].text().strip() or None,
                             lang=current_language())
        self.growth.setText(f"<b>{model['name']}</b> — {model['cycle']}")
        # a Retention deal's date is its renewal date (docs/methods.md §7), not a close date
        renewal = self.stage.currentData() == "Retention"
        self.labels["close_date"].setText(tr("opp.renewal_date" if renewal else "opp.close_date"))

    def show_steps(self) -> None:
        """The next steps the seeds' rules give for the saved opportunity, with their rule."""
        if not self.opp or not self.opp.get("id"):
            self.steps.setText("")
            return
        lang = current_language()
        rows = []
        for step in next_steps(self.store, self.opp["id"], lang=lang):
            mark = "✓ " if step.done else ""
            rows.append(f"{mark}<b>{step.label}</b> <span style='color:#5b6b7a'>"
                        f"[{tr_source(step.source, lang)}]</span>")
        self.steps.setText("<br>".join(rows) or "—")

    # -- the opportunity in and out ---------------------------------------------------------
    def load(self, opp: Opportunity) -> None:
        self._loading = True
        try:
            self.opp = opp
            for key, edit in self.edits.items():
                value = opp.get(key)
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                edit.setText("" if value is None else str(value))
            self._select(self.industry, opp["industry"])
            self._select(self.stage, opp["stage"])
            self._select(self.language, opp["language"])
            self.cognition.setCurrentIndex(max(0, self.cognition.findData(opp.get("cognition"))))
            for key in BANT_KEYS:
                item: Mapping[str, Any] = opp["bant"].get(key) or {}
                self.bant_checks[key].setChecked(bool(item.get("known")))
                self.bant_notes[key].setText(item.get("note", ""))
            self.chain.set_people(opp["decision_chain"])
            for key, edit in self.checklist_edits.items():
                edit.setText(opp["checklist"].get(key, ""))
            self.show_warnings(opp.get("warnings") or [])
            self._show_growth()
            self.show_steps()
        finally:
            self._loading = False
        self.clear_marks()

    def show_warnings(self, warnings: list[str]) -> None:
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))

    def changes(self) -> Draft:
        """The form as ``update_opportunity`` changes. The deal size is read as people
        write it (45万, ¥1,200,000, 2.5M); an entry that cannot be read raises a
        ValidationError naming the field. Other numbers go as typed (see ``as_number``)."""
        data: Draft = {key: edit.text().strip() for key, edit in self.edits.items()}
        data["size"] = typed_amount(data["size"]) if data["size"] else None
        # the deal size as people write it (45万, ¥1,200,000); an entry that could mean two
        # things is refused naming the field (valuekit.i18n.numbers)
        data["deal_size"] = parse_optional(data["deal_size"], "deal_size")
        data["close_date"] = data["close_date"] or None
        data["industry"] = self.industry.currentData() or ""
        data["stage"] = self.stage.currentData()
        data["language"] = self.language.currentData()
        data["cognition"] = self.cognition.currentData()
        data["bant"] = {key: {"known": self.bant_checks[key].isChecked(),
                              "note": self.bant_notes[key].text().strip()} for key in BANT_KEYS}
        data["decision_chain"] = self.chain.people()
        data["checklist"] = {key: edit.text().strip() for key, edit in self.checklist_edits.items()}
        return data

    # -- decision chain ---------------------------------------------------------------------
    def _add_person(self) -> None:
        self.chain.append_person({})
        self._emit()

    def _remove_people(self) -> None:
        self.chain.remove_selected()

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()

    # -- marking the field the core refused ---------------------------------------------------
    def clear_marks(self) -> None:
        clear_invalid(self)

    def mark_error(self, field: str, message: str) -> QWidget | None:
        """Highlight the widget holding ``field`` (a core field path); returns it."""
        widget: QWidget | None = None
        if field in self.edits:
            widget = self.edits[field]
        elif field in ("industry", "stage", "language", "cognition"):
            widget = getattr(self, field)
        elif m := re.fullmatch(r"bant\.(\w+)(\..*)?", field):
            widget = self.bant_notes.get(m.group(1))
        elif m := re.fullmatch(r"decision_chain\[(\d+)\].*", field):
            widget = self.chain
            self.chain.selectRow(int(m.group(1)))
        elif field.startswith("decision_chain"):
            widget = self.chain
        elif m := re.fullmatch(r"checklist\.(\w+)", field):
            widget = self.checklist_edits.get(m.group(1))
        if widget is not None:
            mark_invalid(widget, f"{field}: {message}")
        return widget
