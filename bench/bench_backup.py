"""Benchmark backup, restore and check against the raw engine, side by side.

A library of 5,000 assets and 300 attachments of 200 KB (60 MB). Ours: `backup_library`
(snapshot + referenced attachments, each hashed while copied and re-hashed after),
`restore_library` (verify the backup, keep the current database aside, swap), and
`check_library` (integrity row by row, FTS checks, every attachment hashed). Raw: SQLite's
backup API + shutil.copytree; a file copy; PRAGMA integrity_check alone.
Run: python bench/bench_backup.py [--assets N] [--attachments N] [--size BYTES]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from valuekit.db.store import Store  # noqa: E402
from valuekit.library.attachments import attach_file  # noqa: E402
from valuekit.library.backup import backup_library, restore_library  # noqa: E402
from valuekit.library.check import check_library  # noqa: E402
from valuekit.library.transfer import import_records  # noqa: E402


def timed(label: str, func, rows: list[tuple[str, float]]) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    rows.append((label, time.perf_counter() - start))
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--attachments", type=int, default=300)
    parser.add_argument("--size", type=int, default=200_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="vk-bench-backup-"))
    rows: list[tuple[str, float]] = []
    try:
        lib = root / "lib"
        with Store.open(lib) as store:
            import_records(store, [{"title": f"资产 {n} 报价", "format": "article", "language": "zh",
                                    "body": "正文 " * 200} for n in range(args.assets)])
            ids = [r[0] for r in store.conn.execute("SELECT id FROM assets LIMIT ?", (args.attachments,))]
            for n, asset_id in enumerate(ids):
                path = root / f"a{n}.pdf"
                path.write_bytes(os.urandom(args.size))
                attach_file(store, asset_id, path)
                path.unlink()
            out = root / "ours"
            out.mkdir()
            made = timed("backup: ours (snapshot, referenced files, verified)", lambda: backup_library(store, out), rows)
            raw = root / "raw"
            raw.mkdir()

            def raw_backup() -> None:
                target = sqlite3.connect(raw / "library.db")
                store.conn.backup(target)
                target.close()
                shutil.copytree(lib / "files", raw / "files")

            timed("backup: raw (backup API + copytree)", raw_backup, rows)
            timed("check: ours (integrity, FTS, every file hashed)", lambda: check_library(store), rows)
            timed("check: raw (PRAGMA integrity_check)",
                  lambda: store.conn.execute("PRAGMA integrity_check").fetchall(), rows)
        backup_path = made.path  # type: ignore[attr-defined]
        timed("restore: ours (verify, keep aside, swap, check)", lambda: restore_library(lib, backup_path), rows)
        timed("restore: raw (copy the database file)",
              lambda: shutil.copyfile(backup_path / "library.db", lib / "library.db"), rows)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{args.assets} assets, {args.attachments} attachments × {args.size // 1000} KB")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
