"""ROI cases: the saved cases on the left, the editor in the middle, the figures on the
right, recomputed as the user types. All figures come from ``valuekit.roi.result.compute_json``;
saving, duplicating and deleting go through ``valuekit.roi.cases``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.roi import cases as roi_store
from valuekit.roi.parse import parse_case
from valuekit.roi.result import compute_json, starter_case
from valuekit.roi.types import RoiResultJSON
from valuekit.roi.workbook import write_workbook
from valuekit.sales.opportunity import list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.drafts import DraftKeeper
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.roi.editor import RoiEditor
from valuekit_gui.roi.results import RoiResults

add_strings({
    "roi.new": ("新建测算", "New case"),
    "roi.save": ("保存", "Save"),
    "roi.duplicate": ("复制", "Duplicate"),
    "roi.delete": ("删除", "Delete"),
    "roi.import": ("导入 JSON…", "Import JSON…"),
    "roi.export": ("导出 JSON…", "Export JSON…"),
    "roi.new_name": ("新的 ROI 测算", "New ROI case"),
    "roi.saved": ("已保存：{name}", "Saved: {name}"),
    "roi.confirm_delete": ("删除 ROI 测算“{name}”？", "Delete the ROI case “{name}”?"),
    "roi.unsaved": ("（未保存）", " (unsaved)"),
    "roi.export_xlsx": ("导出 Excel…", "Export Excel…"),
    "roi.opportunity": ("所属商机", "Opportunity"),
    "roi.no_opportunity": ("（未关联商机）", "(no opportunity)"),
})


class RoiView(QWidget):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id: str | None = None
        self.dirty = False
        self.cases = QListWidget()
        self.cases.currentItemChanged.connect(self._case_selected)
        self.editor = RoiEditor()
        # a case belongs to a deal: its pitch draft picks it up, its ROI picker lists it first
        self.opportunity = QComboBox()
        self.opportunity.setObjectName("opportunity")
        self.opportunity_label = QLabel()
        self.editor.general_form.insertRow(2, self.opportunity_label, self.opportunity)
        self.opportunity.currentIndexChanged.connect(lambda _i: self._edited())
        self.results = RoiResults()
        self.timer = QTimer(self, singleShot=True, interval=120)
        self.timer.timeout.connect(self.recompute)
        self.editor.changed.connect(self._edited)
        self.results.trust.acknowledge.connect(self.acknowledge)
        self.drafts = DraftKeeper(self, store.path, "roi", self._draft, self._restore_draft, self.editor.name.text)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.cases)
        for widget in (self.editor, self.results):
            scroll = QScrollArea(widgetResizable=True)
            scroll.setWidget(widget)
            splitter.addWidget(scroll)
        splitter.setSizes([220, 520, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._actions = {key: QAction(self) for key in
                         ("new", "save", "duplicate", "delete", "import", "export", "export_xlsx")}
        for key, handler in (("new", self.new_item), ("save", self.save),
                             ("duplicate", self.duplicate), ("delete", self.delete),
                             ("import", self.import_json), ("export", self.export),
                             ("export_xlsx", self.export_xlsx)):
            self._actions[key].triggered.connect(handler)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()
        self.reload_list()
        if self.cases.count():
            self.cases.setCurrentRow(0)
        else:
            self.new_item()

    def actions(self) -> list[QAction]:
        # the window's toolbar (overrides QWidget.actions, which lists the same kind of object)
        return list(self._actions.values())

    def retranslate(self, _lang: str = "") -> None:
        for key, action in self._actions.items():
            action.setText(tr(f"roi.{key}"))
        self.opportunity_label.setText(tr("roi.opportunity"))
        if self.opportunity.count():  # relabel only: a language switch reads no library
            self.opportunity.setItemText(0, tr("roi.no_opportunity"))
        self.editor.retranslate()
        self.results.retranslate()
        self.recompute()

    # -- the list ------------------------------------------------------------------------
    def reload_list(self, select: str | None = None) -> None:
        self.cases.blockSignals(True)
        self.cases.clear()
        for case in roi_store.list_cases(self.store):
            text = case["name"] + (f"\n{case['customer']}" if case["customer"] else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, case["id"])
            self.cases.addItem(item)
            if case["id"] == select:
                self.cases.setCurrentItem(item)
        self.cases.blockSignals(False)

    def _case_selected(self, item: QListWidgetItem | None, previous: Any = None) -> None:
        if item is None:
            return
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if self.drafts.allow_switch(case_id != self.case_id, self.cases, previous):
            self.open_case(case_id)

    def _fill_opportunities(self, select: str | None) -> None:
        self.opportunity.blockSignals(True)
        self.opportunity.clear()
        self.opportunity.addItem(tr("roi.no_opportunity"), None)
        for opp in list_opportunities(self.store):
            self.opportunity.addItem(opp["customer"], opp["id"])
        self.opportunity.setCurrentIndex(max(0, self.opportunity.findData(select)))
        self.opportunity.blockSignals(False)

    def open_case(self, case_id: str) -> None:
        record = roi_store.get_case(self.store, case_id)
        self.case_id = record["id"]
        self._fill_opportunities(record["opportunity_id"])
        self.editor.load(record["data"], customer=record["customer"])
        self.dirty = False
        self.drafts.start(record["id"])
        self.recompute()

    def _draft(self) -> dict[str, Any]:
        return {"doc": self.editor.document(), "customer": self.editor.customer_name()}

    def _restore_draft(self, data: dict[str, Any]) -> None:
        self.editor.load(data.get("doc") or {}, customer=str(data.get("customer") or ""))
        self.dirty = True

    # -- editing -------------------------------------------------------------------------
    def _edited(self) -> None:
        self.dirty = True
        self.timer.start()

    def recompute(self) -> RoiResultJSON | None:
        """Validate and compute what the form holds now; mark the refused field."""
        self.timer.stop()
        self.editor.clear_marks()
        try:
            result = compute_json(self.editor.document(), current_language())
        except ValidationError as exc:
            self.editor.mark_error(exc.field, errors.user_message(exc))
            self.results.show_error(exc.field, errors.user_message(exc))
            return None
        self.editor.mark_incomplete(result["incomplete"])
        self.results.show_result(result)
        return result

    def acknowledge(self, code: str, field: str, reason: str) -> None:
        """Store why a red flag stands with the case (saved with the next save)."""
        acks = [a for a in self.editor.extra.get("acknowledged", [])
                if not (a.get("code") == code and a.get("field", "") == field)]
        acks.append({"code": code, "field": field, "reason": reason,
                     "date": dt.date.today().isoformat()})
        self.editor.extra["acknowledged"] = acks
        self._edited()
        self.recompute()

    def new_item(self) -> None:
        if not self.drafts.confirm_leave():
            return
        self.case_id = None
        self._fill_opportunities(None)
        self.cases.clearSelection()
        self.editor.load(starter_case(tr("roi.new_name"), tr("roi.kind.time_saved")))
        self.dirty = True
        self.drafts.start("new")
        self.recompute()
        self.editor.name.setFocus()
        self.editor.name.selectAll()

    def save(self) -> bool:
        try:
            self.case_id = roi_store.save_case(self.store, self.editor.document(),
                                               customer=self.editor.customer_name(),
                                               case_id=self.case_id)
            roi_store.link_case(self.store, self.case_id, self.opportunity.currentData())
        except ValueKitError as exc:
            errors.report_exception(exc)
            return False
        self.dirty = False
        self.drafts.discard()  # a new case's draft was kept under "new"
        self.drafts.start(str(self.case_id), offer=False)
        self.reload_list(select=self.case_id)
        self.status_message.emit(tr("roi.saved", name=self.editor.name.text()))
        return True

    def duplicate(self) -> None:
        if self.case_id is None and not self.save():
            return
        try:
            new_id = roi_store.duplicate_case(self.store, str(self.case_id))
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        self.reload_list(select=new_id)
        self.open_case(new_id)

    def delete(self) -> None:
        if self.case_id is None:
            return
        name = self.editor.name.text()
        if QMessageBox.question(self, "ValueKit", tr("roi.confirm_delete", name=name)) \
                != QMessageBox.StandardButton.Yes:
            return
        roi_store.delete_case(self.store, self.case_id)
        self.drafts.discard()
        self.case_id = None
        self.reload_list()
        if self.cases.count():
            self.cases.setCurrentRow(0)
        else:
            self.new_item()

    def retire_selected(self) -> None:
        self.delete()

    def import_json(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, tr("roi.import"), "", "JSON (*.json)")[0]
        if not path:
            return
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            errors.report_exception(ValidationError("file", f"{path} is not a readable JSON file: {exc}"))
            return
        if not self.drafts.confirm_leave():
            return
        self.case_id = None
        self.editor.load(data if isinstance(data, dict) else {})
        self.dirty = True
        self.drafts.start("new", offer=False, clean=False)
        self.recompute()

    def export(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(
            self, tr("roi.export"), f"{self.editor.name.text() or 'roi'}.json", "JSON (*.json)")[0]
        if not path:
            return
        if self.recompute() is None:
            errors.report_exception(ValidationError("case", self.results.error.text()))
            return
        Path(path).write_text(json.dumps(self.editor.document(), ensure_ascii=False, indent=2),
                              encoding="utf-8")
        self.status_message.emit(path)

    def export_xlsx(self, path: str | None = None) -> None:
        """The case as an Excel workbook with live formulas (inputs with their sources)."""
        path = path or QFileDialog.getSaveFileName(
            self, tr("roi.export_xlsx"), f"{self.editor.name.text() or 'roi'}.xlsx",
            "Excel (*.xlsx)")[0]
        if not path:
            return
        if self.recompute() is None:
            errors.report_exception(ValidationError("case", self.results.error.text()))
            return
        try:
            write_workbook(parse_case(self.editor.document()), Path(path), current_language())
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        self.status_message.emit(path)
