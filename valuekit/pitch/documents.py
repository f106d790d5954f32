"""What each PDF shows: template contexts for the five documents, and rendering them.

Every figure is computed and formatted here (ROI figures only from ``roi.compute_json``,
formatted with ``roi_text`` exactly like the CLI's table); templates only present.
Documents: pitch, onepager, roi, fab, spin.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from markupsafe import Markup

from valuekit import i18n
from valuekit.documents.render import render_html, render_pdf_pages
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import get_asset
from valuekit.pitch.model import LAYERS, cta_label
from valuekit.pitch.types import AssetCase, Pitch, PitchItem, WrittenCase
from valuekit.roi.charts import cashflow_chart_svg, driver_chart_svg
from valuekit.roi.result import compute_json
from valuekit.roi.text import label, money, pct, plain
from valuekit.roi.types import CostResult, RoiResultJSON
from valuekit.sales.types import FabSheet, SpinPlan

DOCS = ("pitch", "onepager", "roi", "fab", "spin")
SPIN_KINDS = ("S", "P", "I", "N")
# One-pager limits, loosest first: (items per list, characters per item, charts shown:
# 2 = cash flow + drivers, 1 = cash flow, 0 = none). The first level that fits one page wins.
ONEPAGER_LEVELS = ((4, 140, 2), (4, 140, 1), (3, 100, 1), (2, 80, 0), (1, 60, 0))


@lru_cache(maxsize=1)
def labels(lang: str) -> dict[str, Any]:
    """The documents' labels in ``lang`` as the templates read them (``L.step1``), taken
    from the one message table (``doc.*`` ids in ``valuekit/i18n/catalog_documents.py``)."""
    out: dict[str, Any] = {}
    lines: list[str] = []
    for key in i18n.table():
        if key.startswith("doc.method_lines."):
            lines.append(i18n.t(key, lang))
        elif key.startswith("doc."):
            out[key[4:]] = i18n.t(key, lang)
    out["method_lines"] = lines
    return out


def svg_uri(svg: str) -> str:
    """Charts go in as data: images, so even a broken SVG cannot touch the page's HTML."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def markdown_html(text: str) -> Markup:
    """A library asset's Markdown body as HTML that can only be text: the source is escaped
    first (so raw HTML stays literal) and images and links are switched off (nothing to
    fetch, nothing to click)."""
    # imported here, not with the module: 16–18 ms (python -X importtime; with xml.etree)
    # that every CLI start would pay for the few documents with a Markdown case body
    import markdown

    md = markdown.Markdown(extensions=["tables"])
    for name in ("image_link", "image_reference", "short_image_ref", "link", "reference",
                 "short_reference", "autolink", "automail"):
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return Markup(md.convert(html.escape(text, quote=False)))  # noqa: S704 - escaped above


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _payback(months: float | None, L: dict[str, Any]) -> str:
    return L["not_recovered"] if months is None else f"{months:,.2f} {L['months']}"


