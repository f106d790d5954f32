"""What each PDF shows: template contexts of the customer documents and the seller's notes.

Customer documents (pitch, onepager, roi, fab, spin) print only what a customer may read:
no item sources, ids, usage notes of library assets, vocabulary keys, placeholders or
method names; a step with nothing in it is left out rather than marked "to be completed".
Where each claim came from goes to the seller's notes (``notes``, see pitch/notes.py).
Every figure is formatted by ``valuekit.i18n.formatting`` (through pitch/roiview.py).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from valuekit import i18n
from valuekit.documents.render import render_html, render_pdf_pages
from valuekit.errors import ValidationError
from valuekit.i18n import msg, t
from valuekit.library.assets import get_asset
from valuekit.pitch.brand import Brand
from valuekit.pitch.customer import customer_body, customer_summary, has_placeholder
from valuekit.pitch.model import LAYERS, cta_label
from valuekit.pitch.roiview import roi_view
from valuekit.pitch.types import AssetCase, Pitch, PitchItem, WrittenCase
from valuekit.roi.result import compute_json
from valuekit.roi.types import RoiResultJSON
from valuekit.sales.types import FabSheet, SpinPlan

DOCS = ("pitch", "onepager", "roi", "fab", "spin", "notes")
CUSTOMER_DOCS = ("pitch", "onepager", "roi", "fab", "spin")
SPIN_KINDS = ("S", "P", "I", "N")
# One-pager limits, loosest first: (items per list, characters per item, cash-flow chart).
# The first level that fits one page wins.
# The chart stays as long as possible: it is what fills the page and what the CFO looks at.
ONEPAGER_LEVELS = ((4, 150, True), (3, 120, True), (3, 90, True), (2, 70, True), (2, 60, False),
                   (1, 50, False))


@lru_cache(maxsize=2)
def labels(lang: str) -> dict[str, Any]:
    """The documents' labels in ``lang`` as the templates read them (``L.step1``), taken
    from the one message table (``doc.*`` ids)."""
    out: dict[str, Any] = {}
    lines: list[str] = []
    for key in i18n.table():
        if key.startswith("doc.method_lines."):
            lines.append(i18n.t(key, lang))
        elif key.startswith("doc."):
            out[key[4:]] = i18n.t(key, lang)
    out["method_lines"] = lines
    return out


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


def compute_roi(pitch: Pitch) -> RoiResultJSON | None:
    """The ROI figures of the pitch's case (``None`` when it has none)."""
    if pitch.get("roi") is None:
        return None
    try:
        return compute_json(pitch["roi"], lang=pitch["language"])
    except ValidationError as exc:
        raise ValidationError(f"roi.{exc.field}", exc.text) from None


def brand_view(brand: Brand, lang: str, date: str) -> dict[str, Any]:
    """What the templates print of the brand: colours (checked #RRGGBB), logo (a data:
    URI of a checked PNG / sanitised SVG), the footer and the seller's contact lines."""
    p = brand.profile
    contact = [x for x in (p.phone, p.email) if x]
    footer = brand.footer or brand.company or t("doc.footer", lang)
    return {"company": brand.company, "color": brand.color, "accent": brand.accent,
            "logo": brand.logo, "footer": f"{footer} · {date}",
            "seller": p.name, "seller_title": p.title, "contact": " · ".join(contact),
            "generator": brand.company or ("" if brand.footer else "ValueKit")}


def _meta(pitch: Pitch, kind: str, today: str, brand: Brand) -> dict[str, Any]:
    lang = pitch["language"]
    kind_title = t(f"doc.title_{kind}", lang)
    title = pitch["title"] if kind == "pitch" else f"{kind_title} · {pitch['customer']}"
    author = brand.profile.name or pitch.get("owner") or pitch["cta"].get("owner") or ""
    date = pitch.get("date") or today
    view = brand_view(brand, lang, date)
    return {"title": title, "customer": pitch["customer"], "date": date, "author": author,
            "subject": f"{kind_title} · {pitch['customer']}", "lang": lang, "kind": kind,
            "keywords": [kind], "brand": view, "generator": view["generator"]}


def _texts(items: list[PitchItem]) -> list[dict[str, str]]:
    """What a customer may read of items: the text and how they will experience it
    (``perception``), never the source; placeholder-only items are left out."""
    return [{"text": i["text"], "perception": i.get("perception", "")}
            for i in items if i["text"] and not _only_placeholder(i["text"])]


def _only_placeholder(text: str) -> bool:
    found = has_placeholder(text)
    return found is not None and len(text.strip(" ()（）[]【】.:：")) <= len(found) + 2


def _layer_view(block: dict[str, list[PitchItem]], lang: str) -> list[dict[str, Any]]:
    """The layers that have something to say (an empty layer is left out)."""
    out = []
    for layer in LAYERS:
        texts = _texts(block[layer])
        if texts:
            out.append({"label": t(f"doc.layer_{layer}", lang), "entries": texts})
    return out


