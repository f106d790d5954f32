"""Draft a seven-step pitch from what the team already knows about an opportunity.

Scenario from industry + segment (+ the SPIN situation answers); pains from the SPIN
answers by layer; effects from the FABs that address those pains; advantages from the
FABs for the decision chain's personas (verified claims first); the case from
``recommend`` for the stage the customer's 5A cognition fits (verified case studies
first); ROI from the opportunity's saved ROI case, else the one the SPIN answers propose,
with the checklist's "what the customer must invest" as cost suggestions; the call to
action from the next steps the seeds' rules suggest (sales/next_steps.py). The checklist's
"what state the business reaches" becomes an enterprise-layer effect and "how our tool
solves it" the first execution advantage. Every drafted item carries its source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.library.recommend import recommend
from valuekit.library.vocabulary import value_labels
from valuekit.pitch.documents import answer_text
from valuekit.pitch.model import LAYERS
from valuekit.pitch.renewal import renewal_pitch
from valuekit.pitch.types import AssetCase, Cta, Pitch, PitchFab, PitchItem
from valuekit.roi.cases import get_case
from valuekit.roi.types import RoiCaseInput
from valuekit.sales.context import opportunity_context
from valuekit.sales.fab import perception_text
from valuekit.sales.next_steps import next_steps
from valuekit.sales.opportunity import chain_personas
from valuekit.sales.types import CapturedPain, ContextFab, Opportunity, OpportunityContext

CASE_FORMATS = (["case_study"], ["success_story"], None)
PHASES = {
    "zh": [("需求确认与方案蓝图", "双方项目组", "梳理现有流程，确认范围与成功指标"),
           ("配置、集成与数据迁移", "我方实施团队", "按蓝图配置，迁移历史数据，打通现有系统"),
           ("试点与全面推广", "客户业务负责人", "先在一个团队试点，验证指标后推广")],
    "en": [("Discovery and blueprint", "both project teams", "map today's flow; agree scope and success metrics"),
           ("Configuration, integration, data migration", "our delivery team", "configure to the blueprint; move history; connect systems"),
           ("Pilot and roll-out", "customer's business owner", "pilot with one team, check the metrics, then roll out")],
}


def _label(store: Store, facet: str, value: str | None, lang: str) -> str:
    if not value:
        return ""
    found = value_labels(store.conn).get((facet, value))
    return found.label(lang) if found else value


def _scenario(store: Store, ctx: OpportunityContext, lang: str) -> str:
    opp = ctx["opportunity"]
    industry = _label(store, "industry", opp.get("industry"), lang)
    segment = _label(store, "segment", opp.get("segment"), lang) if opp.get("segment") else ""
    lead = t("draft.lead", lang, customer=opp["customer"],
             segment=(segment + t("draft.segment_sep", lang)) if segment else "", industry=industry)
    facts = [answer_text(i.get("answer")) for i in ctx["plan"]["items"]
             if str(i.get("kind")) in ("situation", "S") and answer_text(i.get("answer"))]
    return "\n\n".join([lead, *facts])


def _case(store: Store, opp: Opportunity, lang: str, content_stage: str) -> AssetCase | None:
    personas = chain_personas(opp)
    persona = "decision_maker" if "decision_maker" in personas else (personas[0] if personas else None)
    industry = opp.get("industry")

    def fits_industry(rec: Any) -> bool:
        return not industry or industry in rec.asset.tags.get("industry", [])

    for formats in CASE_FORMATS:
        # the stage whose content fits the customer's cognition (docs/methods.md §3), not the
        # CRM stage; any_stage: the case step needs a proven case even when that stage has none
        found = recommend(store, content_stage, industry, persona, limit=10, formats=formats,
                          lang=lang, any_stage=True)
        if found:
            # the pitch's language first, but never at the price of the industry match
            rec = next((r for r in found if r.asset.language == lang
                        and (fits_industry(r) or not fits_industry(found[0]))), found[0])
            return {"asset_id": rec.asset.id, "source": t("draft.case_source", lang, reason=rec.reason)}
    return None


def _roi(store: Store, ctx: OpportunityContext, lang: str) -> tuple[RoiCaseInput | None, str]:
    if ctx["roi_cases"]:
        latest = max(ctx["roi_cases"], key=lambda c: c["updated_at"])
        return get_case(store, latest["id"])["data"], t("draft.roi_case", lang, name=latest["name"])
    if ctx["roi_proposal"]:
        return ctx["roi_proposal"], t("draft.roi_proposed", lang)
    return None, ""


# Which pitch layer a FAB's benefit speaks to best, by the persona it is written for and
# its need layer (docs/methods.md §2: users gain as individuals, champions and gatekeepers for
# their team, decision makers for the enterprise; industry value is the industry's).
PERSONA_LAYERS = {"user": ("individual",), "champion": ("organization",),
                  "gatekeeper": ("organization", "enterprise"),
                  "decision_maker": ("enterprise", "industry")}
NEED_LAYERS = {"business": ("individual", "organization"), "organization": ("organization", "enterprise"),
               "industry": ("industry",), "nation": ("industry",)}


def _affinity(fab: ContextFab, layer: str, layer_pains: set[str]) -> tuple[int, int, int]:
    personas = fab.get("for_personas") or fab.get("personas") or []
    by_persona = sum(layer in PERSONA_LAYERS.get(p, ()) for p in personas)
    by_need = int(layer in NEED_LAYERS.get(str(fab.get("need_layer") or ""), ()))
    return by_persona + by_need, len(layer_pains & set(fab["addresses"])), -len(fab["addresses"])


def _effects(pains: dict[str, list[CapturedPain]],
             fabs: list[ContextFab]) -> dict[str, list[PitchItem]]:
    """Each FAB's benefit as the effect on the pains it addresses, in ONE layer: first every
    layer with pains gets its best-fitting FAB (the layers with fewest candidates choose
    first), then each remaining FAB goes to the layer it fits best. A benefit is repeated
    in a second layer only when that layer would otherwise have no effect at all."""
    texts = {layer: {p["text"] for p in pains[layer]} for layer in LAYERS}
    candidates = {layer: [f for f in fabs if texts[layer] & set(f["addresses"])] for layer in LAYERS}
    placed: dict[str, list[ContextFab]] = {layer: [] for layer in LAYERS}
    used: set[int] = set()
    for layer in sorted((x for x in LAYERS if candidates[x]), key=lambda x: len(candidates[x])):
        free = [f for f in candidates[layer] if id(f) not in used] or candidates[layer]
        best = max(free, key=lambda f: _affinity(f, layer, texts[layer]))
        placed[layer].append(best)
        used.add(id(best))
    for fab in fabs:
        homes = [x for x in LAYERS if fab in candidates[x]]
        if id(fab) not in used and homes:
            placed[max(homes, key=lambda x: _affinity(fab, x, texts[x]))].append(fab)
            used.add(id(fab))
    order = {id(f): i for i, f in enumerate(fabs)}  # keep the FABs' own order inside a layer
    return {layer: [_effect(f) for f in sorted(placed[layer], key=lambda f: order[id(f)])]
            for layer in LAYERS}


def _effect(fab: ContextFab) -> PitchItem:
    """The benefit with its perception beside it (value = benefit × perception, docs/methods.md §2)."""

    item: PitchItem = {"text": fab["benefit"], "source": f"FAB: {fab['product']} · {fab['feature']}"}
    perception = perception_text(fab)
    if perception:
        item["perception"] = perception
    return item


# Next steps (sales/next_steps.py) as an invitation the customer reads; internal steps
# (finding a coach) are never a call to action.
_CTA_OF_STEP = {"company_visit": "visit_company", "decision_maker_visit": "visit_company",
                "reference_visit": "reference_visit", "onsite_meeting": "onsite_meeting",
                "technical_exchange": "technical_exchange", "executive_visit": "executive_visit",
                "demo": "demo", "trial": "trial", "self_signup": "trial", "workshop": "workshop",
                "proposal_on_agenda": "cta.proposal_on_agenda", "renewal": "cta.renewal",
                "expansion": "cta.expansion", "first_value": "cta.kickoff"}


def _cta(store: Store, opp: Opportunity, has_case: bool, lang: str, today: dt.date) -> Cta:
    steps = [s for s in next_steps(store, opp["id"], lang=lang) if not s.done and s.action in _CTA_OF_STEP]
    # with a proven case at hand, a visit to that reference customer is the strongest invitation
    chosen = next((s for s in steps if has_case and s.action == "reference_visit"), steps[0] if steps else None)
    action = ""
    if chosen is not None:
        key = _CTA_OF_STEP[chosen.action]
        action = t(key, lang) if key.startswith("cta.") else key
    date = today + dt.timedelta(days=14)
    if opp.get("close_date"):
        close = dt.date.fromisoformat(str(opp["close_date"])[:10])
        if today < close < date:
            date = close
    why = f"{t('step.source.' + chosen.source, lang)}: {chosen.why}" if chosen else t("cta.no_step", lang)
    return {"action": action, "date": date.isoformat(), "owner": opp.get("owner") or "", "source": why}


def _checklist_answer(ctx: OpportunityContext, key: str) -> str:
    return next((c["answer"] or "" for c in ctx["checklist"] if c["key"] == key), "").strip()


def draft_pitch(store: Store, opp_ref: str, *, lang: str | None = None,
                today: dt.date | None = None) -> Pitch:
    """A pitch document (see pitch.py) drafted from the opportunity; not saved."""
    ctx = opportunity_context(store, opp_ref, lang=lang)
    lang = ctx["language"]
    opp = ctx["opportunity"]
    pains: dict[str, list[PitchItem]] = {
        layer: [{"text": p["text"], "source": t("draft.spin_source", lang, question=p["source"]["question"])}
                for p in ctx["pains"][layer]]
        for layer in LAYERS}
    effects = _effects(ctx["pains"], ctx["fabs"])
    chosen = [f for f in ctx["fabs"] if f.get("for_personas")] or ctx["fabs"]
    advantages: list[PitchItem] = []
    for fab in chosen:
        vs = fab.get("competitor")
        text = fab["advantage"] + (t("draft.versus", lang, competitor=vs) if vs else "")
        advantages.append({"text": text, "source": f"FAB: {fab['product']} · {fab['feature']}"})
    fab_rows: list[PitchFab] = []
    for f in chosen:
        row: PitchFab = {"feature": f["feature"], "advantage": f["advantage"], "benefit": f["benefit"],
                         "persona": ", ".join(_label(store, "persona", p, lang) for p in f.get("for_personas") or []),
                         "source": f"FAB {f['id'][:8]}"}
        perception = perception_text(f)
        if perception:
            row["perception"] = perception
        fab_rows.append(row)
    case = _case(store, opp, lang, ctx.get("content_stage") or opp["stage"])
    roi, roi_source = _roi(store, ctx, lang)
    # the 6 + 4 checklist feeds the draft (docs/methods.md §4)
    future_state = _checklist_answer(ctx, "future_state")
    if future_state:
        effects["enterprise"].append({"text": future_state, "source": t("draft.from_checklist.future_state", lang)})
    how = _checklist_answer(ctx, "how_we_solve")
    if how:
        advantages.insert(0, {"text": how, "source": t("draft.from_checklist.how_we_solve", lang)})
    investment = _checklist_answer(ctx, "investment")
    if roi is not None and not roi.get("notes"):
        roi = {**roi, "notes": roi_source}  # the ROI input's own note field says where it came from
    if investment and roi is not None:
        # the customer's own words on what they must invest, for the presales to price as costs
        note = t("draft.investment_note", lang, answer=investment)
        roi = {**roi, "notes": "\n".join(x for x in (roi.get("notes"), note) if x)[:2000]}
    industry = _label(store, "industry", opp.get("industry"), lang)
    doc: Pitch = {
        "title": t("draft.title", lang, customer=opp["customer"], industry=industry),
        "customer": opp["customer"], "language": lang, "opportunity_id": opp["id"],
        "owner": opp.get("owner") or "", "date": "",
        "scenario": _scenario(store, ctx, lang),
        "pains": pains, "effects": effects,
        "execution": {"phases": [{"name": n, "owner": o, "detail": d} for n, o, d in PHASES[lang]],
                      "advantages": advantages, "fab": fab_rows},
        "case": case, "roi": roi,
        "cta": _cta(store, opp, case is not None, lang, today or dt.date.today()),
    }
    if opp["stage"] == "Retention":  # a customer already: renewal / expansion, not a new sale
        return renewal_pitch(store, doc, lang=lang, today=today or dt.date.today())
    return doc
