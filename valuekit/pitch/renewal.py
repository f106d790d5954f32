"""The renewal / expansion pitch for a Retention-stage account (domain.md §7).

A customer who already runs the product is not sold to like a prospect: the pitch is
drafted from what the realisation plan shows. Scenario = the realised value so far;
pains = what is still unrealised (drivers below 90% of their promise, overdue goals);
effects = what was realised plus the next stage goals; case = this customer's own
realised value; ROI = the realised run-rate against the promise, plus any expansion case;
call to action = renewal, expansion, referral or co-marketing by tier — never a
reference visit, which is how one convinces a stranger.
"""

from __future__ import annotations

import datetime as dt

from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.i18n.formatting import money, pct
from valuekit.pitch.model import LAYERS
from valuekit.pitch.types import Cta, Phase, Pitch, PitchItem, WrittenCase
from valuekit.roi.cases import cases_for_opportunity, get_case
from valuekit.roi.types import CostInput, DriverInput, RoiCaseInput
from valuekit.value.model import GREEN_REALISATION, Plan
from valuekit.value.plan import get_plan, has_plan
from valuekit.value.report import Report, compute_report

# Where a driver's benefit is felt (domain.md §2): saved hours by the people, cost by the
# team that owns it, revenue and risk by the enterprise.
KIND_LAYER = {"time_saved": "individual", "cost_reduction": "organization", "custom": "organization",
              "revenue_uplift": "enterprise", "risk_avoidance": "enterprise"}
CTA_BY_TIER = {"benchmark": "co_marketing", "value_added": "expansion", "ordinary": "renewal"}


def _pct(x: float | None) -> str:
    return pct(x)


def _layers() -> dict[str, list[PitchItem]]:
    return {layer: [] for layer in LAYERS}


def _kinds(plan: Plan) -> dict[str, str]:
    return {str(d.get("name")): str(d.get("kind")) for d in plan.promise.get("drivers") or []}


def _pains(plan: Plan, report: Report, lang: str) -> dict[str, list[PitchItem]]:
    out, cur, kinds = _layers(), report["currency"], _kinds(plan)
    source = t("renewal.source_report", lang, as_of=report["as_of"])
    for d in report["drivers"]:
        if d["realisation"] is not None and d["realisation"] < GREEN_REALISATION:
            text = t("renewal.pain_gap", lang, name=d["name"], actual=money(d["actual"], cur, lang),
                     promised=money(d["promised"], cur, lang), pct=_pct(d["realisation"]),
                     gap=money(d["promised"] - d["actual"], cur, lang))
            out[KIND_LAYER.get(kinds.get(d["name"], ""), "organization")].append({"text": text, "source": source})
    for m in report["overdue_milestones"]:
        out["organization"].append({"text": t("renewal.pain_overdue", lang, title=m["title"], days=m["days_overdue"]),
                                    "source": source})
    return out


def _effects(plan: Plan, report: Report, lang: str, as_of: dt.date) -> dict[str, list[PitchItem]]:
    out, cur, kinds = _layers(), report["currency"], _kinds(plan)
    for d in report["drivers"]:
        if d["actual"] > 0:
            sources = t("value.sep", lang).join(t("value.source." + s, lang) for s in d["sources"])
            out[KIND_LAYER.get(kinds.get(d["name"], ""), "organization")].append(
                {"text": t("renewal.effect_realised", lang, name=d["name"], actual=money(d["actual"], cur, lang),
                           q=report["quarters"]),
                 "source": t("renewal.source_actuals", lang, sources=sources)})
    for m in plan.milestones:
        if not (m.done_on and m.done_on <= as_of) and m.due >= as_of:
            out["organization"].append({"text": t("renewal.effect_next_goal", lang, title=m.title,
                                                  due=m.due.isoformat()),
                                        "source": t("renewal.source_plan", lang)})
    year = (report["quarters"] - 1) // 4 + 2 if report["quarters"] else 1
    goal = next((g for g in report["year_goals"] if g["year"] == year), None)
    if goal:
        out["enterprise"].append({"text": t("renewal.effect_year_goal", lang, year=goal["year"],
                                            phase=t("value.phase." + goal["phase"], lang), ramp=_pct(goal["ramp"]),
                                            amount=money(goal["promised"], cur, lang)),
                                  "source": t("renewal.source_plan", lang)})
    return out


def _case(plan: Plan, report: Report, lang: str) -> WrittenCase:
    cur = report["currency"]
    lines = [t("value.story.driver_line", lang, name=d["name"], actual=money(d["actual"], cur, lang),
               promised=money(d["promised"], cur, lang), pct=_pct(d["realisation"]),
               sources=t("value.sep", lang).join(t("value.source." + s, lang) for s in d["sources"]) or "—")
             for d in report["drivers"]]
    # the milestones this customer reached are part of its own case, first value marked
    reached = [m for m in plan.milestones if m.done_on and m.done_on.isoformat() <= report["as_of"]]
    if reached:
        lines += ["", "**" + t("value.story.milestones", lang) + "**", ""]
        lines += [f"- {m.done_on.isoformat() if m.done_on else ''}: {m.title}"
                  + (" ★ " + t("valuedoc.first_value", lang) if m.first_value else "") for m in reached]
    return {"title": t("renewal.case_title", lang, customer=plan.customer),
            "summary": t("value.story.lead", lang, customer=plan.customer, go_live=report["go_live"],
                         q=report["quarters"], actual=money(report["actual"], cur, lang),
                         promised=money(report["promised"], cur, lang), pct=_pct(report["realisation"])),
            "body": "\n".join(lines), "source": t("renewal.source_report", lang, as_of=report["as_of"])}


