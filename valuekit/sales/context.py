"""The links that make the method work: from an opportunity to its pains by layer (SPIN
answers), the FABs that address them, and the ROI driver inputs the answers propose.

``opportunity_context`` is the one function the pitch, the CLI and the GUI read, so all
three show the same pains, FABs and numbers.
"""

from __future__ import annotations

from typing import Any, cast

from valuekit.db.store import Store
from valuekit.roi.cases import cases_for_opportunity
from valuekit.roi.types import CostInput, DriverInput, RoiCaseInput
from valuekit.sales.fab import fab_fits, fab_hints, fabs_for_opportunity
from valuekit.sales.opportunity import chain_personas, checklist_items, get_opportunity, language
from valuekit.sales.spin import PAIN_LAYERS, answers_for, get_plan, get_question, question_text
from valuekit.sales.types import (
    AnswerSource,
    CapturedPain,
    ContextFab,
    Opportunity,
    OpportunityContext,
    RoiCaseSummary,
    RoiInput,
    SpinAnswer,
    SpinPlan,
)

_LAYER_LABELS = {"individual": ("个人", "individual"), "organization": ("组织（团队/部门）", "organization"),
                 "enterprise": ("企业", "enterprise"), "industry": ("行业", "industry")}
_DRIVER_NAMES = {"time_saved": ("节省的工时", "Time saved"),
                 "revenue_uplift": ("收入提升", "Revenue uplift"),
                 "cost_reduction": ("成本下降", "Cost reduction"),
                 "risk_avoidance": ("风险规避", "Risk avoided"),
                 "custom": ("其他价值", "Other value")}
_PERSONA_LABELS = {"decision_maker": ("决策者", "decision maker"), "champion": ("推动者", "champion"),
                   "gatekeeper": ("把关者", "gatekeeper"), "user": ("使用者", "user")}


def _answered_in_plan_order(store: Store, opp_id: str, plan: SpinPlan) -> list[SpinAnswer]:
    answers = answers_for(store, opp_id)
    order = [item["question_id"] for item in plan["items"]]
    ordered = [answers[q] for q in order if q in answers]
    return ordered + [a for q, a in answers.items() if q not in order]


def roi_proposal(opp: Opportunity, roi_inputs: list[RoiInput], lang: str) -> RoiCaseInput | None:
    """An ROI case input document (the ``roi compute`` format) from the inputs that complete a
    driver; the opportunity's yearly deal size is its recurring cost. None when no driver
    is complete. A later answer's value for the same input wins."""
    from valuekit.roi.model import DRIVER_INPUTS, OPTIONAL_INPUTS

    zh = lang == "zh"
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for item in roi_inputs:
        name = item.get("driver") or _DRIVER_NAMES[item["driver_kind"]][not zh]
        group = groups.setdefault((item["driver_kind"], name), {"inputs": {}, "questions": []})
        group["inputs"][item["input"]] = item["value"]
        question = item["source"]["question"]
        if question not in group["questions"]:
            group["questions"].append(question)
    drivers: list[DriverInput] = []
    for (kind, name), group in groups.items():
        required = [i for i in DRIVER_INPUTS[kind] if i not in OPTIONAL_INPUTS.get(kind, {})]
        if all(i in group["inputs"] for i in required):
            note = ("来自 SPIN 回答：" if zh else "From SPIN answers: ") + " / ".join(group["questions"])
            drivers.append(cast(DriverInput, {"kind": kind, "name": name, **group["inputs"],
                                              "note": note[:1000]}))
    if not drivers:
        return None
    recurring: list[CostInput] = []
    if opp["deal_size"]:
        recurring.append({"name": "年度合同金额" if zh else "Yearly contract value",
                          "amount": opp["deal_size"]})
    return {"name": f"{opp['customer']} — {'价值测算（SPIN 回答）' if zh else 'value case (SPIN answers)'}",
            "currency": opp["currency"], "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
            "drivers": drivers, "costs": {"one_time": [], "recurring": recurring}}


def _roi_cases(store: Store, opp_id: str) -> list[RoiCaseSummary]:
    return [{"id": c["id"], "name": c["name"], "updated_at": c["updated_at"]}
            for c in cases_for_opportunity(store, opp_id)]


def opportunity_context(store: Store, opp_ref: str, *, lang: str | None = None) -> OpportunityContext:
    """Everything the seven-step pitch needs from an opportunity, in ``lang`` (default: the
    language of the opportunity's notes)."""
    opp = get_opportunity(store, opp_ref, lang=lang)
    lang = language(lang or opp["language"], "lang")
    zh = lang == "zh"
    plan = get_plan(store, opp["id"], lang=lang)
    pains: dict[str, list[CapturedPain]] = {layer: [] for layer in PAIN_LAYERS}
    roi_inputs: list[RoiInput] = []
    for answer in _answered_in_plan_order(store, opp["id"], plan):
        question = get_question(store, answer["question_id"])
        source: AnswerSource = {"kind": "spin_answer", "question_id": question["id"],
                  "question": question_text(question, lang), "answer": answer["text"]}
        if answer["pain_layer"]:
            pains[answer["pain_layer"]].append({"text": answer["pain"] or answer["text"], "pain": answer["pain_key"],
                                                "source": source})
        roi_inputs.extend({**number, "source": source} for number in answer["numbers"])
    personas = chain_personas(opp)
    fabs: list[ContextFab] = []
    for fab in fabs_for_opportunity(store, opp, lang):
        addresses = [p["text"] for layer in PAIN_LAYERS for p in pains[layer]
                     if p["pain"] and p["pain"] in fab["pains"]]
        fabs.append({**fab, "addresses": addresses,
                     "for_personas": fab_fits(fab, opp["industry"], personas),
                     "hints": fab_hints(fab, lang=lang)})
    # FABs that address a stated pain first: they are what the pitch's step 3 and 4 use.
    fabs.sort(key=lambda f: (not f["addresses"], f["product"], f["feature"]))
    proposal = roi_proposal(opp, roi_inputs, lang)
    roi_cases = _roi_cases(store, opp["id"])

    warnings = list(opp["warnings"]) + list(plan["warnings"])
    for layer in PAIN_LAYERS:
        if not pains[layer]:
            label = _LAYER_LABELS[layer][not zh]
            warnings.append(f"还没有{label}层面的痛点" if zh else f"no {label}-level pain captured yet")
    covered = {p for f in fabs for p in f["for_personas"]}
    for persona in personas:
        if persona not in covered:
            label = _PERSONA_LABELS[persona][not zh]
            warnings.append(f"决策链中的{label}还没有 FAB" if zh else f"no FAB for the {label} in the decision chain")
    unaddressed = sorted({p["text"] for layer in PAIN_LAYERS for p in pains[layer]}
                         - {t for f in fabs for t in f["addresses"]})
    if unaddressed:
        warnings.append(f"{len(unaddressed)} 个痛点还没有 FAB 回应" if zh
                         else f"{len(unaddressed)} pain(s) not addressed by any FAB")
    if proposal is None and not roi_cases:
        warnings.append("回答里的数字还不足以构成一个 ROI 驱动因素，也没有关联的 ROI 测算" if zh
                        else "no ROI driver is complete from the answers and no ROI case is linked")
    return {"opportunity": opp, "language": lang, "pains": pains, "fabs": fabs,
            "roi_inputs": roi_inputs, "roi_proposal": proposal, "roi_cases": roi_cases,
            "plan": plan, "checklist": checklist_items(opp, lang), "warnings": warnings}
