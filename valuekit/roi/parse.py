"""Read an ROI case input document (the JSON of ``valuekit roi compute``) into a
``RoiCase``, refusing every bad value before any computation or storage.

Each refusal names the field path and what is allowed, e.g.
``drivers[0].hours_per_week: must be a number ≥ 0``. Numbers must be JSON numbers:
"1,000" or "120元" are refused rather than guessed at, and NaN/Infinity (including
1e999, which JSON parsers read as infinity) are refused because no figure can follow.
"""

from __future__ import annotations

import math
import re
from typing import Any

from valuekit.errors import ValidationError
from valuekit.i18n import Msg, msg
from valuekit.roi.model import (
    DEFAULT_SCENARIOS,
    DRIVER_INPUTS,
    OPTIONAL_INPUTS,
    Acknowledgement,
    CostItem,
    Driver,
    IncompleteDriver,
    RoiCase,
)
from valuekit.roi.provenance import InputSource, split_input

MAX_YEARS = 10
MAX_ITEMS = 200  # drivers per case, cost lines: a real case has a handful
# The largest amount or count accepted (10^15, a thousand trillion): far beyond any real
# business case, and small enough that every product, sum and discounted value of the model
# stays a finite float, so no figure can come out as infinity or NaN.
MAX_NUMBER = 1e15
TOP_LEVEL_KEYS = {
    "name", "currency", "years", "discount_rate", "ramp", "drivers", "costs", "scenarios",
    "customer", "notes", "acknowledged",
}
ACK_KEYS = ("code", "field", "reason", "date")
COST_KEYS = ("name", "amount")
# Inputs that are shares of something: a fraction 0–1 (0.15 = 15 %).
FRACTION_INPUTS = {"uplift_pct", "margin_pct", "reduction_pct", "annual_probability"}
# Upper bounds that catch unit mistakes (hours per day typed as per week, etc.).
INPUT_MAXIMA = {"hours_per_week": 168.0, "weeks_per_year": 53.0}
FRACTION = msg("a fraction from 0 to 1 (0.15 = 15 %)")
RATE = msg("≥ 0 and < 1 (0.08 = 8 %)")


def _bound(x: float) -> str:
    return f"{x:,.0f}" if x >= 1000 else f"{x:g}"


def number(value: Any, path: str, *, minimum: float = 0.0, maximum: float | None = None,
           fraction: bool = False, allowed: Msg | None = None) -> float:
    """A finite JSON number within bounds, as float; otherwise a ValidationError.

    ``allowed`` overrides how the range is described (e.g. "≥ 0 and < 1")."""
    if fraction:
        minimum, maximum = 0.0, 1.0
    if maximum is None:
        maximum = MAX_NUMBER
    if allowed is None:
        allowed = FRACTION if fraction else msg("a number ≥ {minimum:g}", minimum=minimum)
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str):
            raise ValidationError(path, msg('must be {allowed}, not text "{value}"', allowed=allowed, value=value))
        if value is None:
            raise ValidationError(path, msg("must be {allowed}; it is missing", allowed=allowed))
        raise ValidationError(path, msg("must be {allowed}, not {kind}", allowed=allowed, kind=type(value).__name__))
    try:
        result = float(value)
    except OverflowError:
        raise ValidationError(path, msg("must be {allowed}; {value} is too large", allowed=allowed, value=value)) from None
    if not math.isfinite(result):
        raise ValidationError(path, msg("must be {allowed}, not NaN or infinity", allowed=allowed))
    if result < minimum or (fraction and result > maximum):
        raise ValidationError(path, msg("must be {allowed}, got {value}", allowed=allowed, value=value))
    if result > maximum:
        raise ValidationError(path, msg("must be at most {bound}, got {value}", bound=_bound(maximum), value=value))
    return result


