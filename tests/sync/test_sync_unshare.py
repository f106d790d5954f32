"""Unsharing an account takes it off the former teammate's laptop (row-level security hides
it from them, so the server sends a revocation in the version-ordered stream), keeps their
unsent edits in the refused-changes list, and a re-share brings it back whole. Real
PostgreSQL and the real service (the ``team`` fixture)."""

from __future__ import annotations

import json
import os
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from synchelpers import Team

from valuekit.cli import main as cli
from valuekit.db.store import Store
from valuekit.library.assets import add_asset
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.store import list_pitches, save_pitch
from valuekit.resources import DEMO_DIR
from valuekit.roi.cases import get_case, list_cases, save_case
from valuekit.sales.opportunity import create_opportunity, list_opportunities
from valuekit.sales.spin import add_question, answers_for, record_answer
from valuekit.server.admin import compact
from valuekit.server.db import User, become
from valuekit.sync import records, state
from valuekit.sync.actions import share, sync_now


def _account(store: Store) -> dict[str, str]:
    """An opportunity with an ROI case, a SPIN answer and a pitch, as a seller builds it."""
    opp = create_opportunity(store, {"customer": "ACME Bank", "industry": "finance", "stage": "SQL",
                                     "language": "en", "owner": "sam",
                                     "decision_chain": [{"name": "Lee", "role": "decision_maker"}]})
    example = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    case_id = save_case(store, example, opportunity_id=opp["id"], customer="ACME Bank")
    q = add_question(store, {"kind": "problem", "text_en": "How long does a quote take?",
                             "pain": "slow_quotes"})
    record_answer(store, opp["id"], q["id"], text="5 days", pain_layer="enterprise",
                  pain="quotes take 5 days")
    pitch_id = save_pitch(store, draft_pitch(store, opp["id"], lang="en"), opportunity_id=opp["id"])
    return {"opp": opp["id"], "case": case_id, "question": q["id"], "pitch": pitch_id}


def _reshare(owner: Store, opp_id: str, members: list[str], *teammates: Store) -> None:
    """The owner changes whom the account is shared with and syncs; then the teammates."""
    share(owner, opp_id, members)
    for store in (owner, *teammates):
        sync_now(store)


def _shared_with_sue(team: Team) -> tuple[Store, Store, dict[str, str]]:
    sam, sue = team.library("sam"), team.library("sue")
    ids = _account(sam)
    _reshare(sam, ids["opp"], ["sue"], sue)
    return sam, sue, ids


def _family(store: Store, opp_id: str) -> dict[str, dict[str, Any]]:
    """Every synced row of the account, as the sync sees it (volatile columns left out)."""
    return {kind: records.local_rows(store, kind, {opp_id}) for kind in records.TABLES}


def _row_count(store: Store, opp_id: str) -> int:
    return sum(len(rows) for rows in _family(store, opp_id).values())


def _what_the_user_sees(store: Store, opp_id: str) -> tuple[int, int, int, int]:
    return (len(list_opportunities(store, include_archived=True)),
            len(list_cases(store, opportunity_id=opp_id)),
            len(answers_for(store, opp_id)),
            len(list_pitches(store, opportunity_id=opp_id)))


def _sync_leftovers(store: Store, opp_id: str) -> list[tuple[str, str]]:
    conn = store.conn
    found = [("sync_rows", f"{k}/{i}") for k, i in conn.execute(
        "SELECT kind, id FROM sync_rows WHERE kind <> 'asset'")]
    found += [("sync_shares", r[0]) for r in conn.execute("SELECT opportunity_id FROM sync_shares")]
    found += [("sync_conflicts", f"{k}/{i}") for k, i in conn.execute(
        "SELECT kind, id FROM sync_conflicts WHERE kind <> 'asset'")]
    found += [("sync_incoming", f"{k}/{i}") for k, i in conn.execute(
        "SELECT kind, id FROM sync_incoming WHERE kind <> 'asset'")]
    return found


