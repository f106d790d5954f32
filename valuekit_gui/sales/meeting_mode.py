"""Meeting mode: the opportunity's SPIN call plan one question at a time, in large type,
for the salesperson sitting with the customer.

Each answer is saved with ``spin.record_answer`` on Next / Save (Ctrl+Enter saves and
moves on); the core decides what is valid. A refused answer shows the core's message
and the dialog stays on the question, so nothing typed is lost. Esc closes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.i18n.numbers import parse_number
from valuekit.roi.model import DRIVER_INPUTS
from valuekit.roi.parse import FRACTION_INPUTS
from valuekit.sales import spin
from valuekit.sales.opportunity import get_opportunity
from valuekit.sales.types import PlanItem
from valuekit_gui.common import errors
from valuekit_gui.common.draft_doc import Draft
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid

add_strings({
    "meet.title": ("会谈模式 — {customer}", "Meeting mode — {customer}"),
    "meet.progress": ("第 {n} / {total} 题", "Question {n} of {total}"),
    "meet.answer": ("客户的回答", "The customer's answer"),
    "meet.answer_hint": ("简要记下客户原话…", "Jot down what the customer says…"),
    "meet.mark_pain": ("标记为痛点", "Mark as pain"),
    "meet.layer": ("层面", "Layer"),
    "meet.pain": ("痛点", "Pain"),
    "meet.no_layer": ("— 选择层面 —", "— choose a layer —"),
    "meet.layer.individual": ("个人", "Individual"),
    "meet.layer.organization": ("组织（团队/部门）", "Organization (team)"),
    "meet.layer.enterprise": ("企业", "Enterprise"),
    "meet.layer.industry": ("行业", "Industry"),
    "meet.pain_text": ("痛点（客户的说法，留空则用回答）", "Pain in the customer's words (empty: the answer)"),
    "meet.number": ("记录一个数字（用于 ROI）", "Capture a number (for ROI)"),
    "meet.value": ("数值", "Value"),
    "meet.add_number": ("添加数字", "Add number"),
    "meet.remove_number": ("删除所选", "Remove selected"),
    "meet.previous": ("◀ 上一题", "◀ Previous"),
    "meet.next": ("下一题 ▶", "Next ▶"),
    "meet.save": ("保存", "Save"),
    "meet.close": ("结束会谈", "End meeting"),
    "meet.keys": ("Ctrl+Enter 保存并进入下一题 · Esc 结束", "Ctrl+Enter saves and moves on · Esc ends"),
    "meet.saved": ("已保存", "Saved"),
    "meet.suggested": ("还没有通话计划：已从问题库建议了一份",
                       "There was no call plan: one was suggested from the question bank"),
    "meet.empty": ("问题库中没有适合这个商机的问题。", "The question bank has no question for this opportunity."),
    "meet.done": ("这是最后一题。", "That was the last question."),
})

BADGE_COLOURS = {"situation": "#2e86c1", "problem": "#ca6f1e", "implication": "#a93226",
                 "need_payoff": "#1e8449"}


def number_label(item: Mapping[str, Any]) -> str:
    value = item["value"]
    if isinstance(value, int | float):
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
    else:
        shown = str(value)  # typed text the core has not judged yet
    return f"{tr('roi.kind.' + item['driver_kind'])} · {tr('roi.in.' + item['input'])} = {shown}"


class MeetingMode(QDialog):
    """One question at a time; ``index`` is the question shown."""

    def __init__(self, store: Store, opp_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.opp = get_opportunity(store, opp_id)
        self.items: list[PlanItem] = []
        self.index = 0
        self.numbers: list[Draft] = []  # as typed; the core validates them on save
        self.setStyleSheet(INVALID_STYLE)
        self.setWindowTitle(tr("meet.title", customer=self.opp["customer"]))

        self.progress = QLabel()
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.question = QLabel(wordWrap=True)
        self.question.setObjectName("question")
        big = QFont(self.font())
        big.setPointSize(22)
        self.question.setFont(big)
        self.question.setMinimumHeight(110)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: #666;")

        self.answer_label = QLabel()
        self.answer = QPlainTextEdit()
        answer_font = QFont(self.font())
        answer_font.setPointSize(14)
        self.answer.setFont(answer_font)
        self.answer.setMinimumHeight(100)

        self.pain_box = QGroupBox()
        self.mark_pain = QCheckBox()
        self.layer = QComboBox()
        self.layer.addItem("", "")
        for layer in spin.PAIN_LAYERS:
            self.layer.addItem("", layer)
        self.pain_text = QLineEdit()
        self.layer_label = QLabel()
        pain_row = QHBoxLayout(self.pain_box)
        pain_row.addWidget(self.mark_pain)
        pain_row.addWidget(self.layer_label)
        pain_row.addWidget(self.layer)
        pain_row.addWidget(self.pain_text, 1)
        self.mark_pain.toggled.connect(self._pain_toggled)

        self.number_box = QGroupBox()
        self.driver_kind = QComboBox()
        self.driver_input = QComboBox()
        for kind in DRIVER_INPUTS:
            self.driver_kind.addItem("", kind)
        self.driver_kind.currentIndexChanged.connect(self._fill_inputs)
        self.value = QLineEdit()
        self.value_label = QLabel()
        self.add_number = QPushButton()
        self.add_number.clicked.connect(self.add_typed_number)
        self.number_list = QListWidget()
        self.number_list.setMaximumHeight(70)
        self.remove_number = QPushButton()
        self.remove_number.clicked.connect(self._remove_number)
        number_row = QHBoxLayout()
        for w in (self.driver_kind, self.driver_input, self.value_label, self.value, self.add_number):
            number_row.addWidget(w)
        number_row.setStretch(3, 1)
        nl = QVBoxLayout(self.number_box)
        nl.addLayout(number_row)
        listed = QHBoxLayout()
        listed.addWidget(self.number_list, 1)
        listed.addWidget(self.remove_number)
        nl.addLayout(listed)

        self.previous_button, self.save_button, self.next_button = QPushButton(), QPushButton(), QPushButton()
        self.close_button = QPushButton()
        self.previous_button.clicked.connect(self.previous)
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(self.save_and_next)
        self.close_button.clicked.connect(self.reject)
        self.next_button.setDefault(False)
        self.next_button.setAutoDefault(False)
        self.keys = QLabel()
        self.keys.setStyleSheet("color: #777;")
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.keys, 1)
        buttons.addWidget(self.status)
        for b in (self.save_button, self.next_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)

        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.addLayout(top)
        layout.addWidget(self.question)
        layout.addWidget(self.note)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.answer, 1)
        layout.addWidget(self.pain_box)
        layout.addWidget(self.number_box)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save_and_next)

        self._labels()
        self._load_plan()
        self.resize(960, 700)

    def _labels(self) -> None:
        self.answer_label.setText(tr("meet.answer"))
        self.answer.setPlaceholderText(tr("meet.answer_hint"))
        self.pain_box.setTitle(tr("meet.pain"))
        self.mark_pain.setText(tr("meet.mark_pain"))
        self.layer_label.setText(tr("meet.layer"))
        self.layer.setItemText(0, tr("meet.no_layer"))
        for i, layer in enumerate(spin.PAIN_LAYERS):
            self.layer.setItemText(i + 1, tr(f"meet.layer.{layer}"))
        self.pain_text.setPlaceholderText(tr("meet.pain_text"))
        self.number_box.setTitle(tr("meet.number"))
        for i, kind in enumerate(DRIVER_INPUTS):
            self.driver_kind.setItemText(i, tr(f"roi.kind.{kind}"))
        self._fill_inputs()
        self.value_label.setText(tr("meet.value"))
        self.add_number.setText(tr("meet.add_number"))
        self.remove_number.setText(tr("meet.remove_number"))
        self.previous_button.setText(tr("meet.previous"))
        self.save_button.setText(tr("meet.save"))
        self.next_button.setText(tr("meet.next"))
        self.close_button.setText(tr("meet.close"))
        self.keys.setText(tr("meet.keys"))

    def _fill_inputs(self) -> None:
        kind = self.driver_kind.currentData()
        self.driver_input.clear()
        for name in DRIVER_INPUTS.get(kind, ()):
            self.driver_input.addItem(tr(f"roi.in.{name}"), name)

    def _pain_toggled(self, on: bool) -> None:
        self.layer.setEnabled(on)
        self.pain_text.setEnabled(on)

    # -- the plan ---------------------------------------------------------------------------
    def _load_plan(self) -> None:
        plan = spin.get_plan(self.store, self.opp["id"])
        if not plan["items"]:
            suggested = spin.suggest_plan(self.store, self.opp["id"])
            if suggested:
                plan = spin.set_plan(self.store, self.opp["id"], [q["id"] for q in suggested])
                self.note.setText(tr("meet.suggested"))
        self.items = plan["items"]
        if not self.items:
            self.question.setText(tr("meet.empty"))
            for w in (self.answer, self.pain_box, self.number_box, self.save_button,
                      self.next_button, self.previous_button):
                w.setEnabled(False)
            return
        self.show_question(0)

    def show_question(self, index: int) -> None:
        self.index = max(0, min(index, len(self.items) - 1))
        item = self.items[self.index]
        colour = BADGE_COLOURS[item["kind"]]
        letter = {"situation": "S", "problem": "P", "implication": "I", "need_payoff": "N"}[item["kind"]]
        self.badge.setText(f"<span style='background:{colour}; color:white; font-size:20pt; "
                           f"font-weight:bold;'>&nbsp;{letter}&nbsp;</span>&nbsp;&nbsp;"
                           f"<span style='font-size:14pt; color:{colour};'>{item['kind_label']}</span>")
        self.progress.setText(tr("meet.progress", n=self.index + 1, total=len(self.items)))
        self.question.setText(item["text"])
        answer: Mapping[str, Any] = item["answer"] or {}
        self.answer.setPlainText(answer.get("text", ""))
        layer = answer.get("pain_layer") or ""
        self.mark_pain.setChecked(bool(layer))
        self._pain_toggled(bool(layer))
        self.layer.setCurrentIndex(max(0, self.layer.findData(layer)))
        self.pain_text.setText(answer.get("pain") or "" if layer else "")
        self.numbers = [dict(n) for n in answer.get("numbers", [])]
        hint = item.get("driver_hint")
        if hint:  # the question says which number it is after: preselect it
            self.driver_kind.setCurrentIndex(max(0, self.driver_kind.findData(hint["kind"])))
            self.driver_input.setCurrentIndex(max(0, self.driver_input.findData(hint["input"])))
        self.value.clear()
        self._show_numbers()
        self.previous_button.setEnabled(self.index > 0)
        self.status.clear()
        self._clear_marks()
        self.answer.setFocus()

    def _show_numbers(self) -> None:
        self.number_list.clear()
        for item in self.numbers:
            self.number_list.addItem(number_label(item))

    def _remove_number(self) -> None:
        row = self.number_list.currentRow()
        if 0 <= row < len(self.numbers):
            del self.numbers[row]
            self._show_numbers()

    def add_typed_number(self) -> None:
        """Move the typed number into the answer's list, read as people say it (45万,
        ¥150, 10% for a share); an entry that cannot be read raises a ValidationError
        naming the field and stays in the box to be corrected."""
        if not self.value.text().strip():
            return
        name = self.driver_input.currentData()
        value = parse_number(self.value.text(), f"numbers[{len(self.numbers)}].value",
                             percent=name in FRACTION_INPUTS)
        self.numbers.append({"driver_kind": self.driver_kind.currentData(), "input": name,
                             "value": value})
        self.value.clear()
        self._show_numbers()

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        """Record the answer shown; True when saved or when there was nothing to save."""
        if not self.items:
            return True
        self._clear_marks()
        try:
            self.add_typed_number()
        except ValidationError as exc:
            mark_invalid(self.value, errors.user_message(exc))
            errors.report_exception(exc)
            return False
        text = self.answer.toPlainText().strip()
        pain = self.mark_pain.isChecked()
        if not text and not pain and not self.numbers and not self.items[self.index]["answer"]:
            return True  # a question skipped in the meeting: nothing to record
        layer = self.layer.currentData() if pain else None
        pain_text = (self.pain_text.text().strip() or text) if pain else None
        try:
            answer = spin.record_answer(self.store, self.opp["id"], self.items[self.index]["question_id"],
                                        text=text, pain_layer=layer or None, pain=pain_text,
                                        numbers=self.numbers)
        except ValueKitError as exc:
            if isinstance(exc, ValidationError):
                self._mark(exc.field)
            self.status.setText("")
            errors.report_exception(exc)
            return False
        self.items[self.index]["answer"] = answer
        self.status.setText(tr("meet.saved"))
        return True

    def save_and_next(self) -> None:
        if not self.save():
            return
        if self.index + 1 < len(self.items):
            self.show_question(self.index + 1)
        else:
            self.status.setText(tr("meet.done"))

    def previous(self) -> None:
        if self.save() and self.index > 0:
            self.show_question(self.index - 1)

    def _mark(self, field: str) -> None:
        widget = {"text": self.answer, "pain_layer": self.layer, "pain": self.pain_text}.get(field)
        if widget is None and field.startswith("numbers"):
            widget = self.number_list
        if widget is not None:
            mark_invalid(widget, "")

    def _clear_marks(self) -> None:
        clear_invalid(self)
