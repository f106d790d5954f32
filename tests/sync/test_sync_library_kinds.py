"""The team library's vocabulary and FAB statements sync, against a real PostgreSQL and the
real service: marketing curates the vocabulary (facets, values, synonyms, renames) and
verifies FABs; sales and presales read both and add FAB drafts — refused by the database
itself otherwise."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from synchelpers import Team

from valuekit.db.store import Store
from valuekit.library.assets import add_asset, get_asset, set_status
from valuekit.library.curation import delete_value, rename_value
from valuekit.library.vocabulary import add_facet, add_synonym, add_value, canonical_value
from valuekit.sales import claims
from valuekit.sales.fab import add_fab, get_fab
from valuekit.server import rows
from valuekit.server.db import User, become
from valuekit.sync import state, vocab
from valuekit.sync.actions import revert, sync_now
from valuekit.sync.engine import SyncReport, apply_rows


def test_a_new_closed_facet_value_and_the_asset_using_it_arrive_in_one_sync(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    sync_now(sam)
    with mia.transaction() as conn:
        add_facet(conn, "deal_type", label_en="Deal type", label_zh="交易类型", closed=True)
        add_value(conn, "deal_type", "renewal", label_en="Renewal", label_zh="续约")
        add_value(conn, "format", "podcast", label_en="Podcast", label_zh="播客")
        add_synonym(conn, "deal_type", "re-up", "renewal")
    episode = add_asset(mia, {"title": "Renewal talk track", "format": "podcast", "language": "en",
                              "tags": {"deal_type": ["renewal"]}})
    set_status(mia, episode.id, "verified", by="mia")
    pushed = sync_now(mia)
    assert pushed.rejected == [] and pushed.pushed == 3   # the two edited facets and the asset
    sync_now(sam)
    assert sam.conn.execute("SELECT count(*) FROM sync_incoming").fetchone()[0] == 0
    got = get_asset(sam, episode.id)
    assert got.format == "podcast" and got.tags["deal_type"] == ["renewal"] and got.status == "verified"
    assert canonical_value(sam.conn, "deal_type", "Re-up") == "renewal"
    assert sam.conn.execute("SELECT closed, label_zh FROM facets WHERE name = 'deal_type'").fetchone() == (1, "交易类型")
    # an untouched vocabulary on a field laptop is not an edit
    again = sync_now(sam)
    assert again.pushed == 0 and again.rejected == []


def _deal_types(mia: Store, values: list[str], tagged: list[str], title: str) -> str:
    """Marketing adds the closed facet deal_type with ``values`` and an asset tagged with
    ``tagged``; returns the asset id."""
    with mia.transaction() as conn:
        add_facet(conn, "deal_type", closed=True)
        for value in values:
            add_value(conn, "deal_type", value)
    return add_asset(mia, {"title": title, "format": "article", "language": "en",
                           "tags": {"deal_type": tagged}}).id


def test_a_row_that_waited_for_its_vocabulary_lands_when_it_arrives(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    asset_id = _deal_types(mia, ["renewal"], ["renewal"], "Renewal")
    sync_now(mia)
    # the asset reaches sam alone first (as if its vocabulary were on a later page)
    with psycopg.connect(team.dsn) as conn:
        row = conn.execute("SELECT kind, id, version, data, deleted, status, owner, modified_by, account,"
                           " members FROM vk_rows WHERE kind = 'asset'").fetchone()
        facet = conn.execute("SELECT kind, id, version, data, deleted, status, owner, modified_by, account,"
                             " members FROM vk_rows WHERE kind = 'facet'").fetchone()
    keys = ("kind", "id", "version", "data", "deleted", "status", "owner", "modified_by", "account", "members")
    report = SyncReport()
    with sam.transaction() as conn:
        apply_rows(sam, conn, [dict(zip(keys, row, strict=True))], report)
    assert sam.conn.execute("SELECT kind, id FROM sync_incoming").fetchall() == [("asset", asset_id)]
    with sam.transaction() as conn:
        apply_rows(sam, conn, [dict(zip(keys, facet, strict=True))], report)
    assert sam.conn.execute("SELECT count(*) FROM sync_incoming").fetchone()[0] == 0
    assert get_asset(sam, asset_id).tags["deal_type"] == ["renewal"]


def test_a_rename_by_marketing_reaches_local_drafts_on_a_sales_laptop(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    curated = get_asset(mia, _deal_types(mia, ["upsell"], ["upsell"], "Upsell playbook"))
    set_status(mia, curated.id, "verified", by="mia")
    sync_now(mia)
    sync_now(sam)
    draft = add_asset(sam, {"title": "Sam's upsell notes", "format": "article", "language": "en",
                            "tags": {"deal_type": ["upsell"]}})   # never synced yet
    assert rename_value(mia, "deal_type", "upsell", "expansion") == 1
    sync_now(mia)
    report = sync_now(sam)
    assert report.rejected == [] and report.conflicts == []
    assert get_asset(sam, draft.id).tags["deal_type"] == ["expansion"]
    assert get_asset(sam, curated.id).tags["deal_type"] == ["expansion"]
    assert sam.conn.execute("SELECT old_value, new_value FROM value_renames WHERE facet = 'deal_type'"
                            ).fetchall() == [("upsell", "expansion")]
    assert state.rejected(sam.conn) == []
    sync_now(mia)
    assert get_asset(mia, draft.id).tags["deal_type"] == ["expansion"]


def _fab(product: str = "ledgerx") -> dict:  # type: ignore[type-arg]
    return {"product": product, "feature": "Automatic reconciliation", "benefit": "Close the month in five days",
            "advantage": "No spreadsheets", "language": "en", "value_type": "cost", "need_layer": "business"}


def test_fab_drafts_by_sales_reach_marketing_who_verifies_them(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    fab = add_fab(sam, _fab())
    assert sync_now(sam).pushed == 1
    sync_now(mia)
    got = get_fab(mia, fab["id"])   # mia had neither the product nor the feature
    assert (got["product"], got["feature"], got["benefit"], got["status"]) == (
        "ledgerx", "Automatic reconciliation", "Close the month in five days", "draft")
    claims.set_status(mia, "fab", fab["id"], "verified")
    assert sync_now(mia).pushed == 1
    sync_now(sam)
    assert get_fab(sam, fab["id"])["status"] == "verified"
    # now marketing's: sam's edits are refused with the reason, the status stays
    claims.set_status(sam, "fab", fab["id"], "retired")
    [refused] = sync_now(sam).rejected
    assert refused["kind"] == "fab" and "marketing" in refused["reason"]


def test_a_sales_vocabulary_edit_is_refused_with_its_reason(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    sync_now(mia)
    sync_now(sam)
    with sam.transaction() as conn:
        add_synonym(conn, "persona", "boss", "decision_maker")
    [refused] = sync_now(sam).rejected
    assert (refused["kind"], refused["id"]) == ("facet", "persona")
    assert "only marketing may edit the team vocabulary" in refused["reason"]
    # tagging a draft with a new value of an open facet is no vocabulary edit
    add_asset(sam, {"title": "Biotech story", "format": "article", "language": "en",
                    "tags": {"industry": ["biotech"]}})
    assert sync_now(sam).rejected == []
    sync_now(mia)
    assert canonical_value(mia.conn, "industry", "biotech") == "biotech"


def _session(dsn: str, name: str, role: str) -> psycopg.Connection:
    conn = psycopg.connect(dsn)
    become(conn, User(name, role))
    return conn


def test_the_database_refuses_fab_verification_and_vocabulary_edits_by_sales(
        team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    fab = add_fab(sam, _fab())
    with mia.transaction() as conn:
        add_value(conn, "format", "podcast")
    sync_now(sam)
    sync_now(mia)
    monkeypatch.setattr(rows, "_service_check", lambda *a: None)
    with _session(team.dsn, "sam", "sales") as conn:
        version, data = conn.execute("SELECT version, data FROM vk_rows WHERE kind = 'fab'").fetchone()
        result = rows.push(conn, User("sam", "sales"), [
            rows.PushRow("fab", fab["id"], version, dict(data) | {"status": "verified"}, False, None, [])])
        assert result.applied == [] and "row-level security" in result.refused[0]["reason"]
        version, data = conn.execute("SELECT version, data FROM vk_rows WHERE kind = 'facet'").fetchone()
        result = rows.push(conn, User("sam", "sales"), [
            rows.PushRow("facet", "format", version, dict(data) | {"label_en": "Formats"}, False, None, []),
            rows.PushRow("facet", "region", 0, {"name": "region", "values": {}}, False, None, [])])
        assert result.applied == [] and len(result.refused) == 2
        assert all("database" in r["reason"] for r in result.refused)
    with _session(team.dsn, "sam", "sales") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE vk_rows SET status = 'verified', modified_by = 'sam' WHERE kind = 'fab'")
    with _session(team.dsn, "sam", "sales") as conn:
        assert conn.execute("UPDATE vk_rows SET data = '{}', modified_by = 'sam' WHERE kind = 'facet'").rowcount == 0
    with psycopg.connect(team.dsn) as conn:
        assert conn.execute("SELECT status FROM vk_rows WHERE kind = 'fab'").fetchone()[0] == "draft"
        assert conn.execute("SELECT data->>'label_en' FROM vk_rows WHERE kind = 'facet'").fetchone()[0] == "Format"


def test_an_untouched_library_vocabulary_is_the_seed(tmp_path: Path) -> None:
    """The implicit base of a never-synced built-in facet must be exactly what a new
    library holds, or every laptop would push (and have refused) the whole vocabulary."""


    store = Store.open(tmp_path / "new")
    assert vocab.facet_records(store.conn) == vocab.seed_records()


def test_a_value_marketing_removes_leaves_sales_laptops_without_a_refusal(team: Team) -> None:


    mia, sam = team.library("mia"), team.library("sam")
    curated = get_asset(mia, _deal_types(mia, ["renewal", "churn_save"], ["renewal", "churn_save"],
                                         "Save a churning account"))
    sync_now(mia)
    sync_now(sam)
    draft = add_asset(sam, {"title": "Sam's save", "format": "article", "language": "en",
                            "tags": {"deal_type": ["churn_save"]}})
    sync_now(sam)
    delete_value(mia, "deal_type", "churn_save")
    assert sync_now(mia).rejected == []
    report = sync_now(sam)
    assert report.rejected == [] and report.conflicts == []
    assert get_asset(sam, curated.id).tags["deal_type"] == ["renewal"]
    assert "deal_type" not in get_asset(sam, draft.id).tags
    assert sync_now(sam).pushed == 0 and state.rejected(sam.conn) == []


def test_reverting_a_refused_vocabulary_edit_restores_the_team_version(team: Team) -> None:


    sam = team.library("sam")
    tagged = add_asset(sam, {"title": "Biotech", "format": "article", "language": "en",
                             "tags": {"industry": ["biotech"], "persona": ["champion", "user"]}})
    rename_value(sam, "persona", "user", "end_user")
    with sam.transaction() as conn:
        add_synonym(conn, "persona", "boss", "decision_maker")
        add_value(conn, "persona", "board")
        add_synonym(conn, "industry", "life sciences", "biotech")
    refused = {(r["kind"], r["id"]) for r in sync_now(sam).rejected}
    assert refused == {("facet", "persona"), ("facet", "industry")}
    revert(sam, "facet", "persona")
    revert(sam, "facet", "industry")
    assert canonical_value(sam.conn, "persona", "boss") is None
    assert canonical_value(sam.conn, "persona", "board") is None
    assert canonical_value(sam.conn, "industry", "life sciences") is None
    # the asset keeps its tags: an open facet keeps the values tagging added
    tags = get_asset(sam, tagged.id).tags
    assert (tags["industry"], tags["persona"]) == (["biotech"], ["champion", "user"])  # renamed back
    assert sam.conn.execute("SELECT count(*) FROM value_renames").fetchone()[0] == 0
    again = sync_now(sam)   # sam's own draft goes out with its tags back; no vocabulary edit
    assert again.rejected == [] and again.pushed == 1
    assert sync_now(sam).pushed == 0


def test_a_value_added_by_tagging_yields_to_the_curated_one(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    sync_now(mia)
    sync_now(sam)
    add_asset(sam, {"title": "Biotech field notes", "format": "article", "language": "en",
                    "tags": {"industry": ["biotech"]}})   # adds biotech, labelled "biotech"
    with mia.transaction() as conn:
        add_value(conn, "industry", "biotech", label_en="Biotech", label_zh="生物科技")
    sync_now(mia)
    report = sync_now(sam)
    assert report.conflicts == [] and report.rejected == []
    assert sam.conn.execute("SELECT label_en, label_zh FROM facet_values WHERE facet = 'industry'"
                            " AND value = 'biotech'").fetchone() == ("Biotech", "生物科技")
    assert sync_now(sam).pushed == 0
