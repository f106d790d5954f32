"""One way to run slow core work off the main thread and get the answer back on it.

``run_in_thread(parent, fn, *args, on_done=…, on_error=…, on_progress=…)`` runs
``fn(*args)`` in Qt's thread pool. If ``fn`` takes a ``progress`` keyword it receives a
``progress(done, total, message)`` callable, which raises ``Cancelled`` once
``task.cancel()`` was called, so long work stops at its next step. Results, errors and
progress arrive through queued signals on the thread that owns ``parent`` (the GUI); once
``parent`` is destroyed nothing is delivered.

SQLite connections must not cross threads, so a worker never receives the GUI's
``Store``: pass the library folder and open it inside ``fn`` (``with_store`` does that),
which gives the worker its own connection (WAL lets it read while the GUI reads too).
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from valuekit.store import Store


class Cancelled(Exception):
    """Raised inside the worker by ``progress`` after the task was cancelled."""


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class Task:
    """A unit of work in the pool; a plain object (not a QRunnable subclass) so its
    lifetime is Python's alone."""

    def __init__(self, parent: QObject, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> None:
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self.finished = threading.Event()
        # Parented to the receiver: if it is destroyed, the signals go with it.
        self.signals = _Signals(parent)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        with contextlib.suppress(RuntimeError):  # receiver gone: keep working, report nothing
            self.signals.progressed.emit(done, total, message)

    def run(self) -> None:
        try:
            kwargs = dict(self.kwargs)
            if "progress" in inspect.signature(self.fn).parameters:
                kwargs["progress"] = self._progress
            result = self.fn(*self.args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - every failure goes to on_error
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)
        finally:
            self.finished.set()

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the receiver was destroyed while we worked
            signal.emit(value)


_running: set[Task] = set()


def run_in_thread(parent: QObject, fn: Callable[..., Any], *args: Any,
                  on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None] | None = None,
                  on_progress: Callable[[int, int, str], None] | None = None,
                  **kwargs: Any) -> Task:
    task = Task(parent, fn, args, kwargs)
    # hold the task until it has reported, whatever the caller does with it
    _running.add(task)
    for signal in (task.signals.done, task.signals.failed):
        signal.connect(lambda _value, t=task: _running.discard(t))
    task.signals.done.connect(on_done)
    if on_error is None:
        from ui.errors import report_exception

        on_error = report_exception
    task.signals.failed.connect(on_error)
    if on_progress is not None:
        task.signals.progressed.connect(on_progress)
    QThreadPool.globalInstance().start(task.run)
    return task


_local = threading.local()


def thread_store(folder: Path) -> Store:
    """This worker thread's own connection to the library, opened once and reused (the
    pool keeps its threads, so repeated searches skip the open and keep warm caches)."""
    stores: dict[Path, Store] = _local.__dict__.setdefault("stores", {})
    folder = Path(folder)
    if folder not in stores:
        stores[folder] = Store.open(folder)
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
        if progress is not None and "progress" in inspect.signature(fn).parameters:
            kwargs["progress"] = progress
        return with_store(folder, fn, *args, **kwargs)

    return call
