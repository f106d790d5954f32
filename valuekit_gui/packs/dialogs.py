"""Pack and usage-report dialogs: export, import with a dry-run preview, and conflicts
side by side. The work runs off the main thread through ``valuekit_gui.common.tasks``; every rule lives
in ``valuekit.packs.export`` / ``pack_import`` / ``pack_conflicts`` / ``usage_report``."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.packs.conflicts import list_conflicts, resolve_conflict
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack
from valuekit.packs.usage_report import export_usage, import_usage
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.tasks import Task, run_in_thread, store_call
from valuekit_gui.shell.settings import current_user

add_strings({
    "pack.export_title": ("导出价值库包", "Export library pack"),
    "pack.import_title": ("导入价值库包", "Import library pack"),
    "pack.with_roi": ("包含 ROI 测算模板", "Include ROI case templates"),
    "pack.with_spin": ("包含 SPIN 问题库", "Include the SPIN question bank"),
    "pack.with_fab": ("包含 FAB 话术", "Include the FAB statements"),
    "pack.extra_summary": ("{kind}：新增 {added} · 更新 {updated} · 跳过 {skipped} · 冲突 {conflicts}（保留本库）",
                           "{kind}: {added} added · {updated} updated · {skipped} skipped · "
                           "{conflicts} conflicts (yours kept)"),
    "pack.choose": ("选择文件…", "Choose file…"),
    "pack.preview": ("预览（不做任何修改）：", "Preview (nothing changed yet):"),
    "pack.summary": ("新增 {added} · 更新 {updated} · 跳过 {skipped} · 冲突 {conflicts}",
                     "{added} added · {updated} updated · {skipped} skipped · {conflicts} conflicts"),
    "pack.import_now": ("导入", "Import"),
    "pack.done": ("已完成：", "Done:"),
    "pack.exported": ("已导出 {assets} 条素材、{attachments} 个附件到 {path}",
                      "Exported {assets} assets and {attachments} attachments to {path}"),
    "pack.conflicts_title": ("冲突：两边都修改过的素材", "Conflicts: assets changed on both sides"),
    "pack.mine": ("本库版本", "Mine (this library)"),
    "pack.theirs": ("包中版本", "Theirs (the pack)"),
    "pack.keep_mine": ("保留本库", "Keep mine"),
    "pack.keep_theirs": ("采用包中", "Take theirs"),
    "pack.keep_both": ("两者都保留", "Keep both"),
    "pack.none": ("没有待处理的冲突。", "No conflicts to resolve."),
    "usage.export_title": ("导出使用报告", "Export usage report"),
    "usage.import_title": ("导入使用报告", "Import usage reports"),
    "usage.exported": ("已导出 {usage} 条使用记录、{ratings} 条评分（自上次报告以来）",
                       "Exported {usage} uses and {ratings} ratings (since the last report)"),
    "usage.imported": ("新增 {usage_added} 条使用、{ratings_added} 条评分；{already_known} 条已导入过，"
                       "{unknown_assets} 条属于本库没有的素材",
                       "{usage_added} uses and {ratings_added} ratings added; {already_known} "
                       "already imported, {unknown_assets} for assets this library lacks"),
})

FILTER = "ValueKit pack (*.vkpack)"


class _TaskDialog(QDialog):
    """A dialog with a progress bar whose work can be cancelled by closing it."""

    def __init__(self, store: Store, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: Task | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)

    def start(self, fn: Any, *args: Any, on_done: Any) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()

        def finished(result: Any) -> None:
            self.progress.hide()
            self.task = None
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.progress.hide()
            self.task = None
            errors.report_exception(exc)

        def progressed(done: int, total: int, _message: str) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

        self.task = run_in_thread(self, store_call(fn), self.store.path, *args, on_done=finished,
                                  on_error=failed, on_progress=progressed)

    def reject(self) -> None:
        if self.task is not None:  # cancelling stops the worker at its next step
            self.task.cancel()
        super().reject()


class PackExportDialog(_TaskDialog):
    def __init__(self, store: Store, ids: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, tr("pack.export_title"), parent)
        self.ids = ids
        self.with_spin = QCheckBox(tr("pack.with_spin"))
        self.with_fab = QCheckBox(tr("pack.with_fab"))
        self.with_roi = QCheckBox(tr("pack.with_roi"))
        choose = QPushButton(tr("pack.choose"))
        choose.clicked.connect(lambda: self.export_to(None))
        for w in (self.with_spin, self.with_fab, self.with_roi, choose, self.progress,
                  self.message, self.buttons):
            self.layout_.addWidget(w)

    def export_to(self, path: str | None) -> None:
        path = path or QFileDialog.getSaveFileName(self, tr("pack.export_title"), "team.vkpack",
                                                   FILTER)[0]
        if not path:
            return
        self.start(export_pack, Path(path), ids=self.ids, created_by=current_user(),
                   with_spin=self.with_spin.isChecked(), with_fab=self.with_fab.isChecked(),
                   with_roi=self.with_roi.isChecked(), on_done=self._done)

    def start(self, fn: Any, *args: Any, on_done: Any, **kwargs: Any) -> None:
        super().start(lambda store, *a, progress=None: fn(store, *a, progress=progress, **kwargs),
                      *args, on_done=on_done)

    def _done(self, summary: dict[str, Any]) -> None:
        self.message.setText(tr("pack.exported", **summary))


class PackImportDialog(_TaskDialog):
    """Pick a pack, see what a dry run would change, then import it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, tr("pack.import_title"), parent)
        self.path: Path | None = None
        self.report: dict[str, Any] | None = None
        choose = QPushButton(tr("pack.choose"))
        choose.clicked.connect(lambda: self.preview(None))
        self.import_button = QPushButton(tr("pack.import_now"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.details = QTextBrowser()
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        for w in (self.progress, self.message, self.details, self.buttons):
            self.layout_.addWidget(w)

    def preview(self, path: str | None) -> None:
        path = path or QFileDialog.getOpenFileName(self, tr("pack.import_title"), "", FILTER)[0]
        if not path:
            return
        self.path = Path(path)
        self.import_button.setEnabled(False)
        self.start(lambda store, p: import_pack(store, p, dry_run=True).as_dict(), self.path,
                   on_done=lambda r: self._show(r, tr("pack.preview"), ready=True))

    def run_import(self) -> None:
        if self.path is not None:
            self.import_button.setEnabled(False)
            self.start(lambda store, p: import_pack(store, p).as_dict(), self.path,
                       on_done=lambda r: self._show(r, tr("pack.done"), ready=False))

    def _show(self, report: dict[str, Any], head: str, *, ready: bool) -> None:
        self.report = report
        lines = [f"{head} {tr('pack.summary', **report['counts'])}"]
        lines += [tr("pack.extra_summary", kind=kind.upper(), added=c["added"], updated=c["updated"],
                     skipped=c["skipped"], conflicts=len(c["conflicts"]))
                  for kind, c in report["extras"].items()]
        self.message.setText("\n".join(lines))
        conflicts = [c["title"] for c in report["conflicts"]] + [
            f"{kind.upper()}: {c['title']}" for kind, part in report["extras"].items()
            for c in part["conflicts"]]
        items = "".join(f"<li>{html.escape(title)}</li>" for title in conflicts)
        self.details.setHtml(f"<ul>{items}</ul>" if items else "")
        self.import_button.setEnabled(ready)


USAGE_FILTER = "ValueKit usage report (*.vkusage)"


class UsageReportDialog(_TaskDialog):
    """Salespeople export their usage since the last report; marketing imports many."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, tr("usage.import_title"), parent)
        export, import_ = QPushButton(tr("usage.export_title") + "…"), QPushButton(
            tr("usage.import_title") + "…")
        export.clicked.connect(lambda: self.export_to(None))
        import_.clicked.connect(lambda: self.import_from(None))
        row = QHBoxLayout()
        row.addWidget(export)
        row.addWidget(import_)
        row.addStretch(1)
        self.layout_.addLayout(row)
        for w in (self.progress, self.message, self.buttons):
            self.layout_.addWidget(w)

    def export_to(self, path: str | None) -> None:
        path = path or QFileDialog.getSaveFileName(self, tr("usage.export_title"),
                                                   f"{current_user() or 'usage'}.vkusage",
                                                   USAGE_FILTER)[0]
        if path:
            user = current_user()
            self.start(lambda store, p: export_usage(store, p, created_by=user), Path(path),
                       on_done=lambda counts: self.message.setText(tr("usage.exported", **counts)))

    def import_from(self, paths: list[str] | None) -> None:
        paths = paths or QFileDialog.getOpenFileNames(self, tr("usage.import_title"), "",
                                                      USAGE_FILTER)[0]
        if paths:
            self.start(lambda store, ps: import_usage(store, ps).as_dict(),
                       [Path(p) for p in paths],
                       on_done=lambda result: self.message.setText(tr("usage.imported", **result)))


def _describe(record: dict[str, Any] | None) -> str:
    if record is None:
        return "—"
    tags = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted((record.get("tags") or {}).items()))
    rows = [("title", record.get("title")), ("summary", record.get("summary")),
            ("status", record.get("status")), ("format", record.get("format")), ("tags", tags)]
    return "".join(f"<p><b>{k}</b><br>{html.escape(str(v or ''))}</p>" for k, v in rows)


class ConflictDialog(QDialog):
    """Each conflict with mine and theirs side by side, and the three choices."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("pack.conflicts_title"))
        self.resize(900, 560)
        self.list = QListWidget()
        self.mine, self.theirs = QTextBrowser(), QTextBrowser()
        sides = QHBoxLayout()
        for title, browser in ((tr("pack.mine"), self.mine), (tr("pack.theirs"), self.theirs)):
            col = QVBoxLayout()
            col.addWidget(QLabel(f"<b>{title}</b>"))
            col.addWidget(browser)
            sides.addLayout(col)
        buttons = QHBoxLayout()
        for choice in ("mine", "theirs", "both"):
            b = QPushButton(tr(f"pack.keep_{choice}"))
            b.clicked.connect(lambda _c=False, ch=choice: self.resolve(ch))
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(sides, 1)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.reload()

    def reload(self) -> None:
        self.conflicts = list_conflicts(self.store)
        self.list.clear()
        for c in self.conflicts:
            self.list.addItem(c["theirs"].get("title", c["id"]))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self.mine.setPlainText(tr("pack.none"))
            self.theirs.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            self.mine.setHtml(_describe(self.conflicts[row]["mine"]))
            self.theirs.setHtml(_describe(self.conflicts[row]["theirs"]))

    def resolve(self, choice: str) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.conflicts):
            resolve_conflict(self.store, self.conflicts[row]["id"], choice)
            self.reload()
