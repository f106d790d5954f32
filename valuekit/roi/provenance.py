"""Where each number of a business case came from, and how much of the value rests on
the customer's own numbers.

A driver input in the case document is either a plain number (an assumption of whoever
wrote the case) or ``{"value", "source", "note", "ref", "date"}`` with ``source`` one of
``customer`` (the customer said it: a SPIN answer, a workshop), ``benchmark`` (a driver
template's typical figure, an analyst report) or ``assumption``. A CFO reads the badge
beside each number; ``confidence`` says which share of the value rests on what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from valuekit.errors import ValidationError
from valuekit.i18n import msg

Source = Literal["customer", "benchmark", "assumption"]
SOURCES: tuple[Source, ...] = ("customer", "benchmark", "assumption")
PROVENANCE_KEYS = ("value", "source", "note", "ref", "date")
MAX_NOTE = 1000


@dataclass(frozen=True)
class InputSource:
    """The provenance of one input: who stated it, with a note, a reference (a SPIN answer's
    question id, a template id, a report) and the date it was stated."""

    source: Source = "assumption"
    note: str = ""
    ref: str = ""
    date: str = ""

    def as_json(self, value: float) -> dict[str, Any]:
        out: dict[str, Any] = {"value": value, "source": self.source}
        for key in ("note", "ref", "date"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


ASSUMED = InputSource()


class Confidence(TypedDict):
    customer_share: float
    benchmark_share: float
    assumption_share: float


def split_input(raw: Any, path: str) -> tuple[Any, InputSource]:
    """(the raw value, its provenance): a plain value is an assumption; an object is
    checked here (its value is checked by the caller, like any number)."""
    if not isinstance(raw, dict):
        return raw, ASSUMED
    for key in raw:
        if key not in PROVENANCE_KEYS:
            raise ValidationError(f"{path}.{key}", msg("unknown field; allowed: {allowed}",
                                                       allowed=", ".join(PROVENANCE_KEYS)))
    if "value" not in raw:
        raise ValidationError(f"{path}.value", msg("is required: the number, with its source beside it"))
    source = raw.get("source", "assumption")
    if source not in SOURCES:
        raise ValidationError(f"{path}.source", msg("must be one of {allowed}, got {value!r}",
                                                    allowed=", ".join(SOURCES), value=source))
    texts = {}
    for key in ("note", "ref"):
        value = raw.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > MAX_NOTE:
            raise ValidationError(f"{path}.{key}", msg("must be text of at most {n} characters", n=MAX_NOTE))
        texts[key] = value.strip()
    date = raw.get("date") or ""
    if date:
        if not isinstance(date, str):
            raise ValidationError(f"{path}.date", msg("must be a date YYYY-MM-DD"))
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise ValidationError(f"{path}.date", msg("must be a date YYYY-MM-DD")) from None
    return raw["value"], InputSource(source=source, note=texts["note"], ref=texts["ref"], date=date)


def driver_source(sources: Sequence[InputSource]) -> Source:
    """A driver is customer-stated when all its inputs are; benchmark when none is an
    assumption (and some are benchmarks); otherwise it rests on an assumption."""
    kinds = {s.source for s in sources}
    if kinds <= {"customer"}:
        return "customer"
    if "assumption" not in kinds:
        return "benchmark"
    return "assumption"


def confidence(weighted: Sequence[tuple[Source, float]]) -> Confidence | None:
    """Shares of the summed full-adoption annual value by driver source (they sum to 1);
    None without drivers, or when no driver has any value to share."""
    total = sum(v for _, v in weighted)
    if not weighted or total <= 0:
        return None
    share = {s: sum(v for k, v in weighted if k == s) / total for s in SOURCES}
    # rounded to 6 decimals like every ratio; the assumption share takes the rounding rest
    customer, benchmark = round(share["customer"], 6), round(share["benchmark"], 6)
    return {"customer_share": customer + 0.0, "benchmark_share": benchmark + 0.0,
            "assumption_share": round(1.0 - customer - benchmark, 6) + 0.0}
