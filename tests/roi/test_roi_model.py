"""The ROI model of docs/methods.md §6: hand-worked examples to the cent, properties, and a
cross-check against an independent NPV/IRR implementation (numpy-financial)."""

from __future__ import annotations

import json
import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from valuekit.resources import DEMO_DIR
from valuekit.roi.model import irr, npv, payback_months
from valuekit.roi.parse import parse_case
from valuekit.roi.result import compute, compute_json, result_json


def case(**overrides: object) -> dict:
    base = {
        "name": "Example",
        "currency": "CNY",
        "years": 3,
        "discount_rate": 0.1,
        "ramp": [0.5, 0.8, 1.0],
        "drivers": [{"kind": "time_saved", "name": "Reports", "people": 40,
                     "hours_per_week": 2.5, "weeks_per_year": 48, "hourly_cost": 120}],
        "costs": {"one_time": [{"name": "Setup", "amount": 200000}],
                  "recurring": [{"name": "Licences", "amount": 100000}]},
    }
    base.update(overrides)
    return base


def test_time_saved_example_to_the_cent() -> None:
    # annual value = 40 × 2.5 × 48 × 120 = 576,000
    # benefits (expected, f = 1): 0.5 × 576,000 = 288,000; 0.8 × = 460,800; 1.0 × = 576,000
    # cash flows: CF0 = −200,000; 288,000 − 100,000 = 188,000; 360,800; 476,000
    # total benefit 1,324,800; total cost 200,000 + 3 × 100,000 = 500,000; net 824,800
    # ROI = 824,800 / 500,000 = 1.6496
    # NPV = −200,000 + 188,000/1.1 + 360,800/1.21 + 476,000/1.331
    #     = −200,000 + 170,909.0909 + 298,181.8182 + 357,625.8452 = 626,716.75
    # payback: −200,000 + 188,000 = −12,000 after year 1; year 2 earns 360,800/12 a month,
    #     12,000 / 30,066.67 = 0.3991 → 12.40 months
    result = compute_json(case())
    expected = result["scenarios"]["expected"]
    assert result["drivers"][0]["annual_value"] == 576000.0
    assert result["drivers"][0]["formula"] == "40 人 × 2.5 h/周 × 48 周 × ¥120/h = ¥576,000"
    assert expected["benefits"] == [288000.0, 460800.0, 576000.0]
    assert expected["cash_flows"] == [-200000.0, 188000.0, 360800.0, 476000.0]
    assert expected["total_benefit"] == 1324800.0
    assert expected["total_cost"] == 500000.0
    assert expected["net_benefit"] == 824800.0
    assert expected["roi"] == 1.6496
    assert expected["npv"] == 626716.75
    assert expected["payback_months"] == 12.40
    assert expected["irr_ambiguous"] is False
    assert npv(expected["irr"], expected["cash_flows"]) == pytest.approx(0, abs=1)


def test_other_driver_kinds_and_conservative_scenario() -> None:
    # revenue_uplift: 10,000,000 × 0.05 × 0.4 = 200,000; margin defaults to 1 when absent:
    #   2,000,000 × 0.1 = 200,000
    # cost_reduction: 1,000,000 × 0.15 = 150,000; risk: 0.2 × 2,000,000 × 0.5 = 200,000
    # custom 50,000 → annual 800,000; conservative f = 0.7, ramp [1]: benefit 560,000 a year
    drivers = [
        {"kind": "revenue_uplift", "name": "A", "baseline_revenue": 10_000_000,
         "uplift_pct": 0.05, "margin_pct": 0.4},
        {"kind": "revenue_uplift", "name": "B", "baseline_revenue": 2_000_000, "uplift_pct": 0.1},
        {"kind": "cost_reduction", "name": "C", "baseline_cost": 1_000_000, "reduction_pct": 0.15},
        {"kind": "risk_avoidance", "name": "D", "annual_probability": 0.2, "impact": 2_000_000,
         "reduction_pct": 0.5},
        {"kind": "custom", "name": "E", "annual_value": 50_000},
    ]
    result = compute_json(case(drivers=drivers, ramp=[1.0], years=2), lang="en")
    assert [d["annual_value"] for d in result["drivers"]] == [200000, 200000, 150000, 200000, 50000]
    assert result["annual_value"] == 800000
    assert result["drivers"][0]["formula"] == (
        "revenue ¥10,000,000 × uplift 5% × margin 40% = ¥200,000")
    cons = result["scenarios"]["conservative"]
    # CF = [−200,000, 560,000 − 100,000, 460,000]; total cost 400,000; net 1,120,000 − 400,000
    assert cons["cash_flows"] == [-200000, 460000, 460000]
    assert cons["net_benefit"] == 720000
    assert cons["roi"] == 1.8


