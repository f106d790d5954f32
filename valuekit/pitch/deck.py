"""An editable PowerPoint deck of the pitch (python-pptx): a cover, one slide per step
(pains and effects as a 2 × 2 grid of the four layers), the ROI summary with a native
line chart the seller can edit, and the call to action, in the brand's colours.

Same customer-safe content as the PDF (pitch/documents.py decides what is shown). Text
runs name the bundled CJK font for East Asian text, so Chinese renders alike wherever the
font is installed and falls back to the system's CJK font elsewhere.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from valuekit.documents.picture import pdf_page_png
from valuekit.documents.render import render_pdf
from valuekit.i18n import t
from valuekit.pitch.brand import Brand
from valuekit.pitch.documents import pitch_context
from valuekit.pitch.types import Pitch, WrittenCase
from valuekit.roi.types import RoiResultJSON

Line = tuple[str, float, str, bool]  # text, size (pt), colour, bold

CJK_FONT = "Noto Sans CJK SC"  # the family of the bundled documents/fonts/NotoSansSC-*.otf
LATIN_FONT = "Arial"
W, H = Emu(12192000), Emu(6858000)  # 16:9
MARGIN = Emu(457200)  # 0.5 in


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _style_run(run: Any, size: float, colour: str, bold: bool = False) -> None:
    font = run.font
    font.size, font.bold, font.name = Pt(size), bold, LATIN_FONT
    font.color.rgb = _rgb(colour)
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", CJK_FONT)


def _box(slide: Any, x: int, y: int, w: int, h: int, lines: Sequence[tuple[str, float, str, bool]],
         fill: str | None = None) -> Any:
    shape = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    frame = shape.text_frame
    frame.word_wrap = True
    for i, (text, size, colour, bold) in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(4)
        _style_run(para.add_run(), size, colour, bold)
        para.runs[-1].text = text
    return shape


def _title(slide: Any, text: str, n: int | None, brand: Brand) -> None:
    label = f"{n}  {text}" if n else text
    _box(slide, MARGIN, Emu(300000), W - 2 * MARGIN, Emu(700000), [(label, 28, brand.accent, True)])
    bar = slide.shapes.add_shape(1, MARGIN, Emu(1000000), W - 2 * MARGIN, Emu(36000))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(brand.color)
    bar.line.fill.background()


def _bullets(items: list[dict[str, str]], size: float = 16) -> list[Line]:
    """Items as bullets; an item's perception (how the customer will experience it) follows."""
    lines: list[Line] = []
    for item in items:
        lines.append((f"• {item['text']}", size, "#1F2933", False))
        if item.get("perception"):
            lines.append((f"  → {item['perception']}", size - 2, "#2F6F5E", False))
    return lines


def logo_png(logo: str) -> bytes | None:
    """The brand logo as PNG bytes: a PNG as stored; a (sanitised) SVG drawn by the PDF
    engine and rasterised, since python-pptx cannot place an SVG."""
    if logo.startswith("data:image/png;base64,"):
        return base64.b64decode(logo.split(",", 1)[1])
    if not logo.startswith("data:image/svg+xml;base64,"):
        return None
    page = ('<html><head><style>@page { size: 80mm 24mm; margin: 0 } body { margin: 0 }'
            ' img { height: 24mm; }</style></head><body><img src="' + html.escape(logo) + '"></body></html>')
    return pdf_page_png(render_pdf(page, meta={"title": "logo"}), width=800)


def _logo(slide: Any, brand: Brand) -> None:
    data = logo_png(brand.logo)
    if data is not None:
        slide.shapes.add_picture(io.BytesIO(data), MARGIN, Emu(250000), height=Emu(540000))