def _text(value: Any, path: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError(path, "must be a non-empty text" if required else "must be text")
    return value.strip()


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, "must be a JSON object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(path, "must be a JSON list")
    if len(value) > MAX_ITEMS:  # checked before any item is computed (issue 12)
        raise ValidationError(path, msg("has {n} items; at most {limit} are allowed", n=len(value), limit=MAX_ITEMS))
    return value


DRIVER_KEYS = ("kind", "name", "note", "incomplete", "template")


def _driver(raw: Any, position: int) -> Driver | IncompleteDriver:
    """A driver; with ``"incomplete": true`` one whose missing inputs are listed instead of
    refused (it is kept, shown, and left out of the figures)."""
    path = f"drivers[{position}]"
    item = _object(raw, path)
    kind = item.get("kind")
    if kind not in DRIVER_INPUTS:
        raise ValidationError(f"{path}.kind", msg("must be one of {allowed}", allowed=", ".join(DRIVER_INPUTS)))
    inputs_allowed = DRIVER_INPUTS[kind]
    for key in item:
        if key not in (*inputs_allowed, *DRIVER_KEYS):
            raise ValidationError(
                f"{path}.{key}",
                msg("is not an input of a {kind} driver; allowed: {allowed}", kind=kind,
                    allowed=", ".join(inputs_allowed)))
    may_be_incomplete = item.get("incomplete", False)
    if not isinstance(may_be_incomplete, bool):
        raise ValidationError(f"{path}.incomplete", msg("must be true or false"))
    _text(item.get("template"), f"{path}.template", required=False)
    inputs: dict[str, float] = {}
    sources: dict[str, InputSource] = {}
    missing: list[str] = []
    for key in inputs_allowed:
        if key not in item and key in OPTIONAL_INPUTS.get(kind, {}):
            inputs[key] = OPTIONAL_INPUTS[kind][key]
            sources[key] = InputSource(note="not stated; the model's default")
            continue
        if key not in item or item[key] is None:
            if may_be_incomplete:
                missing.append(key)
                continue
            raise ValidationError(f"{path}.{key}", msg("is required for a {kind} driver", kind=kind))
        value, sources[key] = split_input(item[key], f"{path}.{key}")
        value_path = f"{path}.{key}.value" if isinstance(item[key], dict) else f"{path}.{key}"
        inputs[key] = number(value, value_path, fraction=key in FRACTION_INPUTS,
                             maximum=INPUT_MAXIMA.get(key))
    note = _text(item.get("note"), f"{path}.note", required=False)
    nameless = may_be_incomplete and not str(item.get("name") or "").strip()
    if missing or nameless:
        name = _text(item.get("name"), f"{path}.name", required=False)
        return IncompleteDriver(kind=kind, name=name, missing=(("name",) if nameless else ()) + tuple(missing),
                                inputs=inputs, note=note, position=position)
    return Driver(kind=kind, name=_text(item.get("name"), f"{path}.name"), inputs=inputs,
                  note=note, sources=sources, position=position)


def _acknowledged(raw: Any) -> tuple[Acknowledgement, ...]:
    out = []
    for i, item in enumerate(_list([] if raw is None else raw, "acknowledged")):
        path = f"acknowledged[{i}]"
        entry = _object(item, path)
        for key in entry:
            if key not in ACK_KEYS:
                raise ValidationError(f"{path}.{key}", msg("unknown field; allowed: {allowed}", allowed=", ".join(ACK_KEYS)))
        code = _text(entry.get("code"), f"{path}.code")
        reason = _text(entry.get("reason"), f"{path}.reason")
        out.append(Acknowledgement(code=code, field=_text(entry.get("field"), f"{path}.field", required=False),
                                   reason=reason, date=_text(entry.get("date"), f"{path}.date", required=False)))
    return tuple(out)


def _costs(raw: Any) -> tuple[tuple[CostItem, ...], tuple[CostItem, ...]]:
    costs = _object({} if raw is None else raw, "costs")
    for key in costs:
        if key not in ("one_time", "recurring"):
            raise ValidationError(f"costs.{key}", "unknown; allowed: one_time, recurring")
    out: list[tuple[CostItem, ...]] = []
    for key in ("one_time", "recurring"):
        items = _list(costs.get(key, []), f"costs.{key}")
        out.append(tuple(_cost(c, f"costs.{key}[{i}]") for i, c in enumerate(items)))
    return out[0], out[1]


def _cost(raw: Any, path: str) -> CostItem:
    item = _object(raw, path)
    for key in item:
        if key not in COST_KEYS:
            raise ValidationError(f"{path}.{key}", msg("unknown field; allowed: {allowed}", allowed=", ".join(COST_KEYS)))
    return CostItem(name=_text(item.get("name"), f"{path}.name"),
                    amount=number(item.get("amount"), f"{path}.amount"))


def _years(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or (
        isinstance(value, float) and not value.is_integer()
    ) or not 1 <= value <= MAX_YEARS:
        raise ValidationError("years", msg("must be a whole number from 1 to {max_years}, got {value!r}", max_years=MAX_YEARS, value=value))
    return int(value)


def _ramp(value: Any, years: int) -> tuple[float, ...]:
    if value is None:
        return (1.0,) * years
    ramp = _list(value, "ramp")
    if not ramp:
        raise ValidationError("ramp", "must hold at least one adoption fraction (e.g. [0.5, 0.8, 1.0])")
    if len(ramp) > years:
        raise ValidationError("ramp", msg("has {value} values but the case runs {years} years", value=len(ramp), years=years))
    values = [number(v, f"ramp[{i}]", fraction=True) for i, v in enumerate(ramp)]
    # §6: missing years repeat the last value.
    return tuple(values + [values[-1]] * (years - len(values)))


def _scenarios(value: Any) -> tuple[tuple[str, float], ...]:
    if value is None:
        return tuple(DEFAULT_SCENARIOS.items())
    scenarios = _object(value, "scenarios")
    if not scenarios:
        raise ValidationError("scenarios", "must name at least one scenario, e.g. {\"expected\": 1.0}")
    for name in scenarios:
        if not re.fullmatch(r"[\w\- ]{1,40}", name):
            raise ValidationError(f"scenarios.{name}", "a scenario name is 1–40 letters, digits, - or _")
    return tuple((name, number(f, f"scenarios.{name}")) for name, f in scenarios.items())


def parse_case(data: Any) -> RoiCase:
    """Validate an ROI case input document; raise ValidationError at the first problem."""
    doc = _object(data, "case")
    for key in doc:
        if key not in TOP_LEVEL_KEYS:
            raise ValidationError(key, msg("unknown field; allowed: {allowed}", allowed=", ".join(sorted(TOP_LEVEL_KEYS))))
    name = _text(doc.get("name"), "name")
    currency = doc.get("currency", "CNY")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValidationError("currency", "must be a 3-letter currency code such as CNY, USD, EUR")
    if "years" not in doc:
        raise ValidationError("years", msg("is required: a whole number from 1 to {max_years}", max_years=MAX_YEARS))
    years = _years(doc["years"])
    if "discount_rate" not in doc:
        raise ValidationError("discount_rate", "is required: a fraction ≥ 0 and < 1 (0.08 = 8 %)")
    rate = number(doc["discount_rate"], "discount_rate", fraction=True, allowed=RATE)
    if rate >= 1:
        raise ValidationError("discount_rate", msg("must be {rate}, got {discount_rate}", rate=RATE, discount_rate=doc['discount_rate']))
    for key in ("customer", "notes"):
        _text(doc.get(key), key, required=False)
    ramp = _ramp(doc.get("ramp"), years)
    drivers_raw = _list(doc.get("drivers", []), "drivers")
    if not drivers_raw:
        raise ValidationError("drivers", "at least one driver is required")
    parsed = [_driver(d, i) for i, d in enumerate(drivers_raw)]
    drivers = tuple(d for d in parsed if isinstance(d, Driver))
    if not drivers:
        raise ValidationError("drivers", "at least one driver needs all its inputs; the others are incomplete")
    one_time, recurring = _costs(doc.get("costs"))
    return RoiCase(
        name=name, currency=currency, years=years, discount_rate=rate, ramp=ramp,
        drivers=drivers, one_time=one_time, recurring=recurring,
        scenarios=_scenarios(doc.get("scenarios")), source=dict(doc),
        incomplete=tuple(d for d in parsed if isinstance(d, IncompleteDriver)),
        acknowledged=_acknowledged(doc.get("acknowledged")),
    )