def test_missing_ramp_years_repeat_the_last_value() -> None:
    parsed = parse_case(case(years=5, ramp=[0.3, 0.6]))
    assert parsed.ramp == (0.3, 0.6, 0.6, 0.6, 0.6)


def test_undefined_figures_are_null_never_nan() -> None:
    # no costs at all: ROI undefined, flows never change sign → no IRR, payback 0
    result = compute_json(case(costs={}))
    s = result["scenarios"]["expected"]
    assert s["roi"] is None and s["irr"] is None and s["payback_months"] == 0
    # benefits below recurring cost: never paid back, no IRR
    poor = compute_json(case(costs={"one_time": [{"name": "x", "amount": 1e6}],
                                    "recurring": [{"name": "y", "amount": 1e6}]}))
    s = poor["scenarios"]["expected"]
    assert s["payback_months"] is None and s["irr"] is None and s["npv"] < 0
    assert "NaN" not in json.dumps(poor)


def test_multiple_sign_changes_are_flagged_and_nearest_root_returned() -> None:
    # CF = −100, 230, −132: NPV = 0 at 10 % and at 20 % ((1+r) = 1.1 or 1.2)
    rate, ambiguous = irr([-100, 230, -132])
    assert ambiguous is True
    assert rate == pytest.approx(0.10, abs=1e-9)


def test_two_roots_closer_than_the_search_grid_are_both_found() -> None:
    # NPV × (1+r)² = −(1+r)² + 2.201 (1+r) − 1.2111 = −((1+r) − 1.1)((1+r) − 1.101):
    # roots at 10 % and 10.1 %, one step of the scan grid apart, so no sign change shows
    rate, ambiguous = irr([-1, 2.201, -1.2111])
    assert ambiguous is True
    assert rate == pytest.approx(0.10, abs=1e-9)


def test_payback_interpolates_within_the_year() -> None:
    # −1,200 then +2,400/yr = 200 a month → 6 months
    assert payback_months([-1200, 2400]) == pytest.approx(6.0)
    assert payback_months([0, 5]) == 0
    assert payback_months([-100, 10, 10]) is None


def test_sensitivity_by_hand() -> None:
    # two custom drivers 600 and 400 a year, 1 year, r = 0, one-time cost 900, expected f = 1
    # driver A ±20 % → annual 1,000 ∓ 120: NPV = −900 + 880 = −20 and −900 + 1,120 = 220
    #   payback: 880 never covers 900 → null; 900 / (1,120/12) = 9.64 months
    # driver B ±20 % → annual 1,000 ∓ 80: NPV −900 + 920 = 20 and 180; payback 11.74, 10.0
    # break-even: NPV(f) = f × 1,000 − 900 = 0 → f = 0.9
    result = compute_json(case(
        years=1, discount_rate=0, ramp=[1],
        drivers=[{"kind": "custom", "name": "B", "annual_value": 400},
                 {"kind": "custom", "name": "A", "annual_value": 600}],
        costs={"one_time": [{"name": "x", "amount": 900}]}))
    sens = result["sensitivity"]
    assert sens["scenario"] == "expected" and sens["variation"] == 0.2
    assert sens["drivers"] == [
        {"name": "A", "kind": "custom", "npv_low": -20.0, "npv_high": 220.0,
         "payback_low": None, "payback_high": 9.64, "swing": 240.0},
        {"name": "B", "kind": "custom", "npv_low": 20.0, "npv_high": 180.0,
         "payback_low": 11.74, "payback_high": 10.0, "swing": 160.0},
    ]
    assert sens["break_even_factor"] == 0.9


