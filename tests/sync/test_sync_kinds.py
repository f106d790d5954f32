"""The rest of a shared account syncs (SPIN plan, stage history, moves, tier, value plan with
milestones, actuals and their history, contacts, NPS, story), against a real PostgreSQL and
the real service; the client and server agree on the kinds; a schema-1 server upgrades with
its data. The vocabulary and FAB statements: test_sync_library_kinds.py.

The value plan used below (the hand-worked promise of tests/value/test_report.py): two
custom drivers, A worth 40,000 a year and B worth 20,000, ramp [0.5, 1.0], expected
factor 1.0, one-time cost 10,000, recurring 8,000 a year. In year 1 each quarter promises
A = 0.5 × 40,000 / 4 = 5,000 and B = 0.5 × 20,000 / 4 = 2,500. Go-live 2025-01-01.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from synchelpers import Team
from value.test_report import CASE  # the hand-worked promise the docstring above works through

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.library.assets import add_asset, get_asset
from valuekit.library.vocabulary import add_value, canonical_value
from valuekit.roi.cases import save_case
from valuekit.sales import spin
from valuekit.sales.fab import add_fab
from valuekit.sales.nine_moves import link
from valuekit.sales.opportunity import create_opportunity, stage_history, update_opportunity
from valuekit.server import admin
from valuekit.server.db import User, become
from valuekit.server.schema import KINDS as SERVER_KINDS
from valuekit.server.schema import MIGRATIONS
from valuekit.sync import records
from valuekit.sync.actions import share, sync_now
from valuekit.sync.engine import SyncReport, apply_rows
from valuekit.value import plan as plans
from valuekit.value.report import compute_report

AS_OF = date(2025, 5, 15)  # quarter 2 has started: q1 and q2 may carry actuals


def _won_account(store: Store) -> str:
    opp = create_opportunity(store, {"customer": "ACME Bank", "industry": "finance", "stage": "Rev",
                                     "language": "en", "owner": "sam"})
    save_case(store, CASE, opportunity_id=opp["id"], customer="ACME Bank")
    plans.create_plan(store, opp["id"], go_live="2025-01-01")
    return str(opp["id"])


def _shared_account(team: Team) -> tuple[Store, Store, str]:
    sam, sue = team.library("sam"), team.library("sue")
    opp_id = _won_account(sam)
    share(sam, opp_id, ["sue"])
    sync_now(sam)
    sync_now(sue)
    return sam, sue, opp_id


def _cli_report(store: Store, opp_id: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["--library", str(store.path), "value", "report", opp_id,
                                       "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_client_and_server_know_the_same_kinds() -> None:
    assert set(records.KINDS) == set(SERVER_KINDS)
    # the vocabulary before what is tagged with it; parents before their children
    order = records.KINDS
    assert order.index("facet") < order.index("fab") < order.index("asset")
    assert order.index("opportunity") < order.index("value_plan") < order.index("value_actual")


def test_a_shared_account_reaches_a_teammate_whole(team: Team) -> None:
    sam, sue = team.library("sam"), team.library("sue")
    opp_id = _won_account(sam)
    update_opportunity(sam, opp_id, {"stage": "Retention"}, expected_revision=1)
    question = spin.add_question(sam, {"kind": "problem", "text_en": "How long does a month-end close take?",
                                       "text_zh": "月结需要多久？"})
    spin.set_plan(sam, opp_id, [question["id"]])
    spin.record_answer(sam, opp_id, question["id"], text="Nine days, two of them overtime")
    link(sam, opp_id, "kpi_reading", note="CFO reads payback monthly / by region")
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="4000", source="estimated")
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="5000", source="measured")  # supersedes
    plans.record_actual(sam, opp_id, driver="B", quarter=1, amount="2000", source="customer")
    plans.record_contact(sam, opp_id, on="2025-02-01", kind="meeting", note="kick-off review")
    plans.record_nps(sam, opp_id, score=9, on="2025-03-01")
    plans.set_tier(sam, opp_id, "benchmark")
    plans.link_story(sam, opp_id, add_asset(sam, {"title": "ACME closes in five days",
                                                  "format": "success_story", "language": "en"}).id)
    share(sam, opp_id, ["sue"])
    assert sync_now(sam).rejected == []
    report = sync_now(sue)
    assert report.conflicts == [] and report.rejected == []
    assert sue.conn.execute("SELECT count(*) FROM sync_incoming").fetchone()[0] == 0

    # SPIN plan with its question (sue's bank never had it), the answer
    assert spin.get_plan(sue, opp_id) == spin.get_plan(sam, opp_id)
    [item] = spin.get_plan(sue, opp_id)["items"]
    assert item["question_id"] == question["id"] and item["text"] == "How long does a month-end close take?"
    assert item["answer"] is not None and item["answer"]["text"] == "Nine days, two of them overtime"
    # stage history, moves, tier
    assert stage_history(sue, opp_id) == stage_history(sam, opp_id)
    assert [e["stage"] for e in stage_history(sue, opp_id)] == ["Rev", "Retention"]
    assert sue.conn.execute("SELECT move, note FROM opportunity_moves").fetchall() == [
        ("kpi_reading", "CFO reads payback monthly / by region")]
    assert plans.get_tier(sue, opp_id) == "benchmark"
    # the value plan: milestones, actuals with their history, contacts, NPS, story
    mine, theirs = plans.get_plan(sam, opp_id), plans.get_plan(sue, opp_id)
    assert theirs.milestones == mine.milestones and len(theirs.milestones) == 3
    assert theirs.contacts == mine.contacts and theirs.nps == mine.nps
    assert theirs.stories == mine.stories and len(theirs.stories) == 1
    history = plans.actual_history(sue, opp_id)
    assert sorted((h["driver"], h["amount"], h["superseded_at"] is None) for h in history) == [
        ("A", 4000.0, False), ("A", 5000.0, True), ("B", 2000.0, True)]
    assert history == plans.actual_history(sam, opp_id)
    # `value report` gives the same figures on both laptops: q1 only (no q2 actual yet),
    # promised 5,000 + 2,500 = 7,500; actual 5,000 (the 4,000 was superseded) + 2,000
    expected_actual = 5000 + 2000
    for store in (sam, sue):
        got = _cli_report(store, opp_id)
        assert got["quarters"] == 1
        assert got["promised"] == pytest.approx(5000 + 2500)
        assert got["actual"] == pytest.approx(expected_actual)
        assert got["realisation"] == pytest.approx(expected_actual / 7500)
        assert got["costs_to_date"] == pytest.approx(10000 + 8000 / 4)
        assert got["nps"] == pytest.approx(100)  # one promoter (9): 100 % − 0 %
        assert got["tier"] == "benchmark"
    assert _cli_report(sue, opp_id) == _cli_report(sam, opp_id)
    # nothing looks edited on sue's side: a second round moves nothing
    again = sync_now(sue)
    assert (again.pushed, again.applied, again.conflicts) == (0, 0, [])


def test_edits_to_different_fields_of_a_value_plan_merge(team: Team) -> None:
    sam, sue, opp_id = _shared_account(team)
    first = plans.get_plan(sam, opp_id).milestones[0]
    plans.edit_milestone(sam, opp_id, first.id, title="First value: close in five days")
    plans.set_tier(sam, opp_id, "value_added")
    plans.complete_milestone(sue, opp_id, first.id, on="2025-02-10")
    plans.record_contact(sue, opp_id, on="2025-02-11", kind="call", note="first value confirmed")
    plans.record_actual(sue, opp_id, driver="B", quarter=2, amount="2500", source="measured")
    sync_now(sam)
    report = sync_now(sue)
    assert report.conflicts == []
    sync_now(sam)
    for store in (sam, sue):
        got = plans.get_plan(store, opp_id)
        milestone = next(m for m in got.milestones if m.id == first.id)
        assert milestone.title == "First value: close in five days"
        assert milestone.done_on == date(2025, 2, 10)
        assert got.tier == "value_added"
        assert [c.note for c in got.contacts] == ["first value confirmed"]
        assert [(a.driver, a.quarter, a.amount) for a in got.actuals] == [("B", 2, 2500.0)]
    assert compute_report(plans.get_plan(sam, opp_id), AS_OF) == compute_report(plans.get_plan(sue, opp_id), AS_OF)


def test_actuals_land_in_any_order_without_breaking_the_current_index(team: Team) -> None:
    sam, sue, opp_id = _shared_account(team)
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="4000", source="estimated")
    old = records.local_rows(sam, "value_actual", {opp_id})
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="4500", source="measured")
    new = records.local_rows(sam, "value_actual", {opp_id})
    [(old_id, old_current)] = old.items()
    [current_id] = [i for i, r in new.items() if r["superseded_at"] is None]

    def row(row_id: str, record: dict, version: int) -> dict:  # type: ignore[type-arg]
        return {"kind": "value_actual", "id": row_id, "version": version, "data": record,
                "deleted": False, "account": opp_id, "members": [], "modified_by": "sam"}

    # as the server numbered them: the first figure, then in one push the old one
    # superseded and the new one (both recorded in the same second here)
    first, superseded, current = row(old_id, old_current, 101), row(old_id, new[old_id], 102), \
        row(current_id, new[current_id], 103)

    def history(store: Store) -> list[tuple]:  # type: ignore[type-arg]
        return sorted(tuple(h.values()) for h in plans.actual_history(store, opp_id))

    orders = ([current, first, superseded], [first, current, superseded], [current, superseded, first])
    for n, order in enumerate(orders):
        for one_by_one in (True, False):
            store = team.library("sue")
            with store.transaction() as conn:   # the account as sue had it
                records.write_records(conn, [
                    ("opportunity", opp_id, records.local_record(sam, "opportunity", opp_id)),
                    ("value_plan", opp_id, records.local_record(sam, "value_plan", opp_id))])
            report = SyncReport()
            for batch in ([[r] for r in order] if one_by_one else [order]):
                with store.transaction() as conn:
                    apply_rows(store, conn, batch, report)
            assert history(store) == history(sam), (n, one_by_one)
            assert store.conn.execute("SELECT count(*) FROM sync_incoming").fetchone()[0] == 0
    assert len(history(sam)) == 2 and sue is not None


def test_an_existing_v1_server_upgrades_with_its_data(cluster, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import uuid

    from synchelpers import ServiceThread, free_port

    from valuekit.sync.engine import setup

    name = f"up_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(cluster.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = cluster.dsn.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setattr(admin, "MIGRATIONS", MIGRATIONS[:1])
    assert admin.init_database(dsn).to_version == 1
    tokens = {"mia": admin.add_user(dsn, "mia", "marketing"), "sam": admin.add_user(dsn, "sam", "sales")}
    # v1 knows none of the new kinds
    with psycopg.connect(dsn, autocommit=True) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO vk_rows(kind, id, version, data, owner, modified_by)"
                     " VALUES ('facet', 'x', 0, '{}', 'mia', 'mia')")
    service = ServiceThread(dsn, tmp_path / "blobs", free_port()).start()
    try:
        mia = Store.open(tmp_path / "mia")
        setup(mia, service.url, tokens["mia"])
        kept = add_asset(mia, {"title": "Written under v1", "format": "article", "language": "en"})
        assert sync_now(mia).pushed == 1
    finally:
        service.stop()
    monkeypatch.setattr(admin, "MIGRATIONS", MIGRATIONS)
    upgraded = admin.init_database(dsn)
    assert (upgraded.from_version, upgraded.to_version) == (1, len(MIGRATIONS))
    service = ServiceThread(dsn, tmp_path / "blobs2", free_port()).start()
    try:
        setup(mia, service.url, tokens["mia"])
        sam = Store.open(tmp_path / "sam")
        setup(sam, service.url, tokens["sam"])
        with mia.transaction() as conn:
            add_value(conn, "format", "podcast")
        add_fab(sam, {"product": "ledgerx", "feature": "Reconciliation", "benefit": "Close faster",
                      "language": "en", "value_type": "cost", "need_layer": "business"})
        assert sync_now(mia).rejected == [] and sync_now(sam).rejected == []
        sync_now(mia)
        assert get_asset(sam, kept.id).title == "Written under v1"
        assert canonical_value(sam.conn, "format", "podcast") == "podcast"
        assert mia.conn.execute("SELECT count(*) FROM fabs").fetchone()[0] == 1
    finally:
        service.stop()
    with psycopg.connect(dsn) as conn:   # the v2 rules hold for rows written before it
        become(conn, User("sam", "sales"))
        assert conn.execute("UPDATE vk_rows SET modified_by = 'sam' WHERE id = %s", (kept.id,)).rowcount == 0


def test_removals_travel_without_failing_on_foreign_keys(team: Team) -> None:
    sam, sue, opp_id = _shared_account(team)
    link(sam, opp_id, "coach_file", note="Ms Li, finance BP")
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="4000", source="measured")
    plans.record_contact(sam, opp_id, on="2025-02-01", kind="call")
    sync_now(sam)
    sync_now(sue)
    assert sue.conn.execute("SELECT count(*) FROM value_actuals").fetchone()[0] == 1
    from valuekit.sales.nine_moves import unlink

    unlink(sam, opp_id, "coach_file", "Ms Li, finance BP")
    plans.delete_plan(sam, opp_id)   # cascades to milestones, actuals, contacts here
    pushed = sync_now(sam)
    # the plan, its three milestones, the actual, the contact and the move
    assert pushed.rejected == [] and pushed.pushed == 1 + 3 + 1 + 1 + 1
    report = sync_now(sue)
    assert report.conflicts == [] and report.rejected == []
    for table in ("value_plans", "value_milestones", "value_actuals", "value_contacts", "opportunity_moves"):
        assert sue.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert sue.conn.execute("SELECT count(*) FROM sync_incoming").fetchone()[0] == 0


def test_a_whole_account_removed_at_once_never_trips_a_foreign_key(team: Team) -> None:
    """However the tombstones of an account come (the opportunity first, or its children
    first, in one batch), removing it leaves nothing behind and raises nothing."""
    sam, sue, opp_id = _shared_account(team)
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="4000", source="measured")
    plans.set_tier(sam, opp_id, "benchmark")
    sync_now(sam)
    sync_now(sue)
    family = [(kind, row_id) for kind in records.ACCOUNT_KINDS
              for row_id in records.local_rows(sue, kind, {opp_id})]
    assert len(family) == 1 + 1 + 1 + 1 + 1 + 3 + 1   # opp, stage, case, tier, plan, 3 milestones, actual
    for order in (family, list(reversed(family))):
        laptop = team.library("sue")
        sync_now(laptop)
        assert plans.get_tier(laptop, opp_id) == "benchmark"
        with laptop.transaction() as conn:
            records.write_records(conn, [(kind, row_id, None) for kind, row_id in order])
        for kind in records.ACCOUNT_KINDS:
            assert records.local_rows(laptop, kind, {opp_id}) == {}, kind


def test_children_served_before_their_parents_land_in_the_same_sync(
        team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """A teammate added later gets the account's rows re-stamped in no particular order;
    with pages of one row and the children numbered first, every row still lands in that
    one sync (a row that waited for its parent is tried again once the parent is written)."""
    from valuekit.sync import engine

    sam, _sue, opp_id = _shared_account(team)
    plans.record_actual(sam, opp_id, driver="A", quarter=1, amount="4000", source="measured")
    share(sam, opp_id, ["sue", "pia"])
    sync_now(sam)
    with psycopg.connect(team.dsn) as conn:   # children first: the worst order there is
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (0x766B_7379,))
        for kind in reversed(records.ACCOUNT_KINDS):
            conn.execute("UPDATE vk_rows SET version = nextval('vk_version') WHERE kind = %s AND account = %s",
                         (kind, opp_id))
    monkeypatch.setattr(engine, "PAGE", 1)
    pia = team.library("pia")
    report = sync_now(pia)
    assert report.conflicts == [] and report.rejected == []
    assert pia.conn.execute("SELECT count(*) FROM sync_incoming").fetchone()[0] == 0
    assert plans.get_plan(pia, opp_id).actuals == plans.get_plan(sam, opp_id).actuals
    assert len(plans.get_plan(pia, opp_id).milestones) == 3
