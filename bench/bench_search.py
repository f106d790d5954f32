"""Benchmark the value library at 100,000 (or 1,000,000) assets, against the raw engine.

Generates a mixed Chinese/English library (5–10 tags per asset), then measures, 200 random
queries per row, each query timed twice in the same run, interleaved: the raw FTS5 MATCH of
the term returning *all* its hit rowids, and ValueKit's search (term + a stage filter + an
industry filter + a random sort, 50 rows). The ratio of the p95s is the overhead ValueKit
adds on top of the engine (target ≤ 2×). Facet counts are measured cold (cache bypassed).

The "naive join" row runs the statement shape that falls into SQLite's query-plan trap
(an FTS MATCH joined to tag filters, re-run per row on newer versions) so a regression to
it would show as the same numbers in the ValueKit rows.

Run: python bench/bench_search.py [--assets N] [--queries N] [--keep DIR]
(--keep reuses a generated library in DIR: generating 1,000,000 assets takes minutes.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from valuekit.db.store import Store  # noqa: E402
from valuekit.library.search import Query, _facet_counts, search_seqs  # noqa: E402
from valuekit.library.textindex import match_expression  # noqa: E402
from valuekit.library.transfer import import_records  # noqa: E402

ZH_WORDS = ["报价", "案例", "追溯", "续约", "渠道", "经销商", "效率", "成本", "质量", "客户", "销售",
            "预测", "服务", "工单", "库存", "合规", "审计", "数字化", "转型", "增长", "线索", "商机",
            "回款", "交付", "满意度", "设备", "巡检", "配送", "门店", "终端", "采购", "供应链"]
ZH_FILL = "的了在和与对把为从以及通过实现提升降低缩短我们他们这个一个每年每月"
EN_WORDS = ["quote", "pipeline", "forecast", "renewal", "dealer", "traceability", "service", "cost",
            "revenue", "margin", "churn", "onboarding", "visibility", "compliance", "audit", "field",
            "inventory", "delivery", "customer", "growth", "lead", "conversion", "contract", "partner"]
FORMATS = ["article", "whitepaper", "case_study", "video", "solution_deck", "one_pager",
           "battlecard", "roi_sheet", "success_story", "infographic"]
STAGES = ["RL", "MQL", "SQL", "Rev", "Retention"]
INDUSTRIES = ["manufacturing", "ict", "saas", "healthcare", "fmcg", "home_building", "energy",
              "logistics", "education", "auto_parts"]
PERSONAS = ["decision_maker", "champion", "gatekeeper", "user"]
PRODUCTS = ["crm", "service_cloud", "bi", "partner_portal", "paas"]
SORTS = ["relevance", "updated", "importance", "usage", "usefulness"]


ZH_CHARS = "产品市场管理系统平台数据分析项目计划团队能力价值方案行业企业组织个人问题需求目标结果流程标准风险资源投入回报"


def _vocabulary(real: list[str], synthetic: list[str]) -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary with the real query words at ranks 3, 8, 13, …,
    so a benchmark term matches a realistic share of the library (not every asset)."""
    words = list(synthetic)
    for n, word in enumerate(real):
        words.insert(3 + 5 * n, word)
    return words, [1 / (rank + 1) for rank in range(len(words))]


_srng = random.Random(3)
ZH_VOCAB = _vocabulary(ZH_WORDS, ["".join(_srng.sample(ZH_CHARS, 2)) for _ in range(1500)])
EN_VOCAB = _vocabulary(EN_WORDS, ["".join(_srng.sample("bcdfghklmnprstvz", 2) + _srng.sample("aeiou", 2)) + "x"
                                  for _ in range(1500)])


def zh_text(rng: random.Random, n: int) -> str:
    words = rng.choices(ZH_VOCAB[0], weights=ZH_VOCAB[1], k=n)
    return "".join(w + rng.choice(ZH_FILL) for w in words)


def en_text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(EN_VOCAB[0], weights=EN_VOCAB[1], k=n))