def _edit_case(store: Store, case_id: str, name: str) -> None:
    case = get_case(store, case_id)
    data = dict(case["data"]) | {"name": name}
    save_case(store, data, case_id=case_id, opportunity_id=case["opportunity_id"],
              customer=case["customer"])


def test_unsharing_takes_the_account_off_the_former_teammates_laptop(team: Team) -> None:
    sam, sue, pia = team.library("sam"), team.library("sue"), team.library("pia")
    ids = _account(sam)
    share(sam, ids["opp"], ["sue", "pia"])
    sync_now(sam)
    sync_now(sue)
    sync_now(pia)
    assert _what_the_user_sees(sue, ids["opp"]) == (1, 1, 1, 1)
    assert _family(sue, ids["opp"]) == _family(sam, ids["opp"])
    kinds_here = {kind for kind, rows in _family(sue, ids["opp"]).items() if rows}
    assert {"opportunity", "roi_case", "spin_answer", "pitch"} <= kinds_here

    # sue edits the ROI case and starts a second one; neither reaches the server yet
    _edit_case(sue, ids["case"], "Sue's sharper case")
    example = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    new_case = save_case(sue, example | {"name": "Sue's draft"}, opportunity_id=ids["opp"],
                         customer="ACME Bank")
    share(sam, ids["opp"], ["pia"])
    sync_now(sam)

    on_her_laptop = _row_count(sue, ids["opp"])   # sam's rows (every synced kind) + her new case
    report = sync_now(sue)
    [gone] = report.revoked
    assert (gone["account"], gone["customer"], gone["revoked_by"]) == (ids["opp"], "ACME Bank", "sam")
    assert (gone["removed"], gone["kept"]) == (on_her_laptop, 2)   # 2: her unsent work
    assert _what_the_user_sees(sue, ids["opp"]) == (0, 0, 0, 0)
    assert _row_count(sue, ids["opp"]) == 0        # every account kind, not only those four
    assert _sync_leftovers(sue, ids["opp"]) == []
    assert report.pushed == 0                         # nothing of it was sent

    kept = {r.id: r for r in state.rejected(sue.conn, "en")}
    assert set(kept) == {ids["case"], new_case}
    assert kept[ids["case"]].record["data"]["name"] == "Sue's sharper case"
    assert kept[new_case].record["data"]["name"] == "Sue's draft"
    reason = kept[ids["case"]].reason
    assert "sam stopped sharing the account ACME Bank with you" in reason
    assert "kept here" in reason
    zh = state.rejected(sue.conn, "zh")[0].reason
    assert "sam" in zh and "ACME Bank" in zh and "停止" in zh

    # the next sync sends nothing and takes nothing back
    again = sync_now(sue)
    assert (again.pushed, again.revoked, again.rejected) == (0, [], [])
    assert len(state.rejected(sue.conn)) == 2

    # the teammate who stays keeps everything and keeps receiving the owner's edits
    _edit_case(sam, ids["case"], "Owner's final case")
    sync_now(sam)
    assert sync_now(pia).revoked == []
    assert _what_the_user_sees(pia, ids["opp"]) == (1, 1, 1, 1)
    assert get_case(pia, ids["case"])["data"]["name"] == "Owner's final case"
    assert sue.conn.execute("SELECT count(*) FROM roi_cases").fetchone()[0] == 0

    # the server never showed sue's revocation to anyone else
    for name, role, expected in (("sue", "sales", 1), ("pia", "presales", 0), ("sam", "sales", 0)):
        with psycopg.connect(team.dsn) as conn:
            become(conn, User(name, role))
            assert conn.execute("SELECT count(*) FROM vk_revocations").fetchone()[0] == expected


