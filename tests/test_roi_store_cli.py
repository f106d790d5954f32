"""ROI cases in the library and the `valuekit roi` commands a presales engineer uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from valuekit import roi_store
from valuekit.errors import NotFoundError
from valuekit.paths import ASSETS_DIR
from valuekit.store import Store

EXAMPLE = ASSETS_DIR / "demo" / "roi_example.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_compute_json_follows_the_contract(cli: Callable[..., Result]) -> None:
    result = cli("roi", "compute", str(EXAMPLE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"currency", "annual_value", "drivers", "scenarios", "sensitivity"} <= set(data)
    assert set(data["drivers"][0]) >= {"name", "kind", "annual_value", "formula"}
    for scenario in data["scenarios"].values():
        assert set(scenario) >= {"benefits", "cash_flows", "total_benefit", "total_cost",
                                 "net_benefit", "roi", "npv", "irr", "irr_ambiguous",
                                 "payback_months"}
        assert len(scenario["cash_flows"]) == 4  # period 0..3
    assert list(data["scenarios"]) == ["conservative", "expected", "optimistic"]


def test_compute_prints_a_readable_table(cli: Callable[..., Result]) -> None:
    out = cli("roi", "compute", str(EXAMPLE)).output
    assert "40 人 × 2.5 h/周 × 48 周 × ¥120/h = ¥576,000" in out
    assert "回收期（月）" in out and "NPV" in out
    en = cli("roi", "compute", str(EXAMPLE), "--lang", "en").output
    assert "40 people × 2.5 h/week × 48 weeks × ¥120/h = ¥576,000" in en
    assert "Payback (months)" in en


def test_save_list_show_export_round_trip(cli: Callable[..., Result], tmp_path: Path) -> None:
    case_id = cli("roi", "save", str(EXAMPLE), "--customer", "华东精密").output.strip()
    listed = json.loads(cli("roi", "list", "--json").output)
    assert [c["id"] for c in listed] == [case_id]
    assert listed[0]["customer"] == "华东精密"
    shown = json.loads(cli("roi", "show", case_id[:6], "--json").output)
    assert shown["result"]["annual_value"] == 1976000
    out = tmp_path / "exported.json"
    assert cli("roi", "export", case_id, "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == example()
    # the exported file is the same format compute reads
    again = json.loads(cli("roi", "compute", str(out), "--json").output)
    assert again == shown["result"]


def test_duplicate_and_delete(store: Store) -> None:
    original = roi_store.save_case(store, example(), opportunity_id="opp-1", customer="A")
    copy_id = roi_store.duplicate_case(store, original[:8])
    copied = roi_store.get_case(store, copy_id)
    assert copied["name"].endswith("(copy)")
    assert copied["opportunity_id"] == "opp-1"
    assert len(roi_store.cases_for_opportunity(store, "opp-1")) == 2
    roi_store.delete_case(store, original)
    with pytest.raises(NotFoundError):
        roi_store.get_case(store, original)


def test_update_keeps_created_and_moves_updated(store: Store) -> None:
    case_id = roi_store.save_case(store, example())
    before = roi_store.get_case(store, case_id)
    store.conn.execute("UPDATE roi_cases SET updated_at = '2020-01-01T00:00:00Z'")
    changed = dict(example(), years=5)
    roi_store.save_case(store, changed, case_id=case_id)
    after = roi_store.get_case(store, case_id)
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > "2020-01-01T00:00:00Z"
    assert after["data"]["years"] == 5


def test_saving_under_a_fixed_id_is_idempotent(store: Store) -> None:
    fixed = "8f1d3c1e-0000-4000-8000-000000000001"
    roi_store.save_case(store, example(), case_id=fixed)
    roi_store.save_case(store, example(), case_id=fixed)
    assert [c["id"] for c in roi_store.list_cases(store)] == [fixed]


def test_unknown_case_is_a_clear_error(cli: Callable[..., Result]) -> None:
    result = cli("roi", "show", "deadbeef")
    assert result.exit_code == 1
    assert "no ROI case" in result.output
