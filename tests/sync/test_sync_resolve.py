"""Settling a sync conflict field by field, against a real PostgreSQL and the running
service: per-field choices, a value typed by hand (validated like a local edit), some
fields now and the rest later, a conflict re-based when the server moves on, and the
`sync conflicts` / `sync resolve` commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from synchelpers import Team, two_field_conflict

from valuekit.cli import main as cli
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.library.assets import (
    add_asset,
    delete_asset,
    get_asset,
    set_status,
    tag_assets,
    update_asset,
)
from valuekit.resources import DEMO_DIR
from valuekit.roi.cases import get_case, save_case
from valuekit.sales.opportunity import create_opportunity, get_opportunity, update_opportunity
from valuekit.sales.spin import add_question, answers_for, record_answer
from valuekit.sync import state
from valuekit.sync.actions import resolve, share, sync_now
from valuekit.sync.conflicts import describe_all
from valuekit.sync.resolve import Edited
from valuekit.value.plan import get_tier, set_tier


def test_each_field_settled_differently_reaches_the_other_laptop(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    [c] = state.conflicts(mia2.conn)
    assert sorted(c.fields) == ["tags.industry", "title"]
    # keep my title, take their industry tags
    done = resolve(mia2, "asset", asset_id, {"title": "mine", "tags.industry": "theirs"})
    assert done.closed and state.conflicts(mia2.conn) == []
    sync_now(mia2)
    sync_now(mia)
    for store in (mia, mia2):
        got = get_asset(store, asset_id)
        assert got.title == "Title B"
        assert sorted(got.tags["industry"]) == ["energy", "manufacturing"]
        assert state.conflicts(store.conn) == []


def test_a_value_typed_by_hand_is_validated_and_reaches_the_other_laptop(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    with pytest.raises(ValidationError) as empty:
        resolve(mia2, "asset", asset_id, {"title": Edited("  "), "tags.industry": "mine"})
    assert empty.value.field == "title"
    # nothing was written by the refused attempt: the conflict is whole, mine in place
    assert sorted(state.conflicts(mia2.conn)[0].fields) == ["tags.industry", "title"]
    assert get_asset(mia2, asset_id).title == "Title B"
    resolve(mia2, "asset", asset_id, {"title": Edited("Payback within 8 months"),
                                      "tags.industry": Edited("能源电力、Logistics")})  # labels, any language
    sync_now(mia2)
    sync_now(mia)
    got = get_asset(mia, asset_id)
    assert got.title == "Payback within 8 months"
    assert sorted(got.tags["industry"]) == ["energy", "logistics"]


def test_an_edited_value_outside_a_closed_facet_is_refused_naming_the_field(team: Team) -> None:
    mia, mia2 = team.library("mia"), team.library("mia")
    asset = add_asset(mia, {"title": "Deck", "format": "case_study", "language": "en",
                            "tags": {"persona": ["user"]}})
    sync_now(mia)
    sync_now(mia2)
    tag_assets(mia, [asset.id], "persona", ["champion"])
    tag_assets(mia2, [asset.id], "persona", ["gatekeeper"])
    sync_now(mia)
    sync_now(mia2)
    with pytest.raises(ValidationError) as refused:
        resolve(mia2, "asset", asset.id, {"tags.persona": Edited("chief_wizard")})
    assert refused.value.field == "tags.persona"
    assert "gatekeeper" in refused.value.message  # says what is allowed
    assert "决策链角色" in refused.value.localized("zh") or "tags.persona" in refused.value.localized("zh")


def test_unknown_field_or_choice_names_what_is_allowed(team: Team) -> None:
    _mia, mia2, asset_id = two_field_conflict(team)
    with pytest.raises(ValidationError) as unknown:
        resolve(mia2, "asset", asset_id, {"summary": "mine"})
    assert unknown.value.field == "summary"
    assert "tags.industry" in unknown.value.message and "title" in unknown.value.message
    assert "有分歧的字段" in unknown.value.localized("zh")
    with pytest.raises(ValidationError) as bad_choice:
        resolve(mia2, "asset", asset_id, {"title": "both"})
    assert bad_choice.value.field == "title" and "mine, theirs" in bad_choice.value.message


def test_some_fields_now_the_rest_later_and_nothing_is_sent_before(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    done = resolve(mia2, "asset", asset_id, {"tags.industry": "theirs"})
    assert not done.closed and done.remaining == ["title"]
    [c] = state.conflicts(mia2.conn)
    assert c.fields == ["title"] and c.decided["tags.industry"]["choice"] == "theirs"
    # the decided value is in the library at once; the row is still held back
    assert sorted(get_asset(mia2, asset_id).tags["industry"]) == ["energy", "manufacturing"]
    sync_now(mia2)
    sync_now(mia)
    assert get_asset(mia, asset_id).title == "Title A"
    with pytest.raises(ValidationError):  # decided already: not twice
        resolve(mia2, "asset", asset_id, {"tags.industry": "mine"})
    resolve(mia2, "asset", asset_id, "mine")  # every field still open: mine
    sync_now(mia2)
    sync_now(mia)
    got = get_asset(mia, asset_id)
    assert (got.title, sorted(got.tags["industry"])) == ("Title B", ["energy", "manufacturing"])


def test_an_open_conflict_is_rebased_and_keeps_the_choices_made(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    resolve(mia2, "asset", asset_id, {"title": Edited("Title C")})
    # meanwhile laptop A edits again: a field nobody disputes, and the disputed tags
    update_asset(mia, asset_id, {"summary": "A's new summary"})
    tag_assets(mia, [asset_id], "industry", ["ict"])
    sync_now(mia)
    sync_now(mia2)
    [c] = state.conflicts(mia2.conn)
    assert c.fields == ["tags.industry"]                      # still open, re-based
    assert sorted(c.theirs["tags"]["industry"]) == ["energy", "ict", "manufacturing"]
    assert c.base["tags"]["industry"] == ["manufacturing"]     # where both started
    assert c.decided["title"] == {"choice": "edit", "value": "Title C"}
    here = get_asset(mia2, asset_id)
    assert (here.title, here.summary) == ("Title C", "A's new summary")
    resolve(mia2, "asset", asset_id, {"tags.industry": "theirs"})
    sync_now(mia2)
    sync_now(mia)
    got = get_asset(mia, asset_id)
    assert (got.title, got.summary, sorted(got.tags["industry"])) == (
        "Title C", "A's new summary", ["energy", "ict", "manufacturing"])


def test_a_decision_reopens_when_a_teammate_changes_that_field_again(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    resolve(mia2, "asset", asset_id, {"title": "mine"})
    update_asset(mia, asset_id, {"title": "Title A2"})
    sync_now(mia)
    sync_now(mia2)
    [c] = state.conflicts(mia2.conn)
    assert sorted(c.fields) == ["tags.industry", "title"]
    # my decided value is what "mine" shows, against A's newer title and the title I saw
    assert (c.base["title"], c.mine["title"], c.theirs["title"]) == ("Title A", "Title B", "Title A2")


def test_a_conflict_closes_by_itself_when_the_server_comes_round(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    update_asset(mia, asset_id, {"title": "Title B"})
    tag_assets(mia, [asset_id], "industry", ["energy"], remove=True)
    tag_assets(mia, [asset_id], "industry", ["logistics"])
    sync_now(mia)
    sync_now(mia2)
    assert state.conflicts(mia2.conn) == []


def test_a_delete_on_the_server_closes_the_conflict_and_the_edit_survives(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    resolve(mia2, "asset", asset_id, {"title": "theirs"})
    delete_asset(mia, asset_id)
    sync_now(mia)
    sync_now(mia2)
    assert state.conflicts(mia2.conn) == []
    sync_now(mia)   # an edit beats a delete: mia2's row (with the decision) comes back
    got = get_asset(mia, asset_id)
    assert (got.title, sorted(got.tags["industry"])) == ("Title A", ["logistics", "manufacturing"])


def _account_on_two_laptops(team: Team, prepare: Callable[[Store, str], object] = lambda _s, _o: None,
                            **fields: Any) -> tuple[Store, Store, str, Any]:
    """sam's opportunity (with what ``prepare`` adds to it), kept to himself but synced to
    his second laptop; returns both libraries, its id and what ``prepare`` returned."""
    sam, sam2 = team.library("sam"), team.library("sam")
    opp = create_opportunity(sam, {"customer": "ACME Bank", "industry": "finance", "stage": "SQL",
                                   "language": "en", "owner": "sam", **fields})
    extra = prepare(sam, opp["id"])
    share(sam, opp["id"], [])
    sync_now(sam)
    sync_now(sam2)
    return sam, sam2, opp["id"], extra


def test_a_roi_case_value_typed_by_hand_is_checked_by_the_roi_parser(team: Team) -> None:
    example = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    sam, sam2, _opp, case_id = _account_on_two_laptops(team, lambda store, opp_id: save_case(
        store, example, opportunity_id=opp_id, customer="ACME Bank"))
    for store, rate in ((sam, 0.09), (sam2, 0.12)):   # the example says 0.08
        save_case(store, {**example, "discount_rate": rate}, case_id=case_id)
    sync_now(sam)
    sync_now(sam2)
    [c] = state.conflicts(sam2.conn)
    assert c.fields == ["data.discount_rate"]
    with pytest.raises(ValidationError) as bad:
        resolve(sam2, "roi_case", case_id, {"data.discount_rate": Edited("7")})
    assert bad.value.field == "data.discount_rate"
    resolve(sam2, "roi_case", case_id, {"data.discount_rate": Edited("0.1")})
    sync_now(sam2)
    sync_now(sam)
    assert get_case(sam, case_id)["data"]["discount_rate"] == 0.1


def test_an_opportunity_field_typed_by_hand_passes_the_sales_validation(team: Team) -> None:
    sam, sam2, opp_id, _ = _account_on_two_laptops(team, deal_size=100000)
    opp = {"id": opp_id}
    for store, size in ((sam, 120000), (sam2, 150000)):
        update_opportunity(store, opp["id"], {"deal_size": size},
                           expected_revision=get_opportunity(store, opp["id"])["revision"])
    sync_now(sam)
    sync_now(sam2)
    [c] = state.conflicts(sam2.conn)
    assert c.fields == ["deal_size"]
    with pytest.raises(ValidationError) as bad:
        resolve(sam2, "opportunity", opp["id"], {"deal_size": Edited("lots")})
    assert bad.value.field == "deal_size"
    resolve(sam2, "opportunity", opp["id"], {"deal_size": Edited("135000")})
    sync_now(sam2)
    sync_now(sam)
    assert get_opportunity(sam, opp["id"])["deal_size"] == 135000


def _run(store: Store, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--library", str(store.path), *args])
    return result.exit_code, result.output


def test_the_commands_show_and_settle_a_conflict_per_field(team: Team) -> None:
    mia, mia2, asset_id = two_field_conflict(team)
    code, out = _run(mia2, "--lang", "en", "sync", "conflicts")
    assert code == 0, out
    assert "Industry (tags.industry): base Manufacturing | mine Manufacturing, Logistics" \
           " | theirs Manufacturing, Energy" in out
    assert "Title (title): base Payback in 9 months | mine Title B | theirs Title A" in out
    code, out = _run(mia2, "--lang", "zh", "sync", "conflicts")
    assert "行业（tags.industry）：原值 制造业 ｜ 我的 制造业、物流 ｜ 对方的 制造业、能源电力" in out
    code, out = _run(mia2, "sync", "conflicts", "--json")
    [shown] = json.loads(out)
    theirs = {f["path"]: f["theirs"] for f in shown["fields"]}
    assert theirs["title"] == "Title A" and sorted(theirs["tags.industry"]) == ["energy", "manufacturing"]
    # user errors: one line, exit 1, no traceback
    code, out = _run(mia2, "--lang", "en", "sync", "resolve", "asset", asset_id, "--field", "summary=mine")
    assert code == 1 and "Traceback" not in out and "disputed: " in out
    code, out = _run(mia2, "--lang", "en", "sync", "resolve", "asset", asset_id, "--field", "title")
    assert code == 1 and "PATH=mine" in out
    code, out = _run(mia2, "--lang", "en", "sync", "resolve", "asset", asset_id)
    assert code == 1 and "--set PATH=VALUE" in out
    code, out = _run(mia2, "--lang", "en", "sync", "resolve", "asset", asset_id, "--set", "title=")
    assert code == 1 and "title" in out and "Traceback" not in out
    # keep my title with a typo fixed by hand, their tags for every other field
    code, out = _run(mia2, "--lang", "en", "sync", "resolve", "asset", asset_id,
                     "--set", "title=Title B (fixed)", "theirs")
    assert code == 0 and "settled" in out, out
    sync_now(mia2)
    sync_now(mia)
    got = get_asset(mia, asset_id)
    assert (got.title, sorted(got.tags["industry"])) == ("Title B (fixed)", ["energy", "manufacturing"])


def test_the_refused_list_says_what_was_changed_and_why_in_the_users_language(team: Team) -> None:
    mia, sam = team.library("mia"), team.library("sam")
    asset = add_asset(mia, {"title": "Bank case", "format": "case_study", "language": "en"})
    sync_now(mia)
    sync_now(sam)
    set_status(sam, asset.id, "retired", by="sam")
    sync_now(sam)
    code, out = _run(sam, "--lang", "zh", "sync", "rejected")
    assert code == 0
    assert f"asset {asset.id} (Bank case): 状态：草稿 → 已下架" in out
    assert "只有市场部可以验证或下架素材" in out


def test_a_spin_answer_settled_by_hand_passes_the_answer_checks_and_is_shown_by_its_question(
        team: Team) -> None:
    def first_answer(store: Store, opp_id: str) -> Any:
        question = add_question(store, {"kind": "problem", "text_en": "How long does a quote take?"})
        record_answer(store, opp_id, question["id"], text="Two weeks")
        return question

    sam, sam2, opp_id, q = _account_on_two_laptops(team, first_answer)
    opp = {"id": opp_id}
    record_answer(sam, opp["id"], q["id"], text="Ten working days")
    record_answer(sam2, opp["id"], q["id"], text="Two to three weeks")
    sync_now(sam)
    sync_now(sam2)
    row_id = f"{opp['id']}/{q['id']}"
    [shown] = describe_all(sam2, "en")
    assert shown.title == "How long does a quote take?" and shown.kind_label == "SPIN answer"
    assert [(f.path, f.mine_text, f.theirs_text) for f in shown.fields] == [
        ("text", "Two to three weeks", "Ten working days")]
    with pytest.raises(ValidationError) as empty:
        resolve(sam2, "spin_answer", row_id, {"text": Edited("")})
    assert empty.value.field == "text"
    resolve(sam2, "spin_answer", row_id, {"text": Edited("Ten working days, three weeks at year end")})
    sync_now(sam2)
    sync_now(sam)
    assert answers_for(sam, opp["id"])[q["id"]]["text"] == "Ten working days, three weeks at year end"


def test_a_kind_without_a_validator_here_takes_mine_or_theirs_only(team: Team) -> None:
    sam, sam2, opp_id, _ = _account_on_two_laptops(team, stage="Rev")
    set_tier(sam, opp_id, "benchmark")
    set_tier(sam2, opp_id, "ordinary")
    sync_now(sam)
    sync_now(sam2)
    [c] = state.conflicts(sam2.conn)
    assert (c.kind, c.fields) == ("account_tier", ["tier"])
    [shown] = describe_all(sam2, "zh")
    assert shown.kind_label == "客户分级" and not shown.can_edit
    with pytest.raises(ValidationError) as refused:   # an unchecked value never lands
        resolve(sam2, "account_tier", c.id, {"tier": Edited("platinum")})
    assert refused.value.field == "tier" and "mine or theirs" in refused.value.message
    resolve(sam2, "account_tier", c.id, {"tier": "theirs"})
    sync_now(sam2)
    assert get_tier(sam2, opp_id) == "benchmark" and state.conflicts(sam2.conn) == []
