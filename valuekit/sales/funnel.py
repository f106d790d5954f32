"""The sales funnel (docs/methods.md §8): decompose a target, plan the time, forecast, review.

The R2R growth equation — growth = RL × conv(RL→MQL) × conv(MQL→SQL) × conv(SQL→Rev) +
retained revenue — read backwards turns a new-revenue target into the deals, SQLs, MQLs
and raw leads needed, each rounded up. Conversions default to the team's measured ones from
stage history once a step has at least ``MIN_TRANSITIONS`` decided transitions; otherwise
the seller must give them. Arithmetic on rates runs in exact fractions so that 12 / 0.3 is
40, not 40.000000000000007 rounded up to 41.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.sales.opportunity import list_opportunities
from valuekit.sales.rules import STAGE_ORDER
from valuekit.sales.settings import OPEN_STAGES, check_amount, check_probability, get_settings
from valuekit.sales.types import Opportunity

STEPS = ("RL-MQL", "MQL-SQL", "SQL-Rev")
MIN_TRANSITIONS = 20
TIME_SPLIT = {"new_market": 60, "keep_customers": 30, "planning": 10}  # 60 : 30 : 10
STALE_DAYS = 30


@dataclass
class Conversion:
    step: str
    rate: float | None  # None: fewer than MIN_TRANSITIONS decided transitions
    transitions: int  # decided: moved on, or archived (lost) at the step's first stage
    converted: int


def measured_conversions(store: Store) -> dict[str, Conversion]:
    """Per funnel step, the share of decided opportunities that moved on. An opportunity
    counts for a step when it reached the step's first stage; it is decided when it reached
    a later stage (a skipped stage counts as passed) or was archived before that."""
    rows = store.conn.execute(
        "SELECT o.id, o.archived, h.stage FROM opportunities o "
        "JOIN opportunity_stages h ON h.opportunity_id = o.id ORDER BY h.entered_at, h.seq").fetchall()
    first: dict[str, int] = {}
    reached: dict[str, int] = {}
    archived: dict[str, bool] = {}
    for opp_id, is_archived, stage in rows:
        index = STAGE_ORDER.index(stage) if stage in STAGE_ORDER else 0
        first.setdefault(opp_id, index)
        reached[opp_id] = max(reached.get(opp_id, 0), index)
        archived[opp_id] = bool(is_archived)
    out = {}
    for n, step in enumerate(STEPS):
        converted = sum(1 for o in reached if first[o] <= n < reached[o])
        lost = sum(1 for o in reached if first[o] <= n == reached[o] and archived[o])
        decided = converted + lost
        out[step] = Conversion(step, converted / decided if decided >= MIN_TRANSITIONS else None,
                               decided, converted)
    return out


@dataclass
class FunnelPlan:
    target: float
    avg_deal: float
    rates: dict[str, float]
    rate_sources: dict[str, str]  # "given" or "measured"
    deals: int
    SQL: int
    MQL: int
    RL: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ceil_div(a: Fraction, b: Fraction) -> int:
    return math.ceil(a / b)


def plan_funnel(store: Store | None, target: Any, avg_deal: Any,
                rates: dict[str, Any] | None = None) -> FunnelPlan:
    """Deals = ⌈target / avg deal⌉; SQL = ⌈deals / conv(SQL→Rev)⌉; MQL = ⌈SQL / conv(MQL→SQL)⌉;
    RL = ⌈MQL / conv(RL→MQL)⌉ (docs/methods.md §8)."""
    target_v = check_amount(target, "target")
    avg_v = check_amount(avg_deal, "avg_deal")
    given = dict(rates or {})
    for step in given:
        if step not in STEPS:
            raise ValidationError("rate", msg("{step!r} is not a funnel step; allowed: {allowed}",
                                              step=step, allowed=", ".join(STEPS)))
    measured = measured_conversions(store) if store is not None else {}
    used: dict[str, float] = {}
    sources: dict[str, str] = {}
    for step in STEPS:
        if step in given:
            used[step] = check_probability(given[step], f"rate.{step}")
            sources[step] = "given"
        elif step in measured and measured[step].rate:
            used[step] = float(measured[step].rate or 0)
            sources[step] = "measured"
        else:
            seen = measured[step].transitions if step in measured else 0
            raise ValidationError(f"rate.{step}", msg(
                "give this conversion rate (--rate {step}=0.25): only {seen} transitions are measured, "
                "{needed} are needed", step=step, seen=seen, needed=MIN_TRANSITIONS))
    frac = {s: Fraction(repr(v)) for s, v in used.items()}
    deals = _ceil_div(Fraction(repr(target_v)), Fraction(repr(avg_v)))
    sql = _ceil_div(Fraction(deals), frac["SQL-Rev"])
    mql = _ceil_div(Fraction(sql), frac["MQL-SQL"])
    rl = _ceil_div(Fraction(mql), frac["RL-MQL"])
    return FunnelPlan(target_v, avg_v, used, sources, deals, sql, mql, rl)


def time_split(hours_per_week: Any = 40) -> dict[str, float]:
    """The 60 : 30 : 10 rule as hours per week."""
    hours = check_amount(hours_per_week, "hours_per_week")
    return {k: round(hours * share / 100, 2) for k, share in TIME_SPLIT.items()}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class ForecastDeal:
    id: str
    customer: str
    owner: str
    stage: str
    deal_size: float
    currency: str
    close_date: str
    probability: float
    weighted: float


@dataclass
class Window:
    start: str
    end: str  # exclusive
    deals: list[ForecastDeal] = field(default_factory=list)
    weighted: dict[str, float] = field(default_factory=dict)  # per currency
    unweighted: dict[str, float] = field(default_factory=dict)


@dataclass
class Forecast:
    as_of: str
    owner: str | None
    probabilities: dict[str, float]
    next_month: Window
    next_quarter: Window
    undated: int  # open deals with a deal size but no close date: not forecast
    past_close: int  # open deals whose close date has passed: see the review

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def as_of_date(value: Any) -> date:
    if value in (None, ""):
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("as_of", msg("{value!r} is not a date; use YYYY-MM-DD", value=value)) from None


def open_deals(store: Store, owner: str | None = None) -> list[Opportunity]:
    """Open deals: not archived, stage RL, MQL or SQL (Rev and Retention are closed)."""
    return [o for o in list_opportunities(store, owner=owner) if o["stage"] in OPEN_STAGES]


def forecast(store: Store, *, owner: str | None = None, as_of: Any = None) -> Forecast:
    """Next month [as_of, as_of + 1 month) and next quarter [as_of, as_of + 3 months): open
    deals closing then, each weighted by its stage's win probability."""
    today = as_of_date(as_of)
    probs = get_settings(store).win_probability
    month = Window(today.isoformat(), _add_months(today, 1).isoformat())
    quarter = Window(today.isoformat(), _add_months(today, 3).isoformat())
    undated = past = 0
    for o in open_deals(store, owner):
        if o["deal_size"] is None:
            continue
        if not o["close_date"]:
            undated += 1
            continue
        if o["close_date"] < month.start:
            past += 1
            continue
        p = probs[o["stage"]]
        deal = ForecastDeal(o["id"], o["customer"], o["owner"], o["stage"], o["deal_size"],
                            o["currency"], o["close_date"], p, o["deal_size"] * p)
        for window in (month, quarter):
            if o["close_date"] < window.end:
                window.deals.append(deal)
                window.weighted[deal.currency] = window.weighted.get(deal.currency, 0.0) + deal.weighted
                window.unweighted[deal.currency] = window.unweighted.get(deal.currency, 0.0) + deal.deal_size
    return Forecast(today.isoformat(), owner, dict(probs), month, quarter, undated, past)


