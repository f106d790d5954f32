"""The ROI figures of ``roi.compute_json`` as the customer documents print them.

Every number goes through ``valuekit.i18n.formatting``: Chinese documents show 万/亿 in
text, tables and charts alike; English ones K/M in headlines and full digits in tables;
no cents except in the formula table (``exact``); percentages and months one decimal.
"""

from __future__ import annotations

import base64
from itertools import accumulate
from typing import Any, cast

from valuekit.i18n import t
from valuekit.i18n.formatting import money, months, multiple, number, pct
from valuekit.roi.charts import SCENARIO_COLOURS, cashflow_chart_svg, driver_chart_svg
from valuekit.roi.text import label as roi_label
from valuekit.roi.text import source_badge
from valuekit.roi.types import RoiResultJSON

DEFAULT_CHART_COLOUR = SCENARIO_COLOURS["expected"]


def svg_uri(svg: str) -> str:
    """Charts go in as data: images, so even a broken SVG cannot touch the page's HTML."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def main_scenario(result: RoiResultJSON) -> str:
    names = list(result["scenarios"])
    return "expected" if "expected" in names else names[len(names) // 2]


def _ratio(x: float | None, lang: str, *, ambiguous: bool = False) -> str:
    return pct(x) + (t("doc.ambiguous", lang) if ambiguous and x is not None else "")


def branded(svg: str, colour: str) -> str:
    """A chart in the brand's main colour instead of the default blue (the colour is a
    checked #RRGGBB, see pitch/brand.py)."""
    return svg.replace(DEFAULT_CHART_COLOUR, colour)


def roi_view(result: RoiResultJSON, lang: str, *, colour: str = DEFAULT_CHART_COLOUR,
             chart_height: int = 270) -> dict[str, Any]:
    """The ROI figures of ``compute_json`` as the documents print them; charts drawn in
    ``colour``, the cash-flow chart ``chart_height`` units tall (640 wide)."""
    cur = result["currency"]
    names = list(result["scenarios"])
    scen = result["scenarios"]
    main_name = main_scenario(result)
    main = scen[main_name]

    def m(x: float) -> str:  # tables: whole units (万/亿 in Chinese)
        return money(x, cur, lang)

    def head(x: float) -> str:  # headlines: K/M in English too
        return money(x, cur, lang, headline=True)

    def scen_name(n: str) -> str:
        return t(f"doc.{n}", lang) if n in ("conservative", "expected", "optimistic") else n

    keys = ("total_benefit", "total_cost", "net_benefit", "npv")
    rows = [(roi_label(k, lang), [m(cast(float, scen[n][k])) for n in names])  # type: ignore[literal-required]
            for k in keys]
    rows.append(("ROI", [_ratio(scen[n]["roi"], lang) for n in names]))
    rows.append(("IRR", [_ratio(scen[n]["irr"], lang, ambiguous=scen[n]["irr_ambiguous"])
                         for n in names]))
    rows.append((roi_label("payback_months", lang),
                 [months(scen[n]["payback_months"], lang, unit=False) for n in names]))
    flows = [list(scen[n]["cash_flows"]) for n in names]
    cumulative, total = [], 0.0
    for cf in main["cash_flows"]:
        total = round(total + cf, 2)
        cumulative.append(total)
    sens = result["sensitivity"]
    peak = max((d["swing"] for d in sens["drivers"]), default=0.0) or 1.0
    costs = result.get("costs")
    cost_rows = [(kind, c) for kind in ("one_time", "recurring")
                 for c in (costs or {}).get(kind, [])]  # type: ignore[attr-defined]
    be = sens["break_even_factor"]
    return {
        "currency": cur,
        "headline": t("doc.headline", lang, years=result["years"],
                      benefit=head(main["total_benefit"]), cost=head(main["total_cost"]),
                      net=head(main["net_benefit"])),
        "assumptions": t("doc.assumptions", lang, years=result["years"],
                         rate=pct(result.get("discount_rate", 0.0)),
                         ramp=" / ".join(pct(r) for r in result.get("ramp", []))),
        "kpis": [{"label": t("doc.kpi_net", lang), "value": head(main["net_benefit"])},
                 {"label": t("doc.kpi_roi", lang), "value": _ratio(main["roi"], lang)},
                 {"label": t("doc.kpi_payback", lang), "value": months(main["payback_months"], lang)},
                 {"label": t("doc.kpi_npv", lang), "value": head(main["npv"])}],
        "scenario_names": [f"{scen_name(n)} {multiple(scen[n]['factor'])}" if "factor" in scen[n]
                           else scen_name(n) for n in names],
        "scenario_rows": [{"label": lab, "cells": cells} for lab, cells in rows],
        "cashflow_rows": [{"year": t("doc.year", lang, n=y),
                           "cells": [m(f[y]) for f in flows], "cumulative": m(cumulative[y])}
                          for y in range(len(cumulative))],
        "main_scenario": scen_name(main_name),
        "annual_value": money(result["annual_value"], cur, lang, exact=True),
        "drivers": [{"name": d["name"], "note": d.get("note") or "", "formula": d["formula"],
                     "annual_value": money(d["annual_value"], cur, lang, exact=True),
                     # where each number came from, as a badge beside it (客户提供 / 行业基准 / 假设)
                     "inputs": [{"label": i["label"], "source": i["source"],
                                 "badge": source_badge(i["source"], lang)} for i in d["inputs"]]}
                    for d in result["drivers"]],
        # the ranged headline a CFO reads first (roi/text.py headline_lines)
        "range": result["headline"]["range"],
        "break_even_line": result["headline"]["break_even"],
        "confidence": result["headline"]["confidence"],
        # red flags: for the seller's notes only, never printed on a customer's document
        "flags": [w for w in result["warnings"] if not w["acknowledged"]],
        "costs": [{"name": c["name"], "kind": t(f"doc.{kind}", lang), "amount": m(c["amount"])}
                  for kind, c in cost_rows],
        "variation": pct(sens["variation"]),
        "sensitivity_scenario": scen_name(sens["scenario"]),
        "sensitivity": [{"name": d["name"], "npv_low": m(d["npv_low"]), "npv_high": m(d["npv_high"]),
                         "swing": m(d["swing"]), "bar_pct": round(100 * d["swing"] / peak, 1),
                         "payback_low": months(d.get("payback_low"), lang, unit=False),
                         "payback_high": months(d.get("payback_high"), lang, unit=False)}
                        for d in sorted(sens["drivers"], key=lambda d: -d["swing"])],
        "break_even": "—" if be is None else number(be, 2),
        "break_even_note": "" if be is None else t("doc.break_even_note", lang),
        "cashflow_chart": svg_uri(branded(cashflow_chart_svg(result, lang, height=chart_height), colour)),
        "driver_chart": svg_uri(branded(driver_chart_svg(result, lang), colour)),
        # the deck draws its own native chart from these
        "series": {scen_name(n): [round(v, 2) for v in accumulate(scen[n]["cash_flows"])]
                   for n in names},
        "years": int(result["years"]),
    }

