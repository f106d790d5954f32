"""Recommendation follows the method (domain.md §3): the stage's tag or format, its 5A step,
only trustworthy assets, ranked by what worked at that stage."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.recommend import recommend


def _asset(store: Store, title: str, fmt: str = "case_study", *, verified: bool = True,
           **fields: object) -> library.Asset:
    tags = {k: v for k, v in fields.items() if k in ("stage", "cognition", "industry", "persona")}
    data = {"title": title, "format": fmt, "language": "en"} | {
        k: v for k, v in fields.items() if k not in tags} | {"tags": tags}
    asset = library.add_asset(store, data)
    if verified:
        asset = library.set_status(store, asset.id, "verified", by="Lin")
    return asset


def _titles(store: Store, stage: str, **kw: object) -> list[str]:
    return [r.asset.title for r in recommend(store, stage, limit=20, **kw)]  # type: ignore[arg-type]


def test_wrong_stage_and_wrong_cognition_are_never_recommended(store: Store) -> None:
    _asset(store, "right", stage=["SQL"], cognition=["Act"])
    _asset(store, "mql only", stage=["MQL"], cognition=["Ask"])
    _asset(store, "sql but aware", stage=["SQL"], cognition=["Aware"])
    _asset(store, "sql, no cognition tags", stage=["SQL"])
    assert sorted(_titles(store, "SQL")) == ["right", "sql, no cognition tags"]
    assert _titles(store, "MQL") == ["mql only"]


def test_internal_only_drafts_expired_and_overdue_are_never_recommended(store: Store) -> None:
    _asset(store, "ok", stage=["SQL"])
    _asset(store, "flagged", stage=["SQL"], internal_only=True)
    battlecard = _asset(store, "battlecard", "battlecard", stage=["SQL"])  # internal by default
    _asset(store, "says so", stage=["SQL"], body="Customer quote approved; 不得公开投放.")
    _asset(store, "draft", stage=["SQL"], verified=False)
    expiring = _asset(store, "expired", stage=["SQL"])
    overdue = _asset(store, "overdue", stage=["SQL"])
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    store.conn.execute("UPDATE assets SET expires_on = ? WHERE id = ?", (yesterday, expiring.id))
    store.conn.execute("UPDATE assets SET review_due = ? WHERE id = ?", (yesterday, overdue.id))
    assert battlecard.internal_only
    assert _titles(store, "SQL") == ["ok"]
    # with the stage rules relaxed (a pitch's case step), trust still holds
    assert _titles(store, "SQL", any_stage=True) == ["ok"]


def test_an_untagged_asset_of_the_stage_format_ranks_below_every_tagged_one(store: Store) -> None:
    untagged = _asset(store, "untagged case, loved", industry=["logistics"])
    for score in (5, 5, 5):
        library.rate_asset(store, untagged.id, score, stage="SQL")
    _asset(store, "tagged roi sheet", "roi_sheet", stage=["SQL"])
    _asset(store, "untagged whitepaper", "whitepaper")  # a whitepaper is MQL's content, not SQL's
    picks = recommend(store, "SQL", "logistics", limit=10)
    assert [p.asset.title for p in picks] == ["tagged roi sheet", "untagged case, loved"]
    assert [p.tagged for p in picks] == [True, False]
    assert "no stage tag" in picks[1].reason


def test_usefulness_rated_in_the_stage_and_advancing_uses_rank_first(store: Store) -> None:
    elsewhere = _asset(store, "loved at RL", stage=["SQL", "RL"])
    here = _asset(store, "loved at SQL", stage=["SQL", "RL"])
    for _ in range(3):
        library.rate_asset(store, elsewhere.id, 5, stage="RL")
        library.rate_asset(store, here.id, 5, stage="SQL")
        library.record_usage(store, here.id, stage="SQL", outcome="won")
        library.record_usage(store, elsewhere.id, stage="SQL", outcome="lost")
    picks = recommend(store, "SQL")
    assert [p.asset.title for p in picks] == ["loved at SQL", "loved at RL"]
    # at SQL: 25 × 5/5 for the stage rating + 20 × 3 won / (3 uses + 2) for the outcomes
    # (+ freshness 15, primary format 10), against 12.5 × 5/5 overall for the other
    assert picks[0].score - picks[1].score == pytest.approx(25 + 20 * 3 / 5 - 12.5)
    assert "3 of 3 uses at SQL advanced or won" in picks[0].reason
    assert "rated 5.0/5 at SQL (3 ratings)" in picks[0].reason


def test_industry_and_persona_fit_and_labels_or_synonyms_as_input(store: Store) -> None:
    _asset(store, "other industry", stage=["SQL"], industry=["energy"], persona=["user"])
    _asset(store, "same industry", stage=["SQL"], industry=["logistics"], persona=["champion"])
    _asset(store, "general", stage=["SQL"])
    picks = recommend(store, "Sql", "物流", "推动者", lang="zh")
    assert [p.asset.title for p in picks] == ["same industry", "general", "other industry"]
    assert "同行业（物流）" in picks[0].reason and "面向推动者" in picks[0].reason
    assert [p.industry_match for p in picks] == [2, 1, 0]


def test_cli_json_gives_id_title_format_tags_reason_score(cli) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--quiet")
    picks = json.loads(cli("library", "recommend", "--stage", "RL", "--json").output)
    assert picks and {"id", "title", "format", "tags", "reason", "score"} <= set(picks[0])
    assert all("RL" in p["tags"]["stage"] or "stage" not in p["tags"] for p in picks)
    assert [p["score"] for p in picks] == sorted((p["score"] for p in picks), reverse=True)
    assert not any(p["asset"]["internal_only"] for p in picks)
