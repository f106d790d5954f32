"""How ROI figures read: money, percentages, each driver's formula with the customer's
numbers in it (zh/en), and the human table of ``valuekit roi compute``."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence

from valuekit.i18n import field_label, known, t
from valuekit.roi.model import Driver
from valuekit.roi.provenance import Confidence
from valuekit.roi.types import HeadlineJSON, RoiResultJSON, ScenarioFigures, SensitivityFigures

SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}



def label(key: str, lang: str) -> str:
    """An ROI label (``roilabel.<key>`` in the message table); an unknown key shows as itself."""
    return t(f"roilabel.{key}", lang) if known(f"roilabel.{key}") else key


def plain(x: float) -> str:
    """A count or rate as people write it: 40, 2.5, 1,200 (no trailing zeros)."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(x: float, currency: str) -> str:
    """¥576,000 or ¥1,234.50: cents only when there are cents."""
    symbol = SYMBOLS.get(currency, currency + " ")
    cents = round(abs(x), 2)
    body = f"{cents:,.0f}" if cents == int(cents) else f"{cents:,.2f}"
    return f"-{symbol}{body}" if x < 0 and cents else f"{symbol}{body}"


def pct(x: float, digits: int = 4) -> str:
    """0.15 → 15%, 0.125 → 12.5% (at most `digits` decimals of the percentage)."""
    return plain(round(x * 100, digits)) + "%"


def driver_formula(driver: Driver, currency: str, lang: str = "zh") -> str:
    """The driver's formula with the customer's numbers, ending in its annual value."""
    v = driver.inputs
    values = {key: (pct(x) if key in _SHARES else money(x, currency) if key in _AMOUNTS else plain(x))
              for key, x in v.items()}
    if driver.kind == "custom":
        return t("roi.formula.custom", lang, annual_value=values["annual_value"])
    return t(f"roi.formula.{driver.kind}", lang, **values) + f" = {money(driver.annual_value, currency)}"


_SHARES = {"uplift_pct", "margin_pct", "reduction_pct", "annual_probability"}
_AMOUNTS = {"hourly_cost", "baseline_revenue", "baseline_cost", "impact", "annual_value"}


def _range(values: list[float | None], fmt: Callable[[float], str]) -> str | None:
    known = [v for v in values if v is not None]
    if len(known) < len(values) or not known:
        return None
    lo, hi = fmt(min(known)), fmt(max(known))
    return lo if lo == hi else f"{lo}–{hi}"


def headline_lines(scenarios: Mapping[str, ScenarioFigures], sens: SensitivityFigures,
                   conf: Confidence | None, lang: str) -> HeadlineJSON:
    """The ranged headline a CFO reads first: the conservative–optimistic range with the
    expected figure beside it, the break-even statement and the confidence."""
    main = scenarios.get(sens["scenario"]) or next(iter(scenarios.values()))
    parts = []
    roi_range = _range([s["roi"] for s in scenarios.values()], lambda x: pct(x, 0))
    if roi_range is not None and main["roi"] is not None:
        parts.append(t("roi.range.roi", lang, range=roi_range, expected=pct(main["roi"], 0)))
    months = _range([s["payback_months"] for s in scenarios.values()], lambda x: f"{x:.0f}")
    if months is not None and main["payback_months"] is not None:
        parts.append(t("roi.range.payback", lang, range=months,
                       expected=f"{main['payback_months']:.0f}"))
    elif main["payback_months"] is None:
        parts.append(t("roi.range.no_payback", lang))
    be = sens["break_even_factor"]
    if be is None:
        break_even = ""
    elif be <= 1:
        break_even = t("roi.range.break_even", lang, share=pct(be, 0))
    else:
        break_even = t("roi.range.break_even_above", lang, share=pct(be, 0))
    if conf is None:
        confidence = ""
    elif conf["customer_share"] >= 1:
        confidence = t("roi.range.confidence_all", lang)
    else:
        confidence = t("roi.range.confidence", lang, customer=pct(conf["customer_share"], 0),
                       benchmark=pct(conf["benchmark_share"], 0),
                       assumption=pct(conf["assumption_share"], 0))
    return {"range": t("roi.range.sep", lang).join(parts), "break_even": break_even,
            "confidence": confidence}


