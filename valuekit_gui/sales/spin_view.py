"""The SPIN question bank: filter by kind, industry and persona, search the text, read each
question in the UI language (with the other language beneath)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
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
from valuekit.sales.claims import all_stats
from valuekit.sales.claims import set_status as set_claim_status
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
    "spin.status": ("状态", "Status"),
    "spin.verify": ("标为已验证", "Mark verified"),
    "spin.retire": ("停用", "Retire"),
    "spin.status.draft": ("草稿", "draft"),
    "spin.status.verified": ("已验证", "verified"),
    "spin.status.retired": ("已停用", "retired"),
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
        self.table.setColumnCount(4)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(2, 240)
        self.table.setColumnWidth(3, 120)
        self._actions = {"verify": QAction(self), "retire": QAction(self)}
        self._actions["verify"].triggered.connect(lambda: self.set_status("verified"))
        self._actions["retire"].triggered.connect(lambda: self.set_status("retired"))
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()

    def actions(self) -> list[QAction]:
        # the window's toolbar: only validated value counts (docs/methods.md §2)
        return list(self._actions.values())

    def set_status(self, status: str) -> None:
        item = self.table.currentItem()
        if item is None:
            return
        set_claim_status(self.store, "spin", str(item.data(0, Qt.ItemDataRole.UserRole)), status)
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def retranslate(self, _lang: str = "") -> None:
        lang = current_language()
        labels = value_labels(self.store.conn)
        for label, key in zip(self.filter_labels, ("kind", "industry", "persona"), strict=True):
            label.setText(tr(f"spin.{key}"))
        self.search.setPlaceholderText(tr("spin.search"))
        self.table.setHeaderLabels([tr("spin.kind"), tr("spin.question"), tr("spin.fits"), tr("spin.status")])
        self._actions["verify"].setText(tr("spin.verify"))
        self._actions["retire"].setText(tr("spin.retire"))
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
        selected = self.table.currentItem()
        keep = selected.data(0, Qt.ItemDataRole.UserRole) if selected is not None else None
        stats = all_stats(self.store, "spin")
        self.table.clear()
        for q in questions:
            item = self._item(q, lang, labels)
            claim = stats.get(q["id"])
            if claim is not None:
                rating = f" · {claim.rating:g}/5" if claim.rating is not None else ""
                item.setText(3, tr(f"spin.status.{claim.status}") + rating)
            self.table.addTopLevelItem(item)
            if q["id"] == keep:
                self.table.setCurrentItem(item)
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
