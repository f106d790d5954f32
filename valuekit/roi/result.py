"""Compute a case and shape its figures: ``compute`` runs every scenario, the
sensitivity and the break-even; ``result_json`` is the ``roi compute --json`` contract,
the one source of every figure the CLI, the PDFs and the GUI print (docs/roi.md).

It sits above ``model`` (the arithmetic), ``parse`` (validation), ``sensitivity`` and
``text`` so that none of those needs to import back into it."""

from __future__ import annotations

from typing import Any

from valuekit.i18n import field_label
from valuekit.roi.flags import red_flags
from valuekit.roi.model import (
    DEFAULT_SCENARIOS,
    SENSITIVITY_VARIATION,
    Driver,
    RoiCase,
    RoiResult,
    ScenarioResult,
    scenario_result,
)
from valuekit.roi.parse import parse_case
from valuekit.roi.provenance import Confidence, confidence
from valuekit.roi.sensitivity import break_even_factor, sensitivity
from valuekit.roi.text import driver_formula, headline_lines, needs_text
from valuekit.roi.types import (
    FlagJSON,
    IncompleteJSON,
    InputJSON,
    RoiCaseInput,
    RoiResultJSON,
    ScenarioFigures,
    SensitivityFigures,
)


def compute(case: RoiCase) -> RoiResult:
    """Every scenario, the ±20 % driver sensitivity and the break-even benefit factor."""
    annual = sum(d.annual_value for d in case.drivers)
    scenarios = tuple(scenario_result(case, n, f, annual) for n, f in case.scenarios)
    return RoiResult(
        annual_value=annual,
        scenarios=scenarios,
        sensitivity=sensitivity(case),
        break_even_factor=break_even_factor(case),
    )


def _money(x: float) -> float:
    return round(x, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def _ratio(x: float | None) -> float | None:
    return None if x is None else round(x, 6) + 0.0


def _months(x: float | None) -> float | None:
    return None if x is None else round(x, 2) + 0.0


def case_confidence(case: RoiCase) -> Confidence | None:
    return confidence([(d.source, d.annual_value) for d in case.drivers])


def _inputs_json(d: Driver, lang: str) -> list[InputJSON]:
    out: list[InputJSON] = []
    for key, value in d.inputs.items():
        src = d.source_of(key)
        out.append({"name": key, "label": field_label(key, lang) or key, "value": value,
                    "source": src.source, "note": src.note, "ref": src.ref, "date": src.date})
    return out


def _flags_json(case: RoiCase, result: RoiResult, conf: Confidence | None,
                lang: str) -> list[FlagJSON]:
    return [{"code": f.code, "field": f.field, "message": f.message.render(lang),
             "blocking": f.blocking,
             "acknowledged": None if f.acknowledged is None else
             {"reason": f.acknowledged.reason, "date": f.acknowledged.date}}
            for f in red_flags(case, result, conf)]


def _sensitivity_json(case: RoiCase, result: RoiResult) -> SensitivityFigures:
    return {
        "scenario": case.sensitivity_scenario[0],
        "variation": SENSITIVITY_VARIATION,
        "drivers": [
            {
                "name": r.name,
                "kind": r.kind,
                "npv_low": _money(r.npv_low),
                "npv_high": _money(r.npv_high),
                "payback_low": _months(r.payback_low),
                "payback_high": _months(r.payback_high),
                "swing": _money(r.swing),
            }
            for r in result.sensitivity
        ],
        "break_even_factor": _ratio(result.break_even_factor),
    }


def result_json(case: RoiCase, result: RoiResult, lang: str = "zh") -> RoiResultJSON:
    """The ``valuekit roi compute --json`` contract (docs/roi.md): money to the cent,
    ratios and IRR to 6 decimals, payback months to 2 decimals, null where undefined;
    with each input's source, the confidence shares, the red flags, the drivers left out
    as incomplete and the ranged headline."""
    scenarios = {s.name: _scenario_json(s) for s in result.scenarios}
    sens = _sensitivity_json(case, result)
    conf = case_confidence(case)
    incomplete: list[IncompleteJSON] = [
        {"name": d.name, "kind": d.kind, "position": d.position, "missing": list(d.missing),
         "needs": needs_text(d.missing, lang)} for d in case.incomplete]
    return {
        "name": case.name,
        "currency": case.currency,
        "years": case.years,
        "discount_rate": case.discount_rate,
        "ramp": list(case.ramp),
        "annual_value": _money(result.annual_value),
        "drivers": [
            {
                "name": d.name,
                "kind": d.kind,
                "note": d.note,
                "source": d.source,
                "inputs": _inputs_json(d, lang),
                "annual_value": _money(d.annual_value),
                "formula": driver_formula(d, case.currency, lang),
            }
            for d in case.drivers
        ],
        "costs": {
            "one_time": [{"name": c.name, "amount": _money(c.amount)} for c in case.one_time],
            "recurring": [{"name": c.name, "amount": _money(c.amount)} for c in case.recurring],
        },
        "scenarios": scenarios,
        "sensitivity": sens,
        "confidence": conf,
        "warnings": _flags_json(case, result, conf, lang),
        "incomplete": incomplete,
        "headline": headline_lines(scenarios, sens, conf, lang),
    }


def _scenario_json(s: ScenarioResult) -> ScenarioFigures:
    return {
        "factor": s.factor,
        "benefits": [_money(b) for b in s.benefits],
        "cash_flows": [_money(cf) for cf in s.cash_flows],
        "total_benefit": _money(s.total_benefit),
        "total_cost": _money(s.total_cost),
        "net_benefit": _money(s.net_benefit),
        "roi": _ratio(s.roi),
        "npv": _money(s.npv),
        "irr": _ratio(s.irr),
        "irr_ambiguous": s.irr_ambiguous,
        "payback_months": _months(s.payback_months),
    }


def compute_json(data: Any, lang: str = "zh") -> RoiResultJSON:
    """Validate an ROI case input document and return its figures (the --json contract)."""
    case = parse_case(data)
    return result_json(case, compute(case), lang=lang)


def starter_case(name: str, driver_name: str, currency: str = "CNY") -> RoiCaseInput:
    """A new case as presales usually start one: three years sow/grow/harvest (docs/methods.md §5),
    8 % discount rate, the three default scenarios and one driver to fill in."""
    return {
        "name": name,
        "currency": currency,
        "years": 3,
        "discount_rate": 0.08,
        "ramp": [0.5, 0.8, 1.0],
        "drivers": [{"kind": "time_saved", "name": driver_name, "people": 0, "hours_per_week": 0,
                     "weeks_per_year": 48, "hourly_cost": 0}],
        "costs": {"one_time": [], "recurring": []},
        "scenarios": dict(DEFAULT_SCENARIOS),
    }
