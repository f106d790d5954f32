"""Library dialogs: a new asset, bulk tagging of a selection, and the tag manager
(rename / merge values across the library). Rules and checks live in the core; a refused
value comes back as the core's message naming the field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui import errors
from ui.i18n import add_strings, current_language, tr
from ui.settings import current_user
from valuekit.curation import merge_values, rename_value
from valuekit.errors import ValueKitError
from valuekit.library import add_asset, tag_assets
from valuekit.store import Store
from valuekit.vocabulary import list_facets, list_values

add_strings({
    "lib.new_asset": ("新建素材", "New asset"),
    "lib.title": ("标题", "Title"), "lib.summary": ("摘要", "Summary"),
    "lib.language": ("语言", "Language"), "lib.stage": ("销售阶段", "Stage"),
    "lib.industry": ("行业", "Industry"), "lib.format": ("形式", "Format"),
    "lib.bulk_tag": ("批量打标签", "Tag selected"),
    "lib.facet": ("维度", "Facet"), "lib.values": ("值（逗号分隔）", "Values (comma-separated)"),
    "lib.tag_manager": ("标签管理", "Tag manager"),
    "lib.rename_to": ("改名为", "Rename to"), "lib.rename": ("改名", "Rename"),
    "lib.merge_into": ("合并到", "Merge into"), "lib.merge": ("合并", "Merge"),
    "lib.none": ("（无）", "(none)"),
})


def _facet_combo(store: Store, *, skip: tuple[str, ...] = ()) -> QComboBox:
    combo = QComboBox()
    for f in list_facets(store.conn):
        if f.name not in skip:
            combo.addItem(f.label(current_language()), f.name)
    return combo


def _value_combo(store: Store, facet: str, *, optional: bool = True) -> QComboBox:
    combo = QComboBox()
    if optional:
        combo.addItem(tr("lib.none"), "")
    for v in list_values(store.conn, facet):
        combo.addItem(v.label(current_language()), v.value)
    return combo


class AssetDialog(QDialog):
    """The few fields an asset needs to exist; the rest is edited in the detail pane."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.created_id: str | None = None
        self.setWindowTitle(tr("lib.new_asset"))
        self.title = QLineEdit()
        self.format = _value_combo(store, "format", optional=False)
        self.language = QComboBox()
        self.language.addItems(["zh", "en"])
        self.language.setCurrentText(current_language())
        self.stage = _value_combo(store, "stage")
        self.industry = _value_combo(store, "industry")
        self.summary = QTextEdit()
        form = QFormLayout(self)
        for key, widget in (("title", self.title), ("format", self.format),
                            ("language", self.language), ("stage", self.stage),
                            ("industry", self.industry), ("summary", self.summary)):
            form.addRow(tr(f"lib.{key}"), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        tags = {facet: [combo.currentData()] for facet, combo in
                (("stage", self.stage), ("industry", self.industry)) if combo.currentData()}
        try:
            asset = add_asset(self.store, {
                "title": self.title.text(), "format": self.format.currentData(),
                "language": self.language.currentText(), "summary": self.summary.toPlainText(),
                "creator": current_user(), "tags": tags})
        except ValueKitError as exc:
            errors.report_exception(exc)  # e.g. "title: must not be empty"; the dialog stays
            return
        self.created_id = asset.id
        super().accept()


class BulkTagDialog(QDialog):
    def __init__(self, store: Store, ids: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.ids = store, ids
        self.changed = 0
        self.setWindowTitle(f"{tr('lib.bulk_tag')} ({len(ids)})")
        self.facet = _facet_combo(store, skip=("format",))
        self.values = QLineEdit()
        form = QFormLayout(self)
        form.addRow(tr("lib.facet"), self.facet)
        form.addRow(tr("lib.values"), self.values)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        values = [v.strip() for v in self.values.text().replace("，", ",").split(",") if v.strip()]
        try:
            self.changed = tag_assets(self.store, self.ids, self.facet.currentData(), values)
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        super().accept()


class TagManagerDialog(QDialog):
    """Pick a facet and a value; rename it, or merge it into another value."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("lib.tag_manager"))
        self.resize(520, 480)
        self.facet = _facet_combo(store)
        self.values = QListWidget()
        self.new_name = QLineEdit()
        self.target = QComboBox()
        rename, merge = QPushButton(tr("lib.rename")), QPushButton(tr("lib.merge"))
        rename.clicked.connect(self.rename)
        merge.clicked.connect(self.merge)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facet)
        layout.addWidget(self.values, 1)
        for label, field, button in ((tr("lib.rename_to"), self.new_name, rename),
                                     (tr("lib.merge_into"), self.target, merge)):
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            row.addWidget(field, 1)
            row.addWidget(button)
            layout.addLayout(row)
        self.facet.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        facet = self.facet.currentData()
        self.values.clear()
        self.target.clear()
        for v in list_values(self.store.conn, facet):
            text = f"{v.value} — {v.label(current_language())}"
            self.values.addItem(text)
            self.values.item(self.values.count() - 1).setData(256, v.value)
            self.target.addItem(text, v.value)

    def _selected(self) -> str | None:
        item = self.values.currentItem()
        return None if item is None else item.data(256)

    def rename(self) -> None:
        value = self._selected()
        if value is None:
            return
        try:
            rename_value(self.store, self.facet.currentData(), value, self.new_name.text().strip())
        except ValueKitError as exc:
            errors.report_exception(exc)
        self.reload()

    def merge(self) -> None:
        value = self._selected()
        if value is None or not self.target.currentData():
            return
        try:
            merge_values(self.store, self.facet.currentData(), [value], self.target.currentData())
        except ValueKitError as exc:
            errors.report_exception(exc)
        self.reload()
