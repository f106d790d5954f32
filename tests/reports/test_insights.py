"""Insights for marketing: the figures agree with the library they summarise."""

from __future__ import annotations

from datetime import date

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library.assets import add_asset, get_asset, rate_asset, record_usage, set_status
from valuekit.library.curation import assets_missing
from valuekit.library.search import Query, search
from valuekit.reports import insights

TODAY = date(2026, 11, 23)


def _asset(store: Store, title: str, **extra) -> str:
    data = {"title": title, "format": "case_study", "language": "en",
            "tags": {"stage": ["SQL"], "industry": ["energy"], "persona": ["champion"]}}
    data.update(extra)
    return add_asset(store, data).id


def test_demo_figures_match_the_library(store: Store) -> None:
    load_demo(store)
    m = insights.marketing_insights(store, today=TODAY)
    live = search(store, Query(limit=1000)).assets
    live = [a for a in live if a.status != "retired"]
    assert m.total == len(live)
    # Each stage bar counts the live assets carrying that stage.
    for c in m.by_stage:
        assert c.count == sum(1 for a in live if c.value in a.tags.get("stage", []))
    assert [c.value for c in m.by_stage] == ["RL", "MQL", "SQL", "Rev", "Retention"]
    assert sum(c.count for c in m.by_format) == len(live)
    assert m.never_used.total == sum(1 for a in live if a.usage_count == 0)
    assert m.unverified.total == sum(1 for a in live if a.status == "draft")
    assert m.untagged.total == len(assets_missing(store, ["industry", "stage", "persona"]))
    usage = [r.usage_count for r in m.most_used.items]
    assert usage == sorted(usage, reverse=True) and usage[0] == max(a.usage_count for a in live)
    assert m.highest_rated.items[0].usefulness == max(a.usefulness or 0 for a in live)
    assert len(m.most_used.items) <= 10


def test_usage_rating_and_verification_move_the_lists(store: Store) -> None:
    quiet = _asset(store, "Quiet case")
    loved = _asset(store, "Loved case")
    record_usage(store, loved, stage="SQL")
    rate_asset(store, loved, 5)
    rate_asset(store, quiet, 2)
    m = insights.marketing_insights(store, today=TODAY)
    assert [r.title for r in m.never_used.items] == ["Quiet case"]
    assert [r.title for r in m.most_used.items] == ["Loved case"]
    assert [r.title for r in m.highest_rated.items] == ["Loved case", "Quiet case"]
    assert m.unverified.total == 2
    set_status(store, quiet, "verified", by="me")
    assert [r.title for r in insights.unverified(store).items] == ["Loved case"]
    set_status(store, quiet, "retired", by="me")
    # Retired assets drop out of every list and count.
    assert insights.never_used(store).total == 0
    assert insights.count_assets(store, include_retired=False) == 1


def test_past_review_uses_the_review_date_else_a_year_without_change(store: Store) -> None:
    _asset(store, "Due yesterday", review_due="2026-11-22")
    _asset(store, "Due next month", review_due="2026-12-23")
    fresh = _asset(store, "No date, fresh")
    stale = _asset(store, "No date, stale")
    store.conn.execute("UPDATE assets SET updated_at = '2025-11-01T00:00:00Z' WHERE id = ?", (stale,))
    result = insights.past_review(store, today=TODAY)
    assert [r.title for r in result.items] == ["No date, stale", "Due yesterday"]
    assert fresh not in {r.id for r in result.items}
    assert get_asset(store, stale).updated_at < insights.review_cutoff(TODAY)


def test_untagged_names_what_sales_cannot_find(store: Store) -> None:
    _asset(store, "Complete")
    _asset(store, "No persona", tags={"stage": ["SQL"], "industry": ["energy"]})
    _asset(store, "Only format", tags={})
    result = insights.untagged(store)
    assert result.total == 2
    assert [r.title for r in result.items] == ["No persona", "Only format"]
    assert [r.missing for r in result.items] == [["persona"], ["stage", "industry", "persona"]]


def test_limit_keeps_the_total(store: Store) -> None:
    for n in range(5):
        _asset(store, f"Case {n}")
    result = insights.never_used(store, limit=2)
    assert result.total == 5 and len(result.items) == 2


def test_a_salesperson_sees_their_deals_and_how_far_each_pitch_is(store: Store) -> None:
    from valuekit.pitch.draft import draft_pitch
    from valuekit.pitch.store import record_export, save_pitch
    from valuekit.sales.opportunity import list_opportunities

    load_demo(store)
    opp = next(o for o in list_opportunities(store) if o["owner"] == "林晓")
    pitch_id = save_pitch(store, draft_pitch(store, opp["id"], lang="zh"), opportunity_id=opp["id"])
    record_export(store, pitch_id, "pitch", {"title": "x"})
    mine = insights.sales_insights(store, " 林晓 ")
    assert mine.mine and [o.customer for o in mine.opportunities] == [opp["customer"]]
    assert mine.by_stage[opp["stage"]] == 1 and sum(mine.by_stage.values()) == 1
    (status,) = mine.opportunities[0].pitches
    assert status.id == pitch_id and status.exports == 1
    assert status.complete + status.thin + status.missing == 7
    # Someone who owns nothing sees the team's pipeline, flagged as not theirs.
    team = insights.sales_insights(store, "nobody-here")
    assert not team.mine and len(team.opportunities) == len(list_opportunities(store))
    closes = [o.close_date or "9999" for o in team.opportunities]
    assert closes == sorted(closes)


def test_the_pipeline_total_counts_open_deals_only(store: Store) -> None:
    # docs/methods.md §8: Rev (signed and paid) and Retention are closed, not pipeline
    from valuekit.sales.opportunity import create_opportunity

    for stage, size in (("RL", 10_000), ("MQL", 20_000), ("SQL", 30_000), ("Rev", 400_000), ("Retention", 500_000)):
        create_opportunity(store, {"customer": stage, "industry": "manufacturing", "stage": stage,
                                   "deal_size": size, "owner": "Chen"})
    result = insights.sales_insights(store, "Chen")
    assert result.pipeline == {"CNY": 10_000 + 20_000 + 30_000}
    assert result.by_stage["Rev"] == 1 and result.by_stage["Retention"] == 1
