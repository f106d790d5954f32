"""Attachments on demand in the Library view (issue 18): the "Keep offline" toggle for the
selected asset(s), the stages kept offline, and downloading a file that is only on the
team server before it opens — on a worker (``common.tasks``) with a progress bar and
Cancel, so the window never freezes. Every rule lives in ``valuekit.sync.offline``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.sync.offline import (
    FileState,
    Freed,
    asset_offline,
    ensure_local,
    fetch_kept,
    set_offline,
    size_text,
)
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.tasks import Cancelled, Task, run_in_thread, store_call
from valuekit_gui.sync.offline_dialog import OfflineDialog

add_strings({
    "offline.keep": ("保持离线", "Keep offline"),
    "offline.keep_tip": ("每次同步时下载这些素材的附件，没有网络时也能打开",
                         "Download these assets' files at every sync, so they open without a network"),
    "offline.by_stage": ("已通过阶段保持离线：{stages}", "Kept offline through stage: {stages}"),
    "offline.stages": ("离线阶段…", "Offline stages…"),
    "offline.freed_status": ("已释放 {n} 个已下载文件（{size}），服务器上仍有", "Freed {n} downloaded file(s) ({size}); the server still has them"),
    "offline.downloading": ("正在下载 {name}… {done} / {total}", "Downloading {name}… {done} of {total}"),
    "offline.cancel": ("取消", "Cancel"),
    "offline.cloud": ("☁ {file} · 未下载", "☁ {file} · not downloaded"),
    "offline.cloud_tip": ("该文件在团队服务器上，打开时下载", "This file is on the team server; it downloads when you open it"),
    "offline.missing": ("⚠ {file} · 文件缺失", "⚠ {file} · file missing"),
    "offline.later": ("现在未能下载（{reason}）；下次同步时会再试。",
                      "Not downloaded now ({reason}); the next sync tries again."),
    "offline.menu_keep": ("保持离线", "Keep offline"),
    "offline.menu_stop": ("不再保持离线", "Stop keeping offline"),
})


def file_label(f: FileState) -> str:
    """One row of the attachments list: name, size and, when the file is not here,
    where it is."""
    text = f"{f.filename}   ({size_text(f.size)})"
    if f.here:
        return text
    # the mark first: the pane is narrow and a long name must not push it out of sight
    return tr("offline.cloud" if f.on_server else "offline.missing", file=text)


class OfflineBar(QWidget):
    """The toggle and stage button for the assets shown; hidden unless the library is set
    up for sync."""

    changed = Signal()
    kept = Signal()  # something is newly kept offline: download it now

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.asset_ids: list[str] = []
        self.keep = QCheckBox()
        self.keep.toggled.connect(self._toggled)
        self.note = QLabel()
        self.note.setStyleSheet("color: #666;")
        self.stages = QPushButton()
        self.stages.clicked.connect(self.choose_stages)
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.keep)
        row.addStretch(1)
        row.addWidget(self.stages)
        layout = QVBoxLayout(self)  # stacked: the detail pane is narrow (~330 px)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.keep.setText(tr("offline.keep"))
        self.keep.setToolTip(tr("offline.keep_tip"))
        self.stages.setText(tr("offline.stages"))
        self.show_assets(self.asset_ids)

    def show_assets(self, asset_ids: list[str]) -> None:
        self.asset_ids = list(asset_ids)
        state = asset_offline(self.store, self.asset_ids)
        self.setVisible(state.synced and bool(self.asset_ids))
        self.keep.blockSignals(True)
        self.keep.setChecked(state.by_asset)
        self.keep.blockSignals(False)
        self.note.setText(tr("offline.by_stage", stages=", ".join(state.by_stages)) if state.by_stages else "")
        self.note.setVisible(bool(state.by_stages))

    def _toggled(self, checked: bool) -> None:
        freed = set_kept(self.store, self.asset_ids, checked)
        self.changed.emit()  # the pane shows the assets again (and this bar with them)
        if freed is not None and freed.files:  # said here, where the user just clicked
            self.note.setText(tr("offline.freed_status", n=freed.files, size=size_text(freed.bytes)))
            self.note.setVisible(True)
        if checked:
            self.kept.emit()

    def choose_stages(self) -> None:
        if OfflineDialog(self.store, self).exec():
            self.show_assets(self.asset_ids)
            self.changed.emit()
            self.kept.emit()

    def not_downloaded(self, reason: str) -> None:
        """Keeping offline worked but the download now did not (offline, most likely)."""
        self.note.setText(tr("offline.later", reason=reason))
        self.note.setVisible(True)


def set_kept(store: Store, asset_ids: list[str], keep: bool) -> Freed | None:
    """Keep (or stop keeping) the assets offline; what was freed, None after an error
    (shown to the user)."""
    try:
        return set_offline(store, asset_ids, [], keep=keep)
    except ValueKitError as exc:
        errors.report_exception(exc)
        return None


def add_offline_actions(menu: QMenu, store: Store, asset_ids: list[str], done: Callable[[str], None],
                        fetch: Callable[[], None]) -> None:
    """"Keep offline" / "Stop keeping offline" for the table's selection (several assets
    at once; ``fetch`` downloads what became kept); only in a library set up for sync."""
    state = asset_offline(store, asset_ids)
    if not state.synced or not asset_ids:
        return
    keep = not state.by_asset

    def act() -> None:
        set_kept(store, asset_ids, keep)
        done("")
        if keep:
            fetch()

    menu.addAction(tr("offline.menu_keep" if keep else "offline.menu_stop")).triggered.connect(act)


class Downloader(QWidget):
    """"Downloading deck.pdf… 1.2 MB of 3.4 MB" with a progress bar and Cancel, shown while
    a file comes down from the team server; ``on_ready`` runs once it is here."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: Task | None = None
        self.pending: tuple[Callable[..., object], tuple[object, ...], str, int, Callable[[], None],
                            Callable[[BaseException], None]] | None = None
        self.label = QLabel(wordWrap=True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(12)
        self.cancel = QPushButton(tr("offline.cancel"))
        self.cancel.clicked.connect(self.stop)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.hide()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, sha: str, filename: str, size: int, on_ready: Callable[[], None]) -> Task | None:
        """Download one file (to open it); an error is shown as a message."""
        return self._run(store_call(ensure_local), (sha, filename), filename, size, on_ready,
                         errors.report_exception)

    def fetch_kept(self, on_ready: Callable[[], None], on_failed: Callable[[str], None]) -> Task | None:
        """Download now what is kept offline (just checked "Keep offline"); a failure is
        told quietly (``on_failed``): the next sync tries again."""
        return self._run(store_call(fetch_kept), (), "", 0, on_ready,
                         lambda exc: on_failed(errors.user_message(exc) if isinstance(exc, ValueKitError)
                                               else str(exc)))

    def _run(self, fn: Callable[..., object], args: tuple[object, ...], name: str, size: int,
             on_ready: Callable[[], None], on_error: Callable[[BaseException], None]) -> Task | None:
        if self.task is not None:
            # one download at a time: this one runs next (a file opened while "keep
            # offline" downloads opens once it is here); a later request replaces it
            self.pending = (fn, args, name, size, on_ready, on_error)
            return None
        self.cancel.setText(tr("offline.cancel"))  # in the language of now
        self._progress(0, size, name)
        self.bar.setRange(0, 0)  # busy until the first bytes arrive
        self.show()

        def done(_result: object) -> None:
            self._finish()
            on_ready()
            self._next()

        def failed(exc: BaseException) -> None:
            cancelled = isinstance(exc, Cancelled)
            self._finish()
            if cancelled:
                self.pending = None  # Cancel stops what waits too
            else:
                on_error(exc)
            self._next()

        self.task = run_in_thread(self, fn, self.store.path, *args,
                                  on_done=done, on_error=failed, on_progress=self._progress)
        return self.task

    def _next(self) -> None:
        if self.pending is not None and self.task is None:
            waiting, self.pending = self.pending, None
            self._run(*waiting)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.label.setText(tr("offline.downloading", name=name or "…", done=size_text(done),
                              total=size_text(total)))
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finish(self) -> None:
        self.task = None
        self.hide()
