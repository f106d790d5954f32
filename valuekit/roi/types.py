"""The ROI JSON shapes: the case input document (what ``valuekit roi compute`` reads, what a
pitch's ``roi`` holds, what the GUI editor fills in) and the figures ``--json`` prints
(docs/roi.md). parse.py turns an input document into the frozen ``RoiCase`` dataclass the
model computes on; these TypedDicts are the JSON contract around it."""

from __future__ import annotations

from typing import NotRequired, Required, TypedDict


class DriverInput(TypedDict, total=False):
    """One value driver: its kind decides which inputs it needs (model.DRIVER_INPUTS)."""
    kind: Required[str]
    name: Required[str]
    note: str
    # time_saved
    people: float
    hours_per_week: float
    weeks_per_year: float
    hourly_cost: float
    # revenue_uplift
    baseline_revenue: float
    uplift_pct: float
    margin_pct: float
    # cost_reduction (and risk_avoidance's reduction_pct)
    baseline_cost: float
    reduction_pct: float
    # risk_avoidance
    annual_probability: float
    impact: float
    # custom
    annual_value: float


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
class DriverResult(TypedDict):
    name: str
    kind: str
    note: str
    inputs: dict[str, float]
    annual_value: float
    formula: str


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
