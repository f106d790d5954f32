"""Benchmark "which attachment files does the team server hold" in a synced library, against
the raw engine, side by side.

A library of N assets (default 20,000), each with one attachment that was never downloaded,
each agreed with the server (a sync base naming the file), as after a first sync. Ours:
``server_files`` for one asset's file (what the Library view asks for every asset shown),
for every absent file at once (what ``library check`` asks), ``file_states`` of one asset,
and the whole ``check_library``. Raw: one json_each scan over every agreed record (the
obvious query), and a plain primary-key lookup of one sync row.
Run: python bench/bench_offline.py [--assets N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from valuekit.db.store import Store, utc_now  # noqa: E402
from valuekit.library.check import check_library  # noqa: E402
from valuekit.library.remote_files import server_files  # noqa: E402
from valuekit.library.transfer import import_records  # noqa: E402
from valuekit.sync.offline import file_states  # noqa: E402

RAW_SCAN = ("SELECT DISTINCT json_extract(a.value, '$.sha256') FROM sync_rows r,"
            " json_each(r.base, '$.attachments') a WHERE r.kind = 'asset' AND r.base IS NOT NULL")


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def build(store: Store, n: int) -> list[tuple[str, str]]:
    """n assets, one absent attachment each, agreed with the server; (asset id, sha)."""
    import_records(store, [{"title": f"资产 {k}", "format": "article", "language": "zh"} for k in range(n)])
    rows = store.conn.execute("SELECT seq, id FROM assets ORDER BY seq").fetchall()
    pairs = []
    with store.transaction() as conn:
        for seq, asset_id in rows:
            sha = hashlib.sha256(asset_id.encode()).hexdigest()
            conn.execute("INSERT INTO attachments(asset_seq, sha256, filename, size, added_at)"
                         " VALUES (?,?,?,?,?)", (seq, sha, f"{asset_id[:8]}.pdf", 200_000, utc_now()))
            base = {"id": asset_id, "title": "x", "attachments": [
                {"sha256": sha, "filename": f"{asset_id[:8]}.pdf", "size": 200_000}]}
            conn.execute("INSERT INTO sync_rows(kind, id, version, base) VALUES ('asset', ?, ?, ?)",
                         (asset_id, seq, json.dumps(base)))
            pairs.append((asset_id, sha))
        conn.execute("INSERT OR REPLACE INTO sync_settings(key, value) VALUES ('server', 'http://127.0.0.1:9')")
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=20_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="vk-bench-offline-"))
    try:
        with Store.open(root / "lib") as store:
            pairs = build(store, args.assets)
            conn = store.conn
            asset_id, sha = pairs[len(pairs) // 2]
            shas = [s for _, s in pairs]
            assert server_files(conn, [sha]) == {sha}
            assert len(server_files(conn, shas)) == len(shas)
            rows = [
                ("one file (Library view, per asset shown)",
                 median_ms(lambda: server_files(conn, [sha]), 200),
                 median_ms(lambda: conn.execute("SELECT base FROM sync_rows WHERE kind = 'asset' AND id = ?",
                                                (asset_id,)).fetchone(), 200)),
                ("file_states of one asset (list + here? + on server?)",
                 median_ms(lambda: file_states(store, asset_id), 200), None),
                (f"all {len(shas):,} absent files (library check)",
                 median_ms(lambda: server_files(conn, shas), 5),
                 median_ms(lambda: conn.execute(RAW_SCAN).fetchall(), 5)),
            ]
            start = time.perf_counter()
            report = check_library(store)
            whole = time.perf_counter() - start
            assert report.ok and len(report.on_server_files) == len(shas)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{args.assets:,} synced assets, one never-downloaded attachment each")
    print("| measure | ours | raw engine |")
    print("| --- | ---: | ---: |")
    for label, ours, raw in rows:
        print(f"| {label} | {ours:.2f} ms | {'—' if raw is None else f'{raw:.2f} ms'} |")
    print(f"| whole `check_library` (all files on the server, none missing) | {whole:.2f} s | — |")


if __name__ == "__main__":
    main()
