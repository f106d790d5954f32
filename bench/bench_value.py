"""Benchmark after-the-sale work: the Customers list and the value review PDF.

Builds a library with the demo plus N synthetic won accounts (3 drivers, 12 quarters of
actuals, 6 milestones, 12 contacts, 6 NPS answers each), then measures
- ``account_rows`` (what the Customers view and Insights load) for all accounts,
- ``compute_report`` for one account,
- the review PDF warm in-process, side by side with raw WeasyPrint on the same HTML
  (no safe fetcher, default font config).
Run: python bench/bench_value.py [--accounts N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from valuekit.db.store import Store  # noqa: E402
from valuekit.demo.library import load_demo  # noqa: E402
from valuekit.documents.render import import_weasyprint, render_html  # noqa: E402
from valuekit.pitch.brand import get_brand  # noqa: E402
from valuekit.pitch.documents import brand_view  # noqa: E402
from valuekit.resources import TEMPLATES_DIR  # noqa: E402
from valuekit.roi.cases import save_case  # noqa: E402
from valuekit.sales.opportunity import create_opportunity  # noqa: E402
from valuekit.value import plan as plans  # noqa: E402
from valuekit.value.accounts import account_rows  # noqa: E402
from valuekit.value.report import compute_report  # noqa: E402
from valuekit.value.review import TEMPLATE, render_review, review_context  # noqa: E402

CASE = {"name": "bench", "currency": "CNY", "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
        "drivers": [{"kind": "custom", "name": f"Driver {i}", "annual_value": 100000 * (i + 1)} for i in range(3)],
        "costs": {"one_time": [{"name": "setup", "amount": 50000}], "recurring": [{"name": "fee", "amount": 90000}]}}


def build(store: Store, accounts: int) -> None:
    load_demo(store)
    go_live = date(2023, 1, 1)
    with store.transaction():
        for n in range(accounts):
            opp = create_opportunity(store, {"customer": f"Account {n:04d}", "industry": "ict", "stage": "Rev",
                                             "language": "en"})
            save_case(store, CASE, opportunity_id=opp["id"])
            plans.create_plan(store, opp["id"], go_live=go_live)
            for q in range(1, 13):
                for i in range(3):
                    plans.record_actual(store, opp["id"], driver=f"Driver {i}", quarter=q,
                                        amount=20000 * (i + 1) * (0.5 + (n % 7) / 10), source="measured")
                plans.record_contact(store, opp["id"], on=go_live + timedelta(days=30 * q), kind="call")
            for k in range(6):
                plans.record_nps(store, opp["id"], score=(n + k) % 11, on=go_live + timedelta(days=60 * k))


def timed(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "lib")
        start = time.perf_counter()
        build(store, args.accounts)
        print(f"built {args.accounts} accounts in {time.perf_counter() - start:.1f} s")
        today = date(2026, 6, 1)
        helix = "dbf2afca-5020-5969-a6b6-6dcf83f2c4b4"
        rows = timed(lambda: account_rows(store, today, "en"), args.runs)
        print(f"account_rows, {args.accounts + 2} accounts: {rows * 1000:.0f} ms "
              f"({rows * 1000 / (args.accounts + 2):.2f} ms per account)")
        plan = plans.get_plan(store, helix)
        one = timed(lambda: compute_report(plan, today, "en"), 200)
        print(f"compute_report, one account (plan loaded): {one * 1e6:.0f} µs")
        get = timed(lambda: plans.get_plan(store, helix), 50)
        print(f"get_plan, one account: {get * 1000:.2f} ms")
        brand = get_brand(store)

        def printed(lang: str, day: str) -> dict:
            return brand_view(brand, lang, day)

        render_review(store, helix, brand=printed, lang="zh")  # warm fonts and templates
        ours = timed(lambda: render_review(store, helix, brand=printed, lang="zh"), args.runs)
        html = render_html(TEMPLATE, review_context(plan, date.today(), "zh", printed("zh", "2026-06-01")))
        import_weasyprint()
        from weasyprint import HTML

        raw = timed(lambda: HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/").write_pdf(), args.runs)
        print(f"value review PDF (zh), warm: ours {ours:.2f} s (context + fetcher + metadata) · "
              f"raw WeasyPrint on the same HTML {raw:.2f} s")
        store.close()


if __name__ == "__main__":
    main()
