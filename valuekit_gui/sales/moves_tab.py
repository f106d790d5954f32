"""The nine winning moves (九招制胜) of one opportunity: what fulfils each move — the
opportunity's own records, or library assets and notes linked to it — and what is missing.
The rules and the records are the core's (``valuekit.sales.nine_moves``)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import t
from valuekit.sales import nine_moves as nm
from valuekit_gui.common.errors import user_message
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid

add_strings({
    "moves.tab": ("九招制胜", "Nine winning moves"),
    "moves.link_hint": ("资产 id（或前缀），或一条备注", "asset id (or prefix), or a note"),
    "moves.add_asset": ("关联资产", "Link asset"),
    "moves.add_note": ("记为备注", "Add note"),
    "moves.done": ("已完成 {done}/9", "{done} of 9 covered"),
})


class MovesTab(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.opp_id: str | None = None
        self.result: nm.NineMoves | None = None
        self.setStyleSheet(INVALID_STYLE)
        self.view = QTextBrowser()
        self.move_choice = QComboBox()
        self.ref = QLineEdit()
        self.add_asset = QPushButton()
        self.add_note = QPushButton()
        self.add_asset.clicked.connect(lambda: self.link(asset=True))
        self.add_note.clicked.connect(lambda: self.link(asset=False))
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("QLabel { color: #a32020; }")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.move_choice)
        row.addWidget(self.ref, 1)
        row.addWidget(self.add_asset)
        row.addWidget(self.add_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        current = self.move_choice.currentData()
        self.move_choice.clear()
        for key in nm.MOVES:
            self.move_choice.addItem(t(f"moves.{key}", lang), key)
        self.move_choice.setCurrentIndex(max(0, self.move_choice.findData(current)))
        self.ref.setPlaceholderText(tr("moves.link_hint"))
        self.add_asset.setText(tr("moves.add_asset"))
        self.add_note.setText(tr("moves.add_note"))
        self.show_moves()

    def load(self, opp_id: str | None) -> None:
        self.opp_id = opp_id
        self.show_moves()

    def show_moves(self) -> None:
        if self.opp_id is None:
            self.view.clear()
            return
        self.result = nm.nine_moves(self.store, self.opp_id, lang=current_language())
        self.view.setHtml(moves_html(self.result))

    def link(self, *, asset: bool) -> bool:
        """Link the typed asset id or note to the chosen move; a refused one is marked."""
        clear_invalid(self)
        self.error.hide()
        if self.opp_id is None:
            return False
        text = self.ref.text().strip()
        try:
            if asset:
                nm.link(self.store, self.opp_id, self.move_choice.currentData(), asset=text)
            else:
                nm.link(self.store, self.opp_id, self.move_choice.currentData(), note=text)
        except (ValidationError, NotFoundError) as exc:
            mark_invalid(self.ref, user_message(exc))
            self.error.setText(user_message(exc))
            self.error.show()
            return False
        self.ref.clear()
        self.show_moves()
        return True


def moves_html(result: nm.NineMoves) -> str:
    lang = current_language()
    parts = ["<style>li { margin: 2px 0; } .muted { color: #777; } .miss { color: #8a5a00; }</style>"]
    if not result.applies:
        parts.append(f"<p class='muted'>{escape(t('moves.not_missile', lang))}</p>")
    parts.append(f"<h3>{escape(tr('moves.done', done=result.done))}</h3><ol>")
    for move in result.moves:
        mark = "✔" if move.evidence else "·"
        items = "".join(f"<li class='muted'>{escape(e.title)}</li>" for e in move.evidence)
        missing = f"<br><span class='miss'>→ {escape(move.missing)}</span>" if move.missing else ""
        parts.append(f"<li><b>{mark} {escape(move.label)}</b>{missing}"
                     + (f"<ul>{items}</ul>" if items else "") + "</li>")
    parts.append("</ol>")
    return "".join(parts)