@dataclass
class ReviewItem:
    id: str
    customer: str
    stage: str
    close_date: str | None
    last_activity: str
    days: int  # days without activity, or days past the close date


@dataclass
class Review:
    owner: str
    as_of: str
    by_stage: dict[str, int]
    plan: FunnelPlan | None
    gaps: dict[str, int]  # plan minus what the funnel holds, per stage (> 0: short)
    stale: list[ReviewItem]
    past_close: list[ReviewItem]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def last_activity(store: Store, opp: Opportunity) -> str:
    """The latest of: the opportunity's last change, a SPIN answer recorded, a stage entered."""
    row = store.conn.execute(
        "SELECT max(a) FROM (SELECT max(answered_at) AS a FROM spin_answers WHERE opportunity_id = ?"
        " UNION ALL SELECT max(entered_at) FROM opportunity_stages WHERE opportunity_id = ?)",
        (opp["id"], opp["id"])).fetchone()
    return max(filter(None, [opp["updated_at"], row[0] if row else None]))


def review(store: Store, owner: str, *, as_of: Any = None, target: Any = None,
           avg_deal: Any = None, rates: dict[str, Any] | None = None) -> Review:
    """The monthly review with one seller: the funnel against the target's plan (when a
    target is given), deals without activity for 30 days, deals past their close date."""
    today = as_of_date(as_of)
    deals = open_deals(store, owner)
    by_stage = {s: sum(1 for o in deals if o["stage"] == s) for s in OPEN_STAGES}
    plan = plan_funnel(store, target, avg_deal, rates) if target is not None else None
    gaps = {}
    if plan is not None:
        # a deal at SQL also counts toward the MQLs and RLs the plan needs (it passed them)
        held = {"SQL": by_stage["SQL"], "MQL": by_stage["MQL"] + by_stage["SQL"],
                "RL": sum(by_stage.values())}
        gaps = {s: max(0, getattr(plan, s) - held[s]) for s in ("SQL", "MQL", "RL")}
    stale, past = [], []
    for o in deals:
        last = last_activity(store, o)
        idle = (today - datetime.fromisoformat(last.replace("Z", "+00:00")).date()).days
        if idle >= STALE_DAYS:
            stale.append(ReviewItem(o["id"], o["customer"], o["stage"], o["close_date"], last, idle))
        if o["close_date"] and o["close_date"] < today.isoformat():
            overdue = (today - date.fromisoformat(o["close_date"])).days
            past.append(ReviewItem(o["id"], o["customer"], o["stage"], o["close_date"], last, overdue))
    stale.sort(key=lambda r: -r.days)
    past.sort(key=lambda r: -r.days)
    return Review(owner, today.isoformat(), by_stage, plan, gaps, stale, past)


def owners(store: Store) -> list[str]:
    """The sellers who own an open (not archived) opportunity, by name."""
    rows = store.conn.execute("SELECT DISTINCT trim(owner) FROM opportunities WHERE archived = 0 AND"
                              " trim(owner) != '' ORDER BY 1").fetchall()
    return [r[0] for r in rows]
