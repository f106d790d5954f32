"""The pitch wizard: saved pitches, "draft from opportunity", the seven steps as a
stepper marked complete / thin / missing, an editor per step, a preview of the exact PDF
pages, and export of any of the five documents with a cancellable progress dialog.
Drafting, checking, rendering and exporting are all core calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.documents.preview import page_images
from valuekit.errors import ValidationError, ValueKitError
from valuekit.pitch.check import check_pitch
from valuekit.pitch.documents import CUSTOMER_DOCS
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.kit import render_export
from valuekit.pitch.model import normalize
from valuekit.pitch.preflight import preflight
from valuekit.pitch.store import (
    get_pitch,
    list_pitches,
    opportunity_of,
    save_pitch,
)
from valuekit.pitch.types import Pitch, StepCheck
from valuekit.sales.opportunity import list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.drafts import DraftKeeper
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.common.qt import clear_layout
from valuekit_gui.common.tasks import Task, run_in_thread, store_call
from valuekit_gui.pitch.export import KitDialog, KitExport
from valuekit_gui.pitch.steps import StepEditors
from valuekit_gui.shell.settings import current_user

add_strings({
    "pitch.draft": ("从商机起草…", "Draft from opportunity…"),
    "pitch.save": ("保存", "Save"), "pitch.export": ("导出资料包…", "Export kit…"),
    "pitch.preview": ("刷新预览", "Refresh preview"),
    "pitch.choose_opp": ("选择商机", "Choose the opportunity"),
    "pitch.language": ("语言", "Language"),
    "pitch.doc": ("文档", "Document"),
    "pitch.doc.pitch": ("方案建议书", "Proposal"),
    "pitch.doc.onepager": ("三分钟一页纸", "Three-minute one-pager"),
    "pitch.doc.roi": ("ROI 测算表", "ROI sheet"), "pitch.doc.fab": ("FAB 话术表", "FAB sheet"),
    "pitch.doc.spin": ("SPIN 拜访计划", "SPIN call plan"),
    "pitch.step.1": ("场景", "Scenario"), "pitch.step.2": ("分层痛点", "Layered pains"),
    "pitch.step.3": ("分层效果", "Layered effects"), "pitch.step.4": ("执行与差异化", "Execution"),
    "pitch.step.5": ("客户案例", "Customer case"), "pitch.step.6": ("ROI", "ROI"),
    "pitch.step.7": ("行动号召", "Call to action"),
    "pitch.status.complete": ("完整", "complete"), "pitch.status.thin": ("单薄", "thin"),
    "pitch.status.missing": ("缺失", "missing"),
    "pitch.exporting": ("正在生成 PDF…", "Rendering the PDF…"),
    "pitch.exported": ("已导出：{path}", "Exported: {path}"),
    "pitch.incomplete": ("有步骤未完成：{steps}。仍要导出吗？",
                         "Some steps are not complete: {steps}. Export anyway?"),
    "pitch.saved": ("已保存", "Saved"), "pitch.pages": ("{n} 页", "{n} pages"),
})
STATUS_COLOURS = {"complete": "#2e7d32", "thin": "#b7791f", "missing": "#c0392b"}


class DraftDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("pitch.draft"))
        self.opportunity, self.language = QComboBox(), QComboBox()
        self.languages: dict[str, str] = {}
        for opp in list_opportunities(store):
            self.opportunity.addItem(f"{opp['customer']} · {opp['stage']}", opp["id"])
            self.languages[opp["id"]] = opp.get("language") or current_language()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        # the documents speak the customer's language, not the app's
        self.opportunity.currentIndexChanged.connect(self._follow_customer)
        self._follow_customer()
        form = QFormLayout(self)
        form.addRow(tr("pitch.choose_opp"), self.opportunity)
        form.addRow(tr("pitch.language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _follow_customer(self) -> None:
        lang = self.languages.get(self.opportunity.currentData(), current_language())
        self.language.setCurrentIndex(self.language.findData(lang))


class PitchesView(QWidget):
    status_message = Signal(str)
    preview_ready = Signal(int)  # page count
    exported = Signal(str)  # path

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.pitch_id: str | None = None
        self.pitch: Pitch | None = None
        self.checks: list[StepCheck] = []
        self.preview_task: Task | None = None
        self.export_task: KitExport | None = None
        self.last_folder = ""
        self.pitches = QListWidget()
        self.pitches.currentItemChanged.connect(self._pitch_selected)
        self.drafts = DraftKeeper(self, store.path, "pitch", self._draft, self._show,
                                  lambda: self.pitch["title"] if self.pitch else "")
        self.stepper = QListWidget()
        self.stepper.setFixedWidth(215)
        self.steps = QStackedWidget()
        self.stepper.currentRowChanged.connect(self.steps.setCurrentIndex)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.error.hide()
        self.doc = QComboBox()
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.refresh_preview)
        self.page_count = QLabel()
        self.preview_pages = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_pages)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.preview_pages)
        preview = QWidget()
        pl = QVBoxLayout(preview)
        row = QHBoxLayout()
        row.addWidget(self.doc, 1)
        row.addWidget(self.preview_button)
        row.addWidget(self.page_count)
        pl.addLayout(row)
        pl.addWidget(scroll, 1)
        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.addWidget(self.error)
        body = QHBoxLayout()
        body.addWidget(self.stepper)
        body.addWidget(self.steps, 1)
        ml.addLayout(body, 1)
        splitter = QSplitter()
        for w in (self.pitches, middle, preview):
            splitter.addWidget(w)
        splitter.setSizes([200, 700, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.editors: StepEditors | None = None
        self.timer = QTimer(self, singleShot=True, interval=300)
        self.timer.timeout.connect(self.recheck)
        self._actions = {k: QAction(self) for k in ("draft", "save", "export", "preview")}
        for key, handler in (("draft", self.new_item), ("save", self.save),
                             ("export", self.export), ("preview", self.refresh_preview)):
            self._actions[key].triggered.connect(handler)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()
        self.reload_list()
        if self.pitches.count():
            self.pitches.setCurrentRow(0)

    def actions(self) -> list[QAction]:
        # the window's toolbar (overrides QWidget.actions, which lists the same kind of object)
        return list(self._actions.values())

    def retranslate(self, _lang: str = "") -> None:
        for key, action in self._actions.items():
            action.setText(tr(f"pitch.{key}"))
        self.preview_button.setText(tr("pitch.preview"))
        current = self.doc.currentData()
        self.doc.clear()
        for doc in CUSTOMER_DOCS:
            self.doc.addItem(tr(f"pitch.doc.{doc}"), doc)
        self.doc.setCurrentIndex(max(0, self.doc.findData(current)))
        if self.pitch is not None:  # step editors carry labels: rebuild them
            self._show(self.pitch)

    # -- list, draft, open -------------------------------------------------------------
    def reload_list(self, select: str | None = None) -> None:
        self.pitches.blockSignals(True)
        self.pitches.clear()
        for p in list_pitches(self.store):
            item = QListWidgetItem(f"{p['title']}\n{p['updated_at'][:10]} · {p['language']}")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.pitches.addItem(item)
            if p["id"] == select:
                self.pitches.setCurrentItem(item)
        self.pitches.blockSignals(False)

    def _pitch_selected(self, item: QListWidgetItem | None, previous: Any = None) -> None:
        if item is None:
            return
        pitch_id = item.data(Qt.ItemDataRole.UserRole)
        if self.drafts.allow_switch(pitch_id != self.pitch_id, self.pitches, previous):
            self.open_pitch(pitch_id)

    def open_pitch(self, pitch_id: str) -> None:
        record = get_pitch(self.store, pitch_id)
        self.pitch_id = record["id"]
        self._show(normalize(record["data"]))
        self.drafts.start(record["id"])

    def _draft(self) -> dict[str, Any] | None:
        return self.editors.apply() if self.editors is not None else None

    def new_item(self) -> None:
        if not self.drafts.confirm_leave():
            return
        dialog = DraftDialog(self.store, self)
        if dialog.exec():
            self.draft(dialog.opportunity.currentData(), dialog.language.currentData())

    def draft(self, opp_id: str, lang: str) -> str:
        """Draft from the opportunity, save it, open it; returns the new pitch id."""
        data = draft_pitch(self.store, opp_id, lang=lang)
        self.pitch_id = save_pitch(self.store, data, opportunity_id=opp_id)
        self.reload_list(select=self.pitch_id)
        self.open_pitch(self.pitch_id)
        return self.pitch_id

    def _show(self, pitch: Pitch) -> None:
        self.pitch = pitch
        if self.editors is not None:
            for page in self.editors.pages:
                self.steps.removeWidget(page)
                page.deleteLater()
            self.editors.deleteLater()
        self.editors = StepEditors(self.store, self)
        self.editors.hide()
        for page in self.editors.pages:
            self.steps.addWidget(page)
        self.editors.load(pitch, opportunity_of(self.store, pitch.get("opportunity_id")))
        self.editors.changed.connect(self.timer.start)
        self.recheck()
        if self.stepper.currentRow() < 0:
            self.stepper.setCurrentRow(0)

    # -- checking ------------------------------------------------------------------------
    def current_document(self) -> Pitch | None:
        """The edited pitch, validated by the core; None (and the field marked) if refused."""
        if self.editors is None:
            return None
        try:
            pitch = normalize(self.editors.apply())
        except ValidationError as exc:
            self.error.setText(errors.user_message(exc, with_path=True))
            self.error.show()
            return None
        self.error.hide()
        return pitch

    def recheck(self) -> None:
        pitch = self.current_document()
        if pitch is None:
            return
        self.pitch = pitch
        opp = opportunity_of(self.store, pitch.get("opportunity_id"))
        self.checks = check_pitch(pitch, store=self.store, industry=opp["industry"] if opp else None,
                                  lang=current_language())
        row = self.stepper.currentRow()
        self.stepper.blockSignals(True)
        self.stepper.clear()
        for check in self.checks:
            status = check["status"]
            item = QListWidgetItem(f"{check['step']}. {tr('pitch.step.' + str(check['step']))}"
                                   f"  —  {tr('pitch.status.' + status)}")
            item.setForeground(QColor(STATUS_COLOURS[status]))
            if check["reason"]:
                item.setToolTip(f"{check['reason']} — {check['fix']}")
            self.stepper.addItem(item)
        self.stepper.blockSignals(False)
        self.stepper.setCurrentRow(max(0, row))

    def save(self) -> bool:
        pitch = self.current_document()
        if pitch is None:
            return False
        try:
            self.pitch_id = save_pitch(self.store, pitch, pitch_id=self.pitch_id)
        except ValueKitError as exc:
            errors.report_exception(exc)
            return False
        self.drafts.saved()
        self.reload_list(select=self.pitch_id)
        self.status_message.emit(tr("pitch.saved"))
        return True

    # -- preview -------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        pitch = self.current_document()
        if pitch is None:
            return
        if self.preview_task is not None:
            self.preview_task.cancel()
        doc = self.doc.currentData()
        self.preview_button.setEnabled(False)
        self.preview_task = run_in_thread(
            self, store_call(lambda store, p, d: page_images(render_export(store, p, d))),
            self.store.path, pitch, doc, on_done=self._show_pages, on_error=self._preview_failed)

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview_button.setEnabled(True)
        self.preview_task = None
        errors.report_exception(exc)

    def _show_pages(self, pages: list[bytes]) -> None:
        self.preview_button.setEnabled(True)
        self.preview_task = None
        clear_layout(self.preview_layout)
        for png in pages:
            label = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(QByteArray(png), "PNG")
            width = max(200, self.preview_pages.width() - 30)
            if pixmap.width() > width:  # fit the pane; the PDF itself is unchanged
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setStyleSheet("border: 1px solid #bbb; background: white;")
            self.preview_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.page_count.setText(tr("pitch.pages", n=len(pages)))
        self.preview_ready.emit(len(pages))

    # -- export ------------------------------------------------------------------------
    def export(self) -> None:
        """Export PDF…: the kit dialog (documents, folder, pre-flight), then one export."""
        pitch = self.current_document()
        if pitch is None:
            return
        opp = opportunity_of(self.store, pitch.get("opportunity_id"))
        problems = preflight(pitch, store=self.store, industry=opp.get("industry") if opp else None,
                             lang=current_language())
        dialog = KitDialog(problems, self.last_folder or str(Path.home()), pitch["roi"] is not None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.last_folder = dialog.folder.text().strip()
        self.export_kit(self.last_folder, dialog.docs(), allow_incomplete=True, ask=True)

    def export_kit(self, folder: str, docs: list[str], *, allow_incomplete: bool = False,
                   ask: bool = False) -> KitExport | None:
        """Render ``docs`` of the current pitch on a worker and write them into ``folder``;
        ``exported`` is emitted with the folder when the files are written."""
        pitch = self.current_document()
        if pitch is None:
            return None
        if self.export_task is not None:
            self.export_task.cancel()
        job = KitExport(self, self.store, pitch, self.pitch_id, docs, Path(folder),
                        allow_incomplete=allow_incomplete, who=current_user())
        self.export_task = job

        def written(report: dict[str, Any]) -> None:
            self.status_message.emit(tr("kit.exported", n=len(report["files"]), folder=folder))
            self.exported.emit(folder)
            if ask:
                QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

        def ended() -> None:
            if self.export_task is job:
                self.export_task = None
            job.deleteLater()

        job.done.connect(written)
        job.ended.connect(ended)
        return job
