"""One conflict in the sync view: a row per disputed field with the value both sides
started from, mine and theirs side by side (field names and facet values in the user's
language), a choice per field (keep mine / take theirs / write my own) and Apply.

Fields left on "choose…" stay open: Apply settles only what the user decided, and the
conflict keeps the rest (the core keeps the decisions already made). "Keep all mine" and
"Take all theirs" settle every open field at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.sync.conflicts import ConflictView, FieldDispute
from valuekit.sync.resolve import EDIT, MINE, THEIRS, Choice, Edited
from valuekit_gui.common.i18n import add_strings, current_language, tr

add_strings({
    "sync.box.title": ("{kind}「{title}」 · 对方：{by} · {when} UTC", "{kind} “{title}” · theirs by {by} · {when} UTC"),
    "sync.col.field": ("字段", "Field"),
    "sync.col.base": ("原值", "Before"),
    "sync.col.mine": ("我的", "Mine"),
    "sync.col.theirs": ("对方的", "Theirs"),
    "sync.col.choice": ("采用", "Use"),
    "sync.col.edited": ("我填写的值", "My own value"),
    "sync.pick.none": ("请选择…", "Choose…"),
    "sync.pick.mine": ("保留我的", "Keep mine"),
    "sync.pick.theirs": ("采用对方的", "Take theirs"),
    "sync.pick.edit": ("自己填写", "Write my own"),
    "sync.apply": ("应用所选", "Apply"),
    "sync.all_mine": ("全部保留我的", "Keep all mine"),
    "sync.all_theirs": ("全部采用对方的", "Take all theirs"),
    "sync.decided": ("已决定：{items}（其余字段决定后才会上传）",
                     "Decided: {items} (sent once the other fields are decided)"),
    "sync.decided_item": ("{field} → {value}（{how}）", "{field} → {value} ({how})"),
    "sync.how.mine": ("我的", "mine"),
    "sync.how.theirs": ("对方的", "theirs"),
    "sync.how.edit": ("自己填写", "written by me"),
    "sync.edit_hint": ("多个值用逗号或顿号分隔", "separate several values with commas"),
})

CELL_CHARS = 160   # longer values (an asset body) are cut in the cell; the tooltip has all
LONG_TEXT = 80     # a value this long or with line breaks is written in a multi-line box
Editor = QLineEdit | QPlainTextEdit


def editor_text(editor: Editor) -> str:
    return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()


def set_editor_text(editor: Editor, text: str) -> None:
    if isinstance(editor, QLineEdit):
        editor.setText(text)
    else:
        editor.setPlainText(text)
_PICKS = ("", MINE, THEIRS, EDIT)


def _cell(text: str) -> QTableWidgetItem:
    shown = text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"
    item = QTableWidgetItem(shown)
    item.setToolTip(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class ConflictBox(QGroupBox):
    """``apply(kind, id, choices)`` is called with the user's decisions."""

    def __init__(self, conflict: ConflictView,
                 apply: Callable[[str, str, str | dict[str, Choice]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.lang = current_language()   # the view rebuilds the box when this changes
        self._apply = apply
        when = conflict.detected_at.replace("T", " ").removesuffix("Z")[:16]
        self.setTitle(tr("sync.box.title", kind=conflict.kind_label, title=conflict.title,
                         by=conflict.theirs_by or "?", when=when))
        self.table = QTableWidget(len(conflict.fields), 6)
        self.table.setHorizontalHeaderLabels([tr(f"sync.col.{c}") for c in
                                              ("field", "base", "mine", "theirs", "choice", "edited")])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(col, mode)
        self.table.setColumnHidden(5, not conflict.can_edit)
        self.picks: dict[str, QComboBox] = {}
        self.edits: dict[str, Editor] = {}
        for row, f in enumerate(conflict.fields):
            self._add_row(row, f)
        if self.picks:  # cell widgets do not size their column: make room for the longest choice
            widest = max(p.sizeHint().width() for p in self.picks.values())
            header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(4, widest + 8)
        self.table.resizeRowsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
                                  + 2 * self.table.frameWidth())
        self.decided = QLabel(self._decided_text())
        self.decided.setWordWrap(True)
        self.decided.setVisible(bool(conflict.decided))
        self.apply_button = QPushButton(tr("sync.apply"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply_choices)
        self.all_mine = QPushButton(tr("sync.all_mine"))
        self.all_mine.clicked.connect(lambda: self._apply(conflict.kind, conflict.id, MINE))
        self.all_theirs = QPushButton(tr("sync.all_theirs"))
        self.all_theirs.clicked.connect(lambda: self._apply(conflict.kind, conflict.id, THEIRS))
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        buttons.addWidget(self.all_mine)
        buttons.addWidget(self.all_theirs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.decided)
        layout.addLayout(buttons)

    def _add_row(self, row: int, f: FieldDispute) -> None:
        label = _cell(f.label)
        label.setToolTip(f.path)
        self.table.setItem(row, 0, label)
        for col, text in ((1, f.base_text), (2, f.mine_text), (3, f.theirs_text)):
            self.table.setItem(row, col, _cell(text))
        pick = QComboBox()
        for key in _PICKS:
            if key != EDIT or self.conflict.can_edit:  # only where the value can be checked
                pick.addItem(tr(f"sync.pick.{key or 'none'}"), key)
        long_text = any(isinstance(v, str) and (len(v) >= LONG_TEXT or "\n" in v)
                        for v in (f.mine, f.theirs))
        edit: Editor
        if long_text:
            edit = QPlainTextEdit(f.mine_edit)
            edit.setFixedHeight(4 * edit.fontMetrics().lineSpacing())
        else:
            edit = QLineEdit(f.mine_edit)
            edit.setPlaceholderText(tr("sync.edit_hint") if isinstance(f.mine, list) else "")
        edit.setEnabled(False)
        pick.currentIndexChanged.connect(lambda _i, p=pick, e=edit: self._picked(p, e))
        self.table.setCellWidget(row, 4, pick)
        self.table.setCellWidget(row, 5, edit)
        self.picks[f.path], self.edits[f.path] = pick, edit

    def _picked(self, pick: QComboBox, edit: Editor) -> None:
        edit.setEnabled(pick.currentData() == EDIT)
        if edit.isEnabled():
            edit.setFocus()
        self.apply_button.setEnabled(any(p.currentData() for p in self.picks.values()))

    def _decided_text(self) -> str:
        items = [tr("sync.decided_item", field=f.label, value=f.mine_text, how=tr(f"sync.how.{f.choice}"))
                 for f in self.conflict.decided]
        return tr("sync.decided", items="; ".join(items)) if items else ""

    def choose(self, path: str, choice: str, value: str | None = None) -> None:
        """Set one field's choice as the user would (tests and keyboard users alike)."""
        pick = self.picks[path]
        pick.setCurrentIndex(pick.findData(choice))
        if value is not None:
            set_editor_text(self.edits[path], value)

    def choices(self) -> dict[str, Choice]:
        out: dict[str, Choice] = {}
        for path, pick in self.picks.items():
            key = pick.currentData()
            if key == EDIT:
                out[path] = Edited(editor_text(self.edits[path]))
            elif key:
                out[path] = key
        return out

    def apply_choices(self) -> None:
        chosen = self.choices()
        if chosen:
            self._apply(self.conflict.kind, self.conflict.id, chosen)
