"""The growth figures the seeds use (docs/methods.md §8), each compared with the seeds' benchmark.

CLV = ARR × average customer lifetime (years); CAC = (marketing + sales spend) / new
customers; NPS = (promoters − detractors) / respondents × 100 (good SaaS > 10, software
average 13); NRR = (start MRR + expansion − contraction − churn) / start MRR (good SaaS
> 120 %); viral coefficient K = invites per user × conversion rate × invite frequency
(growth needs K > 1).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from valuekit.errors import ValidationError
from valuekit.i18n import msg, t

METRICS = ("clv", "cac", "nps", "nrr", "viral")


@dataclass
class MetricResult:
    metric: str
    value: float
    formula: str  # the formula with the user's numbers in it
    benchmark: str  # the seeds' benchmark, or "" when the seeds give none
    verdict: str  # "good", "below", or "" without a benchmark

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _num(value: Any, field: str, *, positive: bool = False, fraction: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value \
            or value in (float("inf"), float("-inf")):
        raise ValidationError(field, msg("must be a number"))
    if positive and value <= 0:
        raise ValidationError(field, msg("must be a number greater than 0"))
    if value < 0:
        raise ValidationError(field, msg("must be a number ≥ 0, got {value}", value=value))
    if fraction and value > 1:
        raise ValidationError(field, msg("must be a number greater than 0 and at most 1"))
    return float(value)


def _g(x: float) -> str:
    return f"{x:,.10g}"


def clv(arr: Any, lifetime_years: Any, lang: str = "en") -> MetricResult:
    a, y = _num(arr, "arr"), _num(lifetime_years, "lifetime_years", positive=True)
    return MetricResult("clv", a * y, f"{_g(a)} × {_g(y)}", "", "")


def cac(marketing: Any, sales: Any, new_customers: Any, lang: str = "en") -> MetricResult:
    m, s = _num(marketing, "marketing"), _num(sales, "sales")
    n = _num(new_customers, "new_customers", positive=True)
    return MetricResult("cac", (m + s) / n, f"({_g(m)} + {_g(s)}) / {_g(n)}", "", "")


def nps(promoters: Any, detractors: Any, respondents: Any, lang: str = "en") -> MetricResult:
    p, d = _num(promoters, "promoters"), _num(detractors, "detractors")
    r = _num(respondents, "respondents", positive=True)
    if p + d > r:
        raise ValidationError("respondents", msg("must be at least promoters + detractors ({total})",
                                                 total=_g(p + d)))
    value = (p - d) / r * 100
    return MetricResult("nps", value, f"({_g(p)} − {_g(d)}) / {_g(r)} × 100",
                        t("metric.bench.nps", lang), "good" if value > 10 else "below")


def nrr(start_mrr: Any, expansion: Any, contraction: Any, churn: Any, lang: str = "en") -> MetricResult:
    s = _num(start_mrr, "start_mrr", positive=True)
    e, c, ch = _num(expansion, "expansion"), _num(contraction, "contraction"), _num(churn, "churn")
    value = (s + e - c - ch) / s
    return MetricResult("nrr", value, f"({_g(s)} + {_g(e)} − {_g(c)} − {_g(ch)}) / {_g(s)}",
                        t("metric.bench.nrr", lang), "good" if value > 1.2 else "below")


def viral(invites: Any, conversion: Any, frequency: Any, lang: str = "en") -> MetricResult:
    i, c, f = _num(invites, "invites"), _num(conversion, "conversion", fraction=True), _num(frequency, "frequency")
    value = i * c * f
    return MetricResult("viral", value, f"{_g(i)} × {_g(c)} × {_g(f)}",
                        t("metric.bench.viral", lang), "good" if value > 1 else "below")


def shown(result: MetricResult) -> str:
    """The value as a reader expects it: money with separators, NPS to one decimal, NRR in
    per cent, K to two decimals (never 6e+05)."""
    v = result.value
    if result.metric == "nrr":
        return f"{v:.1%}"
    if result.metric in ("clv", "cac"):
        return f"{v:,.2f}".removesuffix(".00")
    if result.metric == "nps":
        return f"{v:.1f}".removesuffix(".0")
    return f"{v:.2f}"
