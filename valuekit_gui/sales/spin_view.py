"""The SPIN question bank: filter by kind, industry and persona, search the text, read each
question in the UI language (with the other language beneath)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.library.vocabulary import PERSONAS, list_values, value_labels
from valuekit.sales.spin import KIND_LABELS, KINDS, list_questions, question_text
from valuekit.sales.types import SpinQuestion
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.common.qt import top_level_items
from valuekit_gui.sales.meeting_mode import BADGE_COLOURS

add_strings({
    "spin.kind": ("类型", "Kind"),
    "spin.industry": ("行业", "Industry"),
    "spin.persona": ("角色", "Persona"),
    "spin.all": ("全部", "All"),
    "spin.search": ("搜索问题…", "Search questions…"),
    "spin.question": ("问题", "Question"),
    "spin.fits": ("适用", "Fits"),
    "spin.any": ("通用", "any"),
    "spin.count": ("{n} 个问题", "{n} questions"),
})


class SpinView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kind, self.industry, self.persona = QComboBox(), QComboBox(), QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.filter_labels = [QLabel() for _ in range(3)]
        bar = QHBoxLayout()
        for label, combo in zip(self.filter_labels, (self.kind, self.industry, self.persona),
                                strict=True):
            bar.addWidget(label)
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.search, 1)
        self.search.textChanged.connect(self.refresh)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(3)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(2, 240)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def retranslate(self, _lang: str = "") -> None:
        lang = current_language()
        labels = value_labels(self.store.conn)
        for label, key in zip(self.filter_labels, ("kind", "industry", "persona"), strict=True):
            label.setText(tr(f"spin.{key}"))
        self.search.setPlaceholderText(tr("spin.search"))
        self.table.setHeaderLabels([tr("spin.kind"), tr("spin.question"), tr("spin.fits")])
        self._fill(self.kind, [(k, KIND_LABELS[k][lang == "en"]) for k in KINDS])
        self._fill(self.industry, [(v.value, v.label(lang))
                                   for v in list_values(self.store.conn, "industry")])
        self._fill(self.persona, [(p, labels[("persona", p)].label(lang)) for p in PERSONAS])
        self.refresh()

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("spin.all"), None)
        for key, label in items:
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def refresh(self) -> None:
        lang = current_language()
        labels = value_labels(self.store.conn)
        questions = list_questions(self.store, kind=self.kind.currentData(),
                                   industry=self.industry.currentData(),
                                   persona=self.persona.currentData())
        needle = self.search.text().strip().lower()
        if needle:
            questions = [q for q in questions
                         if needle in f"{q['text_zh']} {q['text_en']}".lower()]
        self.table.clear()
        for q in questions:
            self.table.addTopLevelItem(self._item(q, lang, labels))
        self.count.setText(tr("spin.count", n=len(questions)))

    def _item(self, q: SpinQuestion, lang: str, labels: dict[Any, Any]) -> QTreeWidgetItem:
        other = q["text_en"] if lang == "zh" else q["text_zh"]
        text = question_text(q, lang) + (f"\n{other}" if other else "")
        fits = [labels[("industry", i)].label(lang) if ("industry", i) in labels else i
                for i in q["industries"] or []]
        fits += [labels[("persona", p)].label(lang) for p in q["personas"] or []]
        item = QTreeWidgetItem([KIND_LABELS[q["kind"]][lang == "en"], text,
                                " · ".join(fits) or tr("spin.any")])
        item.setForeground(0, QColor(BADGE_COLOURS[q["kind"]]))
        item.setData(0, Qt.ItemDataRole.UserRole, q["id"])
        item.setToolTip(1, text)
        return item

    def question_ids(self) -> list[str]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in top_level_items(self.table)]
