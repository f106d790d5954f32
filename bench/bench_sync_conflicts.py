"""Benchmark open sync conflicts at scale (a laptop back from weeks offline): N assets each
with two disputed fields (title, industry tags).

1. Core: reading the conflicts raw (SQL + json.loads) vs ``describe_all`` (labels in the
   user's language, "mine" read from the library) vs ``resolve`` of one conflict per field.
2. Desktop: the Team sync view built, refreshed with nothing changed (after a periodic
   sync: boxes kept), and refreshed after a language switch (every box rebuilt).
The conflicts are written straight into the bookkeeping (state.save_conflict) as a pull
would leave them: the server is not what is measured here.
The view builds 25 boxes at a time ("Show 25 more"): 200 at once took ~1 s (1.8 s under
load) on the main thread at every refresh before boxes were paged and kept.
Run: QT_QPA_PLATFORM=offscreen python bench/bench_sync_conflicts.py [--conflicts N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from timing import timed  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.library.assets import add_asset  # noqa: E402
from valuekit.sync import records, state  # noqa: E402
from valuekit.sync.actions import resolve  # noqa: E402
from valuekit.sync.conflicts import describe_all  # noqa: E402
from valuekit_gui.common.i18n import set_language  # noqa: E402
from valuekit_gui.sync.view import SyncView  # noqa: E402


def make_library(n: int) -> tuple[Store, list[str]]:
    store = Store.open(Path(tempfile.mkdtemp()) / "lib")
    ids = [add_asset(store, {"title": f"Case {i}", "format": "case_study", "language": "en",
                             "tags": {"industry": ["energy"]}}).id for i in range(n)]
    with store.transaction() as conn:
        for asset_id in ids:
            mine = records.local_record(store, "asset", asset_id) or {}
            base = dict(mine, title=mine["title"].replace("Case", "Old case"), tags={"industry": []})
            theirs = dict(mine, title=mine["title"] + " (theirs)", tags={"industry": ["ict"]})
            state.save_conflict(conn, "asset", asset_id, base, mine, theirs,
                                ["tags.industry", "title"], "mia")
    return store, ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conflicts", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    store, ids = make_library(args.conflicts)

    def raw() -> None:
        for row in store.conn.execute("SELECT base, mine, theirs, fields FROM sync_conflicts"):
            [json.loads(v) for v in row]

    raw_ms, _ = timed(raw)
    ours_ms, _ = timed(lambda: describe_all(store, "zh"))
    print(f"{args.conflicts} conflicts, 2 fields each")
    print(f"  core: raw SQL + json {raw_ms:.0f} ms | describe_all (labels, zh) {ours_ms:.0f} ms")
    left = list(ids)

    def settle_one() -> None:
        resolve(store, "asset", left.pop(), {"title": "mine", "tags.industry": "theirs"})

    settle_ms, settle_worst = timed(settle_one, runs=9)
    print(f"  resolve one conflict per field: {settle_ms:.1f} ms (worst {settle_worst:.1f})")
    set_language("en")
    def build() -> None:
        SyncView(store).deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # really gone

    build_ms, _ = timed(build, runs=3)
    view = SyncView(store)
    same_ms, same_worst = timed(view.refresh, runs=5)
    langs = iter(["zh", "en"] * 5)
    switch_ms, _ = timed(lambda: set_language(next(langs)), runs=4)
    print(f"  view: built {build_ms:.0f} ms | refresh, nothing changed {same_ms:.0f} ms"
          f" (worst {same_worst:.0f}) | language switch (all boxes rebuilt) {switch_ms:.0f} ms")
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


if __name__ == "__main__":
    main()
