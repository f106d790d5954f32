"""One way to run slow core work off the main thread and get the answer back on it.

``run_in_thread(parent, fn, *args, on_done=…, on_error=…, on_progress=…, **kwargs)`` runs
``fn(*args, **kwargs)`` in Qt's thread pool and returns a ``Task``.

- If ``fn`` takes a ``progress`` keyword it receives ``progress(done, total, message)``,
  which raises ``Cancelled`` once ``task.cancel()`` was called, so long work stops at its
  next step. Progress reports are thinned to one per ~40 ms (and the last one) so a chatty
  worker cannot flood the event loop.
- Results, errors (``on_error`` gets the exception; a cancelled task gets ``Cancelled``)
  and progress arrive on the main thread through queued signals. Once ``parent`` is
  destroyed nothing is delivered, and the task is asked to stop.

SQLite connections must not cross threads, so a worker never receives the GUI's
``Store``. It opens the library itself, from its folder (``store.path``):

- ``thread_store(folder)``: this worker thread's own connection, opened once and kept
  (the pool keeps its threads, so searches skip the open and keep warm caches). While a
  task runs, ``task.cancel()`` also interrupts that connection's current statement, so a
  superseded search stops within milliseconds instead of holding a pool thread.
- ``with_store(folder, fn, …)`` / ``store_call(fn)``: a connection for one call, closed
  afterwards (exports, imports: anything that writes).
WAL lets these connections read while the GUI's connection reads or writes.
"""

from __future__ import annotations

import contextlib
import inspect
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, QThreadPool, QTimer, Signal, Slot

from valuekit.db.store import Store
from valuekit_gui.common.errors import report_exception

PROGRESS_INTERVAL_S = 0.04


class Cancelled(Exception):
    """Raised inside the worker by ``progress`` after the task was cancelled."""


class _Relay(QObject):
    """Lives in the main thread (no Qt parent, owned by its Task). Signals emitted by the
    worker are queued to it; it hands them to the callbacks only if the task's parent
    still exists."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)
        self.progressed.connect(self._deliver_progress)

    @Slot(object)
    def _deliver_done(self, value: object) -> None:
        self.task._finish(self.task.on_done, value)

    @Slot(object)
    def _deliver_failed(self, exc: object) -> None:
        self.task._finish(self.task.on_error, exc)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, message: str) -> None:
        if self.task.on_progress is not None and self.task.parent_alive():
            self.task.on_progress(done, total, message)


class Task:
    """A unit of work in the pool; a plain object (not a QRunnable) so its lifetime is
    Python's alone: ``_running`` holds it until its answer was delivered."""

    def __init__(self, parent: QObject, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None],
                 on_progress: Callable[[int, int, str], None] | None) -> None:
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.on_done, self.on_error, self.on_progress = on_done, on_error, on_progress
        self._parent = weakref.ref(parent)
        self._cancel = threading.Event()
        self.finished = threading.Event()  # set in the worker when fn has returned/raised
        self.delivered = False  # set in the main thread when a callback ran (or was dropped)
        self._last_progress = 0.0
        self._connections: list[sqlite3.Connection] = []  # thread_store connections in use
        self.relay = _Relay(self)
        self._watch: QMetaObject.Connection | None = None

    def cancel(self) -> None:
        """Ask the work to stop: ``progress`` raises ``Cancelled`` and a statement running
        on this worker's ``thread_store`` connection is interrupted."""
        self._cancel.set()
        for conn in list(self._connections):
            with contextlib.suppress(sqlite3.ProgrammingError):  # already closed
                conn.interrupt()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def parent_alive(self) -> bool:
        parent = self._parent()
        return parent is not None and shiboken6.isValid(parent)

    # -- worker side ---------------------------------------------------------------------
    def _progress(self, done: int, total: int, message: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL_S:
            return
        self._last_progress = now
        self.relay.progressed.emit(int(done), int(total), str(message))

    def run(self) -> None:
        _local.task = self
        try:
            if self._cancel.is_set():
                raise Cancelled
            kwargs = dict(self.kwargs)
            if _accepts_progress(self.fn):
                kwargs["progress"] = self._progress
            result = self.fn(*self.args, **kwargs)
        except sqlite3.OperationalError as exc:
            # conn.interrupt() surfaces as "interrupted": that is our cancel, not a bug.
            self.relay.failed.emit(Cancelled() if self.cancelled else exc)
        except BaseException as exc:  # noqa: BLE001 - every failure goes to on_error
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)
        finally:
            _local.task = None
            self._connections.clear()
            self.finished.set()

    # -- main-thread side ----------------------------------------------------------------
    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        self.delivered = True
        parent = self._parent()
        alive = parent is not None and shiboken6.isValid(parent)
        if alive and self._watch is not None:
            QObject.disconnect(self._watch)  # long-lived views run many tasks: no pile-up
        self._watch = None
        # Drop our reference only after this slot has returned: the relay is running it.
        _running.discard(self)
        _released.append(self)
        QTimer.singleShot(0, _released.clear)
        if alive:
            callback(value)


def _accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return False


_running: set[Task] = set()
_released: list[Task] = []


def run_in_thread(parent: QObject, fn: Callable[..., Any], *args: Any,
                  on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None] | None = None,
                  on_progress: Callable[[int, int, str], None] | None = None,
                  **kwargs: Any) -> Task:
    """Run ``fn(*args, **kwargs)`` on the pool; call back on the main thread. Call from the
    main thread. ``on_error`` defaults to ``valuekit_gui.common.errors.report_exception`` (log + dialog)."""
    if on_error is None:
        on_error = report_exception
    task = Task(parent, fn, args, kwargs, on_done, on_error, on_progress)
    _running.add(task)
    # Destroying the parent stops the work at its next step; delivery is dropped anyway.
    task._watch = parent.destroyed.connect(task.cancel)
    QThreadPool.globalInstance().start(task.run)
    return task


def current_task() -> Task | None:
    """The task this worker thread is running (``None`` on the main thread)."""
    return getattr(_local, "task", None)


_local = threading.local()


def thread_store(folder: Path) -> Store:
    """This worker thread's own connection to the library, opened once and reused; the
    running task's ``cancel()`` interrupts statements on it."""
    stores: dict[Path, Store] = _local.__dict__.setdefault("stores", {})
    folder = Path(folder)
    if folder not in stores:
        stores[folder] = Store.open(folder)
    task = current_task()
    if task is not None:
        task._connections.append(stores[folder].conn)
        if task.cancelled:
            stores[folder].conn.interrupt()
    return stores[folder]


def with_store(folder: Path, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Open the library in this (worker) thread, run ``fn(store, …)``, close it."""
    store = Store.open(folder)
    try:
        return fn(store, *args, **kwargs)
    finally:
        store.close()


def store_call(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn(store, …)`` as ``g(folder, …)`` for run_in_thread, keeping ``progress``."""

    def call(folder: Path, *args: Any, progress: Callable[..., None] | None = None,
             **kwargs: Any) -> Any:
        if progress is not None and _accepts_progress(fn):
            kwargs["progress"] = progress
        return with_store(folder, fn, *args, **kwargs)

    return call
