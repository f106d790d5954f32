"""What each PDF shows: template contexts for the five documents, and rendering them.

Every figure is computed and formatted here (ROI figures only from ``roi.compute_json``,
formatted with ``roi_text`` exactly like the CLI's table); templates only present.
Documents: pitch, onepager, roi, fab, spin.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from valuekit.charts import cashflow_chart_svg, driver_chart_svg
from valuekit.errors import ValidationError
from valuekit.paths import TEMPLATES_DIR
from valuekit.pdf import render_html, render_pdf_pages
from valuekit.pitch import LAYERS, cta_label
from valuekit.roi_text import money, pct, plain

DOCS = ("pitch", "onepager", "roi", "fab", "spin")
SPIN_KINDS = ("S", "P", "I", "N")
# One-pager limits, loosest first: (items per list, characters per item, show chart).
ONEPAGER_LEVELS = ((4, 140, True), (3, 100, True), (2, 80, False), (1, 60, False))


@lru_cache(maxsize=1)
def _all_labels() -> dict[str, dict[str, Any]]:
    return json.loads((TEMPLATES_DIR / "labels.json").read_text(encoding="utf-8"))


def labels(lang: str) -> dict[str, Any]:
    return _all_labels().get(lang, _all_labels()["en"])


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
    return L["not_recovered"] if months is None else f"{plain(months)} {L['months']}"


def _main_scenario(result: dict[str, Any]) -> str:
    names = list(result["scenarios"])
    return "expected" if "expected" in names else names[len(names) // 2]


def roi_view(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """The ROI figures of ``compute_json`` as the documents print them."""
    L, cur = labels(lang), result["currency"]
    m = lambda x: money(x, cur)  # noqa: E731 - short local formatter
    names = list(result["scenarios"])
    main = result["scenarios"][_main_scenario(result)]

    def ratio(x: float | None, *, ambiguous: bool = False) -> str:
        if x is None:
            return "—"
        return pct(x, 1) + ((" " + ("（多解）" if lang == "zh" else "(ambiguous)")) if ambiguous else "")

    rows = [(L.get(k, k) if k in L else _roi_label(k, lang), [m(result["scenarios"][n][k]) for n in names])
            for k in ("total_benefit", "total_cost", "net_benefit", "npv")]
    rows.append(("ROI", [ratio(result["scenarios"][n]["roi"]) for n in names]))
    rows.append(("IRR", [ratio(result["scenarios"][n]["irr"],
                               ambiguous=result["scenarios"][n]["irr_ambiguous"]) for n in names]))
    rows.append((_roi_label("payback_months", lang),  # plain months, as the CLI's table
                 [L["not_recovered"] if result["scenarios"][n]["payback_months"] is None
                  else plain(result["scenarios"][n]["payback_months"]) for n in names]))
    sens = result["sensitivity"]
    peak = max((d["swing"] for d in sens["drivers"]), default=0.0) or 1.0
    costs = result.get("costs") or {}
    be = sens["break_even_factor"]
    return {
        "headline": L["headline"].format(years=result["years"], benefit=m(main["total_benefit"]),
                                         cost=m(main["total_cost"]), net=m(main["net_benefit"])),
        "assumptions": L["assumptions"].format(
            years=result["years"], rate=pct(result.get("discount_rate", 0.0)),
            ramp=" / ".join(pct(r) for r in result.get("ramp", []))),
        "kpis": [{"label": L["kpi_net"], "value": m(main["net_benefit"])},
                 {"label": L["kpi_roi"], "value": ratio(main["roi"])},
                 {"label": L["kpi_payback"], "value": _payback(main["payback_months"], L)},
                 {"label": L["kpi_npv"], "value": m(main["npv"])}],
        "scenario_names": [f"{L.get(n, n)} ×{plain(result['scenarios'][n]['factor'])}" for n in names],
        "scenario_rows": [{"label": label, "cells": cells} for label, cells in rows],
        "annual_value": m(result["annual_value"]),
        "drivers": [{"name": d["name"], "note": d.get("note") or "", "formula": d["formula"],
                     "annual_value": m(d["annual_value"])} for d in result["drivers"]],
        "costs": [{"name": c["name"], "kind": L[kind], "amount": m(c["amount"])}
                  for kind in ("one_time", "recurring") for c in costs.get(kind, [])],
        "variation": pct(sens["variation"]),
        "sensitivity": [{"name": d["name"], "npv_low": m(d["npv_low"]), "npv_high": m(d["npv_high"]),
                         "swing": m(d["swing"]), "bar_pct": round(100 * d["swing"] / peak, 1)}
                        for d in sorted(sens["drivers"], key=lambda d: -d["swing"])],
        "break_even": "—" if be is None else plain(be),
        "break_even_note": "" if be is None else L["break_even_note"],
        "cashflow_chart": svg_uri(cashflow_chart_svg(result, lang)),
        "driver_chart": svg_uri(driver_chart_svg(result, lang)),
    }


def _roi_label(key: str, lang: str) -> str:
    from valuekit.roi_text import label

    return label(key, lang)


def compute_roi(pitch: dict[str, Any]) -> dict[str, Any] | None:
    """The ROI figures of the pitch's case (``None`` when it has none)."""
    from valuekit.roi import compute_json

    if pitch.get("roi") is None:
        return None
    try:
        return compute_json(pitch["roi"], lang=pitch["language"])
    except ValidationError as exc:
        raise ValidationError(f"roi.{exc.field}", exc.message) from None


