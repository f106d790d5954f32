"""Roles are enforced by PostgreSQL itself: marketing curates, sales and presales add and
edit their own drafts, nobody writes as someone else — refused by the database even when
the service's own check is bypassed. Accounts stay private unless shared."""

from __future__ import annotations

import json

import psycopg
import pytest
from synchelpers import Team

from valuekit.library.assets import add_asset, get_asset, set_status, update_asset
from valuekit.resources import DEMO_DIR
from valuekit.roi.cases import save_case
from valuekit.sales.opportunity import create_opportunity, update_opportunity
from valuekit.server import rows
from valuekit.server.db import User, become
from valuekit.sync import state
from valuekit.sync.actions import revert, share, sync_now


def _draft(store, title="Field story"):  # type: ignore[no-untyped-def]
    return add_asset(store, {"title": title, "format": "case_study", "language": "en"})


def test_sales_cannot_verify_or_retire_through_the_service(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    curated = _draft(mia, "Curated by marketing")
    sync_now(mia)
    sync_now(sam)
    set_status(sam, curated.id, "retired", by="sam")
    report = sync_now(sam)
    [refused] = report.rejected
    assert refused["id"] == curated.id and "marketing" in refused["reason"]
    assert [r.id for r in state.rejected(sam.conn)] == [curated.id]
    sync_now(mia)
    assert get_asset(mia, curated.id).status == "draft"   # nothing reached the team
    # giving the change up restores the team's version and clears the list
    revert(sam, "asset", curated.id)
    assert get_asset(sam, curated.id).status == "draft" and state.rejected(sam.conn) == []


def test_field_roles_add_drafts_that_marketing_verifies(team: Team) -> None:
    mia, pia = team.library("mia"), team.library("pia")
    story = _draft(pia, "What closed the ACME deal")
    assert sync_now(pia).pushed == 1
    sync_now(mia)
    set_status(mia, story.id, "verified", by="mia")
    sync_now(mia)
    sync_now(pia)
    assert get_asset(pia, story.id).status == "verified"
    # once verified it is marketing's: presales edits are refused
    update_asset(pia, story.id, {"title": "Renamed by presales"})
    assert [r["id"] for r in sync_now(pia).rejected] == [story.id]


def _session(dsn: str, name: str, role: str) -> psycopg.Connection:
    conn = psycopg.connect(dsn)
    become(conn, User(name, role))
    return conn


def test_the_database_refuses_what_the_role_may_not_do(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    curated, own = _draft(mia, "Marketing's"), _draft(sam, "Sam's draft")
    sync_now(mia)
    sync_now(sam)
    # straight SQL as the sales role: no service in between
    with _session(team.dsn, "sam", "sales") as conn:
        cur = conn.execute("UPDATE vk_rows SET status = 'retired', modified_by = 'sam'"
                           " WHERE id = %s", (curated.id,))
        assert cur.rowcount == 0            # row-level security hides it from UPDATE
    with _session(team.dsn, "sam", "sales") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE vk_rows SET status = 'verified', modified_by = 'sam' WHERE id = %s",
                     (own.id,))
    with _session(team.dsn, "sam", "sales") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE vk_rows SET modified_by = 'mia' WHERE id = %s", (own.id,))
    with _session(team.dsn, "sam", "sales") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM vk_rows WHERE id = %s", (own.id,))
    with _session(team.dsn, "sam", "sales") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO vk_events(id, kind, asset_id, who, data, version) VALUES"
                     " (gen_random_uuid(), 'usage', %s, 'mia', '{}', nextval('vk_version'))",
                     (own.id,))
    # the service's own check switched off: the database still says no
    monkeypatch.setattr(rows, "_service_check", lambda *a: None)
    with _session(team.dsn, "sam", "sales") as conn:
        version = conn.execute("SELECT version, data FROM vk_rows WHERE id = %s", (curated.id,)).fetchone()
        data = dict(version[1]) | {"status": "retired"}
        result = rows.push(conn, User("sam", "sales"), [
            rows.PushRow("asset", curated.id, version[0], data, False, None, [])])
        assert result.applied == [] and "database" in result.refused[0]["reason"]
        result = rows.push(conn, User("sam", "sales"), [
            rows.PushRow("asset", "b6a1b2c8-0000-4000-8000-000000000001", 0,
                         data | {"status": "verified"}, False, None, [])])
        assert "row-level security" in result.refused[0]["reason"]
    with psycopg.connect(team.dsn) as conn:
        assert conn.execute("SELECT status FROM vk_rows WHERE id = %s", (curated.id,)).fetchone()[0] == "draft"


