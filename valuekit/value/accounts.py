"""Won accounts at a glance: one row per account with a plan (the customers list, the
Insights lists) and everything one account's page shows, computed in one call so the
desktop app can fetch it off the main thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from valuekit.db.store import Store
from valuekit.value.charts import quarter_chart_svg
from valuekit.value.model import Plan
from valuekit.value.plan import actual_history, get_plan, plan_ids, promise_drivers
from valuekit.value.report import Report, TierView, compute_report, tier_view

HEALTH_RANK = {"red": 0, "yellow": 1, "green": 2}


@dataclass(frozen=True)
class AccountRow:
    opportunity_id: str
    customer: str
    tier: str
    tier_label: str
    health: str
    reasons: tuple[str, ...]
    realisation: float | None
    next_contact_due: str
    contact_overdue: bool
    overdue_milestones: int
    has_story: bool


@dataclass(frozen=True)
class AccountDetail:
    plan: Plan
    report: Report
    tier: TierView
    chart_svg: str
    drivers: tuple[str, ...]
    horizon: int
    history: tuple[dict[str, Any], ...]


def _row(plan: Plan, report: Report, lang: str) -> AccountRow:
    return AccountRow(plan.opportunity_id, plan.customer, plan.tier, tier_view(plan.tier, lang)["label"],
                      report["health"], tuple(report["reasons"]), report["realisation"], report["next_contact_due"],
                      report["contact_overdue"], len(report["overdue_milestones"]), bool(plan.stories))


def account_rows(store: Store, as_of: date, lang: str) -> list[AccountRow]:
    """Every account with a realisation plan, red first, then yellow, then green."""
    rows = []
    for opp_id in plan_ids(store):
        plan = get_plan(store, opp_id)
        rows.append(_row(plan, compute_report(plan, as_of, lang), lang))
    return sorted(rows, key=lambda r: (HEALTH_RANK[r.health], r.customer))


def account_detail(store: Store, opp_id: str, as_of: date, lang: str) -> AccountDetail:
    plan = get_plan(store, opp_id)
    report = compute_report(plan, as_of, lang)
    return AccountDetail(plan=plan, report=report, tier=tier_view(plan.tier, lang),
                         chart_svg=quarter_chart_svg(report, lang), drivers=tuple(promise_drivers(plan)),
                         horizon=len(report["by_quarter"]), history=tuple(actual_history(store, opp_id)))
