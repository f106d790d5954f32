"""Every bad ROI input is refused before computing or storing, naming the field path,
and the CLI exits non-zero with one line, never a traceback."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from valuekit.errors import ValidationError
from valuekit.roi.parse import parse_case

GOOD: dict[str, Any] = {
    "name": "Case",
    "years": 3,
    "discount_rate": 0.08,
    "ramp": [0.5, 0.8, 1.0],
    "drivers": [
        {"kind": "time_saved", "name": "Reports", "people": 12, "hours_per_week": 3,
         "weeks_per_year": 48, "hourly_cost": 150},
        {"kind": "cost_reduction", "name": "Visits", "baseline_cost": 100000, "reduction_pct": 0.2},
        {"kind": "risk_avoidance", "name": "Churn", "annual_probability": 0.1, "impact": 1e6,
         "reduction_pct": 0.3},
        {"kind": "revenue_uplift", "name": "Win rate", "baseline_revenue": 1e7,
         "uplift_pct": 0.02, "margin_pct": 0.3},
    ],
    "costs": {"one_time": [{"name": "Setup", "amount": 50000}],
              "recurring": [{"name": "Licences", "amount": 20000}]},
    "scenarios": {"conservative": 0.7, "expected": 1.0, "optimistic": 1.2},
}


def bad(path: str, value: Any) -> dict[str, Any]:
    """GOOD with one value replaced (path like 'drivers.0.people'); '<del>' removes it."""
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target: Any = data
    for p in parents:
        target = target[int(p)] if p.isdigit() else target[p]
    key: Any = int(last) if last.isdigit() else last
    if value == "<del>":
        del target[key]
    else:
        target[key] = value
    return data


CASES = [
    ("drivers.0.people", "120元", "drivers[0].people: must be a number ≥ 0, not text \"120元\""),
    ("drivers.0.hourly_cost", "1,000", "drivers[0].hourly_cost: must be a number ≥ 0"),
    ("drivers.0.hours_per_week", -1, "drivers[0].hours_per_week: must be a number ≥ 0, got -1"),
    ("drivers.0.hours_per_week", 200, "drivers[0].hours_per_week: must be at most 168"),
    ("drivers.0.people", 1e16, "drivers[0].people: must be at most 1,000,000,000,000,000"),
    ("drivers.0.people", float("inf"), "drivers[0].people: must be a number ≥ 0, not NaN"),
    ("drivers.0.people", True, "drivers[0].people: must be a number ≥ 0, not bool"),
    ("drivers.1.reduction_pct", 15, "drivers[1].reduction_pct: must be a fraction from 0 to 1"),
    ("drivers.2.annual_probability", 1.5, "drivers[2].annual_probability: must be a fraction"),
    ("drivers.3.margin_pct", -0.1, "drivers[3].margin_pct: must be a fraction from 0 to 1"),
    ("ramp.1", 1.2, "ramp[1]: must be a fraction from 0 to 1"),
    ("years", 0, "years: must be a whole number from 1 to 10"),
    ("years", 11, "years: must be a whole number from 1 to 10"),
    ("years", 2.5, "years: must be a whole number from 1 to 10"),
    ("years", "3", "years: must be a whole number from 1 to 10"),
    ("discount_rate", 1.0, "discount_rate: must be ≥ 0 and < 1"),
    ("discount_rate", -0.05, "discount_rate: must be ≥ 0 and < 1"),
    ("discount_rate", "8%", "discount_rate: must be ≥ 0 and < 1 (0.08 = 8 %), not text \"8%\""),
    ("discount_rate", "<del>", "discount_rate: is required"),
    ("years", "<del>", "years: is required"),
    ("drivers.0.kind", "magic", "drivers[0].kind: must be one of time_saved, revenue_uplift, "
     "cost_reduction, risk_avoidance, custom"),
    ("drivers.0.name", "<del>", "drivers[0].name: must be a non-empty text"),
    ("drivers.2.note", 5, "drivers[2].note: must be text"),
    ("drivers.0.weeks_per_year", "<del>", "drivers[0].weeks_per_year: is required"),
    ("drivers", [], "drivers: at least one driver is required"),
    ("drivers", "<del>", "drivers: at least one driver is required"),
    ("drivers", {"kind": "custom"}, "drivers: must be a JSON list"),
    ("drivers.1", "cost_reduction", "drivers[1]: must be a JSON object"),
    ("costs", [], "costs: must be a JSON object"),
    ("costs.one_time", {"name": "x"}, "costs.one_time: must be a JSON list"),
    ("costs.one_time.0", 5000, "costs.one_time[0]: must be a JSON object"),
    ("costs.one_time.0.cost", 5, "costs.one_time[0].cost: unknown field; allowed: name, amount"),
    ("costs.monthly", [], "costs.monthly: unknown; allowed: one_time, recurring"),
    ("scenarios", [0.7, 1.0], "scenarios: must be a JSON object"),
    ("scenarios", {}, "scenarios: must name at least one scenario"),
    ("scenarios.expected", True, "scenarios.expected: must be a number ≥ 0, not bool"),
    ("ramp", 0.5, "ramp: must be a JSON list"),
    ("ramp", [], "ramp: must hold at least one adoption fraction"),
    ("customer", 42, "customer: must be text"),
    ("colour", "red", "colour: unknown field"),
    ("scenarios.optimistic", -0.2, "scenarios.optimistic: must be a number ≥ 0"),
    ("costs.one_time.0.amount", -5, "costs.one_time[0].amount: must be a number ≥ 0"),
    ("costs.recurring.0.amount", "20000", "costs.recurring[0].amount: must be a number ≥ 0"),
    ("drivers.0.hours_per_wek", 3, "drivers[0].hours_per_wek: is not an input of a time_saved"),
    ("name", "", "name: must be a non-empty text"),
    ("currency", "rmb", "currency: must be a 3-letter currency code"),
    ("ramp", [0.5, 0.5, 0.5, 0.5], "ramp: has 4 values but the case runs 3 years"),
]


def test_the_good_case_is_accepted() -> None:
    assert parse_case(GOOD).years == 3


@pytest.mark.parametrize(("path", "value", "message"), CASES)
def test_bad_value_is_refused_with_its_field_path(path: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_case(bad(path, value))
    assert str(err.value).startswith(message)


def test_not_an_object_is_refused() -> None:
    with pytest.raises(ValidationError, match="case: must be a JSON object"):
        parse_case([1, 2])


def test_optional_fields_take_their_documented_defaults() -> None:
    minimal = {"name": "M", "years": 2, "discount_rate": 0,
               "drivers": [{"kind": "revenue_uplift", "name": "U", "baseline_revenue": 100,
                            "uplift_pct": 0.5}]}
    parsed = parse_case(minimal)
    assert parsed.currency == "CNY"
    assert parsed.ramp == (1.0, 1.0)
    assert parsed.scenarios == (("conservative", 0.7), ("expected", 1.0), ("optimistic", 1.2))
    assert parsed.drivers[0].inputs["margin_pct"] == 1.0
    assert parsed.one_time == parsed.recurring == ()


def test_huge_integer_is_refused_not_crashing() -> None:
    with pytest.raises(ValidationError, match=r"drivers\[0\].people: .*too large"):
        parse_case(bad("drivers.0.people", 10**400))


@pytest.mark.parametrize(("text", "field"), [
    ('{"name": "x", "years": 3, "discount_rate": NaN, "drivers": []}', "discount_rate: "),
    ('{"name": "x", "years": 3, "discount_rate": Infinity, "drivers": []}', "discount_rate: "),
    ('{"name": "x", "years": 3, "discount_rate": 0.1, "drivers": [{"kind": "custom", '
     '"name": "a", "annual_value": 1e999}]}', "drivers[0].annual_value: "),
    ('{"name": "x", "years": 3, "discount_rate": 0.1, "ramp": [-Infinity], "drivers": []}',
     "ramp[0]: "),
])
def test_cli_names_the_field_holding_nan_or_infinity(
        cli: Callable[..., Result], text: str, field: str) -> None:
    for command in ("compute", "save"):
        result = cli("roi", command, "-", input=text)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert result.output.startswith(f"Error: {field}") and "NaN or infinity" in result.output
    assert json.loads(cli("roi", "list", "--json").output) == []


@pytest.mark.parametrize("text", [
    "not json at all",
    '{"name": "x", "years": 3, "discount_rate": NaN, "drivers": []}',
    '{"name": "x", "years": 3, "discount_rate": Infinity, "drivers": []}',
])
def test_cli_refuses_non_json_and_nan_without_traceback(
        cli: Callable[..., Result], text: str) -> None:
    result = cli("roi", "compute", "-", input=text)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")


@pytest.mark.parametrize(("path", "value", "message"), CASES)
def test_cli_names_the_field_and_stores_nothing(
        cli: Callable[..., Result], tmp_path: Path, path: str, value: Any, message: str) -> None:
    text = json.dumps(bad(path, value))
    case_file = tmp_path / "case.json"
    case_file.write_text(text, encoding="utf-8")
    for command in (("roi", "compute", str(case_file)), ("roi", "save", str(case_file))):
        result = cli(*command)
        assert result.exit_code == 1, result.output
        # a handled user error: one line, not an exception the runner caught
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
        assert message in result.output
    assert json.loads(cli("roi", "list", "--json").output) == []
