"""The demo library: realistic assets, usage and ratings written by the team
(``assets/demo/``), loaded with fixed UUIDs so that loading again refreshes it."""

from __future__ import annotations

import json

from valuekit.db.store import Store
from valuekit.demo.sales import load_sales_demo
from valuekit.demo.value import load_value_demo
from valuekit.library.transfer import import_records
from valuekit.resources import DEMO_DIR


def load_demo(store: Store) -> dict[str, int]:
    """Create or refresh the demo content; returns what was loaded, by kind."""
    records = json.loads((DEMO_DIR / "assets.json").read_text(encoding="utf-8"))
    with store.transaction() as conn:
        ids = [r["id"] for r in records]
        marks = ",".join("?" * len(ids))
        # Refresh: the demo's own history is replaced, so counts never double up.
        conn.execute(f"DELETE FROM usage WHERE asset_seq IN (SELECT seq FROM assets WHERE id IN ({marks}))", ids)
        conn.execute(f"DELETE FROM ratings WHERE asset_seq IN (SELECT seq FROM assets WHERE id IN ({marks}))", ids)
        result = import_records(store, records, replace=True)
    counts = {"assets": result.added + result.replaced, "usage records": result.usage,
              "ratings": result.ratings}
    counts.update(load_sales_demo(store))
    counts.update(load_value_demo(store))
    return counts
