"""ROI cases in the library and the `valuekit roi` commands a presales engineer uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from valuekit.db.store import Store
from valuekit.errors import NotFoundError, ValidationError
from valuekit.resources import DEMO_DIR
from valuekit.roi import cases as roi_store

EXAMPLE = DEMO_DIR / "roi_example.json"


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
    # the expected scenario's cash flows (CF0..CF3), one row per scenario
    assert any(line.split() == ["预期", "-¥600,000", "¥548,000", "¥1,140,800", "¥1,536,000"]
               for line in out.splitlines())
    assert "回收期 −20%" in out and "盈亏平衡收益系数: 0.4517" in out
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


def test_export_then_save_again_keeps_the_same_document(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    first = cli("roi", "save", str(EXAMPLE)).output.strip()
    exported = tmp_path / "a.json"
    cli("roi", "export", first[:8], "--out", str(exported))
    second = cli("roi", "save", str(exported)).output.strip()
    assert second != first
    again = tmp_path / "b.json"
    cli("roi", "export", second, "--out", str(again))
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
    assert json.loads(again.read_text(encoding="utf-8")) == example()


def test_save_with_id_updates_that_case_and_refuses_an_unknown_id(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    case_id = cli("roi", "save", str(EXAMPLE), "--customer", "A").output.strip()
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(dict(example(), name="Renamed")), encoding="utf-8")
    assert cli("roi", "save", str(changed), "--id", case_id[:6]).output.strip() == case_id
    listed = json.loads(cli("roi", "list", "--json").output)
    assert [(c["name"], c["customer"]) for c in listed] == [("Renamed", "A")]
    missing = cli("roi", "save", str(changed), "--id", "0000dead")
    assert missing.exit_code == 1 and "no ROI case" in missing.output
    assert len(json.loads(cli("roi", "list", "--json").output)) == 1


def test_duplicate_gets_its_own_id_name_and_timestamps(store: Store) -> None:
    original = roi_store.save_case(store, example(), customer="A")
    store.conn.execute("UPDATE roi_cases SET created_at = '2020-01-01T00:00:00Z', "
                       "updated_at = '2020-01-01T00:00:00Z'")
    copy_id = roi_store.duplicate_case(store, original, name="Bolder assumptions")
    copied = roi_store.get_case(store, copy_id)
    assert copy_id != original and copied["name"] == "Bolder assumptions"
    assert copied["data"]["name"] == "Bolder assumptions"
    assert copied["created_at"] > "2020-01-01T00:00:00Z"
    assert copied["customer"] == "A"
    # the original is untouched
    assert roi_store.get_case(store, original)["updated_at"] == "2020-01-01T00:00:00Z"


def test_invalid_case_stores_nothing(store: Store) -> None:
    saved = roi_store.save_case(store, example())
    broken = dict(example(), discount_rate=1.5)
    with pytest.raises(ValidationError, match="discount_rate"):
        roi_store.save_case(store, broken)
    with pytest.raises(ValidationError, match="discount_rate"):
        roi_store.save_case(store, broken, case_id=saved)
    assert [c["id"] for c in roi_store.list_cases(store)] == [saved]
    assert roi_store.get_case(store, saved)["data"] == example()


def test_list_by_opportunity_and_delete_from_the_cli(cli: Callable[..., Result]) -> None:
    a = cli("roi", "save", str(EXAMPLE), "--opportunity", "opp-a").output.strip()
    cli("roi", "save", str(EXAMPLE), "--opportunity", "opp-b")
    only_a = json.loads(cli("roi", "list", "--opportunity", "opp-a", "--json").output)
    assert [c["id"] for c in only_a] == [a]
    assert "data" not in only_a[0]
    assert cli("roi", "delete", a[:5]).exit_code == 0
    assert json.loads(cli("roi", "list", "--opportunity", "opp-a", "--json").output) == []
    assert "No ROI cases yet" not in cli("roi", "list").output  # opp-b's case remains


def test_too_short_or_ambiguous_prefixes_are_refused(store: Store) -> None:
    for fixed in ("abcd0000-0000-4000-8000-000000000001", "abcd0000-0000-4000-8000-000000000002"):
        roi_store.save_case(store, example(), case_id=fixed)
    with pytest.raises(NotFoundError, match="at least 4 characters"):
        roi_store.get_case(store, "abc")
    with pytest.raises(ValidationError, match="matches several"):
        roi_store.get_case(store, "abcd0000")
