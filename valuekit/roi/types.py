"""The ROI JSON shapes: the case input document (what ``valuekit roi compute`` reads, what a
pitch's ``roi`` holds, what the GUI editor fills in) and the figures ``--json`` prints
(docs/roi.md). parse.py turns an input document into the frozen ``RoiCase`` dataclass the
model computes on; these TypedDicts are the JSON contract around it."""

from __future__ import annotations

from typing import NotRequired, Required, TypedDict

from valuekit.roi.provenance import Confidence as ConfidenceJSON


class SourcedValue(TypedDict, total=False):
    """An input with its provenance (roi/provenance.py); a plain number is an assumption."""
    value: Required[float]
    source: str  # customer | benchmark | assumption
    note: str
    ref: str
    date: str  # YYYY-MM-DD


Value = float | SourcedValue


class DriverInput(TypedDict, total=False):
    """One value driver: its kind decides which inputs it needs (model.DRIVER_INPUTS).
    ``incomplete`` keeps a driver that still lacks inputs (left out of the figures)."""
    kind: Required[str]
    name: Required[str]
    note: str
    incomplete: bool
    template: str  # the driver template it was added from
    # time_saved
    people: Value
    hours_per_week: Value
    weeks_per_year: Value
    hourly_cost: Value
    # revenue_uplift
    baseline_revenue: Value
    uplift_pct: Value
    margin_pct: Value
    # cost_reduction (and risk_avoidance's reduction_pct)
    baseline_cost: Value
    reduction_pct: Value
    # risk_avoidance
    annual_probability: Value
    impact: Value
    # custom
    annual_value: Value


class AcknowledgementInput(TypedDict, total=False):
    """A red flag acknowledged with the reason it stands."""
    code: Required[str]
    field: str
    reason: Required[str]
    date: str


class CostInput(TypedDict):
    name: str
    amount: float


class CostsInput(TypedDict, total=False):
    one_time: list[CostInput]
    recurring: list[CostInput]


class RoiCaseInput(TypedDict, total=False):
    """An ROI case input document (docs/methods.md §6)."""
    name: Required[str]
    currency: str
    years: Required[int]
    discount_rate: Required[float]
    ramp: list[float]
    drivers: Required[list[DriverInput]]
    costs: CostsInput
    scenarios: dict[str, float]
    customer: str
    notes: str
    acknowledged: list[AcknowledgementInput]


class RoiCaseRecord(TypedDict):
    """A saved case (cases.py); ``data`` only when one case is read."""
    id: str
    name: str
    customer: str
    opportunity_id: str | None
    created_at: str
    updated_at: str
    data: NotRequired[RoiCaseInput]


# -- the figures (``roi compute --json``) ---------------------------------------------------
class InputJSON(TypedDict):
    """One driver input with where it came from (roi/provenance.py)."""
    name: str
    label: str
    value: float
    source: str  # customer | benchmark | assumption
    note: str
    ref: str
    date: str


class DriverResult(TypedDict):
    name: str
    kind: str
    note: str
    source: str  # the driver's: customer when all inputs are, benchmark, else assumption
    inputs: list[InputJSON]
    annual_value: float
    formula: str


class AcknowledgedJSON(TypedDict):
    reason: str
    date: str


class FlagJSON(TypedDict):
    """A red flag (roi/flags.py); blocking = holds the pitch's ROI step back."""
    code: str
    field: str
    message: str
    blocking: bool
    acknowledged: AcknowledgedJSON | None


class IncompleteDriverNeeds(TypedDict):
    """A driver left out of the figures and what it still needs ("needs weeks per year")."""
    name: str
    kind: str
    missing: list[str]
    needs: str


class IncompleteJSON(IncompleteDriverNeeds):
    position: int


class HeadlineJSON(TypedDict):
    range: str
    break_even: str
    confidence: str


class CostResult(TypedDict):
    name: str
    amount: float


class CostsResult(TypedDict):
    one_time: list[CostResult]
    recurring: list[CostResult]


class ScenarioFigures(TypedDict):
    factor: float
    benefits: list[float]
    cash_flows: list[float]
    total_benefit: float
    total_cost: float
    net_benefit: float
    roi: float | None
    npv: float
    irr: float | None
    irr_ambiguous: bool
    payback_months: float | None


class SensitivityDriver(TypedDict):
    name: str
    kind: str
    npv_low: float
    npv_high: float
    payback_low: float | None
    payback_high: float | None
    swing: float


class SensitivityFigures(TypedDict):
    scenario: str
    variation: float
    drivers: list[SensitivityDriver]
    break_even_factor: float | None


class RoiResultJSON(TypedDict):
    name: str
    currency: str
    years: int
    discount_rate: float
    ramp: list[float]
    annual_value: float
    drivers: list[DriverResult]
    costs: CostsResult
    scenarios: dict[str, ScenarioFigures]
    sensitivity: SensitivityFigures
    confidence: ConfidenceJSON | None
    warnings: list[FlagJSON]
    incomplete: list[IncompleteJSON]
    headline: HeadlineJSON
