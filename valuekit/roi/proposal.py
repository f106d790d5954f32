"""An honest ROI case proposed from the numbers a customer gave in SPIN answers.

Every number the customer stated is ``customer`` with the answer's question id as ``ref``
and its date. Nothing is invented quietly: a revenue uplift without a stated margin gets
an explicit, flagged *assumption* (never 100 %), and a driver short of an input is kept as
incomplete and listed ("needs weeks per year") instead of being dropped, while the
figures come from the complete drivers with a note saying which were left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypedDict, cast

from valuekit.errors import ValidationError
from valuekit.i18n import t
from valuekit.i18n.numbers import parse_number
from valuekit.roi.model import DRIVER_INPUTS, OPTIONAL_INPUTS
from valuekit.roi.text import needs_text
from valuekit.roi.types import CostInput, DriverInput, IncompleteDriverNeeds, RoiCaseInput

# A gross margin for revenue uplift when the customer has not stated one: a typical
# figure across the demo industries, deliberately modest, marked as an assumption so
# that the case carries the margin_assumed flag until someone confirms it.
ASSUMED_MARGIN = 0.3
NOTE_LIMIT = 1000
NAME_LIMIT = 120  # a cost item's name (the customer's clause)


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


# An amount as people write it inside a sentence: 30万, 1.2亿, ¥50,000, 120000元, 2.5M, 3k.
_AMOUNT = re.compile(r"(?:[¥$]\s?)?\d[\d,]*(?:\.\d+)?\s?(?:万元|亿元|万|亿|元|[kKmM](?![a-zA-Z]))?")
# clauses end at Chinese punctuation, a semicolon or a line; an ASCII comma ends one only
# when it is not inside a number (1,200,000 and the ambiguous 1,00 stay whole)
_CLAUSE = re.compile(r"[，；;。\n]+|(?<!\d),|,(?!\d)")
_RECURRING = re.compile(r"每年|年费|/年|每年度|订阅|维护费|per year|a year|/year|annual|yearly|subscription",
                        re.IGNORECASE)


def investment_costs(answer: str) -> tuple[list[CostInput], list[CostInput]]:
    """Costs (one-time, recurring) read from the customer's own answer to "what must you
    invest?" (the 6 + 4 checklist, docs/methods.md §4): each clause with an amount becomes a
    cost named by the clause; "每年 / per year / subscription" makes it recurring. A clause
    whose amount cannot be read (``1,00``) is skipped, never guessed."""
    one_time: list[CostInput] = []
    recurring: list[CostInput] = []
    for clause in _CLAUSE.split(answer):
        clause = clause.strip()
        match = next((m for m in _AMOUNT.finditer(clause) if any(c.isdigit() for c in m.group())), None)
        if match is None:
            continue
        try:
            amount = parse_number(match.group().strip(), "investment")
        except ValidationError:
            continue
        if amount <= 0:
            continue
        item: CostInput = {"name": clause[:NAME_LIMIT], "amount": amount}
        (recurring if _RECURRING.search(clause) else one_time).append(item)
    return one_time, recurring


def propose_case(*, customer: str, currency: str, deal_size: float | None,
                 numbers: Sequence[CapturedNumber], lang: str, investment: str = "") -> Proposal:
    """The case document (``roi compute`` format) and the drivers still short of inputs.
    A later answer's value for the same input wins. ``investment`` is the customer's answer
    to what they must invest: its amounts become costs beside the contract's yearly price."""
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
    one_time, their_recurring = investment_costs(investment)
    recurring: list[CostInput] = []
    if deal_size:
        recurring.append({"name": t("roi.proposal.contract", lang), "amount": deal_size})
    recurring += their_recurring
    case: RoiCaseInput = {
        "name": t("roi.proposal.name", lang, customer=customer),
        "currency": currency, "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
        "drivers": drivers, "costs": {"one_time": one_time, "recurring": recurring}}
    notes = []
    if incomplete:
        left_out = "; ".join(f"{d['name']} ({d['needs']})" for d in incomplete)
        notes.append(t("roi.proposal.left_out", lang, drivers=left_out))
    if one_time or their_recurring:
        notes.append(t("roi.proposal.investment", lang, n=len(one_time) + len(their_recurring)))
    if notes:
        case["notes"] = "\n".join(notes)[:NOTE_LIMIT]
    return {"case": case, "incomplete": incomplete}