def needs_text(missing: Sequence[str], lang: str) -> str:
    """What an incomplete driver still needs: "needs weeks per year" / "还需要每年周数"."""
    names = t("roi.list_sep", lang).join(field_label(k, lang) or k for k in missing)
    return t("needs {inputs}", lang, inputs=names)


def source_badge(source: str, lang: str) -> str:
    """客户提供 / 行业基准 / 假设 — the badge beside a number."""
    return t(f"roi.source.{source}", lang)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(rows: list[list[str]]) -> str:
    """Columns aligned by display width (Chinese characters count double); numbers right."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(row)).rstrip()
        for row in rows
    )


def human_report(result: RoiResultJSON, lang: str = "zh") -> str:
    """The default output of ``valuekit roi compute``: drivers with formulas, then one
    column per scenario, then the sensitivity table."""
    cur = result["currency"]
    none = label("none", lang)
    lines = [f"{result['name']}  ({result['years']} y, r = {pct(result['discount_rate'])})", "",
             label("drivers", lang) + ":"]
    lines += [f"  {d['name']}: {d['formula']}" for d in result["drivers"]]
    lines += [f"{label('annual_value', lang)}: {money(result['annual_value'], cur)}", ""]
    names = list(result["scenarios"])
    rows = [[label("scenario", lang)] + [label(n, lang) for n in names]]
    for key in ("total_benefit", "total_cost", "net_benefit", "npv"):
        rows.append([label(key, lang)] + [money(result["scenarios"][n][key], cur) for n in names])

    def irr_text(s: ScenarioFigures) -> str:
        if s["irr"] is None:
            return none
        return pct(s["irr"], 1) + (label("ambiguous", lang) if s["irr_ambiguous"] else "")

    rows.append([label("roi", lang)] + [
        none if (roi := result["scenarios"][n]["roi"]) is None else pct(roi, 1)
        for n in names])
    rows.append([label("irr", lang)] + [irr_text(result["scenarios"][n]) for n in names])
    rows.append([label("payback_months", lang)] + [
        label("not_recovered", lang) if (payback := result["scenarios"][n]["payback_months"]) is None
        else plain(payback) for n in names])
    lines.append(table(rows))
    # one row per scenario: the cash flows CF0..CFN the figures above come from
    years = len(next(iter(result["scenarios"].values()))["cash_flows"])
    frows = [[label("cash_flows", lang)] + [label("year", lang).format(t=t) for t in range(years)]]
    frows += [[label(n, lang)] + [money(cf, cur) for cf in result["scenarios"][n]["cash_flows"]]
              for n in names]
    lines += ["", table(frows)]
    sens = result["sensitivity"]
    lines += ["", f"{label('sensitivity', lang)} — {label(sens['scenario'], lang)}:"]
    pb = label("payback_short", lang)

    def months(x: float | None) -> str:
        return label("not_recovered", lang) if x is None else plain(x)

    srows = [[label("driver", lang), "NPV −20%", "NPV +20%", "Δ NPV", f"{pb} −20%", f"{pb} +20%"]]
    srows += [[d["name"], money(d["npv_low"], cur), money(d["npv_high"], cur),
               money(d["swing"], cur), months(d["payback_low"]), months(d["payback_high"])]
              for d in sens["drivers"]]
    lines.append(table(srows))
    be = sens["break_even_factor"]
    lines.append(f"{label('break_even', lang)}: {none if be is None else plain(be)}")
    return "\n".join(lines + _trust_lines(result, lang))


def _trust_lines(result: RoiResultJSON, lang: str) -> list[str]:
    """The headline range, confidence, red flags and incomplete drivers of the report."""
    head = result["headline"]
    lines = [""] + [line for line in (head["range"], head["break_even"], head["confidence"]) if line]
    if result.get("incomplete"):
        lines += ["", label("incomplete", lang) + ":"]
        lines += [f"  {d['name'] or '—'}: {d['needs']}" for d in result["incomplete"]]
    if result.get("warnings"):
        lines += ["", label("flags", lang) + ":"]
        for w in result["warnings"]:
            ack = w["acknowledged"]
            mark = "✓" if ack else "!"
            lines.append(f"  {mark} [{w['code']}] {w['message']}")
            if ack:
                lines.append("      " + label("acknowledged", lang).format(reason=ack["reason"]))
    return lines
