"""Benchmark library packs: export and import of 10,000 assets with 1,000 attachments.

Measures pack export, a dry-run import and the real import into an empty library, and
the peak resident memory of the importing process (the zip is streamed, never loaded).
Run: python bench/bench_pack.py [--assets N] [--attachments N] [--size BYTES]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from valuekit.db.store import Store  # noqa: E402
from valuekit.library.attachments import attach_file  # noqa: E402
from valuekit.library.transfer import import_records  # noqa: E402
from valuekit.packs.export import export_pack  # noqa: E402

IMPORT_CHILD = """
import resource, sys, time
from valuekit.packs.importer import import_pack
from valuekit.db.store import Store
store = Store.open(sys.argv[1])
t = time.perf_counter()
report = import_pack(store, sys.argv[2])
print(f"{time.perf_counter() - t:.2f} {len(report.added)} "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def build_source(folder: Path, assets: int, attachments: int, size: int) -> Store:
    rng = random.Random(7)
    store = Store.open(folder)
    records = [{"title": f"价值素材 {n} 报价与交付 case {n}", "summary": "客户案例摘要 " * 5,
                "body": "正文 " * 100, "format": rng.choice(["article", "case_study", "whitepaper"]),
                "language": rng.choice(["zh", "en"]),
                "tags": {"stage": [rng.choice(["RL", "MQL", "SQL", "Rev"])],
                         "industry": [rng.choice(["manufacturing", "ict", "saas"])]}}
               for n in range(assets)]
    import_records(store, records)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM assets ORDER BY seq LIMIT ?", (attachments,))]
    scratch = folder.parent / "scratch.bin"
    for n, asset_id in enumerate(ids):
        scratch.write_bytes(os.urandom(size - 8) + n.to_bytes(8, "big"))
        attach_file(store, asset_id, scratch)
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--attachments", type=int, default=1_000)
    parser.add_argument("--size", type=int, default=100_000, help="bytes per attachment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = build_source(root / "source", args.assets, args.attachments, args.size)
        pack = root / "team.vkpack"
        t = time.perf_counter()
        export_pack(source, pack)
        export_s = time.perf_counter() - t
        print(f"export: {export_s:.2f} s, pack {pack.stat().st_size / 1e6:.1f} MB")
        target = root / "target"
        Store.open(target).close()
        out = subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(target), str(pack)],
                             capture_output=True, text=True, check=True).stdout.split()
        print(f"import: {out[0]} s for {out[1]} assets, peak RSS {out[2]} MB (target ≤ 10 s)")
        again = subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(target), str(pack)],
                               capture_output=True, text=True, check=True).stdout.split()
        print(f"re-import (all skipped): {again[0]} s, peak RSS {again[2]} MB")
        print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
