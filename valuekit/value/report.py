"""The realised-value report of domain.md §7, computed from a plan on a given day.

Quarters run q = 1 … 4 × years from go-live; quarter q lies in year ⌈q/4⌉.
  promised(d, q) = f_expected × ramp[⌈q/4⌉] × annual_value(d) / 4
Over quarters 1 … Q (Q = the latest quarter with any actual that has started by the day):
  realisation = Σ actual / Σ promised; costs to date = one_time + recurring × Q / 4;
  realised ROI = (Σ actual − costs to date) / costs to date.
Health: green when realisation ≥ 0.9 and no milestone is more than 30 days overdue; red
when realisation < 0.6, the NPS of the recorded answers is below 0, or a milestone is more
than 90 days overdue; yellow otherwise. Each rule that fired is given as a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict

from valuekit.i18n import Msg, msg, render, t
from valuekit.roi.parse import parse_case
from valuekit.value.model import (
    CADENCE_DAYS,
    GREEN_OVERDUE_DAYS,
    GREEN_REALISATION,
    RED_OVERDUE_DAYS,
    RED_REALISATION,
    TIERS,
    YEAR_PHASES,
    Plan,
    nps,
    quarter_start,
)

FIRST_DAYS = 90


class DriverFigures(TypedDict):
    name: str
    promised: float
    actual: float
    realisation: float | None
    sources: list[str]


class QuarterFigures(TypedDict):
    quarter: int
    start: str
    promised: float
    actual: float | None


class OverdueMilestone(TypedDict):
    id: str
    title: str
    due: str
    days_overdue: int


class YearGoal(TypedDict):
    year: int
    phase: str
    ramp: float
    promised: float


class Report(TypedDict):
    opportunity_id: str
    customer: str
    as_of: str
    go_live: str
    currency: str
    tier: str
    quarters: int
    promised: float
    actual: float
    realisation: float | None
    costs_to_date: float
    realised_roi: float | None
    health: str
    reasons: list[str]
    drivers: list[DriverFigures]
    overdue_milestones: list[OverdueMilestone]
    next_contact_due: str
    contact_overdue: bool
    nps: float | None
    by_quarter: list[QuarterFigures]
    year_goals: list[YearGoal]
    first_value_on: str | None


@dataclass(frozen=True)
class Promise:
    """What the frozen case promises per driver and quarter."""

    names: tuple[str, ...]
    annual: tuple[float, ...]
    ramp: tuple[float, ...]
    factor: float
    one_time: float
    recurring: float

    @property
    def horizon(self) -> int:
        return 4 * len(self.ramp)

    def quarter(self, driver: int, q: int) -> float:
        return self.factor * self.ramp[(q - 1) // 4] * self.annual[driver] / 4


def promise_of(plan: Plan) -> Promise:
    case = parse_case(plan.promise)
    return Promise(names=tuple(d.name for d in case.drivers), annual=tuple(d.annual_value for d in case.drivers),
                   ramp=case.ramp, factor=dict(case.scenarios).get("expected", 1.0),
                   one_time=case.one_time_total, recurring=case.recurring_total)


def _health(realisation: float | None, worst_overdue: int, score: float | None) -> tuple[str, list[Msg]]:
    red: list[Msg] = []
    if realisation is not None and realisation < RED_REALISATION:
        red.append(msg("realisation {pct} is below 60%", pct=f"{realisation:.0%}"))
    if score is not None and score < 0:
        red.append(msg("NPS {score} is below 0", score=f"{score:.0f}"))
    if worst_overdue > RED_OVERDUE_DAYS:
        red.append(msg("a milestone is {days} days overdue (more than 90)", days=worst_overdue))
    if red:
        return "red", red
    if realisation is not None and realisation >= GREEN_REALISATION and worst_overdue <= GREEN_OVERDUE_DAYS:
        return "green", [msg("realisation {pct} reaches 90% and no milestone is more than 30 days overdue",
                             pct=f"{realisation:.0%}")]
    yellow: list[Msg] = []
    if realisation is None:
        yellow.append(msg("no actual recorded yet"))
    elif realisation < GREEN_REALISATION:
        yellow.append(msg("realisation {pct} is below 90%", pct=f"{realisation:.0%}"))
    if worst_overdue > GREEN_OVERDUE_DAYS:
        yellow.append(msg("a milestone is {days} days overdue (more than 30)", days=worst_overdue))
    return "yellow", yellow


def compute_report(plan: Plan, as_of: date, lang: str = "en") -> Report:
    """The §7 figures of ``plan`` on ``as_of`` (reasons in ``lang``)."""
    promise = promise_of(plan)
    started = [q for q in range(1, promise.horizon + 1) if quarter_start(plan.go_live, q) <= as_of]
    actuals = [a for a in plan.actuals if a.quarter in started and a.driver in promise.names]
    last_q = max((a.quarter for a in actuals), default=0)
    drivers: list[DriverFigures] = []
    for i, name in enumerate(promise.names):
        promised = sum(promise.quarter(i, q) for q in range(1, last_q + 1))
        mine = [a for a in actuals if a.driver == name]
        actual = sum(a.amount for a in mine)
        drivers.append({"name": name, "promised": promised, "actual": actual,
                        "realisation": actual / promised if promised > 0 else None,
                        "sources": sorted({a.source for a in mine})})
    total_promised = sum(d["promised"] for d in drivers)
    total_actual = sum(d["actual"] for d in drivers)
    realisation = total_actual / total_promised if last_q and total_promised > 0 else None
    costs = promise.one_time + promise.recurring * last_q / 4
    roi = (total_actual - costs) / costs if last_q and costs > 0 else None
    overdue: list[OverdueMilestone] = sorted(
        ({"id": m.id, "title": m.title, "due": m.due.isoformat(), "days_overdue": m.days_overdue(as_of)}
         for m in plan.milestones if m.days_overdue(as_of) > 0), key=lambda m: -m["days_overdue"])
    worst = max((m["days_overdue"] for m in overdue), default=0)
    score = nps([a.score for a in plan.nps if a.on <= as_of])
    health, reasons = _health(realisation, worst, score)
    seen = [c.on for c in plan.contacts if c.on <= as_of]
    next_due = max(seen, default=plan.go_live) + timedelta(days=CADENCE_DAYS.get(plan.tier, 30))
    by_quarter: list[QuarterFigures] = []
    for q in range(1, promise.horizon + 1):
        amounts = [a.amount for a in actuals if a.quarter == q]
        by_quarter.append({"quarter": q, "start": quarter_start(plan.go_live, q).isoformat(),
                           "promised": sum(promise.quarter(i, q) for i in range(len(promise.names))),
                           "actual": sum(amounts) if amounts else None})
    annual = sum(promise.annual)
    goals: list[YearGoal] = [{"year": y + 1, "phase": YEAR_PHASES[min(y, 2)], "ramp": r,
                              "promised": promise.factor * r * annual} for y, r in enumerate(promise.ramp)]
    first = [m.done_on for m in plan.milestones if m.first_value and m.done_on and m.done_on <= as_of]
    return {
        "opportunity_id": plan.opportunity_id, "customer": plan.customer, "as_of": as_of.isoformat(),
        "go_live": plan.go_live.isoformat(), "currency": plan.currency, "tier": plan.tier,
        "quarters": last_q, "promised": total_promised, "actual": total_actual, "realisation": realisation,
        "costs_to_date": costs, "realised_roi": roi, "health": health,
        "reasons": [render(r, lang) for r in reasons], "drivers": drivers,
        "overdue_milestones": overdue, "next_contact_due": next_due.isoformat(),
        "contact_overdue": next_due < as_of, "nps": score, "by_quarter": by_quarter,
        "year_goals": goals, "first_value_on": first[0].isoformat() if first else None,
    }


class TierView(TypedDict):
    tier: str
    label: str
    strategy: str
    metrics: list[str]


STAR_METRICS = {"benchmark": (5, 4), "value_added": (5, 4, 3), "ordinary": (5, 4)}


def tier_view(tier: str, lang: str) -> TierView:
    """A tier's name, strategy and team star metrics (§7), as shown beside the account."""
    tier = tier if tier in TIERS else "ordinary"
    return {"tier": tier, "label": t(f"value.tier.{tier}", lang),
            "strategy": t(f"value.tier.{tier}.strategy", lang),
            "metrics": ["★" * stars + " " + t(f"value.tier.{tier}.stars{stars}", lang)
                        for stars in STAR_METRICS[tier]]}


def in_first_days(plan: Plan, as_of: date) -> bool:
    """True during the first 90 days after go-live, the period that matters most."""
    return plan.go_live <= as_of < plan.go_live + timedelta(days=FIRST_DAYS)
