"""The Excel workbook recalculated by an independent evaluator (the ``formulas``
package) equals ``roi compute`` to the cent, for the worked example, every demo case
and random cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import formulas
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from valuekit.resources import DEMO_DIR
from valuekit.roi.parse import parse_case
from valuekit.roi.result import compute_json
from valuekit.roi.workbook import scenario_cells, write_workbook

EXAMPLE = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
DEMO_CASES = [o["roi_case"]["data"] for o in
              json.loads((DEMO_DIR / "sales.json").read_text(encoding="utf-8"))["opportunities"]]


def _recalculate(path: Path) -> dict[str, Any]:
    """Every cell's value as the independent evaluator computes it, by 'SHEET'!A1."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    out: dict[str, Any] = {}
    for key, value in solution.items():
        ref = key.split("]", 1)[1] if "]" in key else key
        sheet, _, cell = ref.rpartition("!")
        raw = value.value[0, 0] if hasattr(value, "value") else value
        out[f"{sheet.strip(chr(39)).upper()}!{cell.upper()}"] = raw
    return out


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, str):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None  # an Excel error value (#NUM!) reads as "no figure"


def _check(data: dict[str, Any], tmp_path: Path, lang: str = "en") -> None:
    case = parse_case(data)
    result = compute_json(data, lang)
    path = tmp_path / "case.xlsx"
    write_workbook(case, path, lang)
    values = _recalculate(path)
    flows_sheet = load_workbook(path).sheetnames[2].upper()
    cells = scenario_cells(case, lang)
    for name, scenario in result["scenarios"].items():
        where = cells[name]

        def at(cell: str, column_offset: int = 0) -> float | None:
            col = chr(ord(cell[0]) + column_offset)
            return _number(values[f"{flows_sheet}!{col}{cell[1:]}"])

        for key in ("total_benefit", "total_cost", "net_benefit", "npv"):
            assert round(at(where[key]) or 0.0, 2) == scenario[key], (name, key)
        for t, cf in enumerate(scenario["cash_flows"]):
            assert round(at(where["cash_flows"], t) or 0.0, 2) == cf, (name, "cash flow", t)
        roi = at(where["roi"])
        assert (None if roi is None else round(roi, 6)) == scenario["roi"], (name, "roi")
        irr = at(where["irr"])
        if scenario["irr"] is None:
            assert irr is None, (name, "irr")
        elif not scenario["irr_ambiguous"]:
            assert irr is not None and round(irr, 6) == scenario["irr"], (name, "irr")
        months = at(where["payback_months"])
        assert (None if months is None else round(months, 2)) == scenario["payback_months"], name


def test_the_worked_example_recalculates_to_the_cent(tmp_path: Path) -> None:
    _check(EXAMPLE, tmp_path, "zh")


@pytest.mark.parametrize("index", range(len(DEMO_CASES)))
def test_every_demo_case_recalculates_to_the_cent(index: int, tmp_path: Path) -> None:
    _check(DEMO_CASES[index], tmp_path)


def test_the_workbook_holds_formulas_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "case.xlsx"
    write_workbook(parse_case(EXAMPLE), path, "zh")
    wb = load_workbook(path)
    assert wb.sheetnames == ["输入", "驱动因素", "现金流"]
    inputs = [[c.value for c in row] for row in wb["输入"].iter_rows()]
    people = next(r for r in inputs if r[2] == "人数")
    assert people[3] == 40 and people[4] == "客户提供" and "40 名销售" in people[5]
    assert {r[4] for r in inputs if r[3] is not None and r[2]} >= {"客户提供", "行业基准", "假设"}
    drivers = wb["驱动因素"]
    assert str(drivers["C2"].value).startswith("='输入'!$D$")
    flows = wb["现金流"]
    texts = [str(c.value) for row in flows.iter_rows() for c in row if c.value is not None]
    assert any("NPV(" in x for x in texts) and any("IRR(" in x for x in texts)


money = st.floats(min_value=0, max_value=5e6, allow_nan=False).map(lambda x: round(x, 2))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.integers(1, 500), hours=st.floats(0.5, 20).map(lambda x: round(x, 1)),
       cost=money, one_time=money, recurring=money,
       ramp=st.lists(st.floats(0.1, 1).map(lambda x: round(x, 2)), min_size=1, max_size=5),
       years=st.integers(1, 5), rate=st.floats(0, 0.3).map(lambda x: round(x, 3)))
def test_random_cases_recalculate_to_the_cent(tmp_path: Path, people: int, hours: float, cost: float,
                                             one_time: float, recurring: float, ramp: list[float],
                                             years: int, rate: float) -> None:
    data = {"name": "r", "years": years, "discount_rate": rate, "ramp": ramp[:years],
            "drivers": [{"kind": "time_saved", "name": "t", "people": people, "hours_per_week": hours,
                         "weeks_per_year": 46, "hourly_cost": 80},
                        {"kind": "custom", "name": "c", "annual_value": cost}],
            "costs": {"one_time": [{"name": "o", "amount": one_time}],
                      "recurring": [{"name": "r", "amount": recurring}]}}
    _check(data, tmp_path)