def _opportunity(store):  # type: ignore[no-untyped-def]
    opp = create_opportunity(store, {"customer": "ACME Bank", "industry": "finance",
                                     "stage": "SQL", "language": "en", "owner": "sam"})
    example = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    case_id = save_case(store, example, opportunity_id=opp["id"], customer="ACME Bank")
    return opp, case_id


def test_an_account_is_private_until_shared_with_named_teammates(team: Team) -> None:
    sam, sue, pia = team.library("sam"), team.library("sue"), team.library("pia")
    opp, case_id = _opportunity(sam)
    sync_now(sam)
    with psycopg.connect(team.dsn) as conn:
        assert conn.execute("SELECT count(*) FROM vk_rows WHERE kind <> 'asset'").fetchone()[0] == 0
    share(sam, opp["id"], ["sue"])
    sync_now(sam)
    sync_now(sue)
    sync_now(pia)
    assert sue.conn.execute("SELECT customer FROM opportunities").fetchall() == [("ACME Bank",)]
    assert sue.conn.execute("SELECT id FROM roi_cases").fetchall() == [(case_id,)]
    assert pia.conn.execute("SELECT count(*) FROM opportunities").fetchone()[0] == 0
    # sue works the account too; her edit reaches the owner
    revision = sue.conn.execute("SELECT revision FROM opportunities").fetchone()[0]
    update_opportunity(sue, opp["id"], {"region": "East"}, expected_revision=revision)
    sync_now(sue)
    sync_now(sam)
    assert sam.conn.execute("SELECT region FROM opportunities").fetchone()[0] == "East"
    # only the owner decides who sees it
    share(sue, opp["id"], ["sue", "pia"])
    assert [r["id"] for r in sync_now(sue).rejected] == [opp["id"]]
    # a teammate added later receives the account's earlier rows too
    share(sam, opp["id"], ["sue", "pia"])
    sync_now(sam)
    sync_now(pia)
    assert pia.conn.execute("SELECT id FROM roi_cases").fetchall() == [(case_id,)]


def test_the_service_runs_as_an_ordinary_login_as_the_docs_install_it(cluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """docs/team-server.md: a login with CREATEROLE owns the database and runs init; the
    roles still bind it (it is no superuser)."""
    import uuid

    from synchelpers import ServiceThread, free_port

    from valuekit.db.store import Store
    from valuekit.server.admin import add_user, init_database
    from valuekit.sync.engine import setup

    name = f"svc_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(cluster.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN CREATEROLE")
        conn.execute(f"CREATE DATABASE {name} OWNER {name}")
    dsn = f"postgresql://{name}@127.0.0.1:{cluster.port}/{name}"
    init_database(dsn)
    tokens = {"mia": add_user(dsn, "mia", "marketing"), "sam": add_user(dsn, "sam", "sales")}
    service = ServiceThread(dsn, tmp_path / "blobs", free_port()).start()
    try:
        mia, sam = Store.open(tmp_path / "mia"), Store.open(tmp_path / "sam")
        setup(mia, service.url, tokens["mia"])
        setup(sam, service.url, tokens["sam"])
        curated = _draft(mia, "Marketing's")
        sync_now(mia)
        sync_now(sam)
        set_status(sam, curated.id, "verified", by="sam")
        assert [r["id"] for r in sync_now(sam).rejected] == [curated.id]
        set_status(mia, curated.id, "verified", by="mia")
        assert sync_now(mia).pushed == 1
        mia.close()
        sam.close()
    finally:
        service.stop()
