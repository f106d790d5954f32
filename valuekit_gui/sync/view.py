"""Conflicts and refused changes. Each conflict is a box with a row per disputed field:
the value both sides started from, mine and theirs side by side, and a choice per field
(conflict_box.py); each refused change shows the server's reason in the user's language
and can be given up ("give up my change": the row returns to the team's version).

Nothing here decides by itself: until the user chooses, both values are kept. The view
follows every sync of the app (the status bar's periodic one too) through the shared
SyncHub, and keeps the choices a user is half-way through when it refreshes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.sync.actions import resolve, revert
from valuekit.sync.conflicts import RefusedView, describe_all, describe_refused
from valuekit.sync.resolve import Choice
from valuekit.sync.state import get_setting
from valuekit_gui.common.drafts import ask
from valuekit_gui.common.errors import show_error, user_message
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.sync.conflict_box import ConflictBox, editor_text
from valuekit_gui.sync.connect import ConnectDialog
from valuekit_gui.sync.status import SyncStatus, hub

add_strings({
    "sync.conflicts_title": ("冲突：两边都改了同一字段，请逐个字段决定",
                             "Conflicts: both sides changed the same field; decide field by field"),
    "sync.rejected_title": ("被服务器拒绝的修改（保留在本机，直到您修改或放弃）",
                            "Changes the server refused (kept here until you change or give them up)"),
    "sync.col.row": ("条目", "Item"),
    "sync.row_title": ("{kind}「{title}」", "{kind} “{title}”"),
    "sync.col.reason": ("原因", "Reason"),
    "sync.col.when": ("时间（UTC）", "When (UTC)"),
    "sync.col.change": ("我的修改", "My change"),
    "sync.col.action": ("操作", "Action"),
    "sync.revert": ("放弃我的修改", "Give up my change"),
    "sync.revert_new": ("“{title}”只存在于本机，团队服务器没有它。放弃这个修改会在本机删除它。要删除吗？",
                        "“{title}” exists only on this computer: the team server does not have it. Giving up"
                        " the change deletes it here. Delete it?"),
    "sync.none": ("没有冲突，也没有被拒绝的修改。", "No conflicts and no refused changes."),
    "sync.error": ("同步", "Sync"),
    "sync.more": ("再显示 {n} 个冲突（还有 {hidden} 个未显示）", "Show {n} more conflicts ({hidden} not shown)"),
})

PAGE = 25   # conflict boxes built at a time: 200 at once kept the window busy ~1 s
Keep = dict[tuple[str, str], dict[str, tuple[str, str]]]


def _when(stamp: str) -> str:
    return stamp.replace("T", " ").removesuffix("Z")[:16]


class SyncView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.status = SyncStatus(store, periodic=False)
        self.conflicts_label, self.rejected_label, self.empty = QLabel(), QLabel(), QLabel()
        self.boxes: list[ConflictBox] = []
        self.limit = PAGE
        self.more = QPushButton()
        self.more.clicked.connect(self._show_more)
        self.holder = QWidget()
        self.box_layout = QVBoxLayout(self.holder)
        self.box_layout.setContentsMargins(0, 0, 0, 0)
        self.conflict_area = QScrollArea()
        self.conflict_area.setWidgetResizable(True)
        self.conflict_area.setWidget(self.holder)
        self.rejected = QTableWidget(0, 5)
        self.rejected.verticalHeader().setVisible(False)
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.rejected.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.rejected.setWordWrap(True)
        self.revert_buttons: list[QPushButton] = []
        self.connect_button = QPushButton()
        self.connect_button.clicked.connect(self.open_connect)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflict_area, 3)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.rejected, 1)
        # bound methods, not lambdas: Qt drops them when this view is destroyed
        hub().finished.connect(self._after_sync)
        hub().changed.connect(self.refresh)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()

    def open_connect(self) -> ConnectDialog:
        """Server address and token (window-modal, not blocking: the check runs off the
        main thread); once the server accepted them, the first sync starts."""
        dialog = ConnectDialog(self.store, self)
        dialog.connected.connect(self._connected)
        dialog.open()
        return dialog

    def _connected(self, _info: dict[str, str]) -> None:
        self._connect_label()
        hub().changed.emit()          # the status bar and this view show the new server
        hub().start(self.store.path)  # and the team library starts arriving

    def _connect_label(self) -> None:
        connected = bool(get_setting(self.store.conn, "server"))
        self.connect_button.setText(tr("connect.change") if connected else tr("connect.open"))

    def retranslate(self, _lang: str = "") -> None:
        self._connect_label()
        self.conflicts_label.setText(tr("sync.conflicts_title"))
        self.rejected_label.setText(tr("sync.rejected_title"))
        self.empty.setText(tr("sync.none"))
        self.rejected.setHorizontalHeaderLabels([tr(f"sync.col.{c}") for c in
                                                 ("row", "change", "reason", "when", "action")])
        self.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.status.set_store(store)
        self._connect_label()
        self.refresh()

    def _show_more(self) -> None:
        self.limit += PAGE
        self.refresh()

    def _after_sync(self, _report: object) -> None:
        self.refresh()

    # -- filling ----------------------------------------------------------------------
    def _kept_choices(self) -> Keep:
        """What the user picked but did not apply yet, to put back after a refresh."""
        kept: Keep = {}
        for box in self.boxes:
            key = (box.conflict.kind, box.conflict.id)
            kept[key] = {path: (str(pick.currentData() or ""), editor_text(box.edits[path]))
                         for path, pick in box.picks.items() if pick.currentData()}
        return kept

    def refresh(self) -> None:
        """Show what waits now. A conflict whose content did not change keeps its box (and
        whatever the user picked in it): rebuilding 200 boxes after every periodic sync
        took about a second on the main thread. A changed conflict gets a new box with the
        picks still valid carried over."""
        lang = current_language()
        kept = self._kept_choices()
        found = describe_all(self.store, lang)
        refused = describe_refused(self.store, lang)
        now = {(c.kind, c.id): c for c in found}
        reusable = {(box.conflict.kind, box.conflict.id): box for box in self.boxes
                    if box.lang == lang and box.conflict == now.get((box.conflict.kind, box.conflict.id))}
        while self.box_layout.count():
            taken = self.box_layout.takeAt(0)
            gone = taken.widget() if taken is not None else None
            if gone is not None and gone is not self.more and gone not in reusable.values():
                gone.setParent(None)
                gone.deleteLater()
        self.boxes = []
        for c in found[:self.limit]:
            box = reusable.get((c.kind, c.id))
            if box is None:
                box = ConflictBox(c, self._resolve)
                for path, (choice, text) in kept.get((c.kind, c.id), {}).items():
                    if path in box.picks:
                        box.choose(path, choice, text)
            self.box_layout.addWidget(box)
            self.boxes.append(box)
        hidden = len(found) - len(self.boxes)
        self.more.setText(tr("sync.more", n=min(PAGE, hidden), hidden=hidden))
        self.more.setVisible(hidden > 0)
        self.box_layout.addWidget(self.more)
        self.box_layout.addStretch(1)
        self._fill_refused(refused)
        self.empty.setVisible(not found and not refused)
        self.conflicts_label.setVisible(bool(found))
        self.conflict_area.setVisible(bool(found))
        self.rejected_label.setVisible(bool(refused))
        self.rejected.setVisible(bool(refused))
        self.status.refresh()

    def _fill_refused(self, refused: list[RefusedView]) -> None:
        self.rejected.setRowCount(len(refused))
        self.revert_buttons = []
        for row, r in enumerate(refused):
            item = QTableWidgetItem(tr("sync.row_title", kind=r.kind_label, title=r.title))
            item.setToolTip(r.id)
            self.rejected.setItem(row, 0, item)
            for col, text in ((1, r.change), (2, r.reason)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.rejected.setItem(row, col, cell)
            self.rejected.setItem(row, 3, QTableWidgetItem(_when(r.rejected_at)))
            button = QPushButton(tr("sync.revert"))
            button.clicked.connect(lambda _c=False, r=r: self._give_up(r))
            self.rejected.setCellWidget(row, 4, button)
            self.revert_buttons.append(button)
        self.rejected.resizeRowsToContents()

    # -- acting -----------------------------------------------------------------------
    def _give_up(self, r: RefusedView) -> None:
        """Revert a refused change; a row the team never had is deleted by that, so the
        user confirms first."""
        if r.new_here and not ask(self, "give_up", tr("sync.revert"),
                                  tr("sync.revert_new", title=r.title)):
            return
        self._act(lambda: revert(self.store, r.kind, r.id))

    def _resolve(self, kind: str, row_id: str, choices: str | dict[str, Choice]) -> None:
        self._act(lambda: resolve(self.store, kind, row_id, choices))

    def _act(self, action: Callable[[], object]) -> None:
        try:
            action()
        except ValueKitError as exc:
            show_error("warning", tr("sync.error"), user_message(exc))
            return
        hub().changed.emit()   # the status bar's counts, and this view
