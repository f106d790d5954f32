"""The links that make the method work: from an opportunity to its pains by layer (SPIN
answers), the FABs that address them, and the ROI driver inputs the answers propose.

``opportunity_context`` is the one function the pitch, the CLI and the GUI read, so all
three show the same pains, FABs and numbers.
"""

from __future__ import annotations

from typing import cast

from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.roi.cases import cases_for_opportunity
from valuekit.roi.proposal import CapturedNumber, Proposal, propose_case
from valuekit.sales.claims import all_stats, preference
from valuekit.sales.fab import fab_fits, fab_hints, fabs_for_opportunity
from valuekit.sales.opportunity import (
    chain_personas,
    checklist_items,
    get_opportunity,
    language,
)
from valuekit.sales.rules import content_stage
from valuekit.sales.spin import PAIN_LAYERS, answers_for, get_plan, get_question, question_text
from valuekit.sales.types import (
    AnswerSource,
    CapturedPain,
    ClaimInfo,
    ContextFab,
    Opportunity,
    OpportunityContext,
    RoiCaseSummary,
    RoiInput,
    SpinAnswer,
    SpinPlan,
)


def _answered_in_plan_order(store: Store, opp_id: str, plan: SpinPlan) -> list[SpinAnswer]:
    answers = answers_for(store, opp_id)
    order = [item["question_id"] for item in plan["items"]]
    ordered = [answers[q] for q in order if q in answers]
    return ordered + [a for q, a in answers.items() if q not in order]


def roi_proposal(opp: Opportunity, roi_inputs: list[RoiInput], lang: str) -> Proposal:
    """An honest ROI case from the numbers in the answers (``valuekit.roi.proposal``): the
    customer's numbers carry their question and date, the opportunity's yearly deal size
    is the recurring cost, and drivers short of an input are listed, never dropped."""
    numbers: list[CapturedNumber] = [
        {"driver_kind": i["driver_kind"], "input": i["input"], "value": i["value"],
         "driver": i.get("driver") or "", "question_id": i["source"]["question_id"],
         "question": i["source"]["question"], "answered_at": i["source"].get("answered_at", "")}
        for i in roi_inputs]
    return propose_case(customer=opp["customer"], currency=opp["currency"],
                        deal_size=opp["deal_size"], numbers=numbers, lang=lang,
                        investment=(opp.get("checklist") or {}).get("investment") or "")


def _roi_cases(store: Store, opp_id: str) -> list[RoiCaseSummary]:
    return [{"id": c["id"], "name": c["name"], "updated_at": c["updated_at"]}
            for c in cases_for_opportunity(store, opp_id)]


def opportunity_context(store: Store, opp_ref: str, *, lang: str | None = None) -> OpportunityContext:
    """Everything the seven-step pitch needs from an opportunity, in ``lang`` (default: the
    language of the opportunity's notes)."""
    opp = get_opportunity(store, opp_ref, lang=lang)
    lang = language(lang or opp["language"], "lang")
    plan = get_plan(store, opp["id"], lang=lang)
    pains: dict[str, list[CapturedPain]] = {layer: [] for layer in PAIN_LAYERS}
    roi_inputs: list[RoiInput] = []
    for answer in _answered_in_plan_order(store, opp["id"], plan):
        question = get_question(store, answer["question_id"])
        source: AnswerSource = {"kind": "spin_answer", "question_id": question["id"],
                                "question": question_text(question, lang), "answer": answer["text"],
                                "answered_at": answer["answered_at"]}
        if answer["pain_layer"]:
            pains[answer["pain_layer"]].append({"text": answer["pain"] or answer["text"], "pain": answer["pain_key"],
                                                "source": source})
        roi_inputs.extend({**number, "source": source} for number in answer["numbers"])
    personas = chain_personas(opp)
    stats = all_stats(store, "fab")
    fabs: list[ContextFab] = []
    for fab in fabs_for_opportunity(store, opp, lang):
        if fab["status"] == "retired":
            continue  # a retired claim is not offered any more
        addresses = [p["text"] for layer in PAIN_LAYERS for p in pains[layer]
                     if p["pain"] and p["pain"] in fab["pains"]]
        fabs.append({**fab, "addresses": addresses,
                     "for_personas": fab_fits(fab, opp["industry"], personas),
                     "hints": fab_hints(fab, lang=lang), "claim": cast(ClaimInfo, stats[fab["id"]].as_dict())})
    # FABs that address a stated pain first: they are what the pitch's step 3 and 4 use;
    # among those, verified claims first, then the better rated and more used (docs/methods.md §2).
    fabs.sort(key=lambda f: (not f["addresses"], preference(stats[f["id"]]), f["product"], f["feature"]))
    proposed = roi_proposal(opp, roi_inputs, lang)
    proposal = proposed["case"]
    roi_cases = _roi_cases(store, opp["id"])

    warnings = list(opp["warnings"]) + list(plan["warnings"])
    for layer in PAIN_LAYERS:
        if not pains[layer]:
            warnings.append(t("ctx.no_pain", lang, layer=t(f"ctx.layer.{layer}", lang)))
    covered = {p for f in fabs for p in f["for_personas"]}
    for persona in personas:
        if persona not in covered:
            warnings.append(t("ctx.no_fab_for", lang, persona=t(f"ctx.persona.{persona}", lang)))
    unaddressed = sorted({p["text"] for layer in PAIN_LAYERS for p in pains[layer]}
                         - {a for f in fabs for a in f["addresses"]})
    if unaddressed:
        warnings.append(t("ctx.unaddressed", lang, n=len(unaddressed)))
    warnings += [t("roi.proposal.incomplete_warning", lang, driver=d["name"], needs=d["needs"])
                 for d in proposed["incomplete"]]
    if proposal is None and not roi_cases:
        warnings.append(t("ctx.no_roi", lang))
    return {"opportunity": opp, "language": lang, "pains": pains, "fabs": fabs,
            "cognition": opp.get("cognition"), "content_stage": content_stage(opp),
            "roi_inputs": roi_inputs, "roi_proposal": proposal, "roi_cases": roi_cases,
            "roi_incomplete": proposed["incomplete"],
            "plan": plan, "checklist": checklist_items(opp, lang), "warnings": warnings}