def customer_case(case: WrittenCase | None) -> dict[str, Any] | None:
    if not case:
        return None
    return {"title": case["title"], "summary": customer_summary(case.get("summary", "")),
            "body": markdown_html(customer_body(case.get("body", "")))}


def _cta(pitch: Pitch, lang: str, chars: int = 500) -> dict[str, str] | None:
    cta = pitch["cta"]
    if not cta["action"] or _only_placeholder(cta["action"]):
        return None
    return {"action": clip(cta_label(cta["action"], lang), chars), "date": cta["date"],
            "owner": clip(cta["owner"], 60)}


def pitch_context(pitch: Pitch, *, case: WrittenCase | None,
                  roi: RoiResultJSON | None, today: str, brand: Brand) -> dict[str, Any]:
    """The context of templates/pitch.html; ``steps`` holds only the steps that have
    content, numbered in order."""
    lang = pitch["language"]
    scenario = [p for p in paragraphs(pitch["scenario"]) if not _only_placeholder(p)]
    ex = pitch["execution"]
    parts: list[tuple[str, Any]] = [
        ("scenario", scenario), ("pains", _layer_view(pitch["pains"], lang)),
        ("effects", _layer_view(pitch["effects"], lang)),
        ("execution", {"phases": [p for p in ex["phases"] if not _only_placeholder(p["name"])],
                       "advantages": _texts(ex["advantages"]), "fab": ex["fab"][:4]}),
        ("case", customer_case(case)), ("roi", roi_view(roi, lang, colour=brand.color) if roi else None),
        ("cta", _cta(pitch, lang))]
    step_no = {"scenario": 1, "pains": 2, "effects": 3, "execution": 4, "case": 5, "roi": 6,
               "cta": 7}
    steps: list[dict[str, Any]] = []
    for kind, content in parts:
        filled = content and (kind != "execution" or any(content.values()))
        if filled:
            steps.append({"kind": kind, "n": len(steps) + 1, "title": t(f"doc.step{step_no[kind]}", lang),
                          "content": content})
    roi_doc = roi_view(roi, lang, colour=brand.color) if roi else None
    return {"L": labels(lang), "doc": _meta(pitch, "pitch", today, brand), "roi": roi_doc,
            "steps": steps, "scenario_lead": clip(scenario[0], 200) if scenario else "",
            "fab": ex["fab"]}


