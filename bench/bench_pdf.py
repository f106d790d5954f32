"""Benchmark the pitch PDF: an ~8-page Chinese pitch with ROI charts.

Measures a warm in-process render (fonts and templates already loaded; median of N) and a
cold ``valuekit pitch render`` process (median of N), and reports whether WeasyPrint
subset the fonts with libharfbuzz-subset (fast) or fell back to fontTools (slow).
Targets (issues 5 and 13): warm ≤ 0.5 s, cold process ≤ 1.2 s; the raw engine on the same
HTML is measured beside ours.
Run: python bench/bench_pdf.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from valuekit.pitch.documents import render_document  # noqa: E402
from valuekit.pitch.model import normalize  # noqa: E402
from valuekit.resources import DEMO_DIR  # noqa: E402

LINE = "客户的销售、报价与售后流程依赖表格和群聊，区域之间交接靠口头，管理层看不到实时的商机漏斗。"


def bench_pitch() -> dict:
    """A full pitch in Chinese, long enough for about eight pages."""
    roi = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    layers = ("individual", "organization", "enterprise", "industry")
    return {
        "title": "华东精密制造 · 销售与服务一体化方案", "customer": "华东精密制造有限公司",
        "language": "zh", "owner": "王磊", "date": "2025-03-18",
        "scenario": "\n\n".join([LINE * 3] * 2),
        "pains": {layer: [{"text": LINE, "source": "SPIN 回答"}] * 4 for layer in layers},
        "effects": {layer: [LINE] * 4 for layer in layers},
        "execution": {"phases": [{"name": f"阶段 {i}", "owner": "双方项目组", "detail": LINE} for i in range(1, 6)],
                      "advantages": [LINE] * 5,
                      "fab": [{"feature": f"特性 {i}", "advantage": LINE, "benefit": LINE} for i in range(16)]},
        "case": {"title": "苏州某汽车零部件企业：转化率提升 3 个百分点", "summary": LINE,
                 "body": "\n\n".join([LINE * 4] * 3)},
        "roi": roi, "cta": {"action": "reference_visit", "date": "2025-04-02", "owner": "王磊"},
    }


def harfbuzz_subset_used() -> bool:
    from valuekit.documents.render import import_weasyprint

    import_weasyprint()
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pypdf import PdfReader

    pitch = normalize(bench_pitch())
    t0 = time.perf_counter()
    pdf = render_document("pitch", pitch)
    first = time.perf_counter() - t0
    warm = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        render_document("pitch", pitch)
        warm.append(time.perf_counter() - t0)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    # the raw engine on the same HTML, side by side: what WeasyPrint alone costs
    from valuekit.documents.render import _font_config, import_weasyprint, render_html, safe_fetcher
    from valuekit.pitch.brand import Brand
    from valuekit.pitch.documents import compute_roi, pitch_context

    import_weasyprint()
    from weasyprint import HTML

    from valuekit.resources import TEMPLATES_DIR

    html = render_html("pitch.html", pitch_context(pitch, case=pitch["case"], roi=compute_roi(pitch),
                                                   today="2025-03-18", brand=Brand()))
    raw = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=safe_fetcher()).render(
            font_config=_font_config()).write_pdf()
        raw.append(time.perf_counter() - t0)
    cold, floor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pitch.json"
        src.write_text(json.dumps(bench_pitch(), ensure_ascii=False), encoding="utf-8")
        exe = Path(sys.executable).with_name("valuekit")
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "--library", str(Path(tmp) / "lib"), "pitch", "render",
                            str(src), "--out", str(Path(tmp) / "out.pdf")],
                           check=True, capture_output=True)
            cold.append(time.perf_counter() - t0)
            # the floor every command pays: interpreter start + the CLI's root (groups load lazily)
            t0 = time.perf_counter()
            subprocess.run([str(exe), "--version"], check=True, capture_output=True)
            floor.append(time.perf_counter() - t0)
    print(f"pages: {pages}, PDF size: {len(pdf) / 1024:.0f} KiB")
    print(f"font subsetting: {'libharfbuzz-subset' if harfbuzz_subset_used() else 'fontTools (slow path)'}")
    print(f"first render in this process: {first:.2f} s")
    print(f"warm in-process render, median of {args.runs}: {statistics.median(warm):.2f} s "
          f"(min {min(warm):.2f}, max {max(warm):.2f}; target ≤ 0.5 s)")
    print(f"raw WeasyPrint on the same HTML (layout + PDF), median of {args.runs}: "
          f"{statistics.median(raw):.2f} s")
    print(f"cold `valuekit pitch render`, median of {args.runs}: {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, max {max(cold):.2f}; target ≤ 1.2 s)")
    print(f"  of which `valuekit --version` (interpreter + CLI root), median: {statistics.median(floor):.2f} s")


if __name__ == "__main__":
    main()
