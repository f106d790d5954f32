"""Benchmark the value library at 100,000 assets.

Generates a mixed Chinese/English library (5–10 tags per asset), then measures:
bulk import; search term + two facet filters + sort (p50/p95 over ≥200 random
queries) for 2-character Chinese, longer Chinese and English terms; facet counts.
Run: python bench/bench_search.py [--assets N] [--queries N]
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
from valuekit.library.search import Query, _facet_counts, facet_counts, search_seqs  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "lib")
        records = make_records(args.assets)
        start = time.perf_counter()
        import_records(store, records)
        import_s = time.perf_counter() - start
        # Some usage and ratings so usage/usefulness sorts have work to do.
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO usage(id, asset_seq, stage, used_at) VALUES (?, ?, 'SQL', '2026-01-01T00:00:00Z')",
                [(f"u{i}", rng.randint(1, args.assets)) for i in range(args.assets // 2)])
            conn.executemany(
                "INSERT INTO ratings(id, asset_seq, score, rated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')",
                [(f"r{i}", rng.randint(1, args.assets), rng.randint(1, 5)) for i in range(args.assets // 4)])
        store.conn.execute("ANALYZE")
        terms = {
            "zh 2-char": lambda: rng.choice(ZH_WORDS[:20]),
            "zh longer": lambda: rng.choice(ZH_WORDS) + rng.choice(ZH_FILL[:8]) + rng.choice(ZH_WORDS),
            "en word": lambda: rng.choice(EN_WORDS),
        }
        rows = []
        for label, term in terms.items():
            times = []
            for _ in range(args.queries):
                q = Query(text=term(), facets={"stage": [rng.choice(STAGES)],
                                               "industry": [rng.choice(INDUSTRIES)]},
                          sort=rng.choice(SORTS), limit=50)
                times.append(timed(lambda q=q: search_seqs(store.conn, q)))
            rows.append((f"search {label} + 2 facets + sort", times))
        # _facet_counts bypasses the cache: these are the cold figures.
        facet_times = [timed(lambda: _facet_counts(store, Query(
            text=rng.choice(ZH_WORDS + EN_WORDS), facets={"stage": [rng.choice(STAGES)]})))
            for _ in range(50)]
        rows.append(("facet counts, cold (term + 1 facet)", facet_times))
        rows.append(("facet counts, cold (whole library)",
                     [timed(lambda: _facet_counts(store, Query())) for _ in range(10)]))
        facet_counts(store, Query())
        rows.append(("facet counts, repeated (whole library)",
                     [timed(lambda: facet_counts(store, Query())) for _ in range(10)]))
        print(f"SQLite {store.conn.execute('select sqlite_version()').fetchone()[0]},"
              f" {args.assets:,} assets, {args.queries} queries per row")
        print(f"{'measure':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, times in rows:
            print(f"{label:<44} {statistics.median(times):8.1f} {percentile(times, 95):8.1f}"
                  f" {max(times):8.1f}")
        print(f"{'bulk import (one transaction)':<44} {import_s:8.1f} s")
        store.close()


if __name__ == "__main__":
    main()
