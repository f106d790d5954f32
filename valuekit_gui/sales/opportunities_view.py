"""Opportunities: the list on the left, the selected opportunity on the right — its form
and a "Pains & FABs" tab read from ``links.opportunity_context`` — and the meeting mode.

Saving sends the revision read when the form was loaded; if someone changed the
opportunity meanwhile the core raises ConflictError, the message is shown and the form
offers to reload. The user's edits are never written over someone else's."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ConflictError, ValidationError, ValueKitError
from valuekit.i18n import formatting as fmt
from valuekit.library.vocabulary import list_values
from valuekit.sales.context import opportunity_context
from valuekit.sales.opportunity import (
    archive_opportunity,
    create_opportunity,
    get_opportunity,
    list_opportunities,
    update_opportunity,
)
from valuekit.sales.types import Opportunity
from valuekit_gui.common import errors
from valuekit_gui.common.drafts import DraftKeeper
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.common.qt import select_first, top_level_items
from valuekit_gui.funnel.team_dialog import TeamSettingsDialog
from valuekit_gui.sales.context_html import context_html
from valuekit_gui.sales.meeting_mode import MeetingMode
from valuekit_gui.sales.moves_tab import MovesTab
from valuekit_gui.sales.opportunity_form import OpportunityForm
from valuekit_gui.shell.settings import current_user

add_strings({
    "opp.new": ("新建商机", "New"),
    "opp.save": ("保存", "Save"),
    "opp.archive": ("归档", "Archive"),
    "opp.unarchive": ("取消归档", "Unarchive"),
    "opp.meeting": ("会谈模式", "Meeting mode"),
    "opp.team": ("团队设置…", "Team settings…"),
    "opp.show_archived": ("显示已归档", "Show archived"),
    "opp.new_customer": ("新客户", "New customer"),
    "opp.details": ("商机信息", "Details"),
    "opp.context": ("痛点与 FAB", "Pains & FABs"),
    "opp.saved": ("已保存：{name}", "Saved: {name}"),
    "opp.conflict": ("这个商机在你打开之后已被其他人修改。你的修改没有保存。重新加载后再编辑。",
                     "This opportunity was changed by someone else after you opened it. Your edits "
                     "were not saved; reload it and edit again."),
    "opp.reload": ("重新加载", "Reload"),
    "opp.archived_tag": ("（已归档）", " (archived)"),
    "opp.empty": ("还没有商机。按 Ctrl+N 新建一个。", "No opportunities yet. Press Ctrl+N to add one."),
})

_COLUMNS = ("customer", "stage", "deal_size", "owner")


def _money(value: float | None, currency: str) -> str:
    return "" if value is None else fmt.money(value, currency, current_language())


class OpportunitiesView(QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.opp_id: str | None = None
        self.revision: int | None = None
        self.dirty = False

        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setColumnCount(len(_COLUMNS))
        self.list.setSortingEnabled(True)
        self.list.setColumnWidth(0, 230)
        self.list.setColumnWidth(1, 85)
        self.list.setColumnWidth(2, 120)
        self.list.currentItemChanged.connect(self._selected)
        self.show_archived = QCheckBox()
        self.show_archived.toggled.connect(lambda _on: self.reload_list(self.opp_id))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.show_archived)

        self.form = OpportunityForm(store)
        self.form.changed.connect(self._edited)
        self.drafts = DraftKeeper(self, store.path, "opportunity", self.form.changes, self._restore_draft,
                                  lambda: self.form.opp["customer"] if self.form.opp else "")
        self.conflict = QWidget()
        self.conflict.setObjectName("conflict")
        self.conflict.setStyleSheet("#conflict { background: #fdecea; border: 1px solid #c0392b; }")
        self.conflict_label = QLabel(wordWrap=True)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.reload)
        cl = QHBoxLayout(self.conflict)
        cl.addWidget(self.conflict_label, 1)
        cl.addWidget(self.reload_button)
        self.conflict.hide()
        self.context = QTextBrowser()
        self.context.setOpenLinks(False)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.form)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.context, "")
        self.moves = MovesTab(store)  # the nine winning moves of a missile-model deal
        self.tabs.addTab(self.moves, "")
        self.tabs.currentChanged.connect(lambda _i: self.show_context())
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.conflict)
        rl.addWidget(self.tabs, 1)
        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        rl.addWidget(self.empty)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._actions = {key: QAction(self) for key in ("new", "save", "archive", "meeting", "team")}
        for key, handler in (("new", self.new_item), ("save", self.save),
                             ("archive", self.toggle_archive), ("meeting", self.open_meeting),
                             ("team", lambda: self.edit_team_settings())):
            self._actions[key].triggered.connect(handler)
        self._actions["save"].setShortcut("Ctrl+S")
        self._actions["meeting"].setShortcut("Ctrl+M")
        for action in self._actions.values():
            self.addAction(action)  # shortcuts work while the view has focus
        self._actions["new"].setShortcut("")  # Ctrl+N comes from the window (new_item)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()
        self.reload_list()
        select_first(self.list)
        self._show_empty()

    def edit_team_settings(self, show: bool = True) -> TeamSettingsDialog:
        """The team's SQL BANT minimum and the rest (also in the Funnel view); the open
        opportunity's warnings follow the new standard (unsaved edits stay as they are)."""
        dialog = TeamSettingsDialog(self.store, self)
        dialog.accepted.connect(self._team_settings_changed)
        if show:
            dialog.open()
        return dialog

    def _team_settings_changed(self) -> None:
        if self.opp_id is not None:
            self.form.show_warnings(get_opportunity(self.store, self.opp_id, lang=current_language())["warnings"])
            self.form.show_steps()

    def actions(self) -> list[QAction]:
        # the window's toolbar (overrides QWidget.actions, which lists the same kind of object)
        return list(self._actions.values())

    def retranslate(self, _lang: str = "") -> None:
        for key, action in self._actions.items():
            action.setText(tr(f"opp.{key}"))
        self._archive_label()
        self.list.setHeaderLabels([tr(f"opp.{c}") for c in _COLUMNS])
        self.show_archived.setText(tr("opp.show_archived"))
        self.tabs.setTabText(0, tr("opp.details"))
        self.tabs.setTabText(1, tr("opp.context").replace("&", "&&"))
        self.tabs.setTabText(2, tr("moves.tab"))
        self.moves.retranslate()
        self.conflict_label.setText(tr("opp.conflict"))
        self.reload_button.setText(tr("opp.reload"))
        self.empty.setText(tr("opp.empty"))
        self.form.retranslate()
        if self.opp_id is not None and not self.dirty:
            # warnings and growth text come from the core in the UI language
            self.form.show_warnings(get_opportunity(self.store, self.opp_id,
                                                    lang=current_language())["warnings"])
        self.show_context()

    def _archive_label(self) -> None:
        archived = self.form.opp is not None and self.form.opp.get("archived")
        self._actions["archive"].setText(tr("opp.unarchive" if archived else "opp.archive"))

    # -- the list -----------------------------------------------------------------------------
    def reload_list(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for opp in list_opportunities(self.store, include_archived=self.show_archived.isChecked()):
            name = opp["customer"] + (tr("opp.archived_tag") if opp["archived"] else "")
            item = QTreeWidgetItem([name, opp["stage"], _money(opp["deal_size"], opp["currency"]),
                                    opp["owner"]])
            item.setData(0, Qt.ItemDataRole.UserRole, opp["id"])
            item.setData(2, Qt.ItemDataRole.UserRole, opp["deal_size"] or 0)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            if opp["id"] == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _show_empty(self) -> None:
        has = self.opp_id is not None
        self.tabs.setVisible(has)
        self.empty.setVisible(not has)
        for key in ("save", "archive", "meeting"):
            self._actions[key].setEnabled(has)

    def _selected(self, item: QTreeWidgetItem | None, previous: Any = None) -> None:
        if item is None:
            return
        opp_id = item.data(0, Qt.ItemDataRole.UserRole)
        if self.drafts.allow_switch(opp_id != self.opp_id, self.list, previous):
            self.open_opportunity(opp_id)

    def _restore_draft(self, data: dict[str, Any]) -> None:
        if self.form.opp is not None:  # a draft holds the form's fields over the stored record
            self.form.load(cast(Opportunity, {**self.form.opp, **data}))
            self.dirty = True

    def select(self, opp_id: str) -> None:
        for item in top_level_items(self.list):
            if item.data(0, Qt.ItemDataRole.UserRole) == opp_id:
                self.list.setCurrentItem(item)
                return

    def open_opportunity(self, opp_id: str) -> None:
        opp = get_opportunity(self.store, opp_id, lang=current_language())
        self.opp_id = opp["id"]
        self.revision = opp["revision"]
        self.form.load(opp)
        self.dirty = False
        self.drafts.start(opp["id"])
        self.conflict.hide()
        self._archive_label()
        self._show_empty()
        self.show_context()

    def reload(self) -> None:
        """Drop the edits and show what is stored now (after a conflict)."""
        if self.opp_id is not None:
            self.drafts.discard()
            self.reload_list(self.opp_id)
            self.open_opportunity(self.opp_id)

    def _edited(self) -> None:
        self.dirty = True

    # -- actions ------------------------------------------------------------------------------
    def new_item(self) -> None:
        if not self.drafts.confirm_leave():
            return
        industries = list_values(self.store.conn, "industry")
        industry = self.form.opp["industry"] if self.form.opp else (industries[0].value if industries else "")
        try:
            opp = create_opportunity(self.store, {
                "customer": tr("opp.new_customer"), "industry": industry, "stage": "RL",
                "owner": current_user(), "language": current_language()})
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        self.reload_list(opp["id"])
        self.open_opportunity(opp["id"])
        self.tabs.setCurrentIndex(0)
        self.form.edits["customer"].setFocus()
        self.form.edits["customer"].selectAll()
        self.changed.emit()

    def save(self) -> bool:
        if self.opp_id is None or self.revision is None:
            return False
        self.form.clear_marks()
        try:
            opp = update_opportunity(self.store, self.opp_id, self.form.changes(),
                                     expected_revision=self.revision)
        except ConflictError as exc:
            self.conflict.show()
            errors.report_exception(exc)
            return False
        except ValidationError as exc:
            self.form.mark_error(exc.field, errors.user_message(exc))
            errors.report_exception(exc)
            return False
        except ValueKitError as exc:
            errors.report_exception(exc)
            return False
        self.drafts.saved()
        self.reload_list(opp["id"])
        self.open_opportunity(opp["id"])
        self.status_message.emit(tr("opp.saved", name=opp["customer"]))
        self.changed.emit()
        return True

    def toggle_archive(self) -> None:
        if self.opp_id is None or self.form.opp is None:
            return
        opp = archive_opportunity(self.store, self.opp_id, archived=not self.form.opp["archived"])
        self.reload_list(opp["id"])
        if opp["archived"] and not self.show_archived.isChecked():
            self.opp_id = None
            self.form.opp = None
            select_first(self.list)
            self._show_empty()
        else:
            self.open_opportunity(opp["id"])
        self.changed.emit()

    def retire_selected(self) -> None:
        self.toggle_archive()

    def open_meeting(self) -> MeetingMode | None:
        """Open the meeting mode (modal); saves pending edits first so nothing is lost."""
        if self.opp_id is None or (self.dirty and not self.save()):
            return None
        dialog = self.meeting_dialog()
        dialog.showMaximized()
        dialog.exec()
        self.show_context()
        return dialog

    def meeting_dialog(self) -> MeetingMode:
        dialog = MeetingMode(self.store, str(self.opp_id), self)
        dialog.finished.connect(lambda _r: self.show_context())
        return dialog

    # -- pains & FABs -------------------------------------------------------------------------
    def show_context(self) -> None:
        if self.opp_id is not None and self.tabs.currentIndex() == 2:
            self.moves.load(self.opp_id)
            return
        if self.opp_id is None or self.tabs.currentIndex() != 1:
            return
        try:
            # in the notes' language: FABs and pains are written in it, so they match
            ctx = opportunity_context(self.store, self.opp_id)
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        self.context.setHtml(context_html(ctx))
