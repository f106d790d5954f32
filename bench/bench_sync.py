"""Team sync under load, against a throwaway PostgreSQL on 127.0.0.1.

1. N concurrent clients (default 20) each push E row edits (2,000) and V usage events
   (5,000, every fifth batch sent twice as after a lost answer) while pulling /changes;
   afterwards: nothing lost, nothing duplicated, every client's incremental view complete.
   Reports p50/p95 push latency (batches of 100 rows) and throughput.
2. A first sync of a 100,000-asset team library into an empty library (the real client:
   pull, merge, write to SQLite), next to the raw engine reading the same rows.

Usage: python bench/bench_sync.py [--clients 20] [--edits 2000] [--events 5000] [--assets 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
# throwaway users' tokens go to a throwaway credentials file, never the machine's keyring
# or the runner's ~/.config (sync/credentials.py)
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="vk-bench-config-")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import psycopg  # noqa: E402
from pgcluster import start_cluster  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402
from synchelpers import free_port, run_load, service_process  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.resources import DEMO_DIR  # noqa: E402
from valuekit.roi.cases import save_case  # noqa: E402
from valuekit.sales.opportunity import create_opportunity  # noqa: E402
from valuekit.server.admin import add_user, init_database  # noqa: E402
from valuekit.sync.actions import share, sync_now  # noqa: E402
from valuekit.sync.engine import setup, transport_for  # noqa: E402


def load(dsn: str, url: str, clients: int, edits: int, events: int) -> None:
    tokens = [add_user(dsn, f"seller{n}", "sales") for n in range(clients)]
    result = run_load(url, tokens, edits, events, assets=100, batch=100, event_batch=500)
    with psycopg.connect(dsn) as conn:
        rows, versions = conn.execute(
            "SELECT count(*), count(DISTINCT version) FROM vk_rows WHERE owner LIKE 'seller%'").fetchone()
        stored_events = conn.execute("SELECT count(*) FROM vk_events").fetchone()[0]
        final = dict(conn.execute("SELECT id, version FROM vk_rows").fetchall())
    lost_rows = clients * 100 - rows
    complete_views = sum(view == final for view in result.views)
    print(f"load: {clients} clients × {edits} edits + {events} events, while pulling")
    print(f"  wall time {result.seconds:.1f} s")
    print(f"  push requests {len(result.push_latencies)} (100 rows each):"
          f" p50 {sorted(result.push_latencies)[len(result.push_latencies) // 2] * 1000:.0f} ms,"
          f" p95 {result.p95_ms():.0f} ms")
    print(f"  throughput {clients * edits / result.seconds:,.0f} row edits/s,"
          f" {clients * events / result.seconds:,.0f} events/s (together"
          f" {(clients * (edits + events)) / result.seconds:,.0f} writes/s)")
    print(f"  rows {rows} (expected {clients * 100}, lost {lost_rows}), distinct versions {versions}")
    print(f"  events stored {stored_events} (expected {clients * events};"
          f" {result.duplicate_event_sends} re-sent events counted 0 times)")
    print(f"  clients whose incremental pull ended complete: {complete_views}/{clients};"
          f" events seen per client {set(result.events_seen)}")
    assert lost_rows == 0 and versions == rows and stored_events == clients * events
    assert complete_views == clients


def first_sync(dsn: str, url: str, assets: int, folder: Path) -> None:
    with psycopg.connect(dsn) as conn:
        start = time.perf_counter()
        first = conn.execute("SELECT nextval('vk_version')").fetchone()[0]
        with conn.cursor() as cur, cur.copy(
                "COPY vk_rows(kind, id, version, data, status, owner, modified_by) FROM STDIN") as copy:
            for n in range(assets):
                asset_id = str(uuid.UUID(int=(7 << 120) | n))
                lang = "zh" if n % 2 else "en"
                copy.write_row(("asset", asset_id, first + 1 + n, Jsonb({
                    "id": asset_id, "title": f"Asset {n}", "summary": f"summary of asset {n}",
                    "body": "text " * 40, "language": lang, "format": "case_study",
                    "creator": "marketing", "importance": 1 + n % 5, "status": "verified",
                    "verified_by": "mia", "review_due": None, "source_url": None,
                    "created_at": "2026-11-01T00:00:00Z",
                    "tags": {"industry": ["finance" if n % 3 else "retail"]},
                    "attachments": []}), "verified", "mia", "mia"))
        conn.execute("SELECT setval('vk_version', (SELECT max(version) FROM vk_rows))")
        conn.commit()
        print(f"first sync: {assets:,} assets loaded on the server in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        raw = conn.execute("SELECT data FROM vk_rows WHERE kind = 'asset'").fetchall()
        print(f"  raw engine: SELECT of {len(raw):,} rows in {time.perf_counter() - start:.2f} s")
    token = add_user(dsn, "newcomer", "sales")
    store = Store.open(folder / "newcomer")
    setup(store, url, token)
    start = time.perf_counter()
    report = sync_now(store)
    took = time.perf_counter() - start
    here = store.conn.execute("SELECT count(*) FROM assets").fetchone()[0]
    print(f"  valuekit sync into an empty library: {took:.1f} s ({report.pulled:,} rows pulled,"
          f" {here:,} assets now here, {report.pushed} pushed back)")
    start = time.perf_counter()
    report = sync_now(store)
    print(f"  the next sync with nothing new: {time.perf_counter() - start:.1f} s")


def unshare(dsn: str, url: str, cases: int, folder: Path) -> None:
    """An account with ``cases`` ROI cases shared with a teammate, then unshared: what the
    teammate's next sync costs to take it off the laptop, against deleting the same rows
    straight in SQLite."""
    owner_token, mate_token = add_user(dsn, "owner", "sales"), add_user(dsn, "mate", "sales")
    owner, mate = Store.open(folder / "owner"), Store.open(folder / "mate")
    setup(owner, url, owner_token)
    setup(mate, url, mate_token)
    opp = create_opportunity(owner, {"customer": "ACME Bank", "industry": "finance",
                                     "stage": "SQL", "language": "en"})
    example = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    for n in range(cases):
        save_case(owner, example | {"name": f"case {n}"}, opportunity_id=opp["id"], customer="ACME Bank")
    share(owner, opp["id"], ["mate"])
    sync_now(owner)
    start = time.perf_counter()
    sync_now(mate)
    shared_in = time.perf_counter() - start
    share(owner, opp["id"], [])
    sync_now(owner)
    here = mate.conn.execute("SELECT count(*) FROM roi_cases").fetchone()[0]
    start = time.perf_counter()
    report = sync_now(mate)
    took = time.perf_counter() - start
    [gone] = report.revoked
    print(f"unshare: an account with {cases:,} ROI cases ({here:,} on the teammate's laptop)")
    print(f"  the teammate's sync receiving it: {shared_in:.2f} s")
    print(f"  the teammate's sync after the unshare: {took:.2f} s ({gone['removed']:,} rows removed,"
          f" {mate.conn.execute('SELECT count(*) FROM roi_cases').fetchone()[0]} left)")
    raw = Store.open(folder / "raw")
    setup(raw, url, mate_token)
    share(owner, opp["id"], ["mate"])
    sync_now(owner)
    sync_now(raw)
    start = time.perf_counter()
    with raw.transaction() as conn:
        conn.execute("DELETE FROM roi_cases WHERE opportunity_id = ?", (opp["id"],))
        conn.execute("DELETE FROM opportunities WHERE id = ?", (opp["id"],))
    print(f"  raw engine: deleting the same rows in SQLite: {(time.perf_counter() - start) * 1000:.1f} ms")
    start = time.perf_counter()
    for _ in range(100):
        transport_for(mate)
    print(f"  finding the token (credentials file) per sync: {(time.perf_counter() - start) * 10:.2f} ms")
    for store in (owner, mate, raw):
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--account-cases", type=int, default=500)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # still stop the cluster
    cluster = start_cluster(max_connections=200)
    proc = None
    try:
        dsn = cluster.create_database("bench")
        init_database(dsn)
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            proc = service_process(dsn, Path(tmp) / "blobs", port)
            url = f"http://127.0.0.1:{port}"
            if args.clients:
                load(dsn, url, args.clients, args.edits, args.events)
            if args.account_cases:
                unshare(dsn, url, args.account_cases, Path(tmp))
            if args.assets:
                first_sync(dsn, url, args.assets, Path(tmp))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
        cluster.remove()


if __name__ == "__main__":
    main()
