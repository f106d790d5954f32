"""The worker process the GUI renders documents in: answers come back on the main thread;
a user error keeps its field and language; cancel really stops a runaway job (the
process is killed, the next job gets a fresh one); a worker that dies is reported, not
waited for."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import workerjobs
from PySide6.QtCore import QObject

from valuekit.errors import ValidationError, ValueKitError
from valuekit_gui.common.tasks import Cancelled
from valuekit_gui.common.worker_loop import WorkerBug
from valuekit_gui.common.worker_process import WorkerProcess

WAIT_MS = 60_000  # a spawned interpreter on a loaded machine


@pytest.fixture
def worker() -> Iterator[WorkerProcess]:
    w = WorkerProcess()
    yield w
    w.stop()


class Inbox:
    def __init__(self) -> None:
        self.done: list[object] = []
        self.errors: list[BaseException] = []
        self.progress: list[tuple[object, ...]] = []

    def kwargs(self) -> dict[str, object]:
        return {"on_done": self.done.append, "on_error": self.errors.append,
                "on_progress": lambda *v: self.progress.append(v)}


def test_a_result_and_its_progress_arrive_from_another_process(qtbot, worker: WorkerProcess) -> None:  # type: ignore[no-untyped-def]
    owner, inbox = QObject(), Inbox()
    worker.submit(owner, workerjobs.add, (2, 3), **inbox.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(inbox.done), timeout=WAIT_MS)
    total, pid = inbox.done[0]  # type: ignore[misc]
    assert total == 2 + 3 and pid != os.getpid()
    assert inbox.progress == [(1, 2, "half")] and inbox.errors == []


def test_a_user_error_keeps_its_field_and_speaks_chinese(qtbot, worker: WorkerProcess) -> None:  # type: ignore[no-untyped-def]
    owner, inbox = QObject(), Inbox()
    worker.submit(owner, workerjobs.refuse, (), **inbox.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(inbox.errors), timeout=WAIT_MS)
    error = inbox.errors[0]
    assert isinstance(error, ValidationError) and error.field == "docs"
    assert "必须是以下之一" in error.localized("zh")


def test_a_bug_comes_back_with_the_workers_traceback(qtbot, worker: WorkerProcess) -> None:  # type: ignore[no-untyped-def]
    owner, inbox = QObject(), Inbox()
    worker.submit(owner, workerjobs.bug, (), **inbox.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(inbox.errors), timeout=WAIT_MS)
    assert isinstance(inbox.errors[0], KeyError | WorkerBug)
    assert "no such step" in str(inbox.errors[0])


def test_cancel_kills_a_runaway_job_and_the_next_job_runs(qtbot, worker: WorkerProcess, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    owner, runaway, after = QObject(), Inbox(), Inbox()
    flag = tmp_path / "running"
    task = worker.submit(owner, workerjobs.spin, (str(flag),), **runaway.kwargs())  # type: ignore[arg-type]
    worker.submit(owner, workerjobs.add, (20, 22), **after.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(flag.exists, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: flag.read_text() != "", timeout=WAIT_MS)
    first = worker.process
    assert first is not None
    task.cancel()
    assert not first.is_alive()  # stopped for real, not left spinning
    assert len(runaway.errors) == 1 and isinstance(runaway.errors[0], Cancelled)
    qtbot.waitUntil(lambda: bool(after.done), timeout=WAIT_MS)  # the queued job went to a fresh worker
    assert after.done[0][0] == 42  # type: ignore[index]
    assert worker.process is not first


def test_a_worker_that_dies_is_reported_not_waited_for(qtbot, worker: WorkerProcess) -> None:  # type: ignore[no-untyped-def]
    owner, inbox = QObject(), Inbox()
    worker.submit(owner, workerjobs.die, (), **inbox.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(inbox.errors), timeout=WAIT_MS)
    error = inbox.errors[0]
    assert isinstance(error, ValueKitError) and "exit code 3" in str(error)
    assert "意外停止" in error.localized("zh")
    later = Inbox()
    worker.submit(owner, workerjobs.add, (1, 1), **later.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(later.done), timeout=WAIT_MS)


def test_nothing_is_delivered_to_a_destroyed_owner(qtbot, worker: WorkerProcess) -> None:  # type: ignore[no-untyped-def]
    owner, inbox, witness = QObject(), Inbox(), Inbox()
    worker.submit(owner, workerjobs.add, (1, 2), **inbox.kwargs())  # type: ignore[arg-type]
    del owner  # the view closed before the answer came
    keeper = QObject()
    worker.submit(keeper, workerjobs.add, (3, 4), **witness.kwargs())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(witness.done), timeout=WAIT_MS)  # jobs run in order
    assert inbox.done == [] and inbox.errors == []
