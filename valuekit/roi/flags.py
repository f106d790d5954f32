"""Red flags a CFO would raise on reading a case, raised first by ValueKit: a margin
nobody stated, an uplift or a cut too good to be true, an ROI or a payback no finance
team believes, a case without costs, a case that rests mostly on the seller's assumptions.

Each flag is ``{code, field, message}``; a seller may acknowledge one with a reason
(stored in the case document's ``acknowledged``), which the pitch check then accepts.
``assumption_heavy`` is advice only: the pitch check never holds a pitch back on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from valuekit.i18n import Msg, msg
from valuekit.roi.model import Acknowledgement, RoiCase, RoiResult
from valuekit.roi.provenance import Confidence

UPLIFT_HIGH = 0.3      # revenue uplift above 30 % a year
REDUCTION_HIGH = 0.5   # a cost cut above half
ROI_IMPLAUSIBLE = 3.0  # expected ROI above 300 %
PAYBACK_FAST = 3.0     # months, when there is something to pay back
ASSUMPTION_HEAVY = 0.5  # more than half of the value rests on assumptions
CODES = ("margin_assumed", "uplift_high", "reduction_high", "roi_implausible",
         "payback_too_fast", "no_costs", "assumption_heavy")
# Flags that do not hold the pitch check's step 6 back.
ADVISORY = frozenset({"assumption_heavy"})


@dataclass(frozen=True)
class Flag:
    code: str
    field: str
    message: Msg
    acknowledged: Acknowledgement | None = None

    @property
    def blocking(self) -> bool:
        """Makes the pitch's ROI step thin until it is acknowledged."""
        return self.code not in ADVISORY and self.acknowledged is None


def _pct(x: float) -> str:
    return f"{x * 100:.4g}%"


def red_flags(case: RoiCase, result: RoiResult, confidence: Confidence | None) -> list[Flag]:
    """Every red flag of ``case``, in a stable order (drivers first, then the whole case)."""
    raw: list[tuple[str, str, Msg]] = []
    for d in case.drivers:
        path = f"drivers[{d.position}]"
        if d.kind == "revenue_uplift" and d.source_of("margin_pct").source == "assumption":
            raw.append(("margin_assumed", f"{path}.margin_pct", msg(
                "{driver}: the gross margin ({margin}) is assumed, not stated by the customer; "
                "revenue is not profit", driver=d.name, margin=_pct(d.inputs["margin_pct"]))))
        if d.kind == "revenue_uplift" and d.inputs["uplift_pct"] > UPLIFT_HIGH:
            raw.append(("uplift_high", f"{path}.uplift_pct", msg(
                "{driver}: a revenue uplift of {value} is above {limit}; few finance teams accept it "
                "without evidence", driver=d.name, value=_pct(d.inputs["uplift_pct"]), limit=_pct(UPLIFT_HIGH))))
        if "reduction_pct" in d.inputs and d.inputs["reduction_pct"] > REDUCTION_HIGH:
            raw.append(("reduction_high", f"{path}.reduction_pct", msg(
                "{driver}: a reduction of {value} is above {limit}; show where it was achieved",
                driver=d.name, value=_pct(d.inputs["reduction_pct"]), limit=_pct(REDUCTION_HIGH))))
    main = next(s for s in result.scenarios if s.name == case.sensitivity_scenario[0])
    if main.roi is not None and main.roi > ROI_IMPLAUSIBLE:
        raw.append(("roi_implausible", f"scenarios.{main.name}", msg(
            "an ROI of {value} is above {limit}: finance reads it as a vendor's number; check "
            "margins, shares and stacked benefits", value=_pct(main.roi), limit=_pct(ROI_IMPLAUSIBLE))))
    if (case.one_time_total > 0 and main.payback_months is not None
            and main.payback_months < PAYBACK_FAST):
        raw.append(("payback_too_fast", f"scenarios.{main.name}", msg(
            "a payback of {months} months is faster than any rollout; check the ramp and the costs",
            months=f"{main.payback_months:.1f}")))
    if case.one_time_total + case.recurring_total <= 0:
        raw.append(("no_costs", "costs", msg(
            "the case has no costs: licences, implementation, training and the customer's own time "
            "belong in it")))
    if confidence is not None and confidence["assumption_share"] > ASSUMPTION_HEAVY:
        raw.append(("assumption_heavy", "drivers", msg(
            "{share} of the value rests on assumptions; confirm the numbers with the customer",
            share=_pct(confidence["assumption_share"]))))
    return [Flag(code, field, message, _ack(case.acknowledged, code, field))
            for code, field, message in raw]


def _ack(acks: tuple[Acknowledgement, ...], code: str, field: str) -> Acknowledgement | None:
    # an acknowledgement without a field covers every flag of its code
    return next((a for a in acks if a.code == code and a.field in ("", field)), None)
