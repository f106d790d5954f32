"""Forms for assets: create or edit one asset, and confirm the assets about to be made from
dropped files (their formats, and the stage and industry they all get). The core checks
every field; a refused one is marked at its widget with the core's message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.library.assets import add_asset, get_asset, tag_assets, update_asset
from valuekit.library.files import guess_format
from valuekit.library.vocabulary import STAGES, list_values
from valuekit_gui.common import errors
from valuekit_gui.common.drafts import DraftKeeper
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.shell.settings import current_user

add_strings({
    "asset.new": ("新建素材", "New asset"), "asset.edit": ("编辑素材", "Edit asset"),
    "asset.title": ("标题", "Title"), "asset.format": ("形式", "Format"),
    "asset.language": ("语言", "Language"), "asset.importance": ("重要度（1–5）", "Importance (1–5)"),
    "asset.stage": ("销售阶段", "Sales stages"), "asset.industry": ("行业", "Industry"),
    "asset.summary": ("摘要", "Summary"), "asset.body": ("正文（Markdown）", "Body (Markdown)"),
    "asset.source_url": ("来源链接", "Source URL"),
    "asset.review_due": ("复审日期（YYYY-MM-DD）", "Review by (YYYY-MM-DD)"),
    "asset.none": ("（无）", "(none)"),
    "asset.lang.zh": ("中文", "Chinese"), "asset.lang.en": ("英文", "English"),
    "drop.title": ("从文件创建素材", "Create assets from files"),
    "drop.intro": ("将为每个文件创建一条草稿素材，并附上该文件。",
                   "Each file becomes a draft asset with the file attached."),
    "drop.file": ("文件", "File"),
})


def value_combo(store: Store, facet: str, *, optional: bool = True) -> QComboBox:
    combo = QComboBox()
    if optional:
        combo.addItem(tr("asset.none"), "")
    for v in list_values(store.conn, facet):
        combo.addItem(v.label(current_language()), v.value)
    return combo


def language_combo() -> QComboBox:
    combo = QComboBox()
    for lang in ("zh", "en"):
        combo.addItem(tr(f"asset.lang.{lang}"), lang)
    combo.setCurrentIndex(combo.findData(current_language()))
    return combo


class StagePicker(QWidget):
    """The five sales stages as check boxes (an asset often serves several)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes = {stage: QCheckBox(stage) for stage in STAGES}
        for box in self.boxes.values():
            row.addWidget(box)
        row.addStretch(1)

    def values(self) -> list[str]:
        return [s for s, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: list[str]) -> None:
        for stage, box in self.boxes.items():
            box.setChecked(stage in values)


