"""Correctness of the team sync against a real PostgreSQL and a running service: offline
edits merge field by field, the same field becomes a kept conflict, an edit beats a
delete, a retried event push counts once, an old cursor resynchronises without loss."""

from __future__ import annotations

import psycopg
from synchelpers import Team

from valuekit.library.assets import add_asset, delete_asset, get_asset, record_usage, update_asset
from valuekit.server.admin import compact
from valuekit.sync import state
from valuekit.sync.actions import resolve, sync_now
from valuekit.sync.records import local_assets
from valuekit.sync.transport import Transport


def _asset(store, title="Payback in 9 months"):  # type: ignore[no-untyped-def]
    return add_asset(store, {"title": title, "format": "case_study", "language": "en",
                             "summary": "original summary", "body": "original body"})


def test_a_new_teammate_gets_the_library(team: Team) -> None:
    mia = team.library("mia")
    first = _asset(mia, "Bank case")
    second = _asset(mia, "Retail case")
    sync_now(mia)
    sam = team.library("sam")
    report = sync_now(sam)
    assert report.pulled == 2
    assert get_asset(sam, first.id).title == "Bank case"
    assert get_asset(sam, second.id).summary == "original summary"


def test_different_fields_edited_offline_both_survive(team: Team) -> None:
    mia, mia2 = team.library("mia"), team.library("mia")
    asset = _asset(mia)
    sync_now(mia)
    sync_now(mia2)
    update_asset(mia, asset.id, {"summary": "summary from laptop one"})
    update_asset(mia2, asset.id, {"body": "body from laptop two"})
    sync_now(mia)
    sync_now(mia2)
    sync_now(mia)
    for store in (mia, mia2):
        got = get_asset(store, asset.id)
        assert (got.summary, got.body) == ("summary from laptop one", "body from laptop two")
        assert state.conflicts(store.conn) == []


def test_same_field_becomes_a_conflict_with_both_values_kept(team: Team) -> None:
    mia, mia2 = team.library("mia"), team.library("mia")
    asset = _asset(mia)
    sync_now(mia)
    sync_now(mia2)
    update_asset(mia, asset.id, {"title": "Title A", "summary": "only A changed this"})
    update_asset(mia2, asset.id, {"title": "Title B"})
    sync_now(mia)
    report = sync_now(mia2)
    assert report.conflicts == [f"asset/{asset.id}"]
    [conflict] = state.conflicts(mia2.conn)
    assert conflict.fields == ["title"]
    assert (conflict.base["title"], conflict.mine["title"], conflict.theirs["title"]) == (
        "Payback in 9 months", "Title B", "Title A")
    # mine stays in place until the user chooses; the other field merged
    here = get_asset(mia2, asset.id)
    assert (here.title, here.summary) == ("Title B", "only A changed this")
    # an open conflict is not pushed: the server still has A's title
    sync_now(mia2)
    sync_now(mia)
    assert get_asset(mia, asset.id).title == "Title A"
    resolve(mia2, "asset", asset.id, "theirs")
    sync_now(mia2)
    assert get_asset(mia2, asset.id).title == "Title A"
    assert state.conflicts(mia2.conn) == []


def test_choosing_mine_pushes_mine(team: Team) -> None:
    mia, mia2 = team.library("mia"), team.library("mia")
    asset = _asset(mia)
    sync_now(mia)
    sync_now(mia2)
    update_asset(mia, asset.id, {"title": "Title A"})
    update_asset(mia2, asset.id, {"title": "Title B"})
    sync_now(mia)
    sync_now(mia2)
    resolve(mia2, "asset", asset.id, "mine")
    sync_now(mia2)
    sync_now(mia)
    assert get_asset(mia, asset.id).title == "Title B"


def test_an_edit_beats_a_delete_on_either_side(team: Team) -> None:
    mia, mia2 = team.library("mia"), team.library("mia")
    one, two = _asset(mia, "Edited here, deleted there"), _asset(mia, "Deleted here, edited there")
    sync_now(mia)
    sync_now(mia2)
    update_asset(mia, one.id, {"summary": "kept"})
    delete_asset(mia2, one.id)
    delete_asset(mia, two.id)
    update_asset(mia2, two.id, {"summary": "also kept"})
    sync_now(mia)
    sync_now(mia2)
    sync_now(mia)
    for store in (mia, mia2):
        assert get_asset(store, one.id).summary == "kept"
        assert get_asset(store, two.id).summary == "also kept"


