"""The off-main-thread helper: results, errors and progress come back on the GUI thread;
a cancelled task stops at its next step."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from valuekit_gui.common.tasks import Cancelled, run_in_thread


def test_result_arrives_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    seen: list[tuple[int, bool]] = []
    run_in_thread(owner, lambda a, b: a + b, 2, 3,
                  on_done=lambda r: seen.append((r, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(5, True)]


def test_error_is_delivered_not_raised(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad input")

    run_in_thread(owner, boom, on_done=lambda r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "bad input"


def test_progress_and_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    steps: list[int] = []
    outcome: list[BaseException] = []

    cancelled = threading.Event()

    def slow(progress) -> None:  # type: ignore[no-untyped-def]
        for n in range(1000):
            progress(n, 1000, "step")
            if n == 5:  # hold until the test has cancelled: no race with the clock
                assert cancelled.wait(10)

    done: list[object] = []
    task = run_in_thread(owner, slow, on_done=done.append, on_error=outcome.append,
                         on_progress=lambda d, t, m: steps.append(d))
    qtbot.waitUntil(lambda: bool(steps))  # progress reaches the main thread while it runs
    task.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: bool(outcome or done))
    assert done == [] and isinstance(outcome[0], Cancelled)
    assert max(steps) <= 5  # the next progress call after the cancel stopped the work


def test_nothing_is_delivered_once_the_parent_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    release = threading.Event()
    seen: list[object] = []
    task = run_in_thread(owner, lambda: release.wait(5) and "answer", on_done=seen.append,
                         on_error=seen.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: task.cancelled)  # the parent's death asks the work to stop
    release.set()
    qtbot.waitUntil(lambda: task.delivered)  # delivery (or dropping it) is one slot call
    assert seen == []


def test_worker_has_its_own_connection_and_cancel_interrupts_sql(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from valuekit_gui.common.tasks import thread_store

    owner = QObject()
    seen: list[object] = []

    running = threading.Event()

    def endless_query(folder):  # type: ignore[no-untyped-def]
        conn = thread_store(folder).conn
        seen.append(conn is not store.conn)
        # SQLite calls this every 1000 instructions: the statement is running now
        conn.set_progress_handler(lambda: running.set() or 0, 1000)
        try:
            # A recursive CTE that never ends unless interrupted.
            return conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
                                " SELECT count(*) FROM c").fetchone()
        finally:
            conn.set_progress_handler(None, 0)

    task = run_in_thread(owner, endless_query, store.path, on_done=seen.append,
                         on_error=seen.append)
    qtbot.waitUntil(running.is_set)
    task.cancel()
    # only an interrupt can end the query; the timeout merely bounds a broken cancel
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert seen[0] is True and isinstance(seen[1], Cancelled)
