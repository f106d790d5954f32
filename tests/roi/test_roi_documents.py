"""The customer's ROI sheet shows where each number came from and the ranged headline,
and never a red flag (those are for the seller)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from samples import sample_pitch, text_of

from valuekit.roi.result import compute_json


def test_roi_sheet_has_badges_range_and_no_flags(cli: Callable[..., Result], tmp_path: Path) -> None:
    pitch = sample_pitch("en")
    # an input the seller assumed, and a revenue driver without a stated margin (a red flag)
    pitch["roi"]["drivers"].append({"kind": "revenue_uplift", "name": "Upsell",
                                    "baseline_revenue": 1_000_000, "uplift_pct": 0.02})
    result = compute_json(pitch["roi"], "en")
    flag = next(w for w in result["warnings"] if w["code"] == "margin_assumed")
    src = tmp_path / "p.json"
    src.write_text(json.dumps(pitch, ensure_ascii=False), encoding="utf-8")
    for doc in ("roi", "onepager"):
        out = tmp_path / f"{doc}.pdf"
        assert cli("pitch", "render", str(src), "--out", str(out), "--doc", doc).exit_code == 0
        text = "".join(text_of(out.read_bytes()).split())  # line breaks fall anywhere
        assert "".join(result["headline"]["range"].split()) in text, doc
        assert "stayspositivedownto" in text, doc
        assert "".join(flag["message"].split()) not in text and "margin_assumed" not in text, doc
    text = " ".join(text_of((tmp_path / "roi.pdf").read_bytes()).split())
    assert "· customer" in text and "· assumption" in text  # the badges beside the inputs


def test_the_sellers_notes_list_the_red_flags() -> None:
    from valuekit.pitch.model import normalize
    from valuekit.pitch.notes import notes_context

    pitch = sample_pitch("en")
    pitch["roi"]["drivers"].append({"kind": "revenue_uplift", "name": "Upsell",
                                    "baseline_revenue": 1_000_000, "uplift_pct": 0.02})
    flag = next(w for w in compute_json(pitch["roi"], "en")["warnings"] if w["code"] == "margin_assumed")
    context = notes_context(normalize(pitch), case=None, asset=None, problems=[])
    section = next(s for s in context["sections"] if s["title"] == "Red flags")
    assert {"text": flag["message"], "source": "open: fix the numbers or acknowledge with a reason"} in section["claims"]
