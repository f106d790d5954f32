"""The facet sidebar, like a reference manager's tag selector: every facet with its
values and how many assets of the current result carry each; checking values filters
(OR within a facet, AND across facets). The counts come from
``valuekit.library.page.sidebar_counts`` on a worker; this widget only shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.library.model import COLUMN_FACET_LABELS
from valuekit.library.vocabulary import list_facets
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.qt import top_level_items

add_strings({
    "lib.filters": ("筛选", "Filters"),
    "lib.clear_filters": ("清除", "Clear"),
    "lib.facets_empty": ("（没有结果可筛选）", "(no results to filter)"),
})

# Facets opened the first time the sidebar is filled: what people filter by most.
OPEN_AT_START = ("format", "stage", "industry")
ROLE = Qt.ItemDataRole.UserRole


class FacetSidebar(QWidget):
    """``selected`` maps facet → checked values; ``filters_changed`` fires on every change."""

    filters_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.selected: dict[str, set[str]] = {}
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.clear_button = QPushButton(flat=True)
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self.clear)
        self.tree = QTreeWidget(columnCount=2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(self._toggled)
        self.tree.itemClicked.connect(self._clicked)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self._filled_once = False
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("lib.filters"))
        self.clear_button.setText(tr("lib.clear_filters"))
        self._update_clear()

    def facets(self) -> dict[str, list[str]]:
        """The filters as the core's Query wants them."""
        return {k: sorted(v) for k, v in self.selected.items() if v}

    def clear(self) -> None:
        if any(self.selected.values()):
            self.selected.clear()
            self._update_clear()
            self.filters_changed.emit()

    def set_selected(self, facet: str, values: set[str]) -> None:
        self.selected[facet] = set(values)
        self._update_clear()
        self.filters_changed.emit()

    def set_counts(self, counts: dict[str, list[dict[str, Any]]]) -> None:
        lang = current_language()
        labels = {f.name: f.label(lang) for f in list_facets(self.store.conn)}
        labels |= {name: pair[lang == "en"] for name, pair in COLUMN_FACET_LABELS.items()}
        expanded = {item.data(0, ROLE) for item in top_level_items(self.tree) if item.isExpanded()}
        scroll = self.tree.verticalScrollBar().value()
        grey = QBrush(QColor("#808080"))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        self.tree.setUpdatesEnabled(False)
        self.tree.blockSignals(True)
        self.tree.clear()
        for facet, values in counts.items():
            if not values:
                continue
            checked = self.selected.get(facet, set())
            title = labels.get(facet, facet)
            parent = QTreeWidgetItem([title, f"{len(checked)} ✓" if checked else ""])
            parent.setData(0, ROLE, facet)
            parent.setFont(0, bold)
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(parent)
            for v in values:
                child = QTreeWidgetItem([v["label"], f"{v['count']:,}"])
                child.setData(0, ROLE, (facet, v["value"]))
                child.setToolTip(0, v["value"])
                child.setForeground(1, grey)
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                on = v["value"] in checked
                child.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                parent.addChild(child)
            first = not self._filled_once and facet in OPEN_AT_START
            parent.setExpanded(facet in expanded or bool(checked) or first)
        if not self.tree.topLevelItemCount():
            # An empty result has nothing to count: say so rather than show a blank pane.
            empty = QTreeWidgetItem([tr("lib.facets_empty"), ""])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
        self._filled_once = True
        self.tree.blockSignals(False)
        self.tree.setUpdatesEnabled(True)
        self.tree.verticalScrollBar().setValue(scroll)
        self._update_clear()

    def item(self, facet: str, value: str) -> QTreeWidgetItem | None:
        for parent in top_level_items(self.tree):
            for j in range(parent.childCount()):
                child = parent.child(j)
                if child is not None and child.data(0, ROLE) == (facet, value):
                    return child
        return None

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if item.parent() is None:
            item.setExpanded(not item.isExpanded())
        elif column == 1:  # a click on the count toggles too
            on = item.checkState(0) == Qt.CheckState.Checked
            item.setCheckState(0, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def _toggled(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, ROLE)
        if not isinstance(data, tuple):
            return
        facet, value = data
        values = self.selected.setdefault(facet, set())
        if item.checkState(0) == Qt.CheckState.Checked:
            values.add(value)
        else:
            values.discard(value)
        self._update_clear()
        self.filters_changed.emit()

    def _update_clear(self) -> None:
        self.clear_button.setVisible(any(self.selected.values()))
