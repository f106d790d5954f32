"""FAB claims' ratings and uses reach the whole team, like assets': sue's and sam's
ratings average on every laptop, a use counts once however often a push is retried, a
re-rating replaces the rater's older one, and a full resync counts nothing twice."""

from __future__ import annotations

import psycopg
from synchelpers import Team

from valuekit.sales import claims
from valuekit.sales.fab import add_fab
from valuekit.sync import state
from valuekit.sync.actions import sync_now
from valuekit.sync.engine import SyncReport, transport_for
from valuekit.sync.push import push_events


def _fab() -> dict:  # type: ignore[type-arg]
    return {"product": "ledgerx", "feature": "Automatic reconciliation", "benefit": "Close the month in five days",
            "advantage": "No spreadsheets", "language": "en", "value_type": "cost", "need_layer": "business"}


def test_claim_ratings_and_uses_are_team_wide_and_count_once(team: Team) -> None:
    mia, sam, sue = team.library("mia"), team.library("sam"), team.library("sue")
    fab = add_fab(mia, _fab())
    sync_now(mia)
    sync_now(sam)
    sync_now(sue)
    claims.rate(sam, "fab", fab["id"], "sam", 5)
    claims.rate(sue, "fab", fab["id"], "sue", 2)
    claims.record_use(sue, "fab", fab["id"])
    assert state.status(sue).pending_events == 2          # her rating and her use wait
    sync_now(sam)
    sync_now(sue)
    # a retried push (the answer was lost): the same events again add nothing
    push_events(sue, transport_for(sue), SyncReport())
    with psycopg.connect(team.dsn) as conn:
        kinds = sorted(k for (k,) in conn.execute("SELECT kind FROM vk_events WHERE kind LIKE 'claim%'"))
    assert kinds == ["claim_rating", "claim_rating", "claim_usage"]
    sync_now(mia)
    sync_now(sam)
    for store in (mia, sam, sue):
        stats = claims.claim_stats(store, "fab", fab["id"])
        assert (stats.ratings, stats.rating, stats.usage) == (2, (5 + 2) / 2, 1)
        assert state.status(store).pending_events == 0   # nothing received is sent back
    # sam changes his mind: his newer rating replaces the old one everywhere
    claims.rate(sam, "fab", fab["id"], "sam", 3)
    sync_now(sam)
    sync_now(mia)
    assert claims.claim_stats(mia, "fab", fab["id"]).rating == (3 + 2) / 2
    # a full resync (cursor back to 0) re-reads every event: still one use, two ratings
    with mia.transaction() as conn:
        state.set_setting(conn, "cursor", "0")
    sync_now(mia)
    stats = claims.claim_stats(mia, "fab", fab["id"])
    assert (stats.ratings, stats.rating, stats.usage) == (2, (3 + 2) / 2, 1)
