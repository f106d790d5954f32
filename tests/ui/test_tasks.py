"""The off-main-thread helper: results, errors and progress come back on the GUI thread;
a cancelled task stops at its next step."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject

from ui.tasks import Cancelled, run_in_thread


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

    def slow(progress) -> None:  # type: ignore[no-untyped-def]
        for n in range(1000):
            progress(n, 1000, "step")
            time.sleep(0.002)

    task = run_in_thread(owner, slow, on_done=lambda r: None, on_error=outcome.append,
                         on_progress=lambda d, t, m: steps.append(d))
    qtbot.waitUntil(lambda: len(steps) > 3)
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome))
    assert isinstance(outcome[0], Cancelled)
    assert max(steps) < 999