def test_the_database_writes_the_revocation_in_version_order_and_nobody_forges_one(team: Team) -> None:
    """The revocation comes from the trigger even for a write that bypasses the service,
    numbered after the row that caused it (same sequence, same lock); a teammate cannot
    write or erase one."""
    sam, _sue, ids = _shared_with_sue(team)
    with psycopg.connect(team.dsn) as conn:
        become(conn, User("sam", "sales"))
        version = conn.execute("SELECT nextval('vk_version')").fetchone()[0]
        conn.execute("UPDATE vk_rows SET members = '{}', version = %s, modified_by = 'sam'"
                     " WHERE kind = 'opportunity' AND id = %s", (version, ids["opp"]))
        conn.commit()
    with psycopg.connect(team.dsn) as conn:
        [(member, by, revoked_at_version)] = conn.execute(
            "SELECT member, revoked_by, version FROM vk_revocations").fetchall()
        assert (member, by) == ("sue", "sam") and revoked_at_version == version + 1
    for statement in ("INSERT INTO vk_revocations(account, member, revoked_by, version)"
                      " VALUES ('x', 'pia', 'sam', 1)", "DELETE FROM vk_revocations",
                      "UPDATE vk_revocations SET version = 1"):
        with psycopg.connect(team.dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            become(conn, User("sue", "sales"))
            conn.execute(statement)


def test_a_reshare_brings_the_account_back_whole(team: Team) -> None:
    sam, sue, ids = _shared_with_sue(team)
    _reshare(sam, ids["opp"], [])
    assert len(sync_now(sue).revoked) == 1
    assert _what_the_user_sees(sue, ids["opp"]) == (0, 0, 0, 0)
    # meanwhile the owner keeps working on it
    _edit_case(sam, ids["case"], "Edited while unshared")
    sync_now(sam)

    _reshare(sam, ids["opp"], ["sue"])
    report = sync_now(sue)
    assert report.revoked == []
    assert _what_the_user_sees(sue, ids["opp"]) == (1, 1, 1, 1)
    assert _family(sue, ids["opp"]) == _family(sam, ids["opp"])
    assert get_case(sue, ids["case"])["data"]["name"] == "Edited while unshared"
    # and she works it again: her edit reaches the owner
    _edit_case(sue, ids["case"], "Sue again")
    sync_now(sue)
    sync_now(sam)
    assert get_case(sam, ids["case"])["data"]["name"] == "Sue again"

    # unshared a second time: a second revocation (the first one is moot, not replayed)
    _reshare(sam, ids["opp"], [])
    assert [r["account"] for r in sync_now(sue).revoked] == [ids["opp"]]
    assert _what_the_user_sees(sue, ids["opp"]) == (0, 0, 0, 0)


def test_a_teammate_who_never_synced_it_gets_no_revocation_while_shared_again(team: Team) -> None:
    """Unshared and re-shared before sue's next sync: the revocation is moot, she simply
    receives the account (and a teammate who never had it gets nothing odd)."""
    sam, sue = team.library("sam"), team.library("sue")
    ids = _account(sam)
    for members in (["sue"], [], ["sue"]):
        _reshare(sam, ids["opp"], members)
    report = sync_now(sue)
    assert report.revoked == []
    assert _what_the_user_sees(sue, ids["opp"]) == (1, 1, 1, 1)


def test_an_open_conflict_on_the_account_is_kept_as_her_version(team: Team) -> None:
    """sue and the owner changed the same field; before she settles it the owner unshares:
    the conflict goes (there is no one to settle it with) but her value stays readable."""
    sam, sue, ids = _shared_with_sue(team)
    _edit_case(sam, ids["case"], "Owner's name")
    sync_now(sam)
    _edit_case(sue, ids["case"], "Sue's name")
    assert sync_now(sue).conflicts == [f"roi_case/{ids['case']}"]
    _reshare(sam, ids["opp"], [])
    on_her_laptop = _row_count(sue, ids["opp"])
    report = sync_now(sue)
    assert [(r["removed"], r["kept"]) for r in report.revoked] == [(on_her_laptop, 1)]
    assert state.conflicts(sue.conn) == [] and _sync_leftovers(sue, ids["opp"]) == []
    [kept] = state.rejected(sue.conn)
    assert kept.record["data"]["name"] == "Sue's name"


def test_a_full_resync_after_compaction_still_removes_the_account(team: Team) -> None:
    """sue's cursor falls below the server's floor (410): she resynchronises from 0, and the
    revocation — kept by compaction — still arrives; her unsent edit is kept."""
    sam, sue, ids = _shared_with_sue(team)
    mia = team.library("mia")
    _edit_case(sue, ids["case"], "Sue's offline edit")
    _reshare(sam, ids["opp"], [])
    add_asset(mia, {"title": "Bank case", "format": "case_study", "language": "en"})
    sync_now(mia)
    compact(team.dsn, keep_versions=0)
    cursor = int(state.get_setting(sue.conn, "cursor"))
    with psycopg.connect(team.dsn) as conn:
        floor = int(conn.execute("SELECT value FROM vk_meta WHERE key = 'min_cursor'").fetchone()[0])
    assert 0 < cursor < floor

    report = sync_now(sue)
    assert report.resynced
    assert [r["account"] for r in report.revoked] == [ids["opp"]]
    assert _what_the_user_sees(sue, ids["opp"]) == (0, 0, 0, 0)
    assert _sync_leftovers(sue, ids["opp"]) == []
    [kept] = state.rejected(sue.conn, "en")
    assert kept.id == ids["case"] and kept.record["data"]["name"] == "Sue's offline edit"
    assert "stopped sharing" in kept.reason
    assert sue.conn.execute("SELECT title FROM assets").fetchall() == [("Bank case",)]


def test_deleting_a_shared_opportunity_still_reaches_its_members_as_a_tombstone(team: Team) -> None:
    sam, sue, ids = _shared_with_sue(team)
    with sam.transaction() as conn:  # the owner deletes the account and its family
        for kind in ("pitch", "roi_case", "spin_answer", "opportunity"):
            for row_id in records.local_rows(sam, kind, {ids["opp"]}):
                records.write_record(conn, kind, row_id, None)
    sync_now(sam)
    with psycopg.connect(team.dsn) as conn:
        deleted, members = conn.execute("SELECT deleted, members FROM vk_rows WHERE kind ="
                                        " 'opportunity'").fetchone()
        assert deleted and members == ["sue"]   # the tombstone keeps its audience
        assert conn.execute("SELECT count(*) FROM vk_revocations").fetchone()[0] == 0
    report = sync_now(sue)
    assert report.revoked == []
    assert _what_the_user_sees(sue, ids["opp"]) == (0, 0, 0, 0)
    assert state.rejected(sue.conn) == []


def test_status_and_rejected_show_the_kept_change_in_the_users_language(team: Team) -> None:
    sam, sue, ids = _shared_with_sue(team)
    _edit_case(sue, ids["case"], "Sue's version")
    _reshare(sam, ids["opp"], [])
    runner = CliRunner()
    lib = str(sue.path)
    sue.close()
    out = runner.invoke(cli, ["--library", lib, "sync"])
    assert out.exit_code == 0, out.output
    assert "ACME Bank" in out.output and "sam" in out.output
    out = runner.invoke(cli, ["--library", lib, "--lang", "zh", "sync", "status"])
    assert out.exit_code == 0, out.output
    assert "sam" in out.output and "停止" in out.output
    out = runner.invoke(cli, ["--library", lib, "sync", "status", "--json"])
    status = json.loads(out.output)
    [refused] = status["refused_changes"]
    assert refused["id"] == ids["case"] and "stopped sharing" in refused["reason"]
    out = runner.invoke(cli, ["--library", lib, "sync", "rejected", "--json"])
    assert json.loads(out.output)[0]["record"]["data"]["name"] == "Sue's version"
    # a long list stays readable in the status: the first 20, then where to see the rest
    with Store.open(lib) as again, again.transaction() as conn:
        for n in range(22):
            state.save_rejected(conn, "asset", f"a{n:02d}", None, "refused for the test")
    out = runner.invoke(cli, ["--library", lib, "sync", "status"])
    assert out.output.count("  refused ") == 20 and "… and 3 more: valuekit sync rejected" in out.output


def test_the_desktop_apps_refused_list_shows_the_kept_change_in_its_language(team: Team, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from valuekit_gui.common.i18n import current_language, set_language
    from valuekit_gui.sync.view import SyncView

    sam, sue, ids = _shared_with_sue(team)
    _edit_case(sue, ids["case"], "Sue's version")
    _reshare(sam, ids["opp"], [], sue)
    before = current_language()
    set_language("zh")
    try:
        view = SyncView(sue)
        qtbot.addWidget(view)
        view.resize(1000, 500)
        assert view.rejected.rowCount() == 1
        assert view.rejected.item(0, 0).text() == "roi_case: ACME Bank"
        reason = view.rejected.item(0, 1).text()
        assert "sam 已停止与你共享客户 ACME Bank" in reason
        if os.environ.get("VK_SHOT"):
            view.grab().save(str(tmp_path / "unshared.png"))
            print(tmp_path / "unshared.png")
        set_language("en")
        view.refresh()
        assert "sam stopped sharing the account ACME Bank" in view.rejected.item(0, 1).text()
        view.close()
    finally:
        set_language(before)


def test_a_server_upgraded_to_revocations_keeps_serving_and_then_revokes(cluster, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A database at the schema before revocations: the new service still answers
    /changes (no revocations yet); after `server init` applies the migration, an unshare
    removes the account, and accounts shared before the upgrade are covered too."""
    import uuid

    from synchelpers import ServiceThread, free_port

    from valuekit.server import admin
    from valuekit.server.schema import MIGRATIONS, REVOCATIONS_SINCE

    name = f"rv_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(cluster.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = cluster.dsn.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setattr(admin, "MIGRATIONS", MIGRATIONS[:REVOCATIONS_SINCE - 1])
    admin.init_database(dsn)
    tokens = {n: admin.add_user(dsn, n, "sales") for n in ("sam", "sue")}
    service = ServiceThread(dsn, tmp_path / "blobs", free_port()).start()
    try:
        team = Team(dsn, tmp_path / "blobs", service.url, tokens, tmp_path)
        sam, sue, ids = _shared_with_sue(team)
        assert _what_the_user_sees(sue, ids["opp"]) == (1, 1, 1, 1)
        monkeypatch.setattr(admin, "MIGRATIONS", MIGRATIONS)
        assert admin.init_database(dsn).to_version == len(MIGRATIONS)
        _reshare(sam, ids["opp"], [])
        assert [r["account"] for r in sync_now(sue).revoked] == [ids["opp"]]
        assert _what_the_user_sees(sue, ids["opp"]) == (0, 0, 0, 0)
    finally:
        service.stop()


def test_a_won_accounts_value_plan_goes_too_and_her_new_milestone_is_kept(team: Team) -> None:
    """After the sale the account carries a value-realisation plan (milestones, contacts…):
    every account kind leaves with it, and a milestone sue added and had not sent is kept."""
    from valuekit.value import plan as plans

    sam, sue = team.library("sam"), team.library("sue")
    opp = create_opportunity(sam, {"customer": "ACME Bank", "industry": "finance", "stage": "Rev",
                                   "language": "en", "owner": "sam"})
    example = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    save_case(sam, example, opportunity_id=opp["id"], customer="ACME Bank")
    plans.create_plan(sam, opp["id"], go_live="2025-01-01")
    _reshare(sam, opp["id"], ["sue"], sue)
    assert plans.has_plan(sue, opp["id"])
    milestone = plans.add_milestone(sue, opp["id"], title="Sue's quarterly review", due="2025-06-30")
    _reshare(sam, opp["id"], [])
    on_her_laptop = _row_count(sue, opp["id"])
    report = sync_now(sue)
    assert [(r["removed"], r["kept"]) for r in report.revoked] == [(on_her_laptop, 1)]
    assert not plans.has_plan(sue, opp["id"]) and plans.plan_ids(sue) == []
    assert _row_count(sue, opp["id"]) == 0 and _sync_leftovers(sue, opp["id"]) == []
    [kept] = state.rejected(sue.conn, "en")
    assert kept.kind == "value_milestone" and kept.id == milestone.id
    assert kept.record["title"] == "Sue's quarterly review"
