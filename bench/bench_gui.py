"""Benchmark the desktop app on a 100,000-asset library.

1. Start-up: a fresh `valuekit-gui` process, from process start to the window painted
   (ui/app.py's probe prints the moment), median of 3 cold-ish runs.
2. Typing: the longest event-loop stall while a query is typed into the library's search
   box key by key (a 5 ms heartbeat timer records the largest gap), and the time until the
   result lands. Scrolling: the longest stall while the table scrolls through 5,000 rows.
3. Insights: the core queries alone, and the longest stall while the Insights view
   opens and loads them (they run on a worker thread).
The generated library is cached in /tmp so reruns skip the import.
Run: python bench/bench_gui.py [--assets N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import make_records  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.library.transfer import import_records  # noqa: E402


def library(n: int) -> Path:
    folder = Path(f"/tmp/valuekit-bench-gui-{n}")
    if not (folder / "library.db").exists():
        store = Store.open(folder)
        import_records(store, make_records(n))
        store.close()
    return folder


def startup(folder: Path) -> float:
    env = dict(os.environ, VALUEKIT_GUI_PROBE="1")
    t0 = time.time()
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "valuekit-gui"), str(folder)], env=env,
                         capture_output=True, text=True, timeout=120).stdout
    shown = next(float(line.split()[1]) for line in out.splitlines() if line.startswith("shown"))
    return shown - t0


def typing_and_scrolling(folder: Path) -> tuple[float, float, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from valuekit_gui.library.view import LibraryView

    app = QApplication.instance() or QApplication(sys.argv)
    store = Store.open(folder)
    view = LibraryView(store)
    view.resize(1400, 900)
    view.show()
    landed: list[int] = []
    view.results_shown.connect(landed.append)
    clock = QElapsedTimer()
    worst = [0]
    last = [0]

    def beat() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    def pump_until(condition, limit_s: float = 30) -> None:  # noqa: ANN001
        end = time.monotonic() + limit_s
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)

    pump_until(lambda: bool(landed))
    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    clock.start()
    heartbeat.start()
    worst[0], last[0] = 0, clock.elapsed()
    landed.clear()
    start = time.monotonic()
    for ch in "renewal pipeline":
        QTest.keyClick(view.search_box, ch)
        pump_until(lambda: False, 0.08)  # a quick typist: ~12 keys a second
    pump_until(lambda: bool(landed))
    result_s = time.monotonic() - start
    typing_stall = worst[0]
    worst[0], last[0] = 0, clock.elapsed()
    bar = view.table.verticalScrollBar()
    for step in range(0, 5000, 50):
        bar.setValue(step * view.table.verticalHeader().defaultSectionSize())
        pump_until(lambda: False, 0.01)
    scroll_stall = worst[0]
    heartbeat.stop()
    view.close()
    store.close()
    return typing_stall, result_s, scroll_stall


def insights_load(folder: Path) -> tuple[float, float, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from valuekit.reports.insights import marketing_insights
    from valuekit_gui.insights.view import InsightsView

    app = QApplication.instance() or QApplication(sys.argv)
    store = Store.open(folder)
    start = time.perf_counter()
    marketing_insights(store)
    core_s = time.perf_counter() - start
    clock, worst, last = QElapsedTimer(), [0], [0]

    def beat() -> None:
        now = clock.elapsed()
        worst[0], last[0] = max(worst[0], now - last[0]), now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    clock.start()
    heartbeat.start()
    start = time.perf_counter()
    view = InsightsView(store)
    view.resize(1400, 900)
    view.show()
    end = time.monotonic() + 60
    while view.data is None and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    shown_s = time.perf_counter() - start
    heartbeat.stop()
    view.close()
    store.close()
    return core_s, shown_s, worst[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=100_000)
    args = parser.parse_args()
    folder = library(args.assets)
    runs = [startup(folder) for _ in range(3)]
    print(f"start-up to window shown: median {statistics.median(runs):.2f} s "
          f"(runs {', '.join(f'{r:.2f}' for r in runs)}; target ≤ 1.5 s)")
    stall, result_s, scroll = typing_and_scrolling(folder)
    print(f"typing 'renewal pipeline': longest event-loop stall {stall} ms (target ≤ 100 ms); "
          f"result shown {result_s:.2f} s after the first key")
    print(f"scrolling 5,000 rows: longest stall {scroll} ms")
    core_s, shown_s, stall = insights_load(folder)
    print(f"insights: core queries {core_s:.2f} s; view filled {shown_s:.2f} s after opening, "
          f"longest stall meanwhile {stall} ms")


if __name__ == "__main__":
    main()