def onepager_context(pitch: Pitch, *, case: WrittenCase | None,
                     roi: RoiResultJSON | None, today: str, brand: Brand,
                     level: int = 0) -> dict[str, Any]:
    """The one-pager at a level of brevity (0 = loosest); lists and texts are cut to fit."""
    lang = pitch["language"]
    per_list, chars, chart = ONEPAGER_LEVELS[level]

    def top(block: dict[str, list[PitchItem]]) -> list[dict[str, str]]:
        # one item per layer first, so every layer the pitch has shows up
        picked: list[dict[str, str]] = []
        texts = {layer: _texts(block[layer]) for layer in LAYERS}
        for depth in range(per_list):
            for layer in LAYERS:
                if depth < len(texts[layer]) and len(picked) < per_list:
                    item = texts[layer][depth]
                    picked.append({"layer": t(f"doc.tag_{layer}", lang), "text": clip(item["text"], chars),
                                   "perception": clip(item["perception"], chars)})
        return picked

    scenario = [p for p in paragraphs(pitch["scenario"]) if not _only_placeholder(p)]
    shown_case = customer_case(case)
    return {
        "L": labels(lang), "doc": _meta(pitch, "onepager", today, brand),
        # a flatter chart, full width: its labels print at ~8 pt and it fits under the text
        "roi": roi_view(roi, lang, colour=brand.color, chart_height=200) if roi else None,
        "one": {
            "title": clip(pitch["title"], 80),
            "scenario": clip(scenario[0], chars * 2) if scenario else "",
            "pains": top(pitch["pains"]), "effects": top(pitch["effects"]),
            "advantages": [clip(a["text"], chars) for a in _texts(pitch["execution"]["advantages"])[:per_list]],
            "case": shown_case and {"title": clip(shown_case["title"], chars),
                                    "summary": clip(shown_case["summary"], chars * 2)},
            "cta": _cta(pitch, lang, chars),
            "phases": [{"name": clip(ph["name"], chars // 2), "owner": clip(ph["owner"], 30)}
                       for ph in pitch["execution"]["phases"][:per_list]],
            "show_chart": chart and roi is not None,
        },
    }


def answer_text(answer: Any) -> str:
    """A captured SPIN answer's text (plans carry the answer record, or plain text)."""
    if isinstance(answer, dict):
        return str(answer.get("text") or "")
    return str(answer or "")


def spin_groups(plan: SpinPlan | None, lang: str) -> list[dict[str, Any]]:
    """The call plan's questions grouped S → P → I → N, answers where captured; a kind
    without questions is left out."""
    items: Sequence[Mapping[str, Any]] = plan["items"] if plan else []
    groups = [{"label": t(f"doc.spin_{kind}", lang),
               "questions": [{"text": str(i.get("text") or ""), "answer": answer_text(i.get("answer"))}
                             for i in items if str(i.get("kind") or "").upper()[:1] == kind]}
              for kind in SPIN_KINDS]
    return [g for g in groups if g["questions"]]


def document_context(doc: str, pitch: Pitch, *, case: WrittenCase | None,
                     roi: RoiResultJSON | None, today: str, brand: Brand,
                     fab_sheet: FabSheet | None = None,
                     spin_plan: SpinPlan | None = None) -> dict[str, Any]:
    """The template context of ``doc`` (not the one-pager, which has levels)."""
    lang = pitch["language"]
    if doc == "pitch":
        return pitch_context(pitch, case=case, roi=roi, today=today, brand=brand)
    base = {"L": labels(lang), "doc": _meta(pitch, doc, today, brand)}
    if doc == "roi":
        if roi is None:
            raise ValidationError("roi", "the pitch has no ROI case; add one to export the ROI sheet")
        return {**base, "roi": roi_view(roi, lang, colour=brand.color)}
    if doc == "fab":
        rows: Sequence[Mapping[str, Any]] = (fab_sheet["rows"] if fab_sheet else None) or pitch["execution"]["fab"]
        return {**base, "fab_rows": [{k: r.get(k, "") for k in ("feature", "advantage", "benefit", "persona")}
                                     for r in rows]}
    if doc == "spin":
        return {**base, "spin_groups": spin_groups(spin_plan, lang)}
    raise ValidationError("doc", msg("must be one of {allowed}, got {doc!r}",
                                     allowed=", ".join(DOCS), doc=doc))


def render_document(doc: str, pitch: Pitch, *, case: WrittenCase | None = None,
                    fab_sheet: FabSheet | None = None, spin_plan: SpinPlan | None = None,
                    library_files: Path | None = None, fetcher: Any = None,
                    today: str | None = None, brand: Brand | None = None,
                    notes: dict[str, Any] | None = None) -> bytes:
    """One document of a normalized pitch, as PDF bytes. ``case``: the library asset's
    content when the pitch's case is an ``asset_id`` (see ``resolve_case``); ``notes``:
    the seller's notes context (pitch/notes.py) for ``doc="notes"``."""
    if doc not in DOCS:
        raise ValidationError("doc", msg("must be one of {allowed}, got {doc!r}", allowed=', '.join(DOCS), doc=doc))
    today = today or dt.date.today().isoformat()
    brand = brand or Brand()
    if case is None and pitch["case"] and "asset_id" not in pitch["case"]:
        case = pitch["case"]  # a typed-in case needs no library
    if doc == "notes":
        if notes is None:
            raise ValidationError("doc", "the seller's notes need the library (export them as part of a kit)")
        ctx = {**notes, "L": labels(pitch["language"]), "doc": _meta(pitch, "notes", today, brand)}
        return _render("notes.html", ctx, library_files, fetcher)[0]
    roi = compute_roi(pitch)
    if doc == "onepager":
        for level in range(len(ONEPAGER_LEVELS)):
            ctx = onepager_context(pitch, case=case, roi=roi, today=today, brand=brand, level=level)
            pdf, pages = _render("onepager.html", ctx, library_files, fetcher)
            if pages == 1:
                return pdf
        raise ValidationError("pitch", "the one-pager does not fit on one page")
    ctx = document_context(doc, pitch, case=case, roi=roi, today=today, brand=brand,
                           fab_sheet=fab_sheet, spin_plan=spin_plan)
    return _render(f"{doc}.html", ctx, library_files, fetcher)[0]


def _render(template: str, ctx: dict[str, Any], library_files: Path | None,
            fetcher: Any) -> tuple[bytes, int]:
    page = render_html(template, ctx)
    return render_pdf_pages(page, meta=ctx["doc"], library_files=library_files, fetcher=fetcher)


def resolve_case(store: Any, case: AssetCase | WrittenCase | None, lang: str) -> WrittenCase | None:
    """The case to print: a library asset's title/summary/body, or the typed-in case."""
    if case is None or "asset_id" not in case:
        return case
    if store is None:
        raise ValidationError("case.asset_id", "names a library asset; open a library to export it")
    asset = get_asset(store, case["asset_id"])
    return {"title": asset.title, "summary": asset.summary, "body": asset.body, "source": ""}
