"""Tag editing: one asset's tags in place (chips with ✕, a box to add a value), bulk
tagging of a selection, and the tag manager (rename / merge / delete a value across the
library). Every change goes through the core, which checks it and names the field when it
refuses (a closed facet's unknown value, a second value for a single-valued facet)."""

from __future__ import annotations

import html
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.library.assets import get_asset, tag_assets
from valuekit.library.curation import delete_value, merge_values, rename_value
from valuekit.library.search import Query, facet_counts
from valuekit.library.vocabulary import Facet, add_value, list_facets, list_values
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.qt import clear_layout

add_strings({
    "tags.add": ("＋ 添加…", "+ Add…"),
    "tags.remove": ("移除 {value}", "Remove {value}"),
    "tags.bulk_title": ("批量打标签（{n} 条素材）", "Tag {n} selected assets"),
    "tags.facet": ("维度", "Facet"),
    "tags.values": ("值", "Values"),
    "tags.new_value": ("新值（开放维度可新增，逗号分隔）", "New values (open facets; comma-separated)"),
    "tags.mode_add": ("添加", "Add"), "tags.mode_remove": ("移除", "Remove"),
    "tags.manager": ("标签管理", "Tag manager"),
    "tags.rename_to": ("新键名", "New key"),
    "tags.label_zh": ("中文名", "Chinese label"), "tags.label_en": ("英文名", "English label"),
    "tags.rename": ("改名", "Rename"),
    "tags.merge_into": ("合并到", "Merge into"), "tags.merge": ("合并", "Merge"),
    "tags.delete": ("删除此值…", "Delete value…"),
    "tags.delete_confirm": ("从词表和 {n} 条素材中删除「{value}」？",
                            "Delete “{value}” from the vocabulary and from {n} assets?"),
    "tags.used": ("{n} 条", "{n} assets"),
    "tags.pick_value": ("先在列表中选择一个值。", "Pick a value in the list first."),
})


def split_values(text: str) -> list[str]:
    return [v.strip() for v in text.replace("，", ",").split(",") if v.strip()]


def facet_combo(store: Store, *, skip: tuple[str, ...] = ()) -> QComboBox:
    combo = QComboBox()
    for f in list_facets(store.conn):
        if f.name not in skip:
            combo.addItem(f.label(current_language()), f.name)
    return combo


def resolve_typed(store: Store, facet: str, text: str) -> str:
    """A typed value: an existing value's key or label (either language), else the text
    itself (the core refuses it for a closed facet, naming what is allowed)."""
    text = text.strip()
    for v in list_values(store.conn, facet):
        if text in (v.value, v.label_zh, v.label_en):
            return v.value
    return text


