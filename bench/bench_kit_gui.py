"""Benchmark the customer kit from the desktop app: a three-document kit (pitch,
one-pager, ROI sheet) exported from the Pitches view, offscreen.

Measures the wall time from the click until the files are written and the longest
event-loop stall meanwhile (a 5 ms heartbeat timer records the largest gap), beside the
same kit rendered in-process without the GUI (the core alone).
Targets (issue 13): ≤ 2 s for the kit, no stall over 100 ms.
Run: QT_QPA_PLATFORM=offscreen python bench/bench_kit_gui.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.demo.library import load_demo  # noqa: E402
from valuekit.pitch.kit import prepare_kit, render_kit  # noqa: E402
from valuekit.sales.opportunity import list_opportunities  # noqa: E402
from valuekit_gui.common import errors  # noqa: E402
from valuekit_gui.pitch.view import PitchesView  # noqa: E402

DOCS = ["pitch", "onepager", "roi"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    errors.set_dialog_hook(lambda *a: None)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "lib")
        load_demo(store)
        opp = next(o for o in list_opportunities(store) if o["industry"] == "manufacturing")
        view = PitchesView(store)
        view.draft(opp["id"], "zh")
        core = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            render_kit(prepare_kit(store, view.pitch, None, DOCS))
            core.append(time.perf_counter() - t0)
        clock, worst, last = QElapsedTimer(), [0], [0]

        def beat() -> None:
            now = clock.elapsed()
            worst[0] = max(worst[0], now - last[0])
            last[0] = now

        heartbeat = QTimer(interval=5)
        heartbeat.timeout.connect(beat)
        walls, stalls = [], []
        for n in range(args.runs):
            loop = QEventLoop()
            view.exported.connect(loop.quit)
            clock.start()
            heartbeat.start()
            worst[0], last[0] = 0, clock.elapsed()
            t0 = time.perf_counter()
            view.export_kit(str(Path(tmp) / f"kit{n}"), DOCS, allow_incomplete=True)
            loop.exec()  # the real event loop, as in the app
            walls.append(time.perf_counter() - t0)
            heartbeat.stop()
            stalls.append(worst[0])
            view.exported.disconnect()
        view.deleteLater()
        app.processEvents()
        store.close()
    print(f"three-document kit, core alone (prepare + render), median of {args.runs}: "
          f"{statistics.median(core):.2f} s")
    print(f"three-document kit from the GUI (click → files written), median of {args.runs}: "
          f"{statistics.median(walls):.2f} s (max {max(walls):.2f}; target ≤ 2 s)")
    print(f"longest event-loop stall during the export: {max(stalls)} ms (target ≤ 100 ms)")


if __name__ == "__main__":
    main()
