"""The ROI model of docs/methods.md §6: value drivers → yearly benefits → cash flows → ROI, NPV,
IRR and payback, per scenario. Pure functions over frozen dataclasses, no I/O.

Figures are computed unrounded; ``result_json`` rounds them once for presentation
(money to the cent), so the CLI, the PDFs and the GUI all print the same numbers.
Input parsing and validation live in ``roi_input``; formulas and tables in ``roi_text``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from valuekit.roi.provenance import ASSUMED, InputSource, Source, driver_source

DRIVER_INPUTS: dict[str, tuple[str, ...]] = {
    "time_saved": ("people", "hours_per_week", "weeks_per_year", "hourly_cost"),
    "revenue_uplift": ("baseline_revenue", "uplift_pct", "margin_pct"),
    "cost_reduction": ("baseline_cost", "reduction_pct"),
    "risk_avoidance": ("annual_probability", "impact", "reduction_pct"),
    "custom": ("annual_value",),
}
# Inputs that may be left out, with the value §6 gives them.
OPTIONAL_INPUTS: dict[str, dict[str, float]] = {"revenue_uplift": {"margin_pct": 1.0}}
DEFAULT_SCENARIOS: dict[str, float] = {"conservative": 0.7, "expected": 1.0, "optimistic": 1.2}
SENSITIVITY_VARIATION = 0.2


@dataclass(frozen=True)
class Driver:
    kind: str
    name: str
    inputs: dict[str, float]
    note: str = ""
    # where each input came from; an input without an entry is an assumption
    sources: dict[str, InputSource] = field(default_factory=dict, compare=False)
    position: int = field(default=0, compare=False)  # its index in the document's drivers

    def source_of(self, key: str) -> InputSource:
        return self.sources.get(key, ASSUMED)

    @property
    def source(self) -> Source:
        """customer / benchmark / assumption for the driver as a whole (provenance.py)."""
        return driver_source([self.source_of(k) for k in self.inputs])

    @property
    def annual_value(self) -> float:
        """Full-adoption annual value, exactly the §6 table."""
        v = self.inputs
        if self.kind == "time_saved":
            return v["people"] * v["hours_per_week"] * v["weeks_per_year"] * v["hourly_cost"]
        if self.kind == "revenue_uplift":
            return v["baseline_revenue"] * v["uplift_pct"] * v.get("margin_pct", 1.0)
        if self.kind == "cost_reduction":
            return v["baseline_cost"] * v["reduction_pct"]
        if self.kind == "risk_avoidance":
            return v["annual_probability"] * v["impact"] * v["reduction_pct"]
        return v["annual_value"]


@dataclass(frozen=True)
class IncompleteDriver:
    """A driver kept in the case although some inputs are still missing (a new row in the
    editor, a SPIN proposal short of weeks per year); it adds nothing to the figures until
    it is complete, and the case says what it needs."""

    kind: str
    name: str
    missing: tuple[str, ...]
    inputs: dict[str, float] = field(default_factory=dict)
    note: str = ""
    position: int = 0


@dataclass(frozen=True)
class Acknowledgement:
    """A red flag the seller has looked at, with the reason it stands (stored with the case)."""

    code: str
    field: str
    reason: str
    date: str = ""


@dataclass(frozen=True)
class CostItem:
    name: str
    amount: float


@dataclass(frozen=True)
class RoiCase:
    name: str
    currency: str
    years: int
    discount_rate: float
    ramp: tuple[float, ...]  # one adoption fraction per year, already extended to `years`
    drivers: tuple[Driver, ...]
    one_time: tuple[CostItem, ...] = ()
    recurring: tuple[CostItem, ...] = ()
    scenarios: tuple[tuple[str, float], ...] = tuple(DEFAULT_SCENARIOS.items())
    source: dict[str, Any] = field(default_factory=dict, compare=False)
    incomplete: tuple[IncompleteDriver, ...] = ()
    acknowledged: tuple[Acknowledgement, ...] = ()

    @property
    def one_time_total(self) -> float:
        return sum(c.amount for c in self.one_time)

    @property
    def recurring_total(self) -> float:
        return sum(c.amount for c in self.recurring)

    @property
    def sensitivity_scenario(self) -> tuple[str, float]:
        """The scenario sensitivity is run on: "expected" when present, else the first."""
        for name, factor in self.scenarios:
            if name == "expected":
                return name, factor
        return self.scenarios[0]


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    factor: float
    benefits: tuple[float, ...]
    cash_flows: tuple[float, ...]
    total_benefit: float
    total_cost: float
    net_benefit: float
    roi: float | None
    npv: float
    irr: float | None
    irr_ambiguous: bool
    payback_months: float | None


@dataclass(frozen=True)
class SensitivityRow:
    name: str
    kind: str
    npv_low: float
    npv_high: float
    payback_low: float | None
    payback_high: float | None

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True)
class RoiResult:
    annual_value: float
    scenarios: tuple[ScenarioResult, ...]
    sensitivity: tuple[SensitivityRow, ...]
    break_even_factor: float | None


# -- the financial functions -------------------------------------------------------
def npv(rate: float, flows: Sequence[float]) -> float:
    """Σ CF_t / (1 + rate)^t for t = 0..N."""
    return sum(cf / (1.0 + rate) ** t for t, cf in enumerate(flows))


def sign_changes(flows: Sequence[float]) -> int:
    signs = [cf > 0 for cf in flows if cf != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if a != b)


def _rate_grid() -> list[float]:
    # Fine steps where real IRRs live, coarser towards the extremes; -100 % is excluded
    # because NPV is undefined there.
    fine = [-0.99 + i * 0.0025 for i in range(int(2.99 / 0.0025) + 1)]  # -0.99 .. 2.0
    coarse = [2.0 + i * 0.01 for i in range(1, 801)]  # .. 10.0
    return fine + coarse


_GRID = _rate_grid()


def _bisect(flows: Sequence[float], lo: float, hi: float) -> float:
    """The root of NPV between lo and hi, where NPV has opposite signs (or hi is a root)."""
    f_lo = npv(lo, flows)
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = npv(mid, flows)
        if f_mid == 0 or hi - lo < 1e-13:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _toward_zero(flows: Sequence[float], lo: float, hi: float, sign: float) -> float:
    """Golden-section search for the rate in [lo, hi] where sign × NPV is smallest."""
    ratio = (5**0.5 - 1) / 2
    a, b = lo, hi
    for _ in range(80):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if sign * npv(c, flows) < sign * npv(d, flows):
            b = d
        else:
            a = c
    return (a + b) / 2


def irr_roots(flows: Sequence[float]) -> list[float]:
    """Every rate in (-99 %, 1000 %] where NPV is zero: each sign change of NPV on a fine
    grid is refined by bisection. With several sign changes in the flows, two roots may sit
    closer than one grid step and leave no sign change on the grid; they show as a local
    extremum of NPV pointing towards zero, so each such extremum is located and, when it
    crosses zero, both roots on its sides are refined too."""
    values = [npv(rate, flows) for rate in _GRID]
    roots: list[float] = []
    for i in range(len(_GRID) - 1):
        a, b = values[i], values[i + 1]
        if not (math.isfinite(a) and math.isfinite(b)):
            continue
        if a == 0:
            roots.append(_GRID[i])
        elif b != 0 and (a > 0) != (b > 0):
            roots.append(_bisect(flows, _GRID[i], _GRID[i + 1]))
    if values[-1] == 0:
        roots.append(_GRID[-1])
    if sign_changes(flows) < 2:
        return roots
    for i in range(1, len(_GRID) - 1):
        a, m, b = values[i - 1], values[i], values[i + 1]
        if not all(map(math.isfinite, (a, m, b))) or m == 0 or a == 0 or b == 0:
            continue
        same_sign = (a > 0) == (m > 0) == (b > 0)
        if same_sign and abs(m) <= abs(a) and abs(m) <= abs(b):
            sign = 1.0 if m > 0 else -1.0
            x = _toward_zero(flows, _GRID[i - 1], _GRID[i + 1], sign)
            if sign * npv(x, flows) <= 0:
                roots += [_bisect(flows, _GRID[i - 1], x), _bisect(flows, x, _GRID[i + 1])]
    return sorted(roots)


def irr(flows: Sequence[float]) -> tuple[float | None, bool]:
    """(rate, ambiguous). None when the flows never change sign or NPV has no root in
    (-99 %, 1000 %]. With several sign changes the root nearest zero (the positive one on
    a tie) is returned and flagged ambiguous, never a silent pick."""
    changes = sign_changes(flows)
    if changes == 0:
        return None, False
    roots = irr_roots(flows)
    if not roots:
        return None, changes > 1
    # nearest zero; of two equally near (e.g. −98 % and +98 %) the positive one
    return min(roots, key=lambda r: (round(abs(r), 9), r < 0)), changes > 1


def payback_months(flows: Sequence[float]) -> float | None:
    """First month at which the cumulative flow (from CF0) reaches ≥ 0, each year's flow
    spread evenly over its 12 months; 0 when CF0 ≥ 0; None within the horizon otherwise."""
    cumulative = flows[0]
    if cumulative >= 0:
        return 0.0
    for year, cf in enumerate(flows[1:], start=1):
        if cf > 0 and cumulative + cf >= 0:
            # the fraction of this year's flow needed to cover what is still owed
            return 12 * (year - 1) + 12 * min(1.0, -cumulative / cf)
        cumulative += cf
    return None


# -- the model ------------------------------------------------------------------------
def _flows(case: RoiCase, factor: float, annual: float) -> tuple[list[float], list[float]]:
    benefits = [factor * case.ramp[t] * annual for t in range(case.years)]
    flows = [-case.one_time_total] + [b - case.recurring_total for b in benefits]
    return benefits, flows


def scenario_result(case: RoiCase, name: str, factor: float, annual: float) -> ScenarioResult:
    benefits, flows = _flows(case, factor, annual)
    total_benefit = sum(benefits)
    total_cost = case.one_time_total + case.years * case.recurring_total
    net = total_benefit - total_cost
    rate, ambiguous = irr(flows)
    # ROI is a ratio to the cost: undefined without cost (or one so tiny that it overflows)
    roi = net / total_cost if total_cost > 0 else None
    return ScenarioResult(
        name=name,
        factor=factor,
        benefits=tuple(benefits),
        cash_flows=tuple(flows),
        total_benefit=total_benefit,
        total_cost=total_cost,
        net_benefit=net,
        roi=roi if roi is not None and math.isfinite(roi) else None,
        npv=npv(case.discount_rate, flows),
        irr=rate,
        irr_ambiguous=ambiguous,
        payback_months=payback_months(flows),
    )
