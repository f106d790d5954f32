"""The demo library: realistic assets, usage and ratings written by the team
(``assets/demo/``), loaded with fixed UUIDs so that loading again refreshes it."""

from __future__ import annotations

import json
from datetime import date, timedelta

from valuekit.db.store import Store, utc_now
from valuekit.demo.sales import load_sales_demo
from valuekit.demo.value import load_value_demo
from valuekit.library.transfer import import_records
from valuekit.resources import DEMO_DIR

# The demo's review dates were written as of this day; loading moves them by the time
# since, so the demo always shows a library as its curators keep it (a few reviews due
# now, most ahead) instead of one gone stale with the calendar.
DEMO_AS_OF = date(2026, 6, 15)


def _reviews_as_of_today(records: list[dict[str, object]]) -> None:
    shift = date.fromisoformat(utc_now()[:10]) - DEMO_AS_OF
    for record in records:
        due = record.get("review_due")
        if isinstance(due, str) and due:
            record["review_due"] = (date.fromisoformat(due) + timedelta(days=shift.days)).isoformat()


def load_demo(store: Store) -> dict[str, int]:
    """Create or refresh the demo content; returns what was loaded, by kind."""
    records = json.loads((DEMO_DIR / "assets.json").read_text(encoding="utf-8"))
    _reviews_as_of_today(records)
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