def make_records(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        zh = i % 2 == 0
        text = zh_text if zh else en_text
        tags = {"stage": rng.sample(STAGES, rng.randint(1, 2)),
                "industry": rng.sample(INDUSTRIES, rng.randint(1, 2)),
                "persona": rng.sample(PERSONAS, rng.randint(1, 2)),
                "product": rng.sample(PRODUCTS, rng.randint(1, 2))}
        out.append({"title": text(rng, 4), "summary": text(rng, 10), "body": text(rng, 40),
                    "language": "zh" if zh else "en", "format": rng.choice(FORMATS),
                    "creator": f"user{rng.randint(1, 30)}", "importance": rng.randint(1, 5),
                    "status": rng.choice(["verified", "verified", "draft"]), "tags": tags})
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def replicate(store: Store, times: int) -> None:
    """Grow a generated library ``times``-fold in SQL: every asset, its tags, its text
    tokens (copied from the index, not re-tokenized) and its usage/ratings, under new row
    numbers and ids. Word and tag frequencies stay those of the original; only the size
    grows — what a 1,000,000-asset measurement needs, in minutes instead of an hour."""
    conn = store.conn
    base = conn.execute("SELECT max(seq) FROM assets").fetchone()[0]
    cols = ("title, summary, body, language, creator, importance, source_url, status, status_by,"
            " status_at, review_due, created_at, updated_at, owner, review_interval_days, expires_on,"
            " internal_only")
    for k in range(1, times):
        off = k * base
        with store.transaction():
            conn.execute(f"INSERT INTO assets(seq, id, {cols}) SELECT seq + ?, printf('%s-%d', id, ?),"
                         f" {cols} FROM assets WHERE seq <= ?", (off, k, base))
            conn.execute("INSERT INTO tag_fts_bulk(on_) VALUES (1)")
            conn.execute("INSERT INTO asset_tags(asset_seq, facet, value) SELECT asset_seq + ?, facet, value"
                         " FROM asset_tags WHERE asset_seq <= ?", (off, base))
            conn.execute("INSERT INTO tag_fts(rowid, tags) SELECT rowid + ?, tags FROM tag_fts WHERE rowid <= ?",
                         (off, base))
            conn.execute("DELETE FROM tag_fts_bulk")
            conn.execute("INSERT INTO asset_fts(rowid, title, summary, body, files) SELECT rowid + ?, title,"
                         " summary, body, files FROM asset_fts WHERE rowid <= ?", (off, base))
            conn.execute("INSERT INTO usage(id, asset_seq, stage, used_at) SELECT id || '-' || ?, asset_seq + ?,"
                         " stage, used_at FROM usage WHERE asset_seq <= ? AND id NOT LIKE '%-%'", (k, off, base))
            conn.execute("INSERT INTO ratings(id, asset_seq, score, rated_at) SELECT id || '-' || ?,"
                         " asset_seq + ?, score, rated_at FROM ratings WHERE asset_seq <= ? AND id NOT LIKE '%-%'",
                         (k, off, base))
        print(f"replicated {k + 1}/{times}", file=sys.stderr, flush=True)
    conn.execute("ANALYZE")


def build(folder: Path, assets: int, *, replicate_from: Path | None = None) -> tuple[Store, float]:
    """A generated library in ``folder`` (reused when it already holds ``assets`` assets);
    with ``replicate_from``, a copy of that (smaller) library grown to ``assets``."""
    if replicate_from is not None and not (folder / "library.db").exists():
        folder.mkdir(parents=True, exist_ok=True)
        source = Store.open(replicate_from)
        source.backup(folder / "library.db")
        source.close()
    store = Store.open(folder)
    have = store.conn.execute("SELECT count(*) FROM assets").fetchone()[0]
    if have == assets:
        return store, 0.0
    if replicate_from is not None and have and assets % have == 0:
        start = time.perf_counter()
        replicate(store, assets // have)
        return store, time.perf_counter() - start
    rng = random.Random(11)
    start = time.perf_counter()
    for first in range(0, assets, 100_000):  # in slices, so 1M records never sit in memory at once
        import_records(store, make_records(min(100_000, assets - first), seed=7 + first))
    import_s = time.perf_counter() - start
    # Some usage and ratings so usage/usefulness sorts have work to do (triggers keep the
    # per-asset summaries, as they do for the app's own writes).
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO usage(id, asset_seq, stage, used_at) VALUES (?, ?, 'SQL', '2026-01-01T00:00:00Z')",
            [(f"u{i}", rng.randint(1, assets)) for i in range(assets // 2)])
        conn.executemany(
            "INSERT INTO ratings(id, asset_seq, score, rated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')",
            [(f"r{i}", rng.randint(1, assets), rng.randint(1, 5)) for i in range(assets // 4)])
    store.conn.execute("ANALYZE")
    return store, import_s


NAIVE = ("SELECT a.seq FROM asset_fts JOIN assets a ON a.seq = asset_fts.rowid"
         " WHERE asset_fts MATCH ? AND EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq"
         " AND t.facet = 'stage' AND t.value = ?) AND EXISTS (SELECT 1 FROM asset_tags t"
         " WHERE t.asset_seq = a.seq AND t.facet = 'industry' AND t.value = ?)"
         " ORDER BY a.updated_at DESC LIMIT 50")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/generate the library here")
    parser.add_argument("--replicate-from", type=Path, default=None,
                        help="grow a copy of this generated library to --assets (e.g. 100k → 1M)")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        store, import_s = build(args.keep or Path(tmp) / "lib", args.assets,
                                replicate_from=args.replicate_from)
        conn = store.conn
        terms = {
            "zh 2-char": lambda: rng.choice(ZH_WORDS[:20]),
            "zh longer": lambda: rng.choice(ZH_WORDS) + rng.choice(ZH_FILL[:8]) + rng.choice(ZH_WORDS),
            "en word": lambda: rng.choice(EN_WORDS),
        }
        rows: list[tuple[str, list[float], list[float]]] = []
        by_sort: dict[str, tuple[list[float], list[float]]] = {}
        for label, term in terms.items():
            ours, raw = [], []
            for n in range(args.queries):
                q = Query(text=term(), facets={"stage": [rng.choice(STAGES)],
                                               "industry": [rng.choice(INDUSTRIES)]},
                          sort=rng.choice(SORTS), limit=50)
                expr = match_expression(q.text)

                def engine(expr: str | None = expr) -> None:
                    conn.execute("SELECT rowid FROM asset_fts WHERE asset_fts MATCH ?", (expr,)).fetchall()

                def valuekit(q: Query = q) -> None:
                    search_seqs(conn, q)
                # interleaved, alternating which goes first, so both see the same cache state
                pair = (engine, valuekit) if n % 2 else (valuekit, engine)
                times = {fn: timed(fn) for fn in pair}
                raw.append(times[engine])
                ours.append(times[valuekit])
                kind = "relevance" if q.sort == "relevance" else "other sorts"
                by_sort.setdefault(kind, ([], []))[0].append(times[valuekit])
                by_sort[kind][1].append(times[engine])
            rows.append((f"{label} + 2 facets + sort, 50 rows", ours, raw))
        for kind, (ours, raw) in sorted(by_sort.items()):
            rows.append((f"  all terms, {kind} only", ours, raw))
        naive = []
        for _ in range(20):
            naive.append(timed(lambda: conn.execute(NAIVE, (match_expression(rng.choice(ZH_WORDS[:20])),
                                                             rng.choice(STAGES), rng.choice(INDUSTRIES))).fetchall()))
        # _facet_counts bypasses the cache: these are the cold figures.
        facet_term = [timed(lambda: _facet_counts(store, Query(
            text=rng.choice(ZH_WORDS + EN_WORDS), facets={"stage": [rng.choice(STAGES)]})))
            for _ in range(args.queries)]
        facet_all = [timed(lambda: _facet_counts(store, Query())) for _ in range(args.queries)]
        version = conn.execute("select sqlite_version()").fetchone()[0]
        print(f"SQLite {version}, {args.assets:,} assets, {args.queries} queries per row")
        print(f"{'measure':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'raw p50':>8} {'raw p95':>8} {'p95 ratio':>9}")
        for label, ours, raw in rows:
            print(f"{label:<44} {statistics.median(ours):8.1f} {percentile(ours, 95):8.1f} {max(ours):8.1f}"
                  f" {statistics.median(raw):8.1f} {percentile(raw, 95):8.1f}"
                  f" {percentile(ours, 95) / max(percentile(raw, 95), 0.001):8.2f}x")
        for label, times in (("naive MATCH ⋈ tags (the trap), 20 queries", naive),
                             ("facet counts, cold (term + 1 facet)", facet_term),
                             ("facet counts, cold (whole library)", facet_all)):
            print(f"{label:<44} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} {max(times):8.1f}")
        if import_s:
            print(f"{'bulk import':<44} {import_s:8.1f} s")
        store.close()


if __name__ == "__main__":
    main()
