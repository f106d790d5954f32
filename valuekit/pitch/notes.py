"""The seller's notes: for every statement of the pitch, where it came from (which SPIN
answer, FAB, library asset, ROI input), the case's internal usage notes that customer
documents leave out, and the pre-flight problems (what is still thin). Never sent to a
customer; its title says so."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from valuekit.i18n import t
from valuekit.pitch.customer import seller_sections
from valuekit.pitch.documents import markdown_html
from valuekit.pitch.model import LAYERS, cta_label
from valuekit.pitch.preflight import Problem, problem_line
from valuekit.pitch.types import Pitch, WrittenCase
from valuekit.roi.result import compute_json


def _claims(items: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, str]]:
    return [{"text": i["text"], "source": i.get("source") or t("doc.notes_no_source", lang)}
            for i in items if i.get("text")]


def notes_context(pitch: Pitch, *, case: WrittenCase | None,
                  asset: Any | None, problems: list[Problem]) -> dict[str, Any]:
    """The context of templates/notes.html (``asset``: the library asset of the case)."""
    lang = pitch["language"]
    ex = pitch["execution"]
    sections: list[dict[str, Any]] = [
        {"title": t("doc.step1", lang),
         "claims": _claims([{"text": p, "source": ""} for p in pitch["scenario"].split("\n\n") if p.strip()], lang)},
    ]
    for step, block in ((2, "pains"), (3, "effects")):
        claims = []
        layers = pitch["pains"] if block == "pains" else pitch["effects"]
        for layer in LAYERS:
            for c in _claims(layers[layer], lang):
                claims.append({**c, "text": f"[{t(f'doc.tag_{layer}', lang)}] {c['text']}"})
        sections.append({"title": t(f"doc.step{step}", lang), "claims": claims})
    sections.append({"title": t("doc.step4", lang),
                     "claims": _claims(ex["advantages"], lang) + _claims(
                         [{"text": f"{r['feature']} → {r['benefit']}", "source": r.get("source", "")}
                          for r in ex["fab"]], lang)})
    case_claims = []
    if case:
        source = pitch["case"].get("source", "") if pitch["case"] else ""
        if asset is not None:
            source = " · ".join(x for x in (source, t("doc.notes_case_asset", lang, id=asset.id[:8],
                                                       status=asset.status, due=asset.review_due or "—")) if x)
        case_claims.append({"text": case["title"], "source": source or t("doc.notes_no_source", lang)})
    sections.append({"title": t("doc.step5", lang), "claims": case_claims})
    roi: Mapping[str, Any] = pitch["roi"] or {}
    roi_claims = []
    if roi:
        roi_claims.append({"text": str(roi.get("name") or "ROI"),
                           "source": str(roi.get("notes") or "") or t("doc.notes_no_source", lang)})
        for d in roi.get("drivers") or []:
            roi_claims.append({"text": str(d.get("name") or ""),
                               "source": str(d.get("note") or d.get("source") or "") or t("doc.notes_no_source", lang)})
    sections.append({"title": t("doc.notes_roi_inputs", lang), "claims": roi_claims})
    if roi:
        # red flags are for the seller only: what a CFO will challenge, and why it stands
        figures = compute_json(roi, lang)
        flags = [{"text": w["message"],
                  "source": t("roilabel.acknowledged", lang, reason=w["acknowledged"]["reason"])
                  if w["acknowledged"] else t("roi.notes.open_flag", lang)}
                 for w in figures["warnings"]]
        if figures["headline"]["confidence"]:
            flags.append({"text": figures["headline"]["confidence"],
                          "source": t("roi.notes.confidence_source", lang)})
        sections.append({"title": t("roilabel.flags", lang), "claims": flags})
    cta = pitch["cta"]
    if cta["action"]:
        sections.append({"title": t("doc.notes_cta_reason", lang),
                         "claims": [{"text": cta_label(cta["action"], lang),
                                     "source": cta.get("source") or t("doc.notes_no_source", lang)}]})
    internal = seller_sections(case.get("body", "")) if case else ""
    return {
        "sections": sections,
        "problems": [{"line": problem_line(p, lang), "blocking": p.blocking} for p in problems],
        "case_internal": markdown_html(internal) if internal else "",
        "case_summary": case.get("summary", "") if case else "",
    }
