"""Properties of the §7 arithmetic over generated actuals (pure: no library needed)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuekit.value.model import Actual, Plan
from valuekit.value.report import compute_report

PROMISE = {"name": "p", "currency": "CNY", "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
           "drivers": [{"kind": "custom", "name": "A", "annual_value": 40000},
                       {"kind": "custom", "name": "B", "annual_value": 12000}],
           "costs": {"one_time": [{"name": "s", "amount": 5000}], "recurring": [{"name": "r", "amount": 9000}]}}
RAMP = PROMISE["ramp"]
ANNUAL = {"A": 40000.0, "B": 12000.0}


def _plan(actuals: list[Actual]) -> Plan:
    return Plan(opportunity_id="x", customer="c", industry="ict", stage="Rev", language="en", owner="",
                tier="ordinary", case_id=None, promise=PROMISE, go_live=date(2024, 1, 1), actuals=tuple(actuals))


entries = st.lists(st.tuples(st.sampled_from(["A", "B"]), st.integers(1, 12),
                             st.floats(0, 1e7, allow_nan=False, allow_infinity=False)), max_size=24)


@settings(max_examples=200, deadline=None)
@given(entries)
def test_totals_follow_the_formulas(raw: list[tuple[str, int, float]]) -> None:
    # one current figure per driver and quarter (the store guarantees it): the last one wins
    current = {(d, q): amount for d, q, amount in raw}
    plan = _plan([Actual(d, q, amount, "measured", "") for (d, q), amount in current.items()])
    got = compute_report(plan, date(2030, 1, 1), "en")
    last = max((q for _, q in current), default=0)
    assert got["quarters"] == last
    promised = sum(RAMP[(q - 1) // 4] * ANNUAL[d] / 4 for d in ANNUAL for q in range(1, last + 1))
    assert got["promised"] == pytest.approx(promised)
    assert got["actual"] == pytest.approx(sum(current.values()))
    assert got["costs_to_date"] == pytest.approx(5000 + 9000 * last / 4)
    if last:
        assert got["realisation"] == pytest.approx(sum(current.values()) / promised)
        assert got["realised_roi"] == pytest.approx((sum(current.values()) - got["costs_to_date"])
                                                    / got["costs_to_date"])
        assert sum(d["actual"] for d in got["drivers"]) == pytest.approx(got["actual"])
        light = got["health"]
        r = got["realisation"]
        assert (light == "green") == (r >= 0.9) and (light == "red") == (r < 0.6)
    else:
        assert got["realisation"] is None and got["health"] == "yellow"
