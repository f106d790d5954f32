"""Marketing edits the team's customer journey map in place: one row per stage, columns for
the cognition step, the content formats, channel, segment, the understanding and feeling to
create and the action to prompt. Each edited cell is saved through
``valuekit.library.journey.set_journey_stage``; a refused value (an unknown format, a text
too long) is explained and the cell shows the stored value again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.library.journey import FIELDS, JourneyStage, get_journey, set_journey_stage
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, tr

add_strings({"journey.stage": ("阶段", "Stage")})


def _cell_text(step: JourneyStage, field: str) -> str:
    value = getattr(step, field)
    return ", ".join(value) if isinstance(value, list) else str(value or "")


class JourneyEditor(QTableWidget):
    saved = Signal(str)  # the stage whose journey was saved

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(0, len(FIELDS), parent)
        self.store = store
        self.setObjectName("journey_editor")
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(190)
        self._loading = False
        self.itemChanged.connect(self._edited)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([tr(f"journey.{f}") for f in FIELDS])
        self.load()

    def load(self) -> None:
        self._loading = True
        steps = get_journey(self.store.conn)
        self.setRowCount(len(steps))
        self.setVerticalHeaderLabels([s.stage for s in steps])
        for row, step in enumerate(steps):
            for column, field in enumerate(FIELDS):
                item = QTableWidgetItem(_cell_text(step, field))
                item.setData(Qt.ItemDataRole.UserRole, step.stage)
                self.setItem(row, column, item)
        self._loading = False

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        stage = item.data(Qt.ItemDataRole.UserRole)
        field = FIELDS[item.column()]
        try:
            set_journey_stage(self.store, stage, {field: item.text()})
        except ValueKitError as exc:
            errors.report_exception(exc)
        self.load()  # the stored (canonical) values: 白皮书 → whitepaper, 问询 → Ask
        self.saved.emit(stage)
