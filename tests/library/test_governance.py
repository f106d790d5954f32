"""Governance, usage by stage, the journey and toolkits, and a vocabulary that understands
people's words."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.library import assets as library
from valuekit.library.governance import asset_trust_problems, expired_but_used, review_due
from valuekit.library.journey import (
    RULE_OF_THREE,
    coverage,
    get_journey,
    set_journey_stage,
    toolkit,
)
from valuekit.library.usage_stats import usage_summary

TODAY = date.today()


def _days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def test_verifying_sets_the_next_review_by_the_interval(store: Store) -> None:
    default = library.add_asset(store, {"title": "A", "format": "article"})
    own = library.add_asset(store, {"title": "B", "format": "article", "review_interval_days": 14})
    battle = library.add_asset(store, {"title": "C", "format": "battlecard"})
    for asset in (default, own, battle):
        library.set_status(store, asset.id, "verified", by="Lin")
    due = {a.title: library.get_asset(store, a.id).review_due for a in (default, own, battle)}
    # article: the 90-day default; B: its own 14 days; battlecards age fast (30 days)
    assert due == {"A": _days(90), "B": _days(14), "C": _days(30)}


@pytest.mark.parametrize(("field", "value", "says"), [
    ("review_interval_days", 0, "from 1 to 3660"), ("review_interval_days", "-3", "from 1 to 3660"),
    ("expires_on", "2001-01-01", "in the past"), ("expires_on", "soon", "YYYY-MM-DD")])
def test_bad_governance_input_is_refused_and_nothing_is_written(store: Store, field: str, value: object,
                                                                says: str) -> None:
    with pytest.raises(ValidationError, match=says) as caught:
        library.add_asset(store, {"title": "A", "format": "article", field: value})
    assert caught.value.localized("zh")  # and it has Chinese
    assert store.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0


def test_review_due_per_owner_and_trust_problems(store: Store) -> None:
    mine = library.add_asset(store, {"title": "Mine", "format": "article", "owner": "Lin"})
    theirs = library.add_asset(store, {"title": "Theirs", "format": "article", "owner": "Wu"})
    fresh = library.add_asset(store, {"title": "Fresh", "format": "article", "owner": "Lin"})
    for asset in (mine, theirs, fresh):
        library.set_status(store, asset.id, "verified", by="Lin")
    store.conn.execute("UPDATE assets SET review_due = ? WHERE id IN (?, ?)", (_days(-3), mine.id, theirs.id))
    assert [d.title for d in review_due(store)] == ["Mine", "Theirs"]
    assert [(d.title, d.days_overdue) for d in review_due(store, owner="Lin")] == [("Mine", 3)]
    assert [d.title for d in review_due(store, owner="Lin", within_days=120)] == ["Mine", "Fresh"]
    assert [p.code for p in asset_trust_problems(store, mine.id)] == ["review_overdue"]
    assert asset_trust_problems(store, fresh.id) == []
    library.update_asset(store, fresh.id, {"internal_only": True})
    assert [p.code for p in asset_trust_problems(store, fresh.id)] == ["internal_only"]


def test_expired_but_still_used(store: Store) -> None:
    old = library.add_asset(store, {"title": "Old prices", "format": "one_pager"})
    store.conn.execute("UPDATE assets SET expires_on = ? WHERE id = ?", (_days(-30), old.id))
    library.record_usage(store, old.id, stage="SQL", when=f"{_days(-40)}T09:00:00Z")  # before: fine
    library.record_usage(store, old.id, stage="SQL", when=f"{_days(-2)}T09:00:00Z")
    [row] = expired_but_used(store.conn)
    assert (row.title, row.uses_since) == ("Old prices", 1)
    assert "expired" in [p.code for p in asset_trust_problems(store, old.id)]


def test_usage_by_stage_outcome_and_win_influence(store: Store) -> None:
    asset = library.add_asset(store, {"title": "Case", "format": "case_study"})
    for stage, outcome, opp in (("SQL", "advanced", "o1"), ("SQL", "stalled", "o2"), ("Rev", "won", "o1"),
                                ("SQL", "lost", "o3"), ("MQL", None, None)):
        library.record_usage(store, asset.id, stage=stage, outcome=outcome, opportunity_id=opp,
                             customer="C" if opp is None else "")
    summary = usage_summary(store.conn, library.get_asset(store, asset.id).seq)
    by = {s.stage: s for s in summary.by_stage}
    assert by["SQL"].uses == 3 and by["SQL"].outcomes | {} == {
        "advanced": 1, "won": 0, "lost": 1, "no_effect": 1, "unknown": 0}
    # opportunities o1, o2, o3 and customer C: o1 was won → 1 of 4
    assert (summary.opportunities, summary.won_opportunities) == (4, 1)
    assert summary.win_influence == pytest.approx(1 / 4)


def test_show_json_has_usage_summary(cli) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--quiet")
    first = json.loads(cli("library", "search", "报价", "--json").output)[0]
    shown = json.loads(cli("library", "show", first["id"], "--json").output)
    assert shown["usage_summary"]["uses"] == shown["usage_count"] == sum(
        s["uses"] for s in shown["usage_summary"]["by_stage"])


def test_journey_defaults_edits_and_coverage_against_the_rule_of_three(store: Store) -> None:
    assert [(j.stage, j.cognition) for j in get_journey(store.conn)][:2] == [
        ("RL", ["Aware", "Appeal"]), ("MQL", ["Ask"])]
    step = set_journey_stage(store, "mql", {"channel": "行业媒体", "formats": "白皮书, analyst_report",
                                            "cognition": "问询"})
    assert (step.stage, step.formats, step.cognition) == ("MQL", ["whitepaper", "analyst_report"], ["Ask"])
    with pytest.raises(ValidationError):
        set_journey_stage(store, "MQL", {"formats": "podcast"})
    for n in range(2):
        a = library.add_asset(store, {"title": f"WP {n}", "format": "whitepaper",
                                      "tags": {"stage": ["MQL"], "industry": ["logistics"]}})
        library.set_status(store, a.id, "verified", by="Lin")
    draft = library.add_asset(store, {"title": "draft", "format": "whitepaper", "tags": {"stage": ["MQL"]}})
    assert draft.status == "draft"  # a draft does not count
    cells = {(c.stage, c.industry): c for c in coverage(store)}
    assert (cells[("MQL", "logistics")].count, cells[("MQL", "logistics")].gap) == (2, RULE_OF_THREE - 2)
    assert cells[("MQL", "")].count == 0


def test_toolkit_lists_present_and_missing_items(store: Store) -> None:
    brochure = library.add_asset(store, {"title": "Brochure", "format": "brochure", "tags": {"product": ["crm"]}})
    library.set_status(store, brochure.id, "verified", by="Lin")
    library.add_asset(store, {"title": "Spec draft", "format": "技术参数表", "tags": {"product": ["领航CRM"]}})
    items = {i.item: i for i in toolkit(store, "领航CRM")}
    assert items["brochure"].present
    assert not items["tech_spec_sheet"].present and items["tech_spec_sheet"].assets[0]["title"] == "Spec draft"
    assert not items["card"].present and not items["card"].assets


def test_labels_and_synonyms_mean_their_values_everywhere(store: Store) -> None:
    asset = library.add_asset(store, {"title": "A", "format": "Case Study",
                                      "tags": {"persona": ["推动者", "promoter", "Decision-maker"],
                                               "stage": ["Sql", "成交回款 Rev"]}})
    assert asset.format == "case_study"
    assert asset.tags["persona"] == ["decision_maker", "champion"]
    assert asset.tags["stage"] == ["SQL", "Rev"]
    library.tag_assets(store, [asset.id], "persona", ["使用者"])
    assert "user" in library.get_asset(store, asset.id).tags["persona"]
    with pytest.raises(ValidationError, match="allowed"):
        library.add_asset(store, {"title": "B", "format": "article", "tags": {"persona": ["mascot"]}})


def test_cli_governance_commands(cli) -> None:  # type: ignore[no-untyped-def]
    added = json.loads(cli("library", "add", "--title", "T", "--format", "article", "--json").output)
    bad = cli("library", "govern", added["id"], "--review-interval", "0")
    assert bad.exit_code == 1 and "Traceback" not in bad.output and "1 to 3660" in bad.output
    ok = json.loads(cli("library", "govern", added["id"], "--owner", "Lin", "--internal", "--json").output)
    assert ok["owner"] == "Lin" and ok["internal_only"] is True
    trust = cli("library", "trust", added["id"], "--json")
    assert trust.exit_code == 2 and {p["code"] for p in json.loads(trust.output)} == {
        "not_verified", "internal_only"}
    assert json.loads(cli("library", "review-due", "--json").output) == []
    kit = json.loads(cli("library", "toolkit", "--product", "crm", "--json").output)
    assert [i["item"] for i in kit][:2] == ["brochure", "tech_spec_sheet"]
    assert "MQL" in cli("journey", "show").output


def test_library_check_rebuilds_drifted_summaries(store: Store) -> None:
    from valuekit.library.check import check_library

    asset = library.add_asset(store, {"title": "A", "format": "article", "tags": {"stage": ["SQL"]}})
    library.record_usage(store, asset.id, stage="SQL")
    library.rate_asset(store, asset.id, 4)
    store.conn.execute("UPDATE assets SET use_count = 99, rating_sum = 1")
    store.conn.execute("UPDATE tag_counts SET n = 7")
    assert check_library(store).ok
    again = library.get_asset(store, asset.id)
    assert (again.usage_count, again.usefulness) == (1, 4.0)
    assert store.conn.execute("SELECT n FROM tag_counts WHERE facet='stage' AND value='SQL'").fetchone()[0] == 1
