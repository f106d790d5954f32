"""The five PDFs: Chinese without missing glyphs, outline, metadata, one-page one-pager,
ROI figures identical to compute_json's, zh and en."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from samples import outline_titles, sample_pitch, text_of

from valuekit.pitch.documents import render_document
from valuekit.pitch.model import normalize
from valuekit.roi.result import compute_json


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def no_font_warnings() -> Iterator[_Collect]:
    """Fails the test if WeasyPrint or fontTools log any warning (a .notdef = boxes)."""
    handler = _Collect()
    loggers = [logging.getLogger(n) for n in ("weasyprint", "fontTools")]
    for lg in loggers:
        lg.addHandler(handler)
    yield handler
    for lg in loggers:
        lg.removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture(scope="module")
def zh_pitch_pdf() -> bytes:
    return render_document("pitch", normalize(sample_pitch("zh")), today="2025-03-18")


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base names of every font the PDF embeds (pages and the forms inside them)."""
    names: set[str] = set()

    def walk(resources: Any, seen: set[int]) -> None:
        if resources is None or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"), seen)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"), set())
    return names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_document_renders_without_warnings(lang: str, no_font_warnings: _Collect) -> None:
    pitch = normalize(sample_pitch(lang))
    for doc in ("pitch", "onepager", "roi", "fab", "spin"):
        pdf = render_document(doc, pitch, spin_plan={"items": [
            {"kind": "S", "text": "现在报表怎么做？", "answer": "用 Excel"}]})
        assert pdf.startswith(b"%PDF")
        assert pitch["customer"] in text_of(pdf)
        # every glyph comes from the bundled font: a system fallback font (DejaVu, a CJK
        # font of this machine) would print boxes on a machine without it
        fonts = embedded_fonts(pdf)
        assert {"ValueKit-Sans", "ValueKit-Sans-Bold"} <= fonts, (doc, fonts)
        assert all(f.startswith("ValueKit-Sans") for f in fonts), (doc, fonts)


def test_outline_has_the_seven_steps_in_order(zh_pitch_pdf: bytes) -> None:
    titles = outline_titles(zh_pitch_pdf)
    steps = ["场景", "分层痛点", "分层效果", "执行与差异化优势", "客户案例", "投资回报（ROI）", "下一步行动"]
    found = [next(i for i, t in enumerate(titles) if step in t) for step in steps]
    assert found == sorted(found)


def test_metadata_title_author_subject(zh_pitch_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(zh_pitch_pdf)).metadata
    assert meta.title == "华东精密制造 · 销售与服务一体化方案"
    assert meta.author == "王磊"
    assert "华东精密制造有限公司" in meta.subject


def test_customer_name_in_the_running_header_and_page_numbers(zh_pitch_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(zh_pitch_pdf))
    n = len(reader.pages)
    assert n >= 5
    second = reader.pages[1].extract_text()
    assert "华东精密制造有限公司" in second and f"2 / {n}" in second


def zh_amount(x: float) -> str:
    """How a Chinese document prints an amount: 万 (one decimal) from 10,000, 亿 (two
    decimals) from 100,000,000, whole yuan below."""
    sign = "-" if x < 0 else ""
    a = abs(x)
    if round(a / 1e8, 2) >= 1:
        return f"{sign}¥{round(a / 1e8, 2):,.2f}".rstrip("0").rstrip(".") + "亿"
    if round(a / 1e4, 1) >= 1:
        return f"{sign}¥{round(a / 1e4, 1):,.1f}".removesuffix(".0") + "万"
    return f"{sign}¥{round(a):,}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roi_figures_in_the_pdf_equal_compute_json(lang: str) -> None:
    pitch = normalize(sample_pitch(lang))
    result = compute_json(pitch["roi"], lang=lang)
    text = text_of(render_document("roi", pitch)).replace(" ", "").replace("\n", "")

    def shown(x: float) -> str:  # tables: 万/亿 in Chinese, whole units in English
        return zh_amount(x) if lang == "zh" else ("-" if x < 0 else "") + f"¥{round(abs(x)):,}"

    for scenario in result["scenarios"].values():
        for key in ("total_benefit", "total_cost", "net_benefit", "npv"):
            assert shown(scenario[key]) in text, (key, shown(scenario[key]))
        assert all(shown(cf) in text for cf in scenario["cash_flows"])
        if scenario["roi"] is not None:
            assert f"{scenario['roi'] * 100:,.1f}%" in text
    # headline figures carry no cents in either language
    main = result["scenarios"]["expected"]
    assert not re.search(r"¥[\d,]+\.\d\d(?!\d)", text.split("×")[0]), "cents in the headline"
    if lang == "en":  # headlines in K/M
        net = main["net_benefit"]
        assert f"¥{round(net / 1e6, 1):g}M" in text or f"¥{round(net / 1e3):,}K" in text


def test_onepager_is_one_page_even_with_long_content(no_font_warnings: _Collect) -> None:
    doc = sample_pitch("zh")
    long_text = "客户在多个区域的销售与售后流程高度依赖人工汇总，" * 40
    for layer in doc["pains"]:
        doc["pains"][layer] = [long_text] * 12
        doc["effects"][layer] = [long_text] * 12
    doc["scenario"] = long_text * 3
    doc["execution"]["advantages"] = [long_text] * 15
    doc["case"] = {"title": long_text, "summary": long_text * 2, "body": long_text}
    doc["cta"]["action"] = long_text
    pdf = render_document("onepager", normalize(doc))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_long_tables_repeat_their_header() -> None:
    doc = sample_pitch("en")
    doc["execution"]["fab"] = [{"feature": f"Feature {i}", "advantage": "Faster than spreadsheets " * 3,
                                "benefit": "Saves time " * 4} for i in range(80)]
    pdf = render_document("fab", normalize(doc))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    assert all("Feature" in p.extract_text() and "Benefit" in p.extract_text() for p in reader.pages)
