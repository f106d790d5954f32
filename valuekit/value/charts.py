"""The promised-vs-realised chart of the value review, as SVG text (no widgets).

Paired bars per quarter: the promise (light) and what was realised (dark); quarters
still ahead show only their promise, so the customer sees the ramp still to come.
All text is XML-escaped; output is deterministic.
"""

from __future__ import annotations

from valuekit.i18n import t
from valuekit.i18n.formatting import axis_money
from valuekit.roi.charts import GRID, MUTED, _text, nice_ticks
from valuekit.value.report import Report

PROMISED, REALISED = "#9cc3d8", "#0b6e99"


def quarter_chart_svg(report: Report, lang: str, *, width: int = 640, height: int = 240) -> str:
    quarters = report["by_quarter"]
    left, right, top, bottom = 64, 12, 26, 28
    peak = max([q["promised"] for q in quarters] + [q["actual"] or 0.0 for q in quarters] + [1.0])
    ticks = nice_ticks(0.0, peak, 4)
    hi = ticks[-1] or 1.0
    plot_h, plot_w = height - top - bottom, width - left - right
    slot = plot_w / max(len(quarters), 1)
    bar = min(18.0, slot * 0.36)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / hi)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(_text(left - 6, y(tick) + 3, axis_money(tick, report["currency"], lang), size=8,
                           anchor="end", fill=MUTED))
    for i, q in enumerate(quarters):
        cx = left + slot * (i + 0.5)
        parts.append(f'<rect x="{cx - bar:.1f}" y="{y(q["promised"]):.1f}" width="{bar:.1f}" '
                     f'height="{y(0) - y(q["promised"]):.1f}" fill="{PROMISED}"/>')
        if q["actual"] is not None:
            parts.append(f'<rect x="{cx:.1f}" y="{y(q["actual"]):.1f}" width="{bar:.1f}" '
                         f'height="{y(0) - y(q["actual"]):.1f}" fill="{REALISED}"/>')
        parts.append(_text(cx, height - bottom + 13, f"Q{q['quarter']}", size=8, anchor="middle", fill=MUTED))
    parts.append(f'<rect x="{left}" y="6" width="10" height="10" fill="{PROMISED}"/>')
    parts.append(_text(left + 14, 15, t("value.promised", lang), size=9))
    parts.append(f'<rect x="{left + 110}" y="6" width="10" height="10" fill="{REALISED}"/>')
    parts.append(_text(left + 124, 15, t("value.realised", lang), size=9))
    parts.append("</svg>")
    return "".join(parts)
