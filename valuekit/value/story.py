"""Proof feeds the library: a success-story asset drafted from an account's realised value.

The draft carries the realised figures with their sources, is tagged like any library
asset (format success_story, stage Retention, the opportunity's industry and products)
and stays a *draft* until marketing verifies it — only validated value counts.
"""

from __future__ import annotations

from datetime import date

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import t
from valuekit.i18n.formatting import money, pct
from valuekit.library.assets import add_asset
from valuekit.library.model import Asset
from valuekit.sales.fab import fabs_for_opportunity
from valuekit.sales.opportunity import get_opportunity
from valuekit.value.plan import get_plan, link_story
from valuekit.value.report import compute_report


def _pct(x: float | None) -> str:
    return pct(x)


def draft_story(store: Store, opp_ref: str, *, as_of: date | None = None, lang: str | None = None) -> Asset:
    """Create the draft success story (linked to the account) and return it."""
    plan = get_plan(store, opp_ref)
    lang = lang or plan.language
    report = compute_report(plan, as_of or date.today(), lang)
    if not report["quarters"]:
        raise ValidationError("actuals", "no actual recorded yet; a success story needs realised figures")
    opp = get_opportunity(store, plan.opportunity_id)
    cur = report["currency"]
    products = sorted({str(f["product"]) for f in fabs_for_opportunity(store, opp, lang)})
    q = report["quarters"]
    lines = [t("value.story.lead", lang, customer=plan.customer, go_live=report["go_live"], q=q,
               actual=money(report["actual"], cur, lang), promised=money(report["promised"], cur, lang),
               pct=_pct(report["realisation"])), "",
             "## " + t("value.story.figures", lang), ""]
    for d in report["drivers"]:
        sources = ", ".join(t("value.source." + s, lang) for s in d["sources"]) or "—"
        lines.append(t("value.story.driver_line", lang, name=d["name"], actual=money(d["actual"], cur, lang),
                       promised=money(d["promised"], cur, lang), pct=_pct(d["realisation"]), sources=sources))
    reached = [m for m in plan.milestones if m.done_on and m.done_on <= (as_of or date.today())]
    if reached:
        lines += ["", "## " + t("value.story.milestones", lang), ""]
        for m in reached:
            star = " ★ " + t("valuedoc.first_value", lang) if m.first_value else ""
            lines.append(f"- {m.done_on.isoformat() if m.done_on else ''}: {m.title}{star}")
    lines += ["", t("value.story.method", lang, costs=money(report["costs_to_date"], cur, lang),
                    roi=_pct(report["realised_roi"]))]
    tags: dict[str, list[str]] = {"stage": ["Retention"], "industry": [plan.industry]}
    if products:
        tags["product"] = products
    asset = add_asset(store, {
        "title": t("value.story.title", lang, customer=plan.customer, pct=_pct(report["realisation"]), q=q),
        "summary": t("value.story.summary", lang, actual=money(report["actual"], cur, lang), q=q,
                     roi=_pct(report["realised_roi"])),
        "body": "\n".join(lines), "language": lang, "creator": plan.owner, "status": "draft",
        "importance": 4 if plan.tier == "benchmark" else 3, "format": "success_story", "tags": tags,
    })
    link_story(store, plan.opportunity_id, asset.id)
    return asset
