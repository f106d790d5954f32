"""The value review (显化客户成功): a customer-safe quarterly business review PDF.

What was promised, what was realised (chart, and a table by driver with where each figure
came from), the milestones reached, the next stage goals and the renewal / expansion
proposal. Rendered by the same engine, fonts, fetcher and safety rules as every other
document (``documents/render.py``). Customer-safe means: no internal health light, NPS,
contact notes, tier or ids — only what the customer and we both measured or agreed.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from valuekit import i18n
from valuekit.db.store import Store
from valuekit.documents.render import render_html, render_pdf
from valuekit.errors import ValidationError
from valuekit.fileio import write_atomic
from valuekit.i18n import t
from valuekit.i18n.formatting import money, pct
from valuekit.value.charts import quarter_chart_svg
from valuekit.value.model import GREEN_REALISATION, Plan
from valuekit.value.plan import get_plan
from valuekit.value.report import Report, compute_report

TEMPLATE = "value_review.html"
NEXT_GOALS = 3


def _labels(lang: str) -> dict[str, str]:
    """The shared document labels (``doc.*``) plus the review's own (``valuedoc.*``)."""
    out: dict[str, str] = {}
    for key in i18n.table():
        for prefix in ("doc.", "valuedoc."):
            if key.startswith(prefix) and not key.startswith("doc.method_lines."):
                out[key[len(prefix):]] = t(key, lang)
    return out


def _uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _pct(x: float | None) -> str:
    return pct(x)


def proposal(plan: Plan, report: Report, lang: str) -> list[str]:
    """The renewal / expansion proposal: renew on what landed, finish what has not, expand
    when the promise is met, and for benchmark customers make the success visible together."""
    lines = [t("valuedoc.propose_renewal", lang)]
    behind = [d["name"] for d in report["drivers"] if d["realisation"] is not None and d["realisation"] < GREEN_REALISATION]
    if behind:
        lines.append(t("valuedoc.propose_close_gap", lang, drivers=t("value.sep", lang).join(behind)))
    if report["realisation"] is not None and report["realisation"] >= GREEN_REALISATION:
        lines.append(t("valuedoc.propose_expand", lang))
    if plan.tier == "benchmark":
        lines.append(t("valuedoc.propose_co_marketing", lang))
    elif plan.tier == "value_added":
        lines.append(t("valuedoc.propose_referral", lang))
    return lines


def review_context(plan: Plan, as_of: date, lang: str, brand: Mapping[str, Any]) -> dict[str, Any]:
    report = compute_report(plan, as_of, lang)
    if not report["quarters"]:
        raise ValidationError("actuals", "no actual recorded yet; record realised figures before the value review")
    cur = report["currency"]
    L = _labels(lang)
    title = t("valuedoc.title", lang, customer=plan.customer)
    reached = [{"title": m.title, "on": m.done_on.isoformat() if m.done_on else "", "first_value": m.first_value}
               for m in plan.milestones if m.done_on and m.done_on <= as_of]
    upcoming = [{"title": m.title, "due": m.due.isoformat()}
                for m in plan.milestones if not (m.done_on and m.done_on <= as_of)][:NEXT_GOALS]
    next_year = next((g for g in report["year_goals"] if g["year"] > (report["quarters"] - 1) // 4 + 1), None)
    return {
        "L": L,
        "doc": {"title": title, "customer": plan.customer, "date": as_of.isoformat(), "lang": lang,
                "author": brand.get("seller") or plan.owner, "subject": t("valuedoc.subject", lang),
                "keywords": ["value_review"], "brand": brand},
        "kpis": [{"label": t("valuedoc.kpi_realised", lang, q=report["quarters"]),
                  "value": money(report["actual"], cur, lang, headline=True)},
                 {"label": t("valuedoc.kpi_promised", lang, q=report["quarters"]),
                  "value": money(report["promised"], cur, lang, headline=True)},
                 {"label": t("value.realisation", lang), "value": _pct(report["realisation"])},
                 {"label": t("value.realised_roi", lang), "value": _pct(report["realised_roi"])}],
        "intro": t("valuedoc.intro", lang, go_live=report["go_live"], q=report["quarters"]),
        "chart": _uri(quarter_chart_svg(report, lang)),
        "drivers": [{"name": d["name"], "promised": money(d["promised"], cur, lang),
                     "actual": money(d["actual"], cur, lang), "realisation": _pct(d["realisation"]),
                     "sources": t("value.sep", lang).join(t("value.source." + s, lang) for s in d["sources"])}
                    for d in report["drivers"]],
        "total": {"promised": money(report["promised"], cur, lang), "actual": money(report["actual"], cur, lang),
                  "realisation": _pct(report["realisation"])},
        "costs": money(report["costs_to_date"], cur, lang),
        # what the business case itself expected over the same quarters: year 1 is the sow
        # year, so a negative ROI to date can be exactly on plan
        "promised_roi": _pct((report["promised"] - report["costs_to_date"]) / report["costs_to_date"]
                             if report["costs_to_date"] > 0 else None),
        "reached": reached,
        "upcoming": upcoming,
        "next_year": next_year and {"label": t("valuedoc.year_goal", lang, year=next_year["year"],
                                               phase=t("value.phase." + next_year["phase"], lang),
                                               ramp=_pct(next_year["ramp"]),
                                               amount=money(next_year["promised"], cur, lang))},
        "proposal": proposal(plan, report, lang),
        "method": t("valuedoc.method", lang),
    }


BrandFor = Callable[[str, str], Mapping[str, Any]]  # (lang, date) -> the brand as printed


def render_review(store: Store, opp_ref: str, *, brand: BrandFor, lang: str | None = None,
                  as_of: date | None = None) -> bytes:
    """The review PDF of an account, in ``lang`` (default: the account's language)."""
    plan = get_plan(store, opp_ref)
    lang = lang or plan.language
    day = as_of or date.today()
    ctx = review_context(plan, day, lang, brand(lang, day.isoformat()))
    html = render_html(TEMPLATE, ctx)
    meta = {**ctx["doc"], "generator": ctx["doc"]["brand"].get("generator", "")}
    return render_pdf(html, meta=meta, library_files=store.path / "files")


def export_review(store: Store, opp_ref: str, out: Path | str, *, brand: BrandFor, lang: str | None = None,
                  as_of: date | None = None) -> Path:
    """Render the review and write it atomically to ``out`` (nothing is written on error)."""
    return write_atomic(out, render_review(store, opp_ref, brand=brand, lang=lang, as_of=as_of))
