"""An honest ROI case proposed from the numbers a customer gave in SPIN answers.

Every number the customer stated is ``customer`` with the answer's question id as ``ref``
and its date. Nothing is invented quietly: a revenue uplift without a stated margin gets
an explicit, flagged *assumption* (never 100 %), and a driver short of an input is kept as
incomplete and listed ("needs weeks per year") instead of being dropped, while the
figures come from the complete drivers with a note saying which were left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict, cast

from valuekit.i18n import t
from valuekit.roi.model import DRIVER_INPUTS, OPTIONAL_INPUTS
from valuekit.roi.text import needs_text
from valuekit.roi.types import CostInput, DriverInput, IncompleteDriverNeeds, RoiCaseInput

# A gross margin for revenue uplift when the customer has not stated one: a typical
# figure across the demo industries, deliberately modest, marked as an assumption so
# that the case carries the margin_assumed flag until someone confirms it.
ASSUMED_MARGIN = 0.3
NOTE_LIMIT = 1000


class CapturedNumber(TypedDict, total=False):
    driver_kind: str
    input: str
    value: float
    driver: str
    question_id: str
    question: str
    answered_at: str


class Proposal(TypedDict):
    case: RoiCaseInput | None  # None when no driver is complete yet
    incomplete: list[IncompleteDriverNeeds]


def propose_case(*, customer: str, currency: str, deal_size: float | None,
                 numbers: Sequence[CapturedNumber], lang: str) -> Proposal:
    """The case document (``roi compute`` format) and the drivers still short of inputs.
    A later answer's value for the same input wins."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for item in numbers:
        kind = item["driver_kind"]
        name = item.get("driver") or t(f"roi.driver.{kind}", lang)
        group = groups.setdefault((kind, name), {"inputs": {}, "questions": []})
        group["inputs"][item["input"]] = {
            "value": item["value"], "source": "customer", "ref": item.get("question_id", ""),
            "date": (item.get("answered_at") or "")[:10],
            "note": (item.get("question") or "")[:NOTE_LIMIT]}
        question = item.get("question") or ""
        if question and question not in group["questions"]:
            group["questions"].append(question)
    drivers: list[DriverInput] = []
    incomplete: list[IncompleteDriverNeeds] = []
    for (kind, name), group in groups.items():
        inputs = dict(group["inputs"])
        if kind == "revenue_uplift" and "margin_pct" not in inputs:
            inputs["margin_pct"] = {"value": ASSUMED_MARGIN, "source": "assumption",
                                    "note": t("roi.proposal.margin_note", lang)}
        required = [i for i in DRIVER_INPUTS[kind] if i not in OPTIONAL_INPUTS.get(kind, {})]
        missing = [i for i in required if i not in inputs]
        note = (t("roi.proposal.from_answers", lang) + " / ".join(group["questions"]))[:NOTE_LIMIT]
        driver = cast(DriverInput, {"kind": kind, "name": name, **inputs, "note": note})
        if missing:
            driver["incomplete"] = True
            incomplete.append({"name": name, "kind": kind, "missing": missing,
                               "needs": needs_text(missing, lang)})
        drivers.append(driver)
    if not any(not d.get("incomplete") for d in drivers):
        return {"case": None, "incomplete": incomplete}
    recurring: list[CostInput] = []
    if deal_size:
        recurring.append({"name": t("roi.proposal.contract", lang), "amount": deal_size})
    case: RoiCaseInput = {
        "name": t("roi.proposal.name", lang, customer=customer),
        "currency": currency, "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
        "drivers": drivers, "costs": {"one_time": [], "recurring": recurring}}
    if incomplete:
        left_out = "; ".join(f"{d['name']} ({d['needs']})" for d in incomplete)
        case["notes"] = t("roi.proposal.left_out", lang, drivers=left_out)[:NOTE_LIMIT]
    return {"case": case, "incomplete": incomplete}
