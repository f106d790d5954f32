"""How ROI figures read: money, percentages, each driver's formula with the customer's
numbers in it (zh/en), and the human table of ``valuekit roi compute``."""

from __future__ import annotations

import unicodedata

from valuekit.i18n import known, t
from valuekit.roi.model import Driver
from valuekit.roi.types import RoiResultJSON, ScenarioFigures

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
    m = lambda x: money(x, currency)  # noqa: E731 - a local shorthand keeps the tables readable
    zh = lang == "zh"
    if driver.kind == "time_saved":
        parts = (
            [f"{plain(v['people'])} 人", f"{plain(v['hours_per_week'])} h/周",
             f"{plain(v['weeks_per_year'])} 周", f"{m(v['hourly_cost'])}/h"] if zh else
            [f"{plain(v['people'])} people", f"{plain(v['hours_per_week'])} h/week",
             f"{plain(v['weeks_per_year'])} weeks", f"{m(v['hourly_cost'])}/h"]
        )
    elif driver.kind == "revenue_uplift":
        parts = (
            [f"营收 {m(v['baseline_revenue'])}", f"提升 {pct(v['uplift_pct'])}",
             f"毛利率 {pct(v['margin_pct'])}"] if zh else
            [f"revenue {m(v['baseline_revenue'])}", f"uplift {pct(v['uplift_pct'])}",
             f"margin {pct(v['margin_pct'])}"]
        )
    elif driver.kind == "cost_reduction":
        parts = (
            [f"成本 {m(v['baseline_cost'])}", f"降低 {pct(v['reduction_pct'])}"] if zh else
            [f"cost {m(v['baseline_cost'])}", f"reduction {pct(v['reduction_pct'])}"]
        )
    elif driver.kind == "risk_avoidance":
        parts = (
            [f"年发生概率 {pct(v['annual_probability'])}", f"损失 {m(v['impact'])}",
             f"降低 {pct(v['reduction_pct'])}"] if zh else
            [f"annual probability {pct(v['annual_probability'])}", f"impact {m(v['impact'])}",
             f"reduction {pct(v['reduction_pct'])}"]
        )
    else:
        return (f"年度价值（自定义）= {m(v['annual_value'])}" if zh
                else f"annual value (custom) = {m(v['annual_value'])}")
    return " × ".join(parts) + f" = {m(driver.annual_value)}"


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
    return "\n".join(lines)
