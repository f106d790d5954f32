"""Insights over the value library for marketing (what is used, rated, stale, untagged)
and for a salesperson (their opportunities and pitches). Plain queries, no Qt.

Retired assets are left out of every figure: they are no longer offered to sales, so
they are neither "never used" nor "past review".
"""

from __future__ import annotations

import importlib.util
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from valuekit.db.store import Store
from valuekit.library.vocabulary import value_labels
from valuekit.pitch.check import check_pitch
from valuekit.pitch.store import get_pitch, list_pitches
from valuekit.sales.opportunity import get_opportunity, list_opportunities
from valuekit.sales.settings import OPEN_STAGES

# An asset without its own review date is due for review a year after its last change.
REVIEW_AFTER_DAYS = 365
# The facets an asset needs to be found by a salesperson's stage, industry and buyer.
REQUIRED_FACETS = ("stage", "industry", "persona")
_LIVE = "a.status <> 'retired'"
_USAGE = "(SELECT count(*) FROM usage u WHERE u.asset_seq = a.seq)"
_RATING = "(SELECT avg(score) FROM ratings r WHERE r.asset_seq = a.seq)"
_RATINGS = "(SELECT count(*) FROM ratings r WHERE r.asset_seq = a.seq)"
_FORMAT = "(SELECT value FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'format')"


@dataclass
class AssetRow:
    """One line of an insight list: enough to show it and to open it in the library."""

    id: str
    title: str
    format: str | None
    status: str
    usage_count: int
    usefulness: float | None
    rating_count: int
    updated_at: str
    review_due: str | None
    missing: list[str] = field(default_factory=list)  # untagged: the facets it lacks

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class AssetList:
    """The first ``len(items)`` assets of a list and how many there are in all."""

    total: int
    items: list[AssetRow] = field(default_factory=list)


@dataclass
class Count:
    value: str
    label_zh: str
    label_en: str
    count: int

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass
class MarketingInsights:
    total: int  # live (not retired) assets
    verified: int
    by_stage: list[Count]
    by_format: list[Count]
    most_used: AssetList
    highest_rated: AssetList
    never_used: AssetList
    unverified: AssetList
    past_review: AssetList
    untagged: AssetList


_ROW_SQL = (f"SELECT a.id, a.title, {_FORMAT}, a.status, {_USAGE}, {_RATING}, {_RATINGS},"
            " a.updated_at, a.review_due FROM assets a")


def _rows(conn: sqlite3.Connection, where: str, params: list[Any], order: str,
          limit: int) -> AssetList:
    total = conn.execute(f"SELECT count(*) FROM assets a WHERE {where}", params).fetchone()[0]
    rows = conn.execute(f"{_ROW_SQL} WHERE {where} ORDER BY {order} LIMIT ?",
                        [*params, limit]).fetchall()
    items = [AssetRow(r[0], r[1], r[2], r[3], r[4], round(r[5], 2) if r[5] is not None else None,
                      r[6], r[7], r[8]) for r in rows]
    return AssetList(total, items)


def count_assets(store: Store, *, include_retired: bool = True) -> int:
    where = "" if include_retired else f" WHERE {_LIVE}"
    return store.conn.execute(f"SELECT count(*) FROM assets a{where}").fetchone()[0]


def counts_by(store: Store, facet: str) -> list[Count]:
    """Live assets per value of ``facet``, in the vocabulary's order; zero counts included
    for built-in values so a missing stage shows as a gap, not as nothing."""
    conn = store.conn
    labels = value_labels(conn)
    counted = dict(conn.execute(
        f"SELECT t.value, count(*) FROM asset_tags t JOIN assets a ON a.seq = t.asset_seq"
        f" WHERE t.facet = ? AND {_LIVE} GROUP BY t.value", (facet,)).fetchall())
    order = [r[0] for r in conn.execute(
        "SELECT value FROM facet_values WHERE facet = ? ORDER BY position, value", (facet,))]
    out = []
    for value in order:
        if value in counted or facet == "stage":
            label = labels.get((facet, value))
            out.append(Count(value, label.label("zh") if label else value,
                             label.label("en") if label else value, counted.get(value, 0)))
    return out


def most_used(store: Store, *, limit: int = 10) -> AssetList:
    return _rows(store.conn, f"{_LIVE} AND EXISTS (SELECT 1 FROM usage u WHERE u.asset_seq = a.seq)",
                 [], f"{_USAGE} DESC, a.title", limit)


def highest_rated(store: Store, *, limit: int = 10) -> AssetList:
    """Rated assets, best average first; more ratings break a tie (a 5 from ten people
    says more than a 5 from one)."""
    return _rows(store.conn, f"{_LIVE} AND EXISTS (SELECT 1 FROM ratings r WHERE r.asset_seq = a.seq)",
                 [], f"{_RATING} DESC, {_RATINGS} DESC, a.title", limit)


def never_used(store: Store, *, limit: int = 10) -> AssetList:
    return _rows(store.conn,
                 f"{_LIVE} AND NOT EXISTS (SELECT 1 FROM usage u WHERE u.asset_seq = a.seq)",
                 [], "a.importance DESC, a.created_at, a.title", limit)


def unverified(store: Store, *, limit: int = 10) -> AssetList:
    """Drafts: offered to sales but nobody has checked the facts yet."""
    return _rows(store.conn, "a.status = 'draft'", [], "a.importance DESC, a.updated_at, a.title",
                 limit)


def review_cutoff(today: date) -> str:
    """The updated_at before which an asset without a review date is past review."""
    return (today - timedelta(days=REVIEW_AFTER_DAYS)).isoformat()


