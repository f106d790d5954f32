"""The status-bar part of team sync: what the last sync did, "Sync now", and a sync every
few minutes while the library is set up for it. The sync runs off the main thread on its
own connection (common/tasks), so the window never waits for the network.

Every sync widget (the status bar's, the sync view's) shares one ``SyncHub``: one sync
at a time whichever button started it, every widget told when it ends or when a conflict
was settled, so the status bar and the conflicts view never show stale counts. An
unreachable server only changes the label ("offline"): a timer firing every few minutes
must never open a dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.sync.actions import sync_now
from valuekit.sync.engine import SyncReport
from valuekit.sync.state import Status, status
from valuekit.sync.transport import Offline
from valuekit_gui.common.errors import log, report_exception, user_message
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
    "sync.conflict_one": ("1 个冲突", "1 conflict"),
    "sync.rejected": ("{n} 个被拒绝的修改", "{n} refused changes"),
    "sync.rejected_one": ("1 个被拒绝的修改", "1 refused change"),
    "sync.failed": ("同步失败：{message}", "Sync failed: {message}"),
    "sync.bug": ("意外错误，详见日志", "an unexpected error; see the log"),
})


class SyncHub(QObject):
    """What all sync widgets of the app share."""

    started = Signal()
    finished = Signal(object)   # the SyncReport, or None when the sync failed
    changed = Signal()          # something was settled here (a conflict, a refused change)

    def __init__(self) -> None:
        super().__init__()
        self.task: Task | None = None
        self.failure = ""       # the last sync's problem other than being offline
        self._bug_shown = False  # an unexpected error opens one dialog, not one per tick

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, folder: Path) -> bool:
        """Sync the library in ``folder`` off the main thread, unless a sync runs already.
        The hub owns the task, so closing the view that started it does not lose the end."""
        if self.task is not None:
            return False
        self.task = run_in_thread(self, with_store, folder, sync_now,
                                  on_done=self._done, on_error=self._failed)
        self.started.emit()
        return True

    def _done(self, report: SyncReport) -> None:
        self.task, self.failure = None, ""
        self._bug_shown = False  # a new failure after a good sync is news again
        self.finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, Offline):
            self.failure = ""   # the label says "offline" from the library's last_error
        elif isinstance(exc, ValueKitError):
            self.failure = user_message(exc)
        elif not self._bug_shown:
            self.failure = tr("sync.bug")
            self._bug_shown = True
            report_exception(exc)  # a bug: logged and shown
        else:  # the same bug again at the next timer tick: logged, the label says it
            self.failure = tr("sync.bug")
            log.error("sync failed again", exc_info=exc)
        self.finished.emit(None)


_HUB: SyncHub | None = None


def hub() -> SyncHub:
    global _HUB
    if _HUB is None:
        _HUB = SyncHub()
    return _HUB


def _summary(s: Status) -> str:
    if not s.server:
        return tr("sync.off")
    parts = [tr("sync.offline") if s.last_error else
             tr("sync.last", when=s.last_sync.replace("T", " ").removesuffix("Z"))
             if s.last_sync else tr("sync.never")]
    if s.conflicts:
        parts.append(tr("sync.conflict_one") if s.conflicts == 1 else tr("sync.conflicts", n=s.conflicts))
    if s.rejected:
        parts.append(tr("sync.rejected_one") if s.rejected == 1 else tr("sync.rejected", n=s.rejected))
    return " · ".join(parts)


class SyncStatus(QWidget):
    """Label + button for the window's status bar."""

    synced = Signal(object)   # the SyncReport, after a sync changed this library

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 periodic: bool = True) -> None:
        super().__init__(parent)
        self.store = store
        self.label = QLabel()
        self.button = QPushButton()
        self.button.clicked.connect(self.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)  # the button stays next to what it refers to
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(self.sync_now)
        if periodic:  # one periodic sync per window: the status bar's
            self.timer.start()
        shared = hub()
        shared.started.connect(self.refresh)
        shared.finished.connect(self._finished)
        shared.changed.connect(self.refresh)
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
        busy = hub().busy
        self.button.setEnabled(bool(current.server) and not busy)
        if busy:
            self.label.setText(tr("sync.running"))
        elif hub().failure and current.server:
            self.label.setText(tr("sync.failed", message=hub().failure))
        else:
            self.label.setText(_summary(current))

    @property
    def task(self) -> Task | None:
        """The sync running now (whichever widget started it), or None."""
        return hub().task

    def sync_now(self) -> None:
        if not hub().busy and status(self.store).server:
            hub().start(self.store.path)

    def _finished(self, report: SyncReport | None) -> None:
        self.refresh()
        if report is not None:
            self.synced.emit(report)