def test_break_even_is_null_without_benefits_and_scenarios_without_expected() -> None:
    result = compute_json(case(drivers=[{"kind": "custom", "name": "z", "annual_value": 0}],
                               scenarios={"low": 0.5, "high": 2}))
    assert result["sensitivity"]["break_even_factor"] is None
    assert result["sensitivity"]["scenario"] == "low"  # no "expected": the first one named


def test_english_formulas_of_every_kind() -> None:
    drivers = [
        {"kind": "cost_reduction", "name": "C", "baseline_cost": 1_000_000, "reduction_pct": 0.15},
        {"kind": "risk_avoidance", "name": "D", "annual_probability": 0.2, "impact": 2_000_000,
         "reduction_pct": 0.5},
        {"kind": "custom", "name": "E", "annual_value": 50_000.5},
    ]
    en = [d["formula"] for d in compute_json(case(drivers=drivers, currency="USD"), "en")["drivers"]]
    assert en == ["cost $1,000,000 × reduction 15% = $150,000",
                  "annual probability 20% × impact $2,000,000 × reduction 50% = $200,000",
                  "annual value (custom) = $50,000.50"]
    zh = compute_json(case(drivers=drivers[:1], currency="CHF"))["drivers"][0]["formula"]
    assert zh == "成本 CHF 1,000,000 × 降低 15% = CHF 150,000"


def test_sensitivity_orders_drivers_by_impact_and_break_even_zeroes_npv() -> None:
    data = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    result = compute_json(data)
    swings = [d["swing"] for d in result["sensitivity"]["drivers"]]
    assert swings == sorted(swings, reverse=True)
    assert result["sensitivity"]["drivers"][0]["name"] == "商机转化率提升"
    factor = result["sensitivity"]["break_even_factor"]
    at_break_even = dict(data, scenarios={"be": factor})
    assert compute_json(at_break_even)["scenarios"]["be"]["npv"] == pytest.approx(0, abs=5)


flows_strategy = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=2, max_size=11)


@given(flows_strategy)
def test_npv_at_rate_zero_is_the_sum_of_flows(flows: list[float]) -> None:
    assert npv(0.0, flows) == pytest.approx(sum(flows), abs=1e-6)


@given(st.floats(min_value=1, max_value=1e6), st.lists(
    st.floats(min_value=1, max_value=1e6), min_size=1, max_size=10))
def test_npv_at_the_irr_is_zero(outlay: float, returns: list[float]) -> None:
    flows = [-outlay, *returns]
    rate, ambiguous = irr(flows)
    assume(rate is not None)
    assert not ambiguous
    assert npv(rate, flows) == pytest.approx(0, abs=1e-6 * (outlay + sum(returns)))


@settings(max_examples=60)
@given(st.floats(min_value=-0.99, max_value=5),
       st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=2,
                max_size=11))
def test_npv_matches_numpy_financial(rate: float, flows: list[float]) -> None:
    assert npv(rate, flows) == pytest.approx(npf.npv(rate, flows), rel=1e-9, abs=1e-6)


@settings(max_examples=60)
@given(st.integers(min_value=100, max_value=10**6), st.lists(
    st.integers(min_value=0, max_value=10**6), min_size=1, max_size=10))
def test_irr_matches_numpy_financial_when_unique(outlay: int, returns: list[int]) -> None:
    flows = [float(-outlay), *map(float, returns)]
    ours, _ = irr(flows)
    theirs = float(npf.irr(flows))
    if math.isnan(theirs) or not -0.99 < theirs <= 10:
        assert ours is None or npv(ours, flows) == pytest.approx(0, abs=1e-3)
    else:
        assert ours == pytest.approx(theirs, abs=1e-6)