def _doc_meta(pitch: dict[str, Any], kind: str, today: str) -> dict[str, Any]:
    L = labels(pitch["language"])
    kind_title = L[f"title_{kind}"]
    title = pitch["title"] if kind == "pitch" else f"{kind_title} · {pitch['customer']}"
    author = pitch.get("owner") or pitch["cta"].get("owner") or ""
    return {"title": title, "customer": pitch["customer"], "date": pitch.get("date") or today,
            "author": author, "subject": f"{kind_title} · {pitch['customer']}",
            "lang": pitch["language"], "keywords": ["ValueKit", kind]}


def _layer_view(block: dict[str, list[dict[str, str]]], L: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": L[f"layer_{layer}"], "entries": block[layer]} for layer in LAYERS]


def pitch_context(pitch: dict[str, Any], *, case: dict[str, str] | None,
                  roi: dict[str, Any] | None, today: str) -> dict[str, Any]:
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


def onepager_context(pitch: dict[str, Any], *, case: dict[str, str] | None,
                     roi: dict[str, Any] | None, today: str, level: int = 0) -> dict[str, Any]:
    """The one-pager at a level of brevity (0 = loosest); lists and texts are cut to fit."""
    lang = pitch["language"]
    L = labels(lang)
    per_list, chars, chart = ONEPAGER_LEVELS[level]

    def top(block: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
        # one item per layer first, so every layer the pitch has shows up
        picked: list[dict[str, str]] = []
        for depth in range(per_list):
            for layer in LAYERS:
                items = block[layer]
                if depth < len(items) and len(picked) < per_list:
                    picked.append({"layer": L[f"layer_{layer}"].split("（")[0].split(" (")[0],
                                   "text": clip(items[depth]["text"], chars)})
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
            "show_chart": chart and roi is not None,
        },
    }


def render_document(doc: str, pitch: dict[str, Any], *, case: dict[str, str] | None = None,
                    fab_sheet: dict[str, Any] | None = None, spin_plan: dict[str, Any] | None = None,
                    library_files: Path | None = None, fetcher: Any = None,
                    today: str | None = None) -> bytes:
    """One of the five documents of a normalized pitch, as PDF bytes. ``case``: the library
    asset's content when the pitch's case is an ``asset_id`` (see ``resolve_case``)."""
    if doc not in DOCS:
        raise ValidationError("doc", f"must be one of {', '.join(DOCS)}, got {doc!r}")
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
        rows = (fab_sheet or {}).get("rows") or pitch["execution"]["fab"]
        ctx = {"L": labels(lang), "doc": _doc_meta(pitch, "fab", today),
               "fab_rows": [{k: r.get(k, "") for k in ("feature", "advantage", "benefit", "persona")}
                            for r in rows],
               "missing_personas": list((fab_sheet or {}).get("missing_personas") or [])}
    else:
        ctx = {"L": labels(lang), "doc": _doc_meta(pitch, "spin", today),
               "spin_groups": spin_groups(spin_plan, lang)}
    return _render(f"{doc}.html", ctx, library_files, fetcher)[0]


def answer_text(answer: Any) -> str:
    """A captured SPIN answer's text (plans carry the answer record, or plain text)."""
    if isinstance(answer, dict):
        return str(answer.get("text") or "")
    return str(answer or "")


def spin_groups(plan: dict[str, Any] | None, lang: str) -> list[dict[str, Any]]:
    """The call plan's questions grouped S → P → I → N, answers where captured."""
    L = labels(lang)
    items = (plan or {}).get("items") or []
    return [{"label": L[f"spin_{kind}"],
             "questions": [{"text": str(i.get("text") or ""), "answer": answer_text(i.get("answer"))}
                       for i in items if str(i.get("kind") or "").upper()[:1] == kind]}
            for kind in SPIN_KINDS]


def _render(template: str, ctx: dict[str, Any], library_files: Path | None,
            fetcher: Any) -> tuple[bytes, int]:
    html = render_html(template, ctx)
    meta = ctx["doc"]
    return render_pdf_pages(html, meta=meta, library_files=library_files, fetcher=fetcher)


def resolve_case(store: Any, case: dict[str, str] | None, lang: str) -> dict[str, str] | None:
    """The case to print: a library asset's title/summary/body, or the typed-in case."""
    if case is None or "asset_id" not in case:
        return case
    if store is None:
        raise ValidationError("case.asset_id", "names a library asset; open a library to export it")
    from valuekit.library import get_asset

    asset = get_asset(store, case["asset_id"])
    source = ("案例库资产 " if lang == "zh" else "library asset ") + asset.id[:8]
    return {"title": asset.title, "summary": asset.summary, "body": asset.body, "source": source}