def build_deck(pitch: Pitch, *, case: WrittenCase | None, roi: RoiResultJSON | None,
               brand: Brand, today: str) -> bytes:
    """The .pptx bytes of a normalized pitch."""
    lang = pitch["language"]
    ctx = pitch_context(pitch, case=case, roi=roi, today=today, brand=brand)
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    blank = prs.slide_layouts[6]
    body_y, body_h, full_w = 1250000, int(H) - 1250000 - int(MARGIN), int(W) - 2 * int(MARGIN)

    cover = prs.slides.add_slide(blank)
    _logo(cover, brand)
    seller = " · ".join(x for x in (brand.profile.name, brand.profile.title, brand.company) if x)
    contact = " · ".join(x for x in (brand.profile.phone, brand.profile.email) if x)
    _box(cover, MARGIN, Emu(2000000), full_w, Emu(2600000), [
        (t("doc.pitch_kicker", lang), 14, brand.color, True), (pitch["title"], 36, brand.accent, True),
        (pitch["customer"], 20, brand.color, True), (ctx["doc"]["date"], 14, "#5B6B7A", False)]
        + ([(seller, 14, "#3E4C59", False)] if seller else [])
        + ([(contact, 14, "#3E4C59", False)] if contact else []))

    for step in ctx["steps"]:
        slide = prs.slides.add_slide(blank)
        _title(slide, step["title"], step["n"], brand)
        kind, content = step["kind"], step["content"]
        if kind == "scenario":
            _box(slide, MARGIN, body_y, full_w, body_h, [(p, 18, "#1F2933", False) for p in content])
        elif kind in ("pains", "effects"):
            half_w, half_h, gap = (full_w - 200000) // 2, (body_h - 200000) // 2, 200000
            for i, layer in enumerate(content[:4]):
                x = int(MARGIN) + (i % 2) * (half_w + gap)
                y = body_y + (i // 2) * (half_h + gap)
                _box(slide, x, y, half_w, half_h,
                     [(layer["label"], 16, brand.color, True)] + _bullets(layer["entries"], 14),
                     fill="#F3F7FA")
        elif kind == "execution":
            lines: list[Line] = [(f"{p['name']} — {p['owner']}", 16, "#1F2933", True)
                                 for p in content["phases"]]
            lines += [("", 8, "#1F2933", False)] + _bullets(content["advantages"], 15)
            _box(slide, MARGIN, body_y, full_w, body_h, lines)
        elif kind == "case":
            _box(slide, MARGIN, body_y, full_w, body_h,
                 [(content["title"], 20, brand.accent, True), (content["summary"], 16, "#1F2933", False)])
        elif kind == "roi":
            _roi_slide(slide, content, brand, body_y, body_h, full_w)
        elif kind == "cta":
            lines = [(content["action"], 28, brand.accent, True)]
            lines += [(x, 18, "#3E4C59", False) for x in (content["date"], content["owner"], contact) if x]
            _box(slide, MARGIN, body_y + 400000, full_w, body_h - 400000, lines)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _roi_slide(slide: Any, roi: dict[str, Any], brand: Brand, y: int, h: int, w: int) -> None:
    kpi_w = w // 4
    for i, k in enumerate(roi["kpis"]):
        _box(slide, int(MARGIN) + i * kpi_w, y, kpi_w - 100000, 800000,
             [(k["value"], 22, brand.accent, True), (k["label"], 11, "#5B6B7A", False)], fill="#F3F7FA")
    data = CategoryChartData()
    data.categories = [str(n) for n in range(roi["years"] + 1)]
    for name, values in roi["series"].items():
        data.add_series(name, values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, MARGIN, Emu(y + 950000), Emu(w),
                                   Emu(h - 1300000), data)
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    colours = (brand.color, "#8A97A3", "#2F855A", "#B7791F")
    for i, series in enumerate(chart.series):
        series.format.line.color.rgb = _rgb(colours[i % len(colours)] if i else brand.color)
    _box(slide, MARGIN, y + h - 330000, w, 330000, [(roi["headline"], 12, "#3E4C59", False)])