def _main_scenario(result: RoiResultJSON) -> str:
    names = list(result["scenarios"])
    return "expected" if "expected" in names else names[len(names) // 2]


def money_formatter(values: list[float], currency: str) -> Any:
    """``roi_text.money`` for one table: when any amount in it has cents, every amount shows
    them (¥4,083,696.00 beside ¥2,858,587.20), so the column reads evenly. The figures are
    compute_json's, already rounded to the cent; only the number of printed zeros changes."""
    cents = any(round(abs(v) * 100) % 100 for v in values if v is not None)

    def fmt(x: float) -> str:
        text = money(x, currency)
        if cents and "." not in text:
            text += ".00"
        return text

    return fmt


def ratio_text(x: float | None, lang: str, *, ambiguous: bool = False) -> str:
    """ROI / IRR as a percentage with one decimal (214.1%), "—" when undefined."""
    if x is None:
        return "—"
    note = (" （多解）" if lang == "zh" else " (ambiguous)") if ambiguous else ""
    return f"{x * 100:,.1f}%{note}"


def months_text(x: float | None, L: dict[str, Any]) -> str:
    return L["not_recovered"] if x is None else f"{x:,.2f}"


def roi_view(result: RoiResultJSON, lang: str) -> dict[str, Any]:
    """The ROI figures of ``compute_json`` as the documents print them."""
    L, cur = labels(lang), result["currency"]
    names = list(result["scenarios"])
    scen = result["scenarios"]
    main = scen[_main_scenario(result)]
    keys: tuple[Literal["total_benefit", "total_cost", "net_benefit", "npv"], ...] = (
        "total_benefit", "total_cost", "net_benefit", "npv")
    m = money_formatter([scen[n][k] for n in names for k in keys], cur)
    rows = [(_roi_label(k, lang), [m(scen[n][k]) for n in names]) for k in keys]
    rows.append(("ROI", [ratio_text(scen[n]["roi"], lang) for n in names]))
    rows.append(("IRR", [ratio_text(scen[n]["irr"], lang, ambiguous=scen[n]["irr_ambiguous"])
                         for n in names]))
    rows.append((_roi_label("payback_months", lang),
                 [months_text(scen[n]["payback_months"], L) for n in names]))
    flows = [list(scen[n]["cash_flows"]) for n in names]
    cumulative = []
    total = 0.0
    for cf in scen[_main_scenario(result)]["cash_flows"]:
        total = round(total + cf, 2)
        cumulative.append(total)
    m_flow = money_formatter([v for f in flows for v in f] + cumulative, cur)
    sens = result["sensitivity"]
    peak = max((d["swing"] for d in sens["drivers"]), default=0.0) or 1.0
    m_sens = money_formatter([v for d in sens["drivers"] for v in (d["npv_low"], d["npv_high"], d["swing"])], cur)
    costs = cast(Mapping[str, list[CostResult]], result.get("costs") or {})
    cost_rows = [(kind, c) for kind in ("one_time", "recurring") for c in costs.get(kind, [])]
    m_cost = money_formatter([c["amount"] for _, c in cost_rows], cur)
    m_drv = money_formatter([d["annual_value"] for d in result["drivers"]] + [result["annual_value"]], cur)
    be = sens["break_even_factor"]
    return {
        "headline": L["headline"].format(years=result["years"], benefit=m(main["total_benefit"]),
                                         cost=m(main["total_cost"]), net=m(main["net_benefit"])),
        "assumptions": L["assumptions"].format(
            years=result["years"], rate=pct(result.get("discount_rate", 0.0)),
            ramp=" / ".join(pct(r) for r in result.get("ramp", []))),
        "kpis": [{"label": L["kpi_net"], "value": m(main["net_benefit"])},
                 {"label": L["kpi_roi"], "value": ratio_text(main["roi"], lang)},
                 {"label": L["kpi_payback"], "value": _payback(main["payback_months"], L)},
                 {"label": L["kpi_npv"], "value": m(main["npv"])}],
        "scenario_names": [f"{L.get(n, n)} ×{plain(scen[n]['factor'])}" if "factor" in scen[n]
                           else L.get(n, n) for n in names],
        "scenario_rows": [{"label": label, "cells": cells} for label, cells in rows],
        "cashflow_rows": [{"year": L["year"].format(n=t),
                           "cells": [m_flow(f[t]) for f in flows], "cumulative": m_flow(cumulative[t])}
                          for t in range(len(cumulative))],
        "main_scenario": L.get(_main_scenario(result), _main_scenario(result)),
        "annual_value": m_drv(result["annual_value"]),
        "drivers": [{"name": d["name"], "note": d.get("note") or "", "formula": d["formula"],
                     "annual_value": m_drv(d["annual_value"])} for d in result["drivers"]],
        "costs": [{"name": c["name"], "kind": L[kind], "amount": m_cost(c["amount"])}
                  for kind, c in cost_rows],
        "variation": pct(sens["variation"]),
        "sensitivity_scenario": L.get(sens["scenario"], sens["scenario"]),
        "sensitivity": [{"name": d["name"], "npv_low": m_sens(d["npv_low"]), "npv_high": m_sens(d["npv_high"]),
                         "swing": m_sens(d["swing"]), "bar_pct": round(100 * d["swing"] / peak, 1),
                         "payback_low": months_text(d.get("payback_low"), L),
                         "payback_high": months_text(d.get("payback_high"), L)}
                        for d in sorted(sens["drivers"], key=lambda d: -d["swing"])],
        "break_even": "—" if be is None else plain(be),
        "break_even_note": "" if be is None else L["break_even_note"],
        "cashflow_chart": svg_uri(cashflow_chart_svg(result, lang)),
        "driver_chart": svg_uri(driver_chart_svg(result, lang)),
    }


def _roi_label(key: str, lang: str) -> str:
    return label(key, lang)


def compute_roi(pitch: Pitch) -> RoiResultJSON | None:
    """The ROI figures of the pitch's case (``None`` when it has none)."""
    if pitch.get("roi") is None:
        return None
    try:
        return compute_json(pitch["roi"], lang=pitch["language"])
    except ValidationError as exc:
        raise ValidationError(f"roi.{exc.field}", exc.text) from None


def _doc_meta(pitch: Pitch, kind: str, today: str) -> dict[str, Any]:
    L = labels(pitch["language"])
    kind_title = L[f"title_{kind}"]
    title = pitch["title"] if kind == "pitch" else f"{kind_title} · {pitch['customer']}"
    author = pitch.get("owner") or pitch["cta"].get("owner") or ""
    return {"title": title, "customer": pitch["customer"], "date": pitch.get("date") or today,
            "author": author, "subject": f"{kind_title} · {pitch['customer']}",
            "lang": pitch["language"], "keywords": ["ValueKit", kind]}


def _layer_view(block: dict[str, list[PitchItem]], L: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": L[f"layer_{layer}"], "entries": block[layer]} for layer in LAYERS]


def pitch_context(pitch: Pitch, *, case: WrittenCase | None,
                  roi: RoiResultJSON | None, today: str) -> dict[str, Any]:
    """The context of templates/pitch.html (``pitch`` is a normalized pitch document)."""
    lang = pitch["language"]
    L = labels(lang)
    scenario = paragraphs(pitch["scenario"])
    return {
        "L": L, "doc": _doc_meta(pitch, "pitch", today),
        "roi": roi_view(roi, lang) if roi else None,
        "pitch": {
            "scenario": scenario, "scenario_lead": clip(scenario[0], 200) if scenario else "",
            "pains": _layer_view(pitch["pains"], L), "effects": _layer_view(pitch["effects"], L),
            "phases": pitch["execution"]["phases"], "advantages": pitch["execution"]["advantages"],
            "fab": pitch["execution"]["fab"], "fab_inline": 4,
            "case": case and {"title": case["title"], "summary": case.get("summary", ""),
                              "body": markdown_html(case.get("body", "")), "source": case.get("source", "")},
            "cta": {**pitch["cta"], "action": cta_label(pitch["cta"]["action"], lang)},
        },
    }


def onepager_context(pitch: Pitch, *, case: WrittenCase | None,
                     roi: RoiResultJSON | None, today: str, level: int = 0) -> dict[str, Any]:
    """The one-pager at a level of brevity (0 = loosest); lists and texts are cut to fit."""
    lang = pitch["language"]
    L = labels(lang)
    per_list, chars, chart = ONEPAGER_LEVELS[level]

    def top(block: dict[str, list[PitchItem]]) -> list[dict[str, str]]:
        # one item per layer first, so every layer the pitch has shows up
        picked: list[dict[str, str]] = []
        for depth in range(per_list):
            for layer in LAYERS:
                items = block[layer]
                if depth < len(items) and len(picked) < per_list:
                    picked.append({"layer": L[f"layer_{layer}"].split("（")[0].split(" (")[0],
                                   "text": clip(items[depth]["text"], chars),
                                   "perception": clip(items[depth].get("perception", ""), chars)})
        return picked

    scenario = paragraphs(pitch["scenario"])
    return {
        "L": L, "doc": _doc_meta(pitch, "onepager", today),
        "roi": roi_view(roi, lang) if roi else None,
        "one": {
            "title": clip(pitch["title"], 80),
            "scenario": clip(scenario[0], chars * 2) if scenario else "",
            "pains": top(pitch["pains"]), "effects": top(pitch["effects"]),
            "advantages": [clip(a["text"], chars) for a in pitch["execution"]["advantages"][:per_list]],
            "case": case and {"title": clip(case["title"], chars),
                              "summary": clip(case.get("summary", ""), chars * 2)},
            "cta": {"action": clip(cta_label(pitch["cta"]["action"], lang), chars),
                    "date": pitch["cta"]["date"], "owner": clip(pitch["cta"]["owner"], 40)},
            "phases": [{"name": clip(ph["name"], chars // 2), "owner": clip(ph["owner"], 30)}
                       for ph in pitch["execution"]["phases"][:per_list]],
            "show_chart": chart >= 1 and roi is not None,
            "show_driver_chart": chart >= 2 and roi is not None,
        },
    }


def render_document(doc: str, pitch: Pitch, *, case: WrittenCase | None = None,
                    fab_sheet: FabSheet | None = None, spin_plan: SpinPlan | None = None,
                    library_files: Path | None = None, fetcher: Any = None,
                    today: str | None = None) -> bytes:
    """One of the five documents of a normalized pitch, as PDF bytes. ``case``: the library
    asset's content when the pitch's case is an ``asset_id`` (see ``resolve_case``)."""
    if doc not in DOCS:
        raise ValidationError("doc", msg("must be one of {allowed}, got {doc!r}", allowed=', '.join(DOCS), doc=doc))
    today = today or dt.date.today().isoformat()
    if case is None and pitch["case"] and "asset_id" not in pitch["case"]:
        case = pitch["case"]  # a typed-in case needs no library
    roi = compute_roi(pitch)
    lang = pitch["language"]
    if doc == "onepager":
        for level in range(len(ONEPAGER_LEVELS)):
            ctx = onepager_context(pitch, case=case, roi=roi, today=today, level=level)
            pdf, pages = _render(f"{doc}.html", ctx, library_files, fetcher)
            if pages == 1:
                return pdf
        raise ValidationError("pitch", "the one-pager does not fit on one page")
    if doc == "pitch":
        ctx = pitch_context(pitch, case=case, roi=roi, today=today)
    elif doc == "roi":
        if roi is None:
            raise ValidationError("roi", "the pitch has no ROI case; add one to export the ROI sheet")
        ctx = {"L": labels(lang), "doc": _doc_meta(pitch, "roi", today), "roi": roi_view(roi, lang)}
    elif doc == "fab":
        rows: Sequence[Mapping[str, Any]] = (fab_sheet["rows"] if fab_sheet else None) or pitch["execution"]["fab"]
        ctx = {"L": labels(lang), "doc": _doc_meta(pitch, "fab", today),
               "fab_rows": [{k: r.get(k, "") for k in ("feature", "advantage", "benefit", "persona")}
                            for r in rows],
               "missing_personas": list(fab_sheet["missing_personas"] if fab_sheet else [])}
    else:
        ctx = {"L": labels(lang), "doc": _doc_meta(pitch, "spin", today),
               "spin_groups": spin_groups(spin_plan, lang)}
    return _render(f"{doc}.html", ctx, library_files, fetcher)[0]


def answer_text(answer: Any) -> str:
    """A captured SPIN answer's text (plans carry the answer record, or plain text)."""
    if isinstance(answer, dict):
        return str(answer.get("text") or "")
    return str(answer or "")


def spin_groups(plan: SpinPlan | None, lang: str) -> list[dict[str, Any]]:
    """The call plan's questions grouped S → P → I → N, answers where captured."""
    L = labels(lang)
    items: Sequence[Mapping[str, Any]] = plan["items"] if plan else []
    return [{"label": L[f"spin_{kind}"],
             "questions": [{"text": str(i.get("text") or ""), "answer": answer_text(i.get("answer"))}
                       for i in items if str(i.get("kind") or "").upper()[:1] == kind]}
            for kind in SPIN_KINDS]


def _render(template: str, ctx: dict[str, Any], library_files: Path | None,
            fetcher: Any) -> tuple[bytes, int]:
    html = render_html(template, ctx)
    meta = ctx["doc"]
    return render_pdf_pages(html, meta=meta, library_files=library_files, fetcher=fetcher)


def resolve_case(store: Any, case: AssetCase | WrittenCase | None, lang: str) -> WrittenCase | None:
    """The case to print: a library asset's title/summary/body, or the typed-in case."""
    if case is None or "asset_id" not in case:
        return case
    if store is None:
        raise ValidationError("case.asset_id", "names a library asset; open a library to export it")
    asset = get_asset(store, case["asset_id"])
    source = ("案例库资产 " if lang == "zh" else "library asset ") + asset.id[:8]
    return {"title": asset.title, "summary": asset.summary, "body": asset.body, "source": source}
