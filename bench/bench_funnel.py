"""Benchmark the funnel at a large team's size: 5,000 opportunities (20 sellers) with
~9,000 stage-history rows. Measures measured_conversions, forecast (everyone and one
seller), the monthly review of one seller and plan_funnel with measured rates, next to the
raw SQL that reads the same rows (the floor any implementation pays).
Run: python bench/bench_funnel.py [--opportunities N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import timed  # noqa: E402  (bench/timing.py)

from valuekit.db.store import Store  # noqa: E402
from valuekit.sales import funnel  # noqa: E402

STAGES = ("RL", "MQL", "SQL", "Rev", "Retention")


def build(store: Store, count: int) -> None:
    """Opportunities written straight into the tables in one transaction (setup, not measured)."""
    rng = random.Random(16)
    empty_bant = json.dumps({k: {"known": False, "note": ""} for k in ("budget", "authority", "need", "timeline")})
    with store.transaction() as conn:
        for n in range(count):
            opp_id = str(uuid.UUID(int=rng.getrandbits(128)))
            reached = rng.choices(range(5), weights=(50, 25, 15, 7, 3))[0]
            month = rng.randint(1, 12)
            created = f"2026-{month:02d}-01T09:00:00Z"
            close = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            conn.execute(
                "INSERT INTO opportunities (id, customer, industry, segment, size, region, stage, language, owner,"
                " deal_size, currency, close_date, bant, decision_chain, checklist, archived, revision,"
                " created_at, updated_at) VALUES (?, ?, 'manufacturing', '', NULL, '', ?, 'zh', ?, ?, 'CNY', ?,"
                " ?, '[]', '{}', ?, 1, ?, ?)",
                (opp_id, f"客户 {n}", STAGES[reached], f"seller{n % 20}", rng.choice([8_000, 50_000, 250_000, 1_200_000]),
                 close, empty_bant, int(rng.random() < 0.3 and reached < 3), created, created))
            for s in range(reached + 1):
                conn.execute("INSERT INTO opportunity_stages (opportunity_id, stage, entered_at) VALUES (?, ?, ?)",
                             (opp_id, STAGES[s], f"2026-{month:02d}-{1 + s * 5:02d}T09:00:00Z"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opportunities", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "lib")
        build(store, args.opportunities)
        history = store.conn.execute("SELECT count(*) FROM opportunity_stages").fetchone()[0]
        print(f"{args.opportunities} opportunities, {history} stage entries")
        raw_open = ("SELECT id, deal_size, stage, close_date FROM opportunities WHERE archived = 0"
                    " AND stage IN ('RL', 'MQL', 'SQL') AND close_date >= '2027-01-10' AND close_date < '2027-04-10'")
        rows = [
            ("raw SQL: open deals closing in the quarter", lambda: store.conn.execute(raw_open).fetchall()),
            ("raw SQL: the stage history", lambda: store.conn.execute(
                "SELECT o.id, o.archived, h.stage FROM opportunities o JOIN opportunity_stages h"
                " ON h.opportunity_id = o.id ORDER BY h.entered_at, h.seq").fetchall()),
            ("measured_conversions", lambda: funnel.measured_conversions(store)),
            ("plan_funnel with measured rates", lambda: funnel.plan_funnel(store, 12_000_000, 350_000)),
            ("forecast, everyone", lambda: funnel.forecast(store, as_of="2027-01-10")),
            ("forecast, one seller", lambda: funnel.forecast(store, owner="seller3", as_of="2027-01-10")),
            ("review, one seller (with target)", lambda: funnel.review(
                store, "seller3", as_of="2027-01-10", target=12_000_000, avg_deal=350_000)),
        ]
        print("| measure | median ms | max ms |\n| --- | ---: | ---: |")
        for name, fn in rows:
            median, worst = timed(fn)
            print(f"| {name} | {median:.1f} | {worst:.1f} |")
        store.close()


if __name__ == "__main__":
    main()
