"""Usage that means something: per asset, how often it was used at each stage, with what
outcome (advanced, won, lost, no effect), and its win influence — the share of the
opportunities it was used in that were later won."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.library.vocabulary import STAGES

OUTCOME_BUCKETS = ("advanced", "won", "lost", "no_effect", "unknown")
# The usage log's outcome words, in the buckets people read ("stalled" had no effect).
_BUCKET = {"advanced": "advanced", "won": "won", "lost": "lost", "stalled": "no_effect"}


@dataclass
class StageUsage:
    stage: str
    uses: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME_BUCKETS, 0))


@dataclass
class UsageSummary:
    uses: int
    by_stage: list[StageUsage]
    opportunities: int  # distinct opportunities (or customers when no opportunity) it was used in
    won_opportunities: int  # of those, how many ended won (a "won" use, or the deal's own stage)
    win_influence: float | None  # won / opportunities, None when never used in one

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def usage_summary(conn: sqlite3.Connection, seq: int) -> UsageSummary:
    by_stage = {s: StageUsage(s) for s in STAGES}
    deals: dict[str, bool] = {}
    rows = conn.execute("SELECT stage, outcome, coalesce(opportunity_id, 'customer:' || customer)"
                        " FROM usage WHERE asset_seq = ?", (seq,)).fetchall()
    won_opps = _won_opportunities(conn, [r[2] for r in rows])
    for stage, outcome, deal in rows:
        entry = by_stage.setdefault(stage, StageUsage(stage))
        entry.uses += 1
        entry.outcomes[_BUCKET.get(outcome or "", "unknown")] += 1
        if deal and deal != "customer:":
            deals[deal] = deals.get(deal, False) or outcome == "won" or deal in won_opps
    won = sum(deals.values())
    return UsageSummary(len(rows), [s for s in by_stage.values() if s.uses], len(deals), won,
                        round(won / len(deals), 3) if deals else None)


def _won_opportunities(conn: sqlite3.Connection, refs: list[str]) -> set[str]:
    """Opportunities among ``refs`` that have since reached Rev or Retention (were won)."""
    ids = [r for r in refs if r and not r.startswith("customer:")]
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {r[0] for r in conn.execute(
        f"SELECT id FROM opportunities WHERE id IN ({marks}) AND stage IN ('Rev', 'Retention')", ids)}


def usage_by_stage_library(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(stage, outcome bucket, uses) over the whole library, for Insights."""
    out: dict[tuple[str, str], int] = {}
    for stage, outcome, n in conn.execute("SELECT stage, outcome, count(*) FROM usage GROUP BY stage, outcome"):
        key = (stage, _BUCKET.get(outcome or "", "unknown"))
        out[key] = out.get(key, 0) + n
    order = {s: i for i, s in enumerate(STAGES)}
    return sorted(((s, o, n) for (s, o), n in out.items()),
                  key=lambda r: (order.get(r[0], 99), OUTCOME_BUCKETS.index(r[1])))


def rebuild_summaries(conn: sqlite3.Connection) -> int:
    """Recompute the derived per-asset usage/rating summaries and tag counts from their
    records (the triggers keep them; this repairs any drift). Returns the rows corrected."""
    before = conn.total_changes
    conn.execute(
        "UPDATE assets SET use_count = u.n FROM (SELECT a.seq, (SELECT count(*) FROM usage x"
        " WHERE x.asset_seq = a.seq) AS n FROM assets a) AS u WHERE u.seq = assets.seq"
        " AND assets.use_count <> u.n")
    conn.execute(
        "UPDATE assets SET rating_count = r.n, rating_sum = r.s FROM (SELECT a.seq,"
        " (SELECT count(*) FROM ratings x WHERE x.asset_seq = a.seq) AS n,"
        " (SELECT coalesce(sum(score), 0) FROM ratings x WHERE x.asset_seq = a.seq) AS s"
        " FROM assets a) AS r WHERE r.seq = assets.seq"
        " AND (assets.rating_count <> r.n OR assets.rating_sum <> r.s)")
    corrected = conn.total_changes - before
    conn.execute("DELETE FROM tag_counts")
    conn.execute("INSERT INTO tag_counts(facet, value, n) SELECT facet, value, count(*) FROM asset_tags"
                 " GROUP BY facet, value")
    return corrected