class FacetTagEditor(QWidget):
    """One asset's tags, facet by facet, edited in place."""

    changed = Signal(str)  # asset id

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.asset_id: str | None = None
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.adders: dict[str, QComboBox] = {}

    def show_asset(self, asset_id: str | None) -> None:
        self.asset_id = asset_id
        clear_layout(self.grid)
        self.adders = {}
        if asset_id is None:
            return
        tags = get_asset(self.store, asset_id).tags
        lang = current_language()
        for row, facet in enumerate(list_facets(self.store.conn)):
            name = QLabel(facet.label(lang))
            name.setStyleSheet("color: #555;")
            chips = QLabel(self._chips(facet, tags.get(facet.name, []), lang))
            chips.setWordWrap(True)
            chips.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            chips.linkActivated.connect(self._remove_link)
            adder = self._adder(facet, tags.get(facet.name, []), lang)
            self.adders[facet.name] = adder
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(chips, row, 1, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(adder, row, 2, Qt.AlignmentFlag.AlignVCenter)
            self.grid.setRowStretch(row, 0)
        # Rows keep their natural height; the space left goes below the last one.
        self.grid.addWidget(QWidget(), len(self.adders), 0)
        self.grid.setRowStretch(len(self.adders), 1)

    def _chips(self, facet: Facet, values: list[str], lang: str) -> str:
        labels = {v.value: v.label(lang) for v in list_values(self.store.conn, facet.name)}
        parts = []
        for value in values:
            # No-break spaces keep a chip and its ✕ on one line; chips wrap between them.
            text = html.escape(labels.get(value, value)).replace(" ", "&nbsp;")
            remove = "" if facet.name == "format" else (
                f'&nbsp;<a href="rm:{html.escape(facet.name)}:{html.escape(value)}" title="'
                f'{html.escape(tr("tags.remove", value=labels.get(value, value)))}"'
                ' style="color:#8a8a8a; text-decoration:none;">✕</a>')
            parts.append(f'<span style="background-color:#e7eef8; color:#1f3b63;">'
                         f'&nbsp;{text}{remove}&nbsp;</span>')
        return " &nbsp;".join(parts) or '<span style="color:#aaa;">—</span>'

    def _adder(self, facet: Facet, have: list[str], lang: str) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumWidth(110)
        combo.setMaximumWidth(140)
        combo.addItem(tr("tags.add"), "")
        for v in list_values(self.store.conn, facet.name):
            if v.value not in have:
                combo.addItem(v.label(lang), v.value)
        if not facet.closed:  # open facets take new values: type and press Enter
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = cast(QLineEdit, combo.lineEdit())  # an editable combo always has one
            line.setPlaceholderText(tr("tags.add"))
            combo.setCurrentIndex(-1)
            line.returnPressed.connect(
                lambda f=facet.name, c=combo: self.add(f, resolve_typed(self.store, f, c.currentText())))
        combo.activated.connect(
            lambda index, f=facet.name, c=combo: self.add(f, c.itemData(index)))
        return combo

    def add(self, facet: str, value: str) -> None:
        if self.asset_id and value:
            self._apply(facet, [value], remove=False)

    def remove(self, facet: str, value: str) -> None:
        if self.asset_id:
            self._apply(facet, [value], remove=True)

    def _remove_link(self, link: str) -> None:
        _rm, facet, value = link.split(":", 2)
        self.remove(html.unescape(facet), html.unescape(value))

    def _apply(self, facet: str, values: list[str], *, remove: bool) -> None:
        asset_id = self.asset_id
        assert asset_id is not None
        try:
            tag_assets(self.store, [asset_id], facet, values, remove=remove)
        except ValueKitError as exc:
            errors.report_exception(exc)
        self.show_asset(asset_id)
        self.changed.emit(asset_id)


class BulkTagDialog(QDialog):
    """Add (or remove) values of one facet on every selected asset, in one transaction."""

    def __init__(self, store: Store, ids: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.ids = store, ids
        self.changed = 0
        self.setWindowTitle(tr("tags.bulk_title", n=len(ids)))
        self.resize(420, 460)
        self.facet = facet_combo(store)
        self.values = QListWidget()
        self.new_values = QLineEdit()
        self.add_mode, self.remove_mode = QRadioButton(tr("tags.mode_add")), QRadioButton(tr("tags.mode_remove"))
        self.add_mode.setChecked(True)
        modes = QHBoxLayout()
        modes.addWidget(self.add_mode)
        modes.addWidget(self.remove_mode)
        modes.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("tags.facet"), self.facet)
        form.addRow("", modes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("tags.values")))
        layout.addWidget(self.values, 1)
        self.new_label = QLabel(tr("tags.new_value"))
        layout.addWidget(self.new_label)
        layout.addWidget(self.new_values)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.facet.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        facet = self.facet.currentData()
        self.values.clear()
        for v in list_values(self.store.conn, facet):
            item = QListWidgetItem(v.label(current_language()))
            item.setData(Qt.ItemDataRole.UserRole, v.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.values.addItem(item)
        closed = next(f.closed for f in list_facets(self.store.conn) if f.name == facet)
        self.new_values.setVisible(not closed)
        self.new_label.setVisible(not closed)

    def check(self, value: str) -> None:
        for i in range(self.values.count()):
            if self.values.item(i).data(Qt.ItemDataRole.UserRole) == value:
                self.values.item(i).setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[str]:
        checked = [self.values.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.values.count())
                   if self.values.item(i).checkState() == Qt.CheckState.Checked]
        typed = [resolve_typed(self.store, self.facet.currentData(), v)
                 for v in split_values(self.new_values.text())] if self.new_values.isVisibleTo(self) else []
        return list(dict.fromkeys(checked + typed))

    def accept(self) -> None:
        try:
            self.changed = tag_assets(self.store, self.ids, self.facet.currentData(), self.chosen(),
                                      remove=self.remove_mode.isChecked())
        except ValueKitError as exc:
            errors.report_exception(exc)  # e.g. "values: give at least one tag value"
            return
        super().accept()


