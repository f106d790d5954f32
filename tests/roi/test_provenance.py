"""Provenance on every input, the confidence shares, red flags and incomplete drivers."""

from __future__ import annotations

from typing import Any

import pytest

from valuekit.errors import ValidationError
from valuekit.roi.result import compute_json


def _case(drivers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"name": "c", "years": 3, "discount_rate": 0.08, "ramp": [1.0], "drivers": drivers,
            "costs": {"one_time": [{"name": "impl", "amount": 100_000}],
                      "recurring": [{"name": "lic", "amount": 50_000}]}, **extra}


def cust(v: float, ref: str = "q1") -> dict[str, Any]:
    return {"value": v, "source": "customer", "ref": ref, "date": "2026-11-30", "note": "CFO said"}


def bench(v: float) -> dict[str, Any]:
    return {"value": v, "source": "benchmark", "note": "template ts-01"}


def test_confidence_weights_drivers_by_annual_value() -> None:
    drivers = [
        # customer: 10 × 2 × 50 × 100 = 100,000
        {"kind": "time_saved", "name": "A", "people": cust(10), "hours_per_week": cust(2),
         "weeks_per_year": cust(50), "hourly_cost": cust(100)},
        # benchmark (customer + benchmark, no assumption): 200,000 × 0.25 = 50,000
        {"kind": "cost_reduction", "name": "B", "baseline_cost": cust(200_000),
         "reduction_pct": bench(0.25)},
        # assumption (a plain number): 50,000
        {"kind": "custom", "name": "C", "annual_value": 50_000},
    ]
    result = compute_json(_case(drivers), "en")
    total = 100_000 + 50_000 + 50_000
    assert result["confidence"] == {"customer_share": 100_000 / total,
                                    "benchmark_share": 50_000 / total,
                                    "assumption_share": 50_000 / total}
    assert [d["source"] for d in result["drivers"]] == ["customer", "benchmark", "assumption"]
    first = result["drivers"][0]["inputs"][0]
    assert first == {"name": "people", "label": "people", "value": 10.0, "source": "customer",
                     "note": "CFO said", "ref": "q1", "date": "2026-11-30"}
    assert result["headline"]["confidence"].startswith("50% of the value rests on the customer's")


@pytest.mark.parametrize(("value", "field", "zh"), [
    ({"value": 12, "source": "rumour"}, "drivers[0].people.source", "必须是 customer, benchmark, assumption 之一"),
    ({"value": "12", "source": "customer"}, "drivers[0].people.value", "不是"),
    ({"value": 12, "source": "customer", "date": "30/11/2026"}, "drivers[0].people.date", "YYYY-MM-DD"),
    ({"source": "customer"}, "drivers[0].people.value", "必填"),
    ({"value": 12, "by": "me"}, "drivers[0].people.by", "未知"),
])
def test_a_bad_provenance_object_is_refused_like_a_bad_number(value: Any, field: str, zh: str) -> None:
    doc = _case([{"kind": "time_saved", "name": "A", "people": value, "hours_per_week": 1,
                  "weeks_per_year": 48, "hourly_cost": 100}])
    with pytest.raises(ValidationError) as info:
        compute_json(doc)
    assert info.value.field == field
    assert zh in info.value.localized("zh")


def _codes(result: dict[str, Any]) -> list[str]:
    return [w["code"] for w in result["warnings"]]


def test_red_flags() -> None:
    drivers = [{"kind": "revenue_uplift", "name": "R", "baseline_revenue": 10_000_000,
                "uplift_pct": 0.4},
               {"kind": "cost_reduction", "name": "C", "baseline_cost": 100_000, "reduction_pct": 0.6}]
    result = compute_json(_case(drivers), "en")
    # annual 10,000,000 × 0.4 × 1 + 60,000; costs 100,000 + 3 × 50,000 = 250,000 → ROI ≫ 3
    assert _codes(result) == ["margin_assumed", "uplift_high", "reduction_high", "roi_implausible",
                              "payback_too_fast", "assumption_heavy"]
    assert result["warnings"][0]["field"] == "drivers[0].margin_pct"
    assert all(w["blocking"] for w in result["warnings"][:-1]) and not result["warnings"][-1]["blocking"]
    free = _case([{"kind": "custom", "name": "x", "annual_value": 1}])
    free["costs"] = {}
    assert "no_costs" in _codes(compute_json(free))


def test_acknowledging_a_flag_takes_a_reason_and_stops_it_blocking() -> None:
    drivers = [{"kind": "revenue_uplift", "name": "R", "baseline_revenue": 1_000_000,
                "uplift_pct": 0.05}]
    acked = compute_json(_case(drivers, acknowledged=[
        {"code": "margin_assumed", "field": "drivers[0].margin_pct", "reason": "software, 90 % margin per annual report",
         "date": "2026-12-01"}]), "en")
    flag = next(w for w in acked["warnings"] if w["code"] == "margin_assumed")
    assert flag["acknowledged"] == {"reason": "software, 90 % margin per annual report", "date": "2026-12-01"}
    assert not flag["blocking"]
    with pytest.raises(ValidationError) as info:
        compute_json(_case(drivers, acknowledged=[{"code": "margin_assumed", "reason": " "}]))
    assert info.value.field == "acknowledged[0].reason"


def test_incomplete_drivers_are_kept_listed_and_left_out_of_the_figures() -> None:
    drivers = [{"kind": "custom", "name": "done", "annual_value": 300_000},
               {"kind": "time_saved", "name": "half", "incomplete": True, "people": 12,
                "hourly_cost": 150, "hours_per_week": 4}]
    result = compute_json(_case(drivers), "en")
    assert result["annual_value"] == 300_000
    assert result["incomplete"] == [{"name": "half", "kind": "time_saved", "position": 1,
                                     "missing": ["weeks_per_year"], "needs": "needs weeks per year"}]
    assert compute_json(_case(drivers), "zh")["incomplete"][0]["needs"] == "还需要每年周数"
    # without the mark a missing input is still an error (a typo never drops a driver)
    del drivers[1]["incomplete"]
    with pytest.raises(ValidationError):
        compute_json(_case(drivers))