def _roi(store: Store, plan: Plan, report: Report, lang: str) -> RoiCaseInput | None:
    """The renewal term at the realised run-rate (the latest quarter's actual × 4 per
    driver), plus the drivers of an expansion case saved after the promise was frozen."""
    if not report["quarters"]:
        return None
    last = report["quarters"]
    drivers: list[DriverInput] = []
    for d in report["drivers"]:
        actuals = [a for a in plan.actuals if a.driver == d["name"] and a.quarter == last]
        latest = sum(a.amount for a in actuals)
        if latest > 0:
            # a run-rate of measured or customer-stated results is the customer's own number;
            # one that rests on an estimate is an assumption (the ROI sheet's source badge)
            stated = all(a.source in ("measured", "customer") for a in actuals)
            drivers.append({"kind": "custom", "name": d["name"], "annual_value": {
                "value": latest * 4, "source": "customer" if stated else "assumption",
                "note": t("renewal.roi_run_rate", lang, q=last), "date": report["as_of"]},
                "note": t("renewal.roi_run_rate", lang, q=last)})
    extra = [c for c in cases_for_opportunity(store, plan.opportunity_id) if c["id"] != plan.case_id]
    if extra:
        expansion = get_case(store, max(extra, key=lambda c: c["updated_at"])["id"])["data"]
        for more in expansion.get("drivers") or []:
            drivers.append({**more, "name": t("renewal.expansion_driver", lang, name=more.get("name", ""))})
    if not drivers:
        return None
    promise = plan.promise
    recurring: list[CostInput] = list((promise.get("costs") or {}).get("recurring") or [])
    return {"name": t("renewal.roi_name", lang, customer=plan.customer), "currency": plan.currency,
            "years": max(1, int(promise.get("years") or 1) - (last - 1) // 4 - 1) or 1,
            "discount_rate": promise.get("discount_rate", 0.08), "ramp": [1.0], "drivers": drivers,
            "costs": {"one_time": [], "recurring": recurring},
            "notes": t("renewal.roi_notes", lang, actual=money(report["actual"], plan.currency, lang),
                       promised=money(report["promised"], plan.currency, lang), pct=_pct(report["realisation"]),
                       q=last)}


def _cta(plan: Plan, report: Report | None, lang: str, today: dt.date) -> Cta:
    action = CTA_BY_TIER.get(plan.tier, "renewal")
    if report and plan.tier == "value_added" and (report["realisation"] or 0) < GREEN_REALISATION:
        action = "renewal"  # close the gap first; expansion on a promise not yet kept does not convince
    due = dt.date.fromisoformat(report["next_contact_due"]) if report else today + dt.timedelta(days=14)
    date = max(today + dt.timedelta(days=1), min(due, today + dt.timedelta(days=14)))
    return {"action": t("renewal.cta." + action, lang), "date": date.isoformat(), "owner": plan.owner,
            "source": t("renewal.cta_source", lang, tier=t("value.tier." + plan.tier, lang),
                        pct=_pct(report["realisation"] if report else None))}


def renewal_pitch(store: Store, base: Pitch, *, lang: str, today: dt.date) -> Pitch:
    """Turn the drafted ``base`` pitch of a Retention account into its renewal pitch."""
    opp_id = base["opportunity_id"]
    doc: Pitch = {**base, "title": t("renewal.title", lang, customer=base["customer"])}
    if opp_id is None or not has_plan(store, opp_id):
        # without a plan there is nothing realised to show; still a renewal, never a reference visit
        doc["case"] = None
        if base["cta"]["action"] in ("", "reference_visit", "visit_company"):
            # the drafted next step is a new-sale one: a customer is invited to renew instead
            doc["cta"] = {"action": t("renewal.cta.renewal", lang),
                          "date": (today + dt.timedelta(days=14)).isoformat(),
                          "owner": base.get("owner") or "", "source": t("renewal.cta_no_plan", lang)}
        return doc
    plan = get_plan(store, opp_id)
    report = compute_report(plan, today, lang)
    doc["scenario"] = "\n\n".join([
        base["scenario"].split("\n\n")[0],
        t("renewal.scenario", lang, go_live=report["go_live"], q=report["quarters"],
          actual=money(report["actual"], plan.currency, lang),
          promised=money(report["promised"], plan.currency, lang), pct=_pct(report["realisation"]))
        if report["quarters"] else t("renewal.scenario_no_actuals", lang, go_live=report["go_live"])])
    doc["pains"] = _pains(plan, report, lang)
    doc["effects"] = _effects(plan, report, lang, today)
    phases: list[Phase] = [{"name": t(f"renewal.phase{n}", lang), "owner": t(f"renewal.phase{n}.owner", lang),
                            "detail": t(f"renewal.phase{n}.detail", lang)} for n in (1, 2, 3)]
    doc["execution"] = {**base["execution"], "phases": phases}
    doc["case"] = _case(plan, report, lang) if report["quarters"] else None
    doc["roi"] = _roi(store, plan, report, lang)
    doc["cta"] = _cta(plan, report, lang, today)
    return doc