class TagManagerDialog(QDialog):
    """Pick a facet and one of its values; rename it (key and labels), merge it into
    another value, or delete it. Renames are logged so packs carry them to the team."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("tags.manager"))
        self.resize(560, 520)
        self.facet = facet_combo(store)
        self.values = QListWidget()
        self.new_name, self.label_zh, self.label_en = QLineEdit(), QLineEdit(), QLineEdit()
        self.target = QComboBox()
        rename, merge = QPushButton(tr("tags.rename")), QPushButton(tr("tags.merge"))
        delete = QPushButton(tr("tags.delete"))
        rename.clicked.connect(self.rename)
        merge.clicked.connect(self.merge)
        delete.clicked.connect(self.delete)
        form = QFormLayout()
        form.addRow(tr("tags.rename_to"), self.new_name)
        form.addRow(tr("tags.label_zh"), self.label_zh)
        form.addRow(tr("tags.label_en"), self.label_en)
        form.addRow("", rename)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.target, 1)
        merge_row.addWidget(merge)
        form.addRow(tr("tags.merge_into"), merge_row)
        form.addRow("", delete)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facet)
        layout.addWidget(self.values, 1)
        layout.addLayout(form)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.facet.currentIndexChanged.connect(self.reload)
        self.values.currentItemChanged.connect(self._picked)
        self.reload()

    def reload(self) -> None:
        facet = self.facet.currentData()
        used = {v["value"]: v["count"] for v in facet_counts(self.store, Query()).get(facet, [])}
        self.values.clear()
        self.target.clear()
        for v in list_values(self.store.conn, facet):
            label = v.label(current_language())
            item = QListWidgetItem(f"{label}   ·  {v.value}   ·  {tr('tags.used', n=used.get(v.value, 0))}")
            item.setData(Qt.ItemDataRole.UserRole, v.value)
            self.values.addItem(item)
            self.target.addItem(label, v.value)

    def select(self, value: str) -> None:
        for i in range(self.values.count()):
            if self.values.item(i).data(Qt.ItemDataRole.UserRole) == value:
                self.values.setCurrentRow(i)

    def _picked(self) -> None:
        value = self._selected()
        if value is None:
            return
        v = next(x for x in list_values(self.store.conn, self.facet.currentData()) if x.value == value)
        self.new_name.setText(v.value)
        self.label_zh.setText(v.label_zh)
        self.label_en.setText(v.label_en)

    def _selected(self) -> str | None:
        item = self.values.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _run(self, action: Any) -> None:
        try:
            if self._selected() is None:
                raise ValidationError("value", tr("tags.pick_value"))
            action(self._selected())
        except ValueKitError as exc:
            errors.report_exception(exc)
        self.reload()

    def rename(self) -> None:
        def renamed(value: str) -> None:
            facet, key = self.facet.currentData(), self.new_name.text().strip()
            zh, en = self.label_zh.text().strip(), self.label_en.text().strip()
            if key == value:  # only the labels change
                with self.store.transaction() as conn:
                    add_value(conn, facet, value, label_zh=zh, label_en=en)
            else:
                rename_value(self.store, facet, value, key, label_zh=zh, label_en=en)

        self._run(renamed)

    def merge(self) -> None:
        self._run(lambda value: merge_values(self.store, self.facet.currentData(), [value],
                                             self.target.currentData()))

    def delete(self) -> None:
        def confirmed(value: str) -> None:
            used = {v["value"]: v["count"] for v in
                    facet_counts(self.store, Query()).get(self.facet.currentData(), [])}
            answer = QMessageBox.question(self, tr("tags.manager"), tr(
                "tags.delete_confirm", value=value, n=used.get(value, 0)))
            if answer == QMessageBox.StandardButton.Yes:
                delete_value(self.store, self.facet.currentData(), value)

        self._run(confirmed)
