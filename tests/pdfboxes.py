"""Where text lies on each page of a PDF, from poppler's ``pdftotext -bbox`` (points,
origin top-left), and the layout rules the customer documents must keep."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


def pages_of(pdf: bytes) -> list[Page]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-bbox", str(src), "-"], capture_output=True,
                             check=True, timeout=60).stdout.decode("utf-8")
    return [Page(float(w), float(h), [Word(float(a), float(b), float(c), float(d), html.unescape(t))
                                      for a, b, c, d, t in WORD.findall(body)])
            for w, h, body in PAGE.findall(out)]


def layout_problems(pdf: bytes, *, side_mm: float, top_mm: float, bottom_mm: float,
                    min_fill: float = 1 / 3, tolerance: float = 1.0) -> list[str]:
    """Text outside the left/right margins or the page, and non-final pages whose body
    text ends above ``min_fill`` of the body area."""
    problems = []
    pages = pages_of(pdf)
    for n, page in enumerate(pages, 1):
        left, right = side_mm * MM - tolerance, page.width - side_mm * MM + tolerance
        for w in page.words:
            if w.x0 < left or w.x1 > right or w.y0 < 0 or w.y1 > page.height:
                problems.append(f"page {n}: {w.text!r} at x {w.x0:.1f}–{w.x1:.1f} outside "
                                f"{left:.1f}–{right:.1f}")
        if n == len(pages):
            continue
        top, bottom = top_mm * MM, page.height - bottom_mm * MM
        body = [w for w in page.words if w.y0 >= top - tolerance and w.y1 <= bottom + tolerance]
        lowest = max((w.y1 for w in body), default=top)
        fill = (lowest - top) / (bottom - top)
        if fill < min_fill:
            problems.append(f"page {n} of {len(pages)} is {fill:.0%} full")
        # a section heading (h2, 1.4 × the body text) must not end a page
        last_line = [w for w in body if w.y1 > lowest - 2]
        heights = sorted(w.height for w in body)
        tallest = heights[-1] if heights else 0.0
        if (last_line and tallest > heights[len(heights) // 2] * 1.3
                and min(w.height for w in last_line) >= tallest * 0.95):
            problems.append(f"page {n} ends with a heading: {' '.join(w.text for w in last_line)!r}")
    return problems