def past_review(store: Store, *, today: date | None = None, limit: int = 10) -> AssetList:
    """Live assets whose review date has passed, or — without a review date — that have
    not changed for REVIEW_AFTER_DAYS days. Oldest first."""
    today = today or datetime.now(UTC).date()
    where = (f"{_LIVE} AND ((a.review_due IS NOT NULL AND a.review_due < ?)"
             " OR (a.review_due IS NULL AND a.updated_at < ?))")
    return _rows(store.conn, where, [today.isoformat(), review_cutoff(today)],
                 "coalesce(a.review_due, substr(a.updated_at, 1, 10)), a.title", limit)


def untagged(store: Store, *, facets: tuple[str, ...] = REQUIRED_FACETS, limit: int = 10) -> AssetList:
    """Live assets missing any of ``facets`` (the same rule as ``library untagged``)."""
    clause = " OR ".join(
        "NOT EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = ?)"
        for _ in facets)
    result = _rows(store.conn, f"{_LIVE} AND ({clause})", list(facets), "a.title", limit)
    for row in result.items:
        have = {r[0] for r in store.conn.execute(
            "SELECT DISTINCT t.facet FROM asset_tags t JOIN assets a ON a.seq = t.asset_seq"
            " WHERE a.id = ?", (row.id,))}
        row.missing = [f for f in facets if f not in have]
    return result


def marketing_insights(store: Store, *, today: date | None = None, limit: int = 10) -> MarketingInsights:
    """Everything the marketing side of the Insights screen shows, in one call."""
    return MarketingInsights(
        total=count_assets(store, include_retired=False),
        verified=store.conn.execute("SELECT count(*) FROM assets WHERE status = 'verified'").fetchone()[0],
        by_stage=counts_by(store, "stage"),
        by_format=sorted(counts_by(store, "format"), key=lambda c: (-c.count, c.value)),
        most_used=most_used(store, limit=limit),
        highest_rated=highest_rated(store, limit=limit),
        never_used=never_used(store, limit=limit),
        unverified=unverified(store, limit=limit),
        past_review=past_review(store, today=today, limit=limit),
        untagged=untagged(store, limit=limit),
    )


@dataclass
class PitchStatus:
    id: str
    title: str
    updated_at: str
    exports: int  # versions exported as PDF
    complete: int  # of the seven steps
    thin: int
    missing: int

    @property
    def ready(self) -> bool:
        return self.missing == 0 and self.thin == 0


@dataclass
class OpportunityStatus:
    id: str
    customer: str
    owner: str
    stage: str
    deal_size: float | None
    currency: str
    close_date: str | None
    warnings: list[str]
    pitches: list[PitchStatus]


@dataclass
class SalesInsights:
    owner: str
    mine: bool  # False: the owner has no opportunities, so the team's are shown
    opportunities: list[OpportunityStatus]
    by_stage: dict[str, int]
    pipeline: dict[str, float]  # open deal size (RL, MQL, SQL) per currency


def pitch_status(store: Store, pitch_id: str, industry: str | None) -> PitchStatus:
    """A saved pitch with its seven-step completeness (the wizard's own check)."""
    pitch = get_pitch(store, pitch_id)
    statuses = [r["status"] for r in check_pitch(pitch["data"], store=store, industry=industry)]
    return PitchStatus(pitch["id"], pitch["title"], pitch["updated_at"], len(pitch["versions"]),
                       statuses.count("complete"), statuses.count("thin"), statuses.count("missing"))


def sales_insights(store: Store, owner: str, *, lang: str = "en") -> SalesInsights:
    """A salesperson's open opportunities with their pitches' status, deals closing first.

    Someone who owns no opportunity (a new user, marketing looking in) sees the team's,
    flagged with ``mine=False``, rather than an empty screen.
    """
    every = list_opportunities(store)
    wanted = owner.strip().casefold()
    mine = [o for o in every if (o.get("owner") or "").strip().casefold() == wanted]
    chosen = mine or every
    chosen.sort(key=lambda o: (o.get("close_date") or "9999", o["customer"]))
    out: list[OpportunityStatus] = []
    by_stage = {stage: 0 for stage in ("RL", "MQL", "SQL", "Rev", "Retention")}
    pipeline: dict[str, float] = {}
    for opp in chosen:
        full = _warnings(store, opp["id"], lang)
        pitches = [pitch_status(store, p["id"], opp.get("industry"))
                   for p in list_pitches(store, opportunity_id=opp["id"])]
        out.append(OpportunityStatus(opp["id"], opp["customer"], opp.get("owner") or "",
                                     opp["stage"], opp.get("deal_size"), opp.get("currency") or "",
                                     opp.get("close_date"), full, pitches))
        by_stage[opp["stage"]] = by_stage.get(opp["stage"], 0) + 1
        # the pipeline is open deals only: Rev and Retention are closed (docs/methods.md §8)
        if opp.get("deal_size") and opp["stage"] in OPEN_STAGES:
            currency = opp.get("currency") or ""
            pipeline[currency] = pipeline.get(currency, 0.0) + float(opp["deal_size"] or 0)
    return SalesInsights(owner, bool(mine), out, by_stage, pipeline)


def _warnings(store: Store, opp_id: str, lang: str) -> list[str]:
    """The opportunity's own warnings (BANT gaps, no decision maker) in ``lang``."""
    return list(get_opportunity(store, opp_id, lang=lang).get("warnings", []))


def sales_available() -> bool:
    """Whether this build has opportunities (the salesperson's half of Insights)."""
    return importlib.util.find_spec("valuekit.sales.opportunity") is not None
