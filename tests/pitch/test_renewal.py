"""Drafting a pitch for a Retention account gives the renewal / expansion pitch (issue 17)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from click.testing import Result

from valuekit.db.store import Store
from valuekit.pitch.check import check_pitch
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.model import normalize
from valuekit.roi.result import compute_json
from valuekit.value.plan import get_plan
from valuekit.value.report import compute_report

HELIX = "dbf2afca-5020-5969-a6b6-6dcf83f2c4b4"  # Retention, value-added tier, yellow in the demo


def test_retention_account_gets_a_renewal_pitch(cli: Callable[..., Result], store: Store) -> None:
    assert cli("demo").exit_code == 0
    today = dt.date.today()
    doc = normalize(draft_pitch(store, HELIX, today=today))
    report = compute_report(get_plan(store, HELIX), today, "en")
    assert "renewal" in doc["title"]
    # never the new-sale next step
    assert doc["cta"]["action"] not in ("reference_visit", "Visit a reference customer")
    assert doc["cta"]["action"].startswith("Renewal")  # realisation < 90 %: renew and close the gap first
    assert "74.0%" in doc["scenario"] and f"{report['realisation'] * 100:.1f}%" == "74.0%"
    # pains: exactly the drivers below 90% of their promise
    lagging = {d["name"] for d in report["drivers"] if d["realisation"] < 0.9}
    pains = [p["text"] for layer in doc["pains"].values() for p in layer]
    assert lagging == {"More tenders reached", "Pipeline lost with departing account managers"}
    assert all(any(name in p for p in pains) for name in lagging) and len(pains) == len(lagging)
    # effects: every driver's realised amount, plus the next stage goal
    effects = [e["text"] for layer in doc["effects"].values() for e in layer]
    assert sum("realised in 4 quarters" in e for e in effects) == 3
    assert any(e.startswith("Next stage goal") for e in effects)
    # the case is this customer's own realised value, not a library reference
    assert doc["case"] and "asset_id" not in doc["case"] and "Bid preparation time" in doc["case"]["body"]
    # ROI: the renewal term at quarter 4's run-rate, e.g. bid preparation 268,000 × 4
    roi = compute_json(doc["roi"], "en")
    annual = {d["name"]: d["annual_value"] for d in roi["drivers"]}
    assert annual["Bid preparation time"] == 268000 * 4
    assert annual["More tenders reached"] == 240000 * 4
    # a run-rate from measured or customer-stated quarters is the customer's own number,
    # one resting on an estimate stays an assumption
    plan = get_plan(store, HELIX)
    last = max(a.quarter for a in plan.actuals)
    expected = {d: ("customer" if all(a.source in ("measured", "customer") for a in plan.actuals
                                       if a.driver == d and a.quarter == last) else "assumption")
                for d in annual}
    assert {d["name"]: d["source"] for d in roi["drivers"]} == expected
    assert "customer" in expected.values()
    statuses = {r["name"]: r["status"] for r in check_pitch(doc, store=store, industry="ict")}
    assert statuses["ROI"] == "complete" and statuses["scenario"] == "complete"


def test_benchmark_customer_is_asked_for_co_marketing(cli: Callable[..., Result], store: Store) -> None:
    assert cli("demo").exit_code == 0
    assert cli("opp", "edit", HELIX, "--tier", "benchmark").exit_code == 0
    doc = draft_pitch(store, HELIX)
    assert doc["cta"]["action"].startswith("Co-marketing")


def test_retention_without_a_plan_is_still_a_renewal(cli: Callable[..., Result], store: Store) -> None:
    opp = cli("opp", "create", "--customer", "Delta", "--industry", "ict", "--stage", "Retention",
              "--deal-size", "500000", "--language", "en").output.strip()
    doc = draft_pitch(store, opp)
    assert doc["case"] is None and "renewal" in doc["title"]
    assert doc["cta"]["action"] and "reference" not in doc["cta"]["action"].lower()
    assert json.dumps(doc).count("reference_visit") == 0
