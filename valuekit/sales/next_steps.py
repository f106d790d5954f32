"""Next steps by the seeds' rules (docs/methods.md §4), each saying which rule it comes from.

- ``huawei_five``: Huawei's five sales actions — only for deals over 1,000,000 CNY (or the
  team's threshold in the deal's currency) whose expected cycle is over 6 months;
- ``three_axes``: the seasoned sellers' three axes (拜导师、请决策者来公司考察、方案上会) for
  missile-model deals (100k CNY a year and above);
- ``our_practice``: demo, trial, workshop for hacker and R2R deals — our addition, not the
  seeds';
- ``customer_success``: a Retention account renews, expands and refers (the value-added
  tier's goals, docs/methods.md §7); a freshly won (Rev) deal works toward its first value in
  the first 90 days, in stage goals of 1–3 months (docs/methods.md §7).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.sales.opportunity import get_opportunity, stage_history
from valuekit.sales.settings import TeamSettings, get_settings
from valuekit.sales.types import Opportunity, StageEntry

HUAWEI_FIVE = ("company_visit", "reference_visit", "onsite_meeting", "technical_exchange",
               "executive_visit")
THREE_AXES = ("find_coach", "decision_maker_visit", "proposal_on_agenda")
OUR_PRACTICE = {"hacker": ("self_signup", "trial", "demo"), "r2r": ("demo", "trial", "workshop")}
RETENTION = ("renewal", "expansion", "referral")
WON = ("first_value", "stage_goals")
HUAWEI_MIN_MONTHS = 6.0


@dataclass
class NextStep:
    action: str  # a key, e.g. "onsite_meeting"
    label: str
    source: str  # huawei_five | three_axes | our_practice | customer_success
    why: str
    done: bool = False  # e.g. the coach is already marked in the decision chain

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def expected_cycle_months(opp: Opportunity, history: list[StageEntry]) -> tuple[float | None, str]:
    """The expected sales cycle: from the first stage entry to the close date when both are
    known, else the upper end of the growth model's usual cycle. Returns (months, basis)."""
    close_date = opp["close_date"]
    if close_date and history:
        start = date.fromisoformat(history[0]["entered_at"][:10])
        close = date.fromisoformat(close_date[:10])
        return (close - start).days / 30.44, "close_date"
    months = opp["growth_model"].get("cycle_months")
    return (float(months[1]), "model") if months else (None, "unknown")


def next_steps(store: Store, ref: str, *, lang: str | None = None,
               settings: TeamSettings | None = None) -> list[NextStep]:
    opp = get_opportunity(store, ref, lang=lang)
    lang = lang or opp["language"]
    settings = settings or get_settings(store)

    def step(action: str, source: str, why: str, done: bool = False) -> NextStep:
        return NextStep(action, t(f"step.{action}", lang), source, why, done)

    if opp["stage"] == "Retention":
        return [step(a, "customer_success", t(f"step.why.{a}", lang)) for a in RETENTION]
    if opp["stage"] == "Rev":  # signed and paid: the next step is the customer's first value
        return [step(a, "customer_success", t(f"step.why.{a}", lang)) for a in WON]
    model = opp["growth_model"]["model"]
    steps: list[NextStep] = []
    size = opp["deal_size"]
    threshold, threshold_basis = settings.huawei_threshold(opp["currency"])
    months, basis = expected_cycle_months(opp, stage_history(store, opp["id"]))
    if size is not None and size > threshold and months is not None and months > HUAWEI_MIN_MONTHS:
        why = t("step.why.huawei", lang, size=f"{size:,.0f}", currency=opp["currency"],
                threshold=f"{threshold:,.0f}", months=f"{months:.0f}",
                basis=t(f"step.basis.{basis}", lang),
                rate=t(f"step.basis.{threshold_basis}", lang))
        steps += [step(a, "huawei_five", why) for a in HUAWEI_FIVE]
    if model == "missile":
        why = t("step.why.axes", lang, model=opp["growth_model"]["name"])
        coach = next((p["name"] for p in opp["decision_chain"] if p.get("coach")), None)
        steps.append(step("find_coach", "three_axes",
                          t("step.why.coach_found", lang, name=coach) if coach else why, done=coach is not None))
        steps += [step(a, "three_axes", why) for a in THREE_AXES[1:]]
    elif model in OUR_PRACTICE:
        why = t("step.why.practice", lang, model=opp["growth_model"]["name"])
        steps += [step(a, "our_practice", why) for a in OUR_PRACTICE[model]]
    return steps


def call_to_action(steps: list[NextStep]) -> NextStep | None:
    """The pitch's call to action: the first step still to do (the seeds' rules first)."""
    return next((s for s in steps if not s.done), None)
