"""Sensitivity of an ROI case: each driver moved ±20 % (a tornado table), and the
benefit factor at which NPV is exactly zero."""

from __future__ import annotations

import math

from valuekit.roi.model import (
    SENSITIVITY_VARIATION,
    RoiCase,
    SensitivityRow,
    npv,
    payback_months,
)


def _flows(case: RoiCase, factor: float, annual: float) -> list[float]:
    return [-case.one_time_total] + [
        factor * case.ramp[t] * annual - case.recurring_total for t in range(case.years)
    ]


def sensitivity(case: RoiCase) -> tuple[SensitivityRow, ...]:
    """For the sensitivity scenario, NPV and payback with each driver at −20 % and +20 %
    (the others unchanged), ordered by how far NPV swings."""
    _, factor = case.sensitivity_scenario
    values = [d.annual_value for d in case.drivers]
    total = sum(values)
    rows = []
    for driver, value in zip(case.drivers, values, strict=True):
        low = _flows(case, factor, total - SENSITIVITY_VARIATION * value)
        high = _flows(case, factor, total + SENSITIVITY_VARIATION * value)
        rows.append(
            SensitivityRow(
                name=driver.name,
                kind=driver.kind,
                npv_low=npv(case.discount_rate, low),
                npv_high=npv(case.discount_rate, high),
                payback_low=payback_months(low),
                payback_high=payback_months(high),
            )
        )
    # Stable sort keeps the user's driver order among equal swings.
    return tuple(sorted(rows, key=lambda r: -r.swing))


def break_even_factor(case: RoiCase) -> float | None:
    """The scenario factor f with NPV(f) = 0. NPV is linear in f —
    NPV(f) = f·B − C with B the discounted ramped benefits at f = 1 and C the discounted
    costs — so f = C / B exactly; None when there are no benefits to scale."""
    annual = sum(d.annual_value for d in case.drivers)
    benefits = npv(case.discount_rate, [0.0] + [case.ramp[t] * annual for t in range(case.years)])
    costs = -npv(case.discount_rate, _flows(case, 0.0, 0.0))
    if benefits <= 0:
        return None
    factor = costs / benefits
    # benefits so small (e.g. 1e-309) that the ratio overflows: no factor is meaningful
    return factor if math.isfinite(factor) else None
