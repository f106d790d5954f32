"""The library screen: search as you type, a facet sidebar with counts, the asset
table and a detail pane. All data comes from ``valuekit.search`` and ``valuekit.library``."""

from __future__ import annotations

import markdown
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.assets_model import COLUMN_FACET_LABELS
from valuekit.library import get_asset
from valuekit.search import Query, facet_counts, search
from valuekit.store import Store
from valuekit.vocabulary import list_facets

COLUMNS = ("Title", "Format", "Stages", "Industry", "Used", "Usefulness", "Importance", "Status", "Updated")


class LibraryView(QWidget):
    """Search box, facet sidebar, results table and detail pane over one open library."""

    def __init__(self, store: Store, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.selected: dict[str, set[str]] = {}
        self.search_box = QLineEdit(placeholderText="Search 搜索… (title, summary, body)")
        self.search_box.setClearButtonEnabled(True)
        self.facets = QTreeWidget()
        self.facets.setHeaderHidden(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(True)
        self.status = QLabel()

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        right.addWidget(self.detail)
        right.setSizes([420, 300])
        body = QSplitter()
        body.addWidget(self.facets)
        body.addWidget(right)
        body.setSizes([260, 900])
        top = QHBoxLayout()
        top.addWidget(self.search_box)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)

        # Debounce typing so a fast typist triggers one search, not one per key.
        self.timer = QTimer(self, singleShot=True, interval=150)
        self.timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self.timer.start())
        self.facets.itemChanged.connect(self._facet_toggled)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.refresh()

    def query(self) -> Query:
        return Query(text=self.search_box.text(), facets={k: sorted(v) for k, v in self.selected.items() if v},
                     limit=500)

    def refresh(self) -> None:
        q = self.query()
        result = search(self.store, q)
        self.table.setRowCount(len(result.assets))
        self.ids: list[str] = []
        for row, a in enumerate(result.assets):
            self.ids.append(a.id)
            cells = (a.title, a.format or "", ", ".join(a.tags.get("stage", [])),
                     ", ".join(a.tags.get("industry", [])), str(a.usage_count),
                     f"{a.usefulness:.1f}" if a.usefulness is not None else "–", str(a.importance),
                     a.status, a.updated_at[:10])
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.status.setText(f"{result.total} assets")
        self._fill_facets(facet_counts(self.store, q, lang=self.lang))

    def _fill_facets(self, counts: dict[str, list[dict]]) -> None:
        labels = {f.name: f.label(self.lang) for f in list_facets(self.store.conn)}
        labels |= {name: zh_en[self.lang == "en"] for name, zh_en in COLUMN_FACET_LABELS.items()}
        self.facets.blockSignals(True)
        self.facets.clear()
        for facet, values in counts.items():
            if not values:
                continue
            parent = QTreeWidgetItem([labels.get(facet, facet)])
            self.facets.addTopLevelItem(parent)
            for v in values:
                child = QTreeWidgetItem([f"{v['label']}  ({v['count']})"])
                child.setData(0, Qt.ItemDataRole.UserRole, (facet, v["value"]))
                checked = v["value"] in self.selected.get(facet, set())
                child.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                parent.addChild(child)
            parent.setExpanded(facet in ("format", "stage", "industry") or facet in self.selected)
        self.facets.blockSignals(False)

    def _facet_toggled(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        facet, value = data
        values = self.selected.setdefault(facet, set())
        if item.checkState(0) == Qt.CheckState.Checked:
            values.add(value)
        else:
            values.discard(value)
        QTimer.singleShot(0, self.refresh)

    def _show_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return
        a = get_asset(self.store, self.ids[rows.pop()])
        tags = "".join(f"<li><b>{k}</b>: {', '.join(v)}</li>" for k, v in a.tags.items())
        useful = f"{a.usefulness:.1f}/5 ({a.rating_count})" if a.usefulness is not None else "–"
        from html import escape

        self.detail.setHtml(
            f"<h2>{escape(a.title)}</h2><p><i>{escape(a.summary)}</i></p>"
            f"<p>{escape(a.creator)} · {a.status} · used {a.usage_count}× · usefulness {useful}</p>"
            f"<ul>{tags}</ul><hr>{markdown.markdown(escape(a.body))}")