class AssetDialog(QDialog):
    """New asset (``asset_id=None``) or edit one. Tags beyond stage and industry are edited
    in the detail pane; in edit mode stage and industry are too, so they are not shown."""

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 asset_id: str | None = None) -> None:
        super().__init__(parent)
        self.store, self.asset_id = store, asset_id
        self.created_id: str | None = None
        self.setWindowTitle(tr("asset.edit" if asset_id else "asset.new"))
        self.setStyleSheet(INVALID_STYLE)
        self.resize(640, 620)
        self.title = QLineEdit()
        self.format = value_combo(store, "format", optional=False)
        self.language = language_combo()
        self.importance = QSpinBox(minimum=1, maximum=5, value=3)
        self.stage = StagePicker()
        self.industry = value_combo(store, "industry")
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(70)
        self.body = QPlainTextEdit()
        self.source_url, self.review_due = QLineEdit(), QLineEdit()
        self.fields: dict[str, QWidget] = {
            "title": self.title, "format": self.format, "language": self.language,
            "importance": self.importance, "stage": self.stage, "industry": self.industry,
            "summary": self.summary, "body": self.body, "source_url": self.source_url,
            "review_due": self.review_due}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in self.fields.items():
            if asset_id and key in ("stage", "industry"):
                continue
            form.addRow(tr(f"asset.{key}"), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if asset_id:
            self._load(asset_id)
        self.drafts = DraftKeeper(self, store.path, "asset", self._snapshot, self._restore,
                                  self.title.text)
        self.drafts.start(asset_id or "new")

    def _snapshot(self) -> dict[str, object]:
        return self._values() | {"format": self.format.currentData(), "stage": self.stage.values(),
                                 "industry": self.industry.currentData()}

    def _restore(self, data: dict[str, object]) -> None:
        self.title.setText(str(data.get("title") or ""))
        for combo, key in ((self.format, "format"), (self.language, "language"), (self.industry, "industry")):
            combo.setCurrentIndex(max(0, combo.findData(data.get(key))))
        importance = data.get("importance")
        self.importance.setValue(importance if isinstance(importance, int) else 3)
        self.summary.setPlainText(str(data.get("summary") or ""))
        self.body.setPlainText(str(data.get("body") or ""))
        self.source_url.setText(str(data.get("source_url") or ""))
        self.review_due.setText(str(data.get("review_due") or ""))
        stages = data.get("stage")
        self.stage.set_values([str(v) for v in stages] if isinstance(stages, list) else [])

    def reject(self) -> None:
        """Cancel, Esc or the close box: unsaved changes are only dropped when confirmed."""
        if self.drafts.confirm_leave():
            self.drafts.discard()
            super().reject()

    def _load(self, asset_id: str) -> None:
        a = get_asset(self.store, asset_id)
        self.title.setText(a.title)
        self.format.setCurrentIndex(max(0, self.format.findData(a.format)))
        self.language.setCurrentIndex(max(0, self.language.findData(a.language)))
        self.importance.setValue(a.importance)
        self.summary.setPlainText(a.summary)
        self.body.setPlainText(a.body)
        self.source_url.setText(a.source_url or "")
        self.review_due.setText(a.review_due or "")

    def _values(self) -> dict[str, object]:
        return {"title": self.title.text(), "language": self.language.currentData(),
                "importance": self.importance.value(), "summary": self.summary.toPlainText(),
                "body": self.body.toPlainText(), "source_url": self.source_url.text().strip() or None,
                "review_due": self.review_due.text().strip() or None}

    def accept(self) -> None:
        clear_invalid(self)
        try:
            if self.asset_id is None:
                tags = {"stage": self.stage.values()} if self.stage.values() else {}
                if self.industry.currentData():
                    tags["industry"] = [self.industry.currentData()]
                asset = add_asset(self.store, self._values() | {
                    "format": self.format.currentData(), "creator": current_user(), "tags": tags})
                self.created_id = asset.id
            else:
                with self.store.transaction():
                    update_asset(self.store, self.asset_id, self._values())
                    if get_asset(self.store, self.asset_id).format != self.format.currentData():
                        tag_assets(self.store, [self.asset_id], "format", [self.format.currentData()])
        except ValueKitError as exc:
            self._mark(exc)
            errors.report_exception(exc)  # e.g. "title: must not be empty"; the dialog stays
            return
        self.drafts.saved()
        self.drafts.discard()
        super().accept()

    def _mark(self, exc: ValueKitError) -> None:
        if isinstance(exc, ValidationError):
            key = exc.field.split(".")[0].split("[")[0].replace("tags", "").strip(". ") or exc.field
            widget = self.fields.get(key) or self.fields.get(exc.field.split(".")[-1])
            if widget is not None:
                mark_invalid(widget, errors.user_message(exc))


class DropDialog(QDialog):
    """Confirm the files about to become assets: a format per file (guessed from its
    extension) and a stage and industry for all of them."""

    def __init__(self, store: Store, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.paths = store, paths
        self.setWindowTitle(tr("drop.title"))
        self.resize(620, 380)
        self.table = QTableWidget(len(paths), 2)
        self.table.setHorizontalHeaderLabels([tr("drop.file"), tr("asset.format")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 380)
        self.table.setColumnWidth(1, 190)
        self.format_boxes: list[QComboBox] = []
        for row, path in enumerate(paths):
            self.table.setCellWidget(row, 0, QLabel(f" {path.name}"))
            combo = value_combo(store, "format", optional=False)
            combo.setCurrentIndex(max(0, combo.findData(guess_format(path))))
            self.table.setCellWidget(row, 1, combo)
            self.format_boxes.append(combo)
        self.stage = StagePicker()
        self.industry = value_combo(store, "industry")
        self.language = language_combo()
        form = QFormLayout()
        form.addRow(tr("asset.stage"), self.stage)
        form.addRow(tr("asset.industry"), self.industry)
        form.addRow(tr("asset.language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("drop.intro")))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def tags(self) -> dict[str, list[str]]:
        tags = {"stage": self.stage.values()} if self.stage.values() else {}
        if self.industry.currentData():
            tags["industry"] = [self.industry.currentData()]
        return tags

    def formats(self) -> dict[str, str]:
        return {str(p): box.currentData() for p, box in zip(self.paths, self.format_boxes, strict=True)}
