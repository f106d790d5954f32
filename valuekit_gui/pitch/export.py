"""Export of the customer kit from the desktop app: one dialog to pick the documents and
the folder (with the pre-flight problems listed, blocking ones to confirm), then ONE
job in the worker process (common/worker_process) rendering every document, with ONE
progress dialog; the files are written here when the rendered bytes come back.

The progress dialog never blocks the window (it is modeless) and cannot outlive its
task: it is shown by our own timer after 300 ms only while the task runs, and when the
task ends (done, failed or cancelled) the dialog is reset — which stops QProgressDialog's
own auto-show timer — and deleted. Cancel stays connected to the task for the dialog's
whole life (no ``canceled.disconnect()``, which also removed the dialog's own handler).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.pitch.kit import (
    DEFAULT_DOCS,
    KIT_DOCS,
    prepare_and_render,
    write_kit,
)
from valuekit.pitch.preflight import Problem, problem_line
from valuekit.pitch.types import Pitch
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.tasks import Cancelled
from valuekit_gui.common.worker_process import ProcessTask, run_in_process, warm

add_strings({
    "kit.title": ("导出客户资料包", "Export the customer kit"),
    "kit.folder": ("保存到文件夹", "Save into folder"),
    "kit.browse": ("浏览…", "Browse…"),
    "kit.docs": ("包含的文件", "Documents"),
    "kit.problems": ("发送前检查", "Pre-flight check"),
    "kit.ready": ("可以发送：没有发现问题。", "Ready to send: no problems found."),
    "kit.confirm": ("我已了解上面标 ✗ 的问题，仍要导出", "I know about the problems marked ✗; export anyway"),
    "kit.exporting": ("正在生成资料包…", "Rendering the kit…"),
    "kit.rendering": ("正在生成：{doc}（{i}/{n}）", "Rendering {doc} ({i} of {n})"),
    "kit.cancel": ("取消", "Cancel"),
    "kit.exported": ("已导出 {n} 个文件到 {folder}", "Exported {n} files to {folder}"),
    "kit.doc.pitch": ("方案建议书 PDF", "Proposal PDF"),
    "kit.doc.onepager": ("一页纸 PDF", "One-pager PDF"),
    "kit.doc.roi": ("ROI 测算表 PDF", "ROI sheet PDF"),
    "kit.doc.fab": ("FAB 表 PDF", "FAB sheet PDF"),
    "kit.doc.spin": ("SPIN 拜访计划 PDF", "SPIN call plan PDF"),
    "kit.doc.notes": ("销售备注（内部）PDF", "Seller's notes (internal) PDF"),
    "kit.doc.deck": ("可编辑演示文稿 PPTX", "Editable deck PPTX"),
    "kit.doc.onepager-png": ("一页纸图片 PNG（发微信）", "One-pager picture PNG (for chat)"),
})
SHOW_AFTER_MS = 300


class KitDialog(QDialog):
    """Folder, documents and the pre-flight problems; OK only when the blocking problems
    are confirmed."""

    def __init__(self, problems: list[Problem], folder: str, has_roi: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("kit.title"))
        lang = current_language()
        self.folder = QLineEdit(folder)
        browse = QPushButton(tr("kit.browse"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("kit.folder")))
        layout.addLayout(row)
        layout.addWidget(QLabel(tr("kit.docs")))
        for doc in KIT_DOCS:
            box = QCheckBox(tr(f"kit.doc.{doc}"))
            box.setChecked(doc in DEFAULT_DOCS and (has_roi or doc != "roi"))
            box.setEnabled(has_roi or doc != "roi")
            self.boxes[doc] = box
            layout.addWidget(box)
        layout.addWidget(QLabel(tr("kit.problems")))
        self.problems = QListWidget()
        for p in problems:
            item = QListWidgetItem(problem_line(p, lang))
            item.setToolTip(problem_line(p, lang))
            item.setForeground(Qt.GlobalColor.darkRed if p.blocking else Qt.GlobalColor.darkYellow)
            self.problems.addItem(item)
        if not problems:
            self.problems.addItem(tr("kit.ready"))
        layout.addWidget(self.problems, 1)
        self.confirm = QCheckBox(tr("kit.confirm"))
        self.confirm.setVisible(any(p.blocking for p in problems))
        layout.addWidget(self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.needs_confirm = any(p.blocking for p in problems)
        self.confirm.toggled.connect(self._update)
        self.folder.textChanged.connect(self._update)
        for box in self.boxes.values():
            box.toggled.connect(self._update)
        self._update()
        self.resize(720, 560)
        warm()  # while the user picks documents, the renderer starts and loads its fonts

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("kit.folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def docs(self) -> list[str]:
        return [d for d, box in self.boxes.items() if box.isChecked()]

    def _update(self) -> None:
        ok = bool(self.docs() and self.folder.text().strip()) and (
            not self.needs_confirm or self.confirm.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class KitExport(QObject):
    """One kit export: a worker task and its progress dialog, ended together."""

    done = Signal(dict)  # the write_kit report
    ended = Signal()  # done, failed or cancelled

    def __init__(self, parent: QWidget, store: Store, pitch: Pitch, pitch_id: str | None,
                 docs: list[str], folder: Path, *, allow_incomplete: bool, who: str) -> None:
        super().__init__(parent)
        self.store, self.folder, self.who = store, folder, who
        self.progress: QProgressDialog | None = QProgressDialog(
            tr("kit.exporting"), tr("kit.cancel"), 0, len(docs), parent)
        self.progress.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.reset()  # stops the dialog's own auto-show timer: ours decides
        self.show_timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self.show_timer.timeout.connect(self._show_progress)
        # rendered in the worker process: WeasyPrint's layout never holds this window's GIL
        self.task: ProcessTask | None = run_in_process(
            self, prepare_and_render, store.path, pitch, pitch_id, docs,
            allow_incomplete, current_language(), on_done=self._done, on_error=self._failed,
            on_progress=self._progressed)
        self.progress.canceled.connect(self.cancel)
        self.show_timer.start()

    @property
    def running(self) -> bool:
        return self.task is not None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self._end()

    def _show_progress(self) -> None:
        if self.task is not None and self.progress is not None:
            self.progress.show()

    def _progressed(self, i: int, n: int, doc: str) -> None:
        if self.progress is not None and doc:
            self.progress.setValue(i)
            self.progress.setLabelText(tr("kit.rendering", doc=tr(f"kit.doc.{doc}"), i=i + 1, n=n))

    def _done(self, result: Any) -> None:
        if self.task is None or self.task.cancelled:
            return self._end()
        self._end()
        kit, files = result
        try:
            report = write_kit(self.store, kit, files, self.folder, who=self.who)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            errors.report_exception(exc)
            return
        self.done.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        if not isinstance(exc, Cancelled):
            errors.report_exception(exc)

    def _end(self) -> None:
        """Stop the task's UI for good: the dialog is reset (its auto-show timer stopped),
        hidden and deleted, so nothing can pop up after the work ended."""
        already = self.task is None and self.progress is None
        self.task = None
        self.show_timer.stop()
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        if not already:
            self.ended.emit()
