"""Pieces of the ROI editor that carry trust: one driver input with its source beside it
(客户提供 / 行业基准 / 假设), numbers read as people type them (also for the cost and
scenario tables), and the "add from template" menu over the driver template library.

A driver input in the editor's document is kept as the case document holds it — a plain
number (an assumption) or ``{"value", "source", "note", "ref", "date"}`` — except that a
value still being typed is kept as its text until ``document_value`` reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from valuekit.errors import ValueKitError
from valuekit.i18n.numbers import parse_number
from valuekit.roi.parse import FRACTION_INPUTS
from valuekit.roi.provenance import SOURCES
from valuekit.roi.templates import list_templates, template_name, template_source
from valuekit.roi.text import source_badge
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.roi.results import fit_height

add_strings({
    "roi.from_template": ("从模板添加…", "Add from template…"),
    "roi.incomplete_row": ("尚不完整，未计入数字：{needs}", "Incomplete, left out of the figures: {needs}"),
    "roi.source_tip": ("这个数字从哪里来：客户亲口提供、行业基准，还是我们的假设",
                       "Where this number comes from: the customer said it, a benchmark, or our assumption"),
})


def value_of(raw: Any) -> Any:
    """The value of an input as the document holds it (a number, text being typed, a
    provenance object)."""
    return raw.get("value") if isinstance(raw, dict) else raw


def source_of(raw: Any) -> str:
    return str(raw.get("source", "assumption")) if isinstance(raw, dict) else "assumption"


def with_value(raw: Any, value: Any) -> Any:
    """``raw`` holding ``value`` instead, its provenance kept."""
    return {**raw, "value": value} if isinstance(raw, dict) else value


def with_source(raw: Any, source: str) -> Any:
    """``raw`` with ``source``; a plain assumption without note stays a plain number."""
    if isinstance(raw, dict):
        updated = {**raw, "source": source}
        if source == "assumption" and not any(updated.get(k) for k in ("note", "ref", "date")):
            return updated["value"]
        return updated
    return raw if source == "assumption" else {"value": raw, "source": source}


def document_value(raw: Any, field: str, key: str) -> Any:
    """The input as the case document takes it: typed text read as a number the way
    people write it (45万, ¥1,200, 10% for a share); a refusal names ``field``."""
    value = value_of(raw)
    if isinstance(value, str):
        field_path = f"{field}.value" if isinstance(raw, dict) else field
        value = parse_number(value, field_path, percent=key in FRACTION_INPUTS)
    return with_value(raw, value)


def shown(value: Any) -> str:
    value = value_of(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class InputRow(QWidget):
    """The value of one driver input and, beside it, where it came from."""

    edited = Signal(object)  # the input as the document holds it

    def __init__(self, key: str, raw: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.raw = key, raw
        self.edit = QLineEdit(shown(raw))
        self.edit.setObjectName(f"input_{key}")
        self.source = QComboBox()
        self.source.setObjectName(f"source_{key}")
        self.source.setToolTip(tr("roi.source_tip"))
        for source in SOURCES:
            self.source.addItem(source_badge(source, current_language()), source)
        self.source.setCurrentIndex(self.source.findData(source_of(raw)))
        note = raw.get("note") if isinstance(raw, dict) else ""
        if note:
            self.edit.setToolTip(str(note))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.source)
        self.edit.textChanged.connect(self._value_changed)
        self.source.currentIndexChanged.connect(self._source_changed)

    def _value_changed(self, text: str) -> None:
        value: Any = text.strip() or None
        self.raw = None if value is None else with_value(self.raw, value) if self.raw is not None \
            else with_source(value, str(self.source.currentData()))
        self.edited.emit(self.raw)

    def _source_changed(self, _index: int) -> None:
        if self.raw is not None:
            source = str(self.source.currentData())
            self.raw = with_source(self.raw, source)
            if source == "customer" and isinstance(self.raw, dict) and not self.raw.get("date"):
                # the customer said it: dated today unless the case already says when
                self.raw = {**self.raw, "date": dt.date.today().isoformat()}
            self.edited.emit(self.raw)


def template_menu(parent: QWidget, on_pick: Callable[[str], None]) -> QMenu:
    """The driver template library by industry; picking one calls ``on_pick(id)``."""
    menu = QMenu(parent)
    lang = current_language()
    by_industry: dict[str, list[Any]] = {}
    for tpl in list_templates():
        by_industry.setdefault(tpl["industry"], []).append(tpl)
    for industry, templates in by_industry.items():
        sub = menu.addMenu(tr(f"roi.industry.{industry or 'any'}"))
        for tpl in templates:
            action = QAction(template_name(tpl, lang), sub)
            action.setToolTip(template_source(tpl, lang))
            action.setData(tpl["id"])
            action.triggered.connect(lambda _=False, tid=tpl["id"]: on_pick(tid))
            sub.addAction(action)
    menu.setToolTipsVisible(True)
    return menu


GREY = QColor("#8a97a3")



def as_number(text: str, field: str = "value", *, percent: bool = False) -> Any:
    """What the user typed as a number (45万, ¥1,200, 10% with ``percent``); text that
    cannot be read stays text, so the core refuses it naming its field."""
    text = text.strip()
    try:
        return parse_number(text, field, percent=percent, allow_negative=True)
    except ValueKitError:
        return text


def read_number(text: str, field: str, *, percent: bool = False) -> float:
    """A number as people write it; a ``ValidationError`` naming ``field`` otherwise."""
    return parse_number(text, field, percent=percent, allow_negative=True)


_shown = shown  # the editor's name for it


class PairTable(QTableWidget):
    """A two-column table (name, number) with add/remove, for costs and scenarios."""

    def __init__(self, second: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.second = second
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.model().rowsInserted.connect(lambda *_: fit_height(self, 2))
        self.model().rowsRemoved.connect(lambda *_: fit_height(self, 2))
        fit_height(self, 2)

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item is not None else ""

    def texts(self) -> list[tuple[str, str]]:
        return [(self._text(r, 0), self._text(r, 1)) for r in range(self.rowCount())]

    def rows(self, field: str) -> list[tuple[str, float]]:
        """The complete rows (name and number) in order; a number that cannot be read is
        refused naming ``field[i]``; incomplete rows are left out (see ``incomplete``)."""
        out = []
        for i, (name, text) in enumerate(self.texts()):
            if name and text:
                out.append((name, read_number(text, f"{field}[{i}].{self.second}")))
        return out

    def incomplete(self) -> list[int]:
        """Rows with a name or an amount but not both (a new row, half filled)."""
        return [i for i, (name, text) in enumerate(self.texts()) if bool(name) != bool(text)]

    def grey_incomplete(self) -> None:
        rows = set(self.incomplete())
        self.blockSignals(True)
        for r in range(self.rowCount()):
            for c in (0, 1):
                item = self.item(r, c)
                if item is not None:
                    item.setForeground(GREY if r in rows else self.palette().text().color())
                    item.setToolTip(tr("roi.incomplete_row", needs=tr("roi.name") + " / "
                                       + tr(f"roi.{self.second}")) if r in rows else "")
        self.blockSignals(False)

    def set_rows(self, rows: list[tuple[str, Any]]) -> None:
        self.setRowCount(0)
        for name, value in rows:
            self.add_row(name, _shown(value))

    def add_row(self, name: str = "", value: str = "") -> None:
        r = self.rowCount()
        self.insertRow(r)
        self.setItem(r, 0, QTableWidgetItem(name))
        self.setItem(r, 1, QTableWidgetItem(value))

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.selectedIndexes()}, reverse=True):
            self.removeRow(r)


