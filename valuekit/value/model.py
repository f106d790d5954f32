"""The typed records of after-the-sale work and the checks every entry goes through.

Pure data and validation, no I/O: ``plan.py`` stores these records, ``report.py``
computes §7 over them. Every refusal names its field and says what is allowed.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.i18n.numbers import parse_number

WON_STAGES = ("Rev", "Retention")
TIERS = ("benchmark", "value_added", "ordinary")
SOURCES = ("measured", "customer", "estimated")
CONTACT_KINDS = ("meeting", "call", "message", "case")
# Contact cadence after the first 90 days (domain.md §7): monthly, key accounts weekly.
CADENCE_DAYS = {"benchmark": 7, "value_added": 30, "ordinary": 30}
DEFAULT_TIER = "ordinary"
# Year goals of the three-year plan: year 1 sow, 2 grow, 3 and later harvest.
YEAR_PHASES = ("sow", "grow", "harvest")
# The health thresholds of §7.
GREEN_REALISATION = 0.9
RED_REALISATION = 0.6
GREEN_OVERDUE_DAYS = 30
RED_OVERDUE_DAYS = 90
MAX_TITLE = 200
MAX_NOTE = 2000


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    due: date
    first_value: bool
    done_on: date | None

    def days_overdue(self, as_of: date) -> int:
        """Days past due on ``as_of`` while not done by then (0 when not overdue)."""
        if self.done_on is not None and self.done_on <= as_of:
            return 0
        return max(0, (as_of - self.due).days)


@dataclass(frozen=True)
class Actual:
    driver: str
    quarter: int
    amount: float
    source: str
    recorded_at: str


@dataclass(frozen=True)
class Contact:
    id: str
    on: date
    kind: str
    note: str


@dataclass(frozen=True)
class NpsAnswer:
    id: str
    score: int
    on: date


@dataclass(frozen=True)
class Plan:
    """A won account's realisation plan with everything recorded against it."""

    opportunity_id: str
    customer: str
    industry: str
    stage: str
    language: str
    owner: str
    tier: str
    case_id: str | None
    promise: dict[str, Any]
    go_live: date
    milestones: tuple[Milestone, ...] = ()
    actuals: tuple[Actual, ...] = ()
    contacts: tuple[Contact, ...] = ()
    nps: tuple[NpsAnswer, ...] = ()
    stories: tuple[str, ...] = field(default=())

    @property
    def currency(self) -> str:
        return str(self.promise.get("currency") or "CNY")


# -- dates ---------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(go_live: date, quarter: int) -> date:
    """The first day of quarter ``quarter`` (1-based) counted from go-live."""
    return add_months(go_live, 3 * (quarter - 1))


def parse_day(value: Any, field_name: str, *, not_before: date | None = None) -> date:
    """An ISO date (YYYY-MM-DD); with ``not_before`` (the go-live) earlier dates are refused."""
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationError(field_name, msg("{value!r} is not a date; use YYYY-MM-DD",
                                                  value=value)) from None
    if not_before is not None and day < not_before:
        raise ValidationError(field_name, msg("{day} is before the go-live date {go_live}",
                                              day=day.isoformat(), go_live=not_before.isoformat()))
    return day


# -- values --------------------------------------------------------------------------------
def parse_amount(value: Any, field_name: str = "amount") -> float:
    """A realised amount ≥ 0 as people type it (the ROI issue's human number formats:
    ``48,000``, ``4.8万``, ``¥48k``), read by the one parser of ``valuekit.i18n.numbers``."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(field_name, msg("must be a number ≥ 0, got {value!r}", value=value))
    return parse_number(value, field_name)


def parse_choice(value: Any, field_name: str, allowed: tuple[str, ...]) -> str:
    text = str(value or "").strip()
    if text not in allowed:
        raise ValidationError(field_name, msg("{value!r} is not allowed; allowed: {allowed}",
                                              value=value, allowed=", ".join(allowed)))
    return text


def parse_score(value: Any) -> int:
    """An NPS answer: a whole number 0..10."""
    try:
        number = float(str(value).strip()) if isinstance(value, str) else value
    except ValueError:
        number = None
    if (isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number)
            or number != int(number) or not 0 <= number <= 10):
        raise ValidationError("score", msg("must be a whole number from 0 to 10, got {value!r}", value=value))
    return int(number)


def nps(scores: list[int]) -> float | None:
    """Net promoter score: % promoters (9–10) − % detractors (0–6), −100..100."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)
