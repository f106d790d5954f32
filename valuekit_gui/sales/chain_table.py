"""The decision chain as an editable table: name, title, role (a persona), interests,
concerns and whether the person is the seller's coach (教练 — the first of the three axes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from valuekit.db.store import Store
from valuekit.library.vocabulary import PERSONAS, value_labels
from valuekit.sales.types import Person
from valuekit_gui.common.i18n import current_language, tr
from valuekit_gui.roi.results import fit_height

COLUMNS = ("name", "title", "role", "interests", "concerns", "coach")


class ChainTable(QTableWidget):
    """One row a person; ``edited`` on every change the user makes."""

    edited = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.store = store
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        for col in (3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 120)
        self.setColumnWidth(1, 170)
        self.setColumnWidth(2, 130)
        for signal in (self.model().rowsInserted, self.model().rowsRemoved):
            signal.connect(lambda *_: fit_height(self, 1))
        self.itemChanged.connect(lambda *_: self.edited.emit())

    def retranslate(self) -> None:
        lang = current_language()
        labels = value_labels(self.store.conn)
        self.setHorizontalHeaderLabels([tr(f"opp.chain.{c}") for c in COLUMNS])
        for row in range(self.rowCount()):
            combo = cast(QComboBox, self.cellWidget(row, 2))
            for i, persona in enumerate(PERSONAS):
                combo.setItemText(i, labels[("persona", persona)].label(lang))

    def set_people(self, people: list[Person]) -> None:
        self.setRowCount(0)
        for person in people:
            self.append_person(person)

    def append_person(self, person: Mapping[str, Any]) -> None:
        row = self.rowCount()
        self.insertRow(row)
        labels = value_labels(self.store.conn)
        combo = QComboBox()
        for persona in PERSONAS:
            combo.addItem(labels[("persona", persona)].label(current_language()), persona)
        combo.setCurrentIndex(max(0, combo.findData(person.get("persona") or person.get("role"))))
        combo.currentIndexChanged.connect(lambda *_: self.edited.emit())
        self.setCellWidget(row, 2, combo)
        for col, key in ((0, "name"), (1, "title"), (3, "interests"), (4, "concerns")):
            item = QTableWidgetItem(person.get(key, ""))
            item.setToolTip(person.get(key, ""))
            self.setItem(row, col, item)
        coach = QTableWidgetItem()
        coach.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        coach.setCheckState(Qt.CheckState.Checked if person.get("coach") else Qt.CheckState.Unchecked)
        self.setItem(row, 5, coach)

    def person(self, row: int) -> Person:
        def cell(col: int) -> str:
            item = self.item(row, col)
            return item.text().strip() if item else ""
        role = cast(QComboBox, self.cellWidget(row, 2)).currentData()
        coach = self.item(row, 5)
        return {"name": cell(0), "title": cell(1), "role": role, "persona": role,
                "interests": cell(3), "concerns": cell(4),
                "coach": coach is not None and coach.checkState() == Qt.CheckState.Checked}

    def people(self) -> list[Person]:
        return [self.person(r) for r in range(self.rowCount())]

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.selectedIndexes()}, reverse=True):
            self.removeRow(row)
        self.edited.emit()
