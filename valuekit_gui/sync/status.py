"""The status-bar part of team sync: what the last sync did, "Sync now", and a sync every
few minutes while the library is set up for it. The sync runs off the main thread on its
own connection (common/tasks), so the window never waits for the network."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.sync.actions import sync_now
from valuekit.sync.engine import SyncReport
from valuekit.sync.state import Status, status
from valuekit.sync.transport import Offline
from valuekit_gui.common.errors import report_exception, user_message
from valuekit_gui.common.i18n import add_strings, signals, tr
from valuekit_gui.common.tasks import Task, run_in_thread, with_store

PERIOD_MS = 5 * 60 * 1000

add_strings({
    "nav.sync": ("团队同步", "Team sync"),
    "sync.now": ("立即同步", "Sync now"),
    "sync.off": ("未连接团队服务器", "Not connected to a team server"),
    "sync.running": ("正在同步…", "Syncing…"),
    "sync.never": ("尚未同步", "not synced yet"),
    "sync.last": ("已同步 {when}", "Synced {when}"),
    "sync.offline": ("离线（修改保存在本机，稍后同步）", "Offline (changes stay here and sync later)"),
    "sync.conflicts": ("{n} 个冲突", "{n} conflicts"),
    "sync.rejected": ("{n} 个被拒绝的修改", "{n} refused changes"),
    "sync.failed": ("同步失败：{message}", "Sync failed: {message}"),
})


def _summary(s: Status) -> str:
    if not s.server:
        return tr("sync.off")
    parts = [tr("sync.offline") if s.last_error else
             tr("sync.last", when=s.last_sync.replace("T", " ").removesuffix("Z"))
             if s.last_sync else tr("sync.never")]
    if s.conflicts:
        parts.append(tr("sync.conflicts", n=s.conflicts))
    if s.rejected:
        parts.append(tr("sync.rejected", n=s.rejected))
    return " · ".join(parts)


class SyncStatus(QWidget):
    """Label + button for the window's status bar."""

    synced = Signal(object)   # the SyncReport, after a sync changed this library

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 periodic: bool = True) -> None:
        super().__init__(parent)
        self.store = store
        self.task: Task | None = None
        self.label = QLabel()
        self.button = QPushButton()
        self.button.clicked.connect(self.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(self.sync_now)
        if periodic:  # one periodic sync per window: the status bar's
            self.timer.start()
        signals().language_changed.connect(self.retranslate)
        self.retranslate()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def retranslate(self, _lang: str = "") -> None:
        self.button.setText(tr("sync.now"))
        self.refresh()

    def refresh(self) -> None:
        current = status(self.store)
        self.button.setEnabled(bool(current.server) and self.task is None)
        if self.task is None:
            self.label.setText(_summary(current))

    def sync_now(self) -> None:
        if self.task is not None or not status(self.store).server:
            return
        self.label.setText(tr("sync.running"))
        self.button.setEnabled(False)
        self.task = run_in_thread(self, with_store, self.store.path, sync_now,
                                  on_done=self._done, on_error=self._failed)

    def _done(self, report: SyncReport) -> None:
        self.task = None
        self.refresh()
        self.synced.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.refresh()
        if isinstance(exc, Offline):
            self.label.setText(tr("sync.offline"))
        elif isinstance(exc, ValueKitError):
            self.label.setText(tr("sync.failed", message=user_message(exc)))
        else:
            report_exception(exc)