def test_an_unedited_row_follows_a_delete(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    asset = _asset(mia)
    sync_now(mia)
    sync_now(sam)
    delete_asset(mia, asset.id)
    sync_now(mia)
    sync_now(sam)
    assert sam.conn.execute("SELECT count(*) FROM assets WHERE id = ?", (asset.id,)).fetchone()[0] == 0


def test_usage_from_the_team_counts_once_even_when_pushed_twice(team: Team) -> None:
    mia, sam, sue = team.library("mia"), team.library("sam"), team.library("sue")
    asset = _asset(mia)
    sync_now(mia)
    sync_now(sam)
    sync_now(sue)
    for _ in range(3):
        record_usage(sam, asset.id, stage="SQL", customer="ACME")
    record_usage(sue, asset.id, stage="SQL", customer="Globex")
    sync_now(sam)
    # the answer was lost: forget that the events were sent and push them again
    sam.conn.execute("DELETE FROM sync_events")
    sync_now(sam)
    sync_now(sue)
    sync_now(mia)
    sync_now(sam)
    with psycopg.connect(team.dsn) as conn:
        assert conn.execute("SELECT count(*) FROM vk_events").fetchone()[0] == 3 + 1
    for store in (mia, sam, sue):
        uses = store.conn.execute("SELECT count(*) FROM usage").fetchone()[0]
        assert uses == 4, store.path


def test_an_old_cursor_resynchronises_without_loss(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    kept, gone = _asset(mia, "Still here"), _asset(mia, "Deleted while sam was away")
    sync_now(mia)
    sync_now(sam)
    mine = _asset(sam, "Sam's draft made offline")
    delete_asset(mia, gone.id)
    update_asset(mia, kept.id, {"summary": "changed while sam was away"})
    sync_now(mia)
    assert compact(team.dsn, keep_versions=0) == 1   # the tombstone is purged
    report = sync_now(sam)
    assert report.resynced
    assert get_asset(sam, kept.id).summary == "changed while sam was away"
    assert sam.conn.execute("SELECT count(*) FROM assets WHERE id = ?", (gone.id,)).fetchone()[0] == 0
    sync_now(mia)
    assert get_asset(mia, mine.id).title == "Sam's draft made offline"



def test_after_a_restore_every_client_resyncs_and_gives_back_what_the_server_lost(team: Team) -> None:
    from valuekit.server.admin import mark_restored

    mia = team.library("mia")
    kept = _asset(mia, "In the backup")
    sync_now(mia)
    lost = _asset(mia, "Pushed after the backup")
    sync_now(mia)
    with psycopg.connect(team.dsn) as conn:  # the restore: the later row is gone
        conn.execute("DELETE FROM vk_rows WHERE id = %s", (lost.id,))
    mark_restored(team.dsn)
    assert sync_now(mia).resynced
    sam = team.library("sam")
    sync_now(sam)
    assert {get_asset(sam, kept.id).title, get_asset(sam, lost.id).title} == {
        "In the backup", "Pushed after the backup"}


def test_a_team_row_is_stored_exactly_as_it_came(team: Team) -> None:
    """A verified asset the team row has without a review date (an older client, an
    import on the server) is not given one on arrival: the copy would differ from the
    team's row, look edited here, and a sales laptop would push it back and have it
    refused — every such asset listed as a refused change."""
    mia = team.library("mia")
    asset = add_asset(mia, {"title": "Verified, no review date", "format": "case_study",
                            "language": "en", "status": "verified"})
    record = local_assets(mia, [asset.id])[asset.id] | {"review_due": None}
    answer = Transport(team.url, team.tokens["mia"]).post("/push", {"rows": [
        {"kind": "asset", "id": asset.id, "base": 0, "deleted": False, "data": record}]})
    assert answer.status == 200 and answer.body["applied"][0]["version"] > 0
    sam = team.library("sam")
    sync_now(sam)
    assert get_asset(sam, asset.id).review_due is None
    again = sync_now(sam)
    assert again.pushed == 0 and again.rejected == []
    assert state.status(sam).rejected == 0
