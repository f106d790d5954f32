"""Work that must not share the window's interpreter: one warm worker *process*.

WeasyPrint lays a document out in pure Python. On a thread of the app's own process it
holds the GIL in long slices and the window stutters (stalls of 130–358 ms measured while
a kit rendered; bench/README.md). A separate process has an interpreter of its own, so
the event loop never waits for it. The process is started once (``spawn``: Qt's threads
are never forked), warmed up (imports, first font load) and reused, so only the first
job pays for start-up. Cancelling a job stops it for real — the process is killed (a
thread cannot be) — and the next job gets a fresh process.

``run_in_process(parent, fn, *args, on_done=…, on_error=…, on_progress=…)`` mirrors
``tasks.run_in_thread``: ``fn`` must be a module-level function (it is pickled by name)
taking ``progress`` as a keyword; callbacks run on the main thread, and not at all once
``parent`` is destroyed. A cancelled task's ``on_error`` receives ``Cancelled``.
Answers are collected by a timer every POLL_MS while a job is outstanding.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import weakref
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

from valuekit.errors import ValueKitError
from valuekit.i18n import msg
from valuekit_gui.common.i18n import add_strings
from valuekit_gui.common.tasks import Cancelled
from valuekit_gui.common.worker_loop import serve, warm_up

POLL_MS = 25
STOPPED = "the document renderer stopped unexpectedly (exit code {code}); try again"
add_strings({STOPPED: ("文档生成进程意外停止（退出码 {code}）；请重试", STOPPED)})
_CONTEXT = multiprocessing.get_context("spawn")


class ProcessTask:
    def __init__(self, worker: WorkerProcess, job_id: int, parent: QObject,
                 job: tuple[Any, ...], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None],
                 on_progress: Callable[..., None] | None) -> None:
        self.worker, self.id, self.job = worker, job_id, job
        self._parent = weakref.ref(parent)
        self.on_done, self.on_error, self.on_progress = on_done, on_error, on_progress
        self.cancelled = False
        self.finished = False

    def alive(self) -> bool:
        parent = self._parent()
        return parent is not None and shiboken6.isValid(parent)

    def cancel(self) -> None:
        """Stop the job now: if it is the one running, the worker process is killed."""
        if self.finished or self.cancelled:
            return
        self.cancelled = True
        self.worker.drop(self)


class WorkerProcess(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.process: BaseProcess | None = None
        self.requests: Queue[Any] | None = None
        self.replies: Queue[Any] | None = None
        self.jobs: dict[int, ProcessTask] = {}
        self.ids = itertools.count(1)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.poll)

    # -- the process ------------------------------------------------------------------
    def start(self) -> None:
        """Start (and warm up) the process unless it is running; cheap when it is."""
        if self.process is not None and self.process.is_alive():
            return
        self._discard()
        self.requests, self.replies = _CONTEXT.Queue(), _CONTEXT.Queue()
        self.process = _CONTEXT.Process(target=serve, args=(self.requests, self.replies),
                                        name="valuekit-worker", daemon=True)
        self.process.start()
        self.requests.put((0, warm_up, ()))  # job 0: its answer is ignored

    def stop(self) -> None:
        """Kill the process (at exit, or to stop the job it runs)."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self._discard()

    def _discard(self) -> None:
        for q in (self.requests, self.replies):
            if q is not None:
                q.cancel_join_thread()  # never wait at exit for a dead reader
                q.close()
        self.process = self.requests = self.replies = None

    # -- jobs -------------------------------------------------------------------------
    def submit(self, parent: QObject, fn: Callable[..., Any], args: tuple[Any, ...],
               on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
               on_progress: Callable[..., None] | None) -> ProcessTask:
        self.start()
        task = ProcessTask(self, next(self.ids), parent, (fn, args), on_done, on_error, on_progress)
        self.jobs[task.id] = task
        assert self.requests is not None
        self.requests.put((task.id, fn, args))
        self.timer.start()
        return task

    def drop(self, task: ProcessTask) -> None:
        """Forget a cancelled job. The worker runs jobs in order, so the oldest job still
        waiting is the one running: cancelling it kills the process, and the jobs queued
        behind it go to a fresh one."""
        running = min(self.jobs) if self.jobs else None
        self.jobs.pop(task.id, None)
        if task.id == running:
            self.stop()
            if self.jobs:
                self.start()
                assert self.requests is not None
                for waiting in sorted(self.jobs.values(), key=lambda t: t.id):
                    self.requests.put((waiting.id, *waiting.job))
        self._deliver(task, "error", Cancelled())

    def poll(self) -> None:
        while self.replies is not None:
            try:
                kind, job_id, payload = self.replies.get_nowait()
            except (queue.Empty, OSError, ValueError):
                break
            task = self.jobs.get(job_id)
            if task is None:
                continue
            if kind != "progress":
                del self.jobs[job_id]
            self._deliver(task, kind, payload)
        if self.jobs and (self.process is None or not self.process.is_alive()):
            code = self.process.exitcode if self.process is not None else None
            self._discard()
            for task in sorted(self.jobs.values(), key=lambda t: t.id):
                del self.jobs[task.id]
                self._deliver(task, "error", ValueKitError(msg(STOPPED, code=code)))
        if not self.jobs:
            self.timer.stop()

    @staticmethod
    def _deliver(task: ProcessTask, kind: str, payload: Any) -> None:
        if kind != "progress":
            task.finished = True
        if not task.alive() or (task.cancelled and kind != "error"):
            return
        if kind == "progress":
            if task.on_progress is not None:
                task.on_progress(*payload)
        elif kind == "done":
            task.on_done(payload)
        else:
            task.on_error(payload)


_worker: WorkerProcess | None = None


def worker() -> WorkerProcess:
    """The app's one worker process, stopped when the application quits."""
    global _worker
    if _worker is None:
        _worker = WorkerProcess()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_worker.stop)
    return _worker


def warm() -> None:
    """Start the worker ahead of need (e.g. when the export dialog opens)."""
    worker().start()


def run_in_process(parent: QObject, fn: Callable[..., Any], *args: Any,
                   on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                   on_progress: Callable[..., None] | None = None) -> ProcessTask:
    return worker().submit(parent, fn, args, on_done, on_error, on_progress)