driver_values = st.floats(min_value=0, max_value=1e6)


@settings(max_examples=50)
@given(driver_values, driver_values, st.floats(min_value=0, max_value=1e6))
def test_raising_a_benefit_never_lowers_npv_nor_lengthens_payback(
        low: float, extra: float, cost: float) -> None:
    def run(value: float) -> dict:
        return compute_json(case(
            drivers=[{"kind": "custom", "name": "v", "annual_value": value}],
            costs={"one_time": [{"name": "c", "amount": cost}]}))["scenarios"]["expected"]

    before, after = run(low), run(low + extra)
    assert after["npv"] >= before["npv"]
    if before["payback_months"] is not None:
        assert after["payback_months"] is not None
        assert after["payback_months"] <= before["payback_months"]


def test_compute_returns_every_named_scenario_in_order() -> None:
    parsed = parse_case(case(scenarios={"worst": 0.5, "expected": 1, "best": 1.5}))
    assert [s.name for s in compute(parsed).scenarios] == ["worst", "expected", "best"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=11))
def test_irr_matches_polynomial_roots_including_several_sign_changes(ints: list[int]) -> None:
    # Independent of the scan: NPV = Σ CF_t x^t with x = 1/(1+r), so every IRR is a real
    # positive root x of that polynomial (numpy: eigenvalues of its companion matrix).
    flows = [float(v) for v in ints]
    coeffs = list(reversed(flows))
    while coeffs and coeffs[0] == 0:
        coeffs.pop(0)
    assume(len(coeffs) >= 2)
    xs = np.roots(coeffs)
    # skip ill-conditioned polynomials (near-double roots): there neither method is exact
    assume(all(abs(x.imag) < 1e-9 or abs(x.imag) > 1e-3 for x in xs))
    real = sorted(x.real for x in xs if abs(x.imag) < 1e-9 and x.real > 0)
    assume(all(b - a > 1e-3 for a, b in zip(real, real[1:], strict=False)))
    theirs = [1 / x - 1 for x in real if -0.99 < 1 / x - 1 <= 10]
    assume(all(abs(abs(r) - 0.99) > 1e-3 and abs(r - 10) > 1e-3 for r in theirs))
    ours, ambiguous = irr(flows)
    if not theirs:
        assert ours is None
    else:
        nearest = min(abs(r) for r in theirs)
        ties = [r for r in theirs if abs(r) - nearest < 1e-6]  # −x and +x: we pick +x
        assert ours == pytest.approx(max(ties), abs=1e-6)
    changes = sum(1 for a, b in zip(*(lambda s: (s, s[1:]))([f > 0 for f in flows if f]),
                                    strict=False) if a != b)
    assert ambiguous is (changes > 1)


money_values = st.floats(min_value=0, max_value=1e15)
fractions = st.floats(min_value=0, max_value=1)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=10), fractions,
       st.lists(fractions, min_size=1, max_size=10), st.lists(money_values, min_size=1, max_size=3),
       money_values, money_values, st.lists(st.floats(min_value=0, max_value=1e15), max_size=3))
def test_result_json_never_holds_nan_or_infinity(
        years: int, rate: float, ramp: list[float], values: list[float], one_time: float,
        recurring: float, factors: list[float]) -> None:
    rate = min(rate, 0.99)
    data = case(years=years, discount_rate=rate, ramp=ramp[:years],
                drivers=[{"kind": "custom", "name": f"d{i}", "annual_value": v}
                         for i, v in enumerate(values)],
                costs={"one_time": [{"name": "o", "amount": one_time}],
                       "recurring": [{"name": "r", "amount": recurring}]})
    if factors:
        data["scenarios"] = {f"s{i}": f for i, f in enumerate(factors)}
    parsed = parse_case(data)
    out = result_json(parsed, compute(parsed), "en")
    json.dumps(out, allow_nan=False)  # raises on NaN or infinity anywhere
    for s in out["scenarios"].values():
        assert len(s["cash_flows"]) == years + 1
