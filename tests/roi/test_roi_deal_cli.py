"""Cases belong to deals (roi link), red flags acknowledged with a reason (roi ack), and
the workbook export (roi export --format xlsx) through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from valuekit.resources import DEMO_DIR

CASE = {"name": "Deal case", "years": 3, "discount_rate": 0.08, "ramp": [0.5, 0.8, 1.0],
        "drivers": [{"kind": "revenue_uplift", "name": "Upsell", "baseline_revenue": 120_000_000,
                     "uplift_pct": 0.1}],
        "costs": {"recurring": [{"name": "licence", "amount": 200_000}]}}


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_link_ack_and_export(cli: Callable[..., Result], tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    case_id = _ok(cli("roi", "save", str(case_file))).strip()
    opp = json.loads(_ok(cli("opp", "create", "--customer", "Acme", "--industry", "ict", "--json")))
    _ok(cli("roi", "link", case_id[:8], opp["id"][:8]))
    assert [c["id"] for c in json.loads(_ok(cli("roi", "list", "--opportunity", opp["id"], "--json")))] == [case_id]
    ctx = json.loads(_ok(cli("opp", "context", opp["id"], "--json")))
    assert ctx["roi_cases"][0]["id"] == case_id

    shown = json.loads(_ok(cli("roi", "show", case_id, "--json")))["result"]
    codes = [w["code"] for w in shown["warnings"] if w["blocking"]]
    assert codes == ["margin_assumed", "roi_implausible"]
    refused = cli("--lang", "zh", "roi", "ack", case_id, "margin_assumed", "--reason", "  ")
    assert refused.exit_code == 1 and "理由" in refused.output and "Traceback" not in refused.output
    assert "acknowledged" not in json.loads(_ok(cli("roi", "show", case_id, "--json")))["input"]
    _ok(cli("roi", "ack", case_id, "margin_assumed", "--reason", "software margin 85 % (annual report)"))
    again = json.loads(_ok(cli("roi", "show", case_id, "--json")))
    assert again["input"]["acknowledged"][0]["reason"] == "software margin 85 % (annual report)"
    flag = next(w for w in again["result"]["warnings"] if w["code"] == "margin_assumed")
    assert not flag["blocking"] and flag["acknowledged"]["reason"].startswith("software")

    out = tmp_path / "case.xlsx"
    assert cli("roi", "export", case_id, "--format", "xlsx").exit_code == 1  # --out is required
    _ok(cli("roi", "export", case_id, "--format", "xlsx", "--out", str(out), "--lang", "en"))
    assert load_workbook(out).sheetnames == ["Inputs", "Drivers", "Cash flows"]

    _ok(cli("roi", "link", case_id, "--unlink"))
    assert json.loads(_ok(cli("roi", "list", "--opportunity", opp["id"], "--json"))) == []
    bad = cli("--lang", "en", "roi", "link", case_id, "nope-nope")
    assert bad.exit_code == 1 and "no opportunity" in bad.output


def test_compute_prints_range_confidence_and_flags(cli: Callable[..., Result]) -> None:
    text = _ok(cli("roi", "compute", str(DEMO_DIR / "roi_example.json"), "--lang", "en"))
    assert "ROI 66%–184% (expected 137%)" in text
    assert "NPV stays positive down to 45% of the claimed benefit" in text
    assert "of the value rests on the customer's own numbers" in text


def test_a_refused_provenance_object_stores_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    bad = json.loads(json.dumps(CASE))
    bad["drivers"][0]["uplift_pct"] = {"value": 0.1, "source": "hearsay"}
    case_file = tmp_path / "bad.json"
    case_file.write_text(json.dumps(bad), encoding="utf-8")
    for lang, allowed in (("zh", "必须是 customer, benchmark, assumption 之一"),
                          ("en", "must be one of customer, benchmark, assumption")):
        refused = cli("--lang", lang, "roi", "save", str(case_file))
        assert refused.exit_code == 1 and "Traceback" not in refused.output
        assert "drivers[0].uplift_pct.source" in refused.output and allowed in refused.output
    bad["drivers"][0]["uplift_pct"] = {"value": "10%", "source": "customer"}  # JSON stays strict
    case_file.write_text(json.dumps(bad), encoding="utf-8")
    refused = cli("--lang", "en", "roi", "save", str(case_file))
    assert refused.exit_code == 1 and "drivers[0].uplift_pct.value" in refused.output
    assert json.loads(_ok(cli("roi", "list", "--json"))) == []
