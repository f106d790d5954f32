"""ROI charts as SVG text, made in the core (no widget screenshots).

Every figure comes from ``roi.compute_json``'s dict; every piece of text (driver and
scenario names come from users) is XML-escaped. Pure Python, deterministic output.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from valuekit.i18n import t as tr_text
from valuekit.i18n.formatting import axis_money, money
from valuekit.i18n.formatting import months as months_text
from valuekit.roi.text import label
from valuekit.roi.types import RoiResultJSON

FONT = "ValueKit Sans, sans-serif"
SCENARIO_COLOURS = {"conservative": "#8a97a3", "expected": "#0b6e99", "optimistic": "#2f855a"}
EXTRA_COLOURS = ("#b7791f", "#805ad5", "#c53030", "#2c7a7b")
INK, GRID, MUTED = "#1f2933", "#d5dde4", "#5b6b7a"


def _colour(name: str, index: int) -> str:
    return SCENARIO_COLOURS.get(name, EXTRA_COLOURS[index % len(EXTRA_COLOURS)])


def _text(x: float, y: float, text: str, *, size: float = 9, anchor: str = "start",
          fill: str = INK, weight: int = 400) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" '
            f'font-weight="{weight}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>')


def text_width(text: str, size: float) -> float:
    """A generous estimate of the drawn width: CJK glyphs are one em, Latin ~0.6 em."""
    return sum(size if ord(c) > 0x2E80 else 0.6 * size for c in text)


def fit_text(text: str, max_width: float, size: float) -> str:
    """``text`` cut with "…" so that it fits ``max_width`` (labels must not overlap bars)."""
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (0 always inside)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo <= 0:
        return [0.0, 1.0]
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, v = [], start
    while v < hi + step * 0.999:
        ticks.append(round(v, 6) + 0.0)
        v += step
    return ticks


def short_money(x: float, currency: str, lang: str) -> str:
    """Axis labels in the documents' units (valuekit.i18n.formatting): ¥120 万 / $1.2M."""
    return axis_money(x, currency, lang)


def _cumulative(flows: list[float]) -> list[float]:
    out, total = [], 0.0
    for cf in flows:
        total += cf
        out.append(total)
    return out


def cashflow_chart_svg(result: RoiResultJSON, lang: str = "zh", *, width: int = 640,
                       height: int = 270) -> str:
    """Cumulative cash flow per scenario by year (0..n), zero line, payback points marked."""
    cur, years = result["currency"], int(result["years"])
    series = {name: _cumulative(s["cash_flows"]) for name, s in result["scenarios"].items()}
    values = [v for vals in series.values() for v in vals]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=0.0))
    left, right, top, bottom = 84, 16, 14, 56
    pw, ph = width - left - right, height - top - bottom
    lo, hi = ticks[0], ticks[-1]

    def x(t: float) -> float:
        return left + pw * (t / years if years else 0)

    def y(v: float) -> float:
        return top + ph * (1 - (v - lo) / (hi - lo))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="{INK if tick == 0 else GRID}" stroke-width="{1.2 if tick == 0 else 0.6}"/>')
        parts.append(_text(left - 6, y(tick) + 3.5, short_money(tick, cur, lang), size=10,
                           anchor="end", fill=MUTED))
    year_word = tr_text("roilabel.year_axis", lang)
    for t in range(years + 1):
        parts.append(_text(x(t), top + ph + 15, str(t), size=10, anchor="middle", fill=MUTED))
    parts.append(_text(left + pw, top + ph + 30, year_word, size=10, anchor="end", fill=MUTED))
    legend_x: float = left
    for i, (name, vals) in enumerate(series.items()):
        colour = _colour(name, i)
        points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in enumerate(vals))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2" stroke-linejoin="round"/>')
        months = result["scenarios"][name]["payback_months"]
        if months is not None:
            parts.append(f'<circle cx="{x(months / 12):.1f}" cy="{y(0):.1f}" r="4" fill="white" '
                         f'stroke="{colour}" stroke-width="2"/>')
        caption = label(name, lang)
        if months is not None:
            caption += " · " + months_text(months, lang)
        parts.append(f'<rect x="{legend_x}" y="{height - 15}" width="12" height="3" fill="{colour}"/>')
        parts.append(_text(legend_x + 16, height - 10, caption, size=10))
        legend_x += 30 + text_width(caption, 10)
    parts.append("</svg>")
    return "".join(parts)


def driver_chart_svg(result: RoiResultJSON, lang: str = "zh", *, width: int = 640) -> str:
    """Horizontal bars: each driver's annual value at full adoption, largest first."""
    cur = result["currency"]
    drivers = sorted(result["drivers"], key=lambda d: -d["annual_value"])
    row, top, left, right = 26, 8, 200, 120
    height = top * 2 + row * max(len(drivers), 1)
    peak = max((abs(d["annual_value"]) for d in drivers), default=0.0) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    for i, d in enumerate(drivers):
        cy = top + i * row + row / 2
        name = fit_text(d["name"], left - 14, 10)
        bar = (width - left - right) * abs(d["annual_value"]) / peak
        parts.append(_text(left - 8, cy + 3.5, name, size=10, anchor="end"))
        parts.append(f'<rect x="{left}" y="{cy - 8:.1f}" width="{bar:.1f}" height="16" '
                     f'fill="{"#0b6e99" if d["annual_value"] >= 0 else "#c2410c"}"/>')
        parts.append(_text(left + bar + 6, cy + 3.5, money(d["annual_value"], cur, lang, headline=True), size=10,
                           fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)
