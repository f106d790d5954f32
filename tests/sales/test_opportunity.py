"""Opportunities: validation, BANT warning, growth model, no lost update between processes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuekit.db.store import Store
from valuekit.errors import ConflictError, ValidationError
from valuekit.sales.opportunity import (
    CHECKLIST_QUESTIONS,
    archive_opportunity,
    create_opportunity,
    get_opportunity,
    list_opportunities,
    set_checklist_answer,
    update_opportunity,
)
from valuekit.sales.rules import growth_model


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "customer": "苏州测试机械有限公司", "industry": "manufacturing", "segment": "中型离散制造",
        "size": 800, "region": "华东", "stage": "MQL", "language": "zh", "owner": "陈思远",
        "deal_size": 150000, "close_date": "2027-03-31",
        "bant": {"budget": {"known": True, "note": "预算已批"}},
        "decision_chain": [{"name": "周总", "title": "总经理", "role": "decision_maker"},
                           {"name": "沈经理", "title": "销售运营", "role": "champion"}],
    }
    data.update(changes)
    return data


def test_created_opportunity_reads_back_with_defaults_and_computed_parts(store: Store) -> None:
    opp = create_opportunity(store, _data())
    again = get_opportunity(store, opp["id"][:6])
    assert again["customer"] == "苏州测试机械有限公司" and again["revision"] == 1
    assert again["bant"]["authority"] == {"known": False, "note": ""}
    assert again["decision_chain"][0]["persona"] == "decision_maker"
    assert again["growth_model"]["model"] == "missile" and again["cognition"] is None
    assert again["warnings"] == []


@pytest.mark.parametrize("changes, field", [
    ({"stage": "Won"}, "stage"),
    ({"decision_chain": [{"name": "A", "role": "cfo"}]}, "decision_chain[0].role"),
    ({"customer": "  "}, "customer"),
    ({"deal_size": "10万"}, "deal_size"),
    ({"size": -3}, "size"),
    ({"language": "fr"}, "language"),
    ({"close_date": "31/03/2027"}, "close_date"),
    ({"bant": {"money": {"known": True}}}, "bant.money"),
    ({"checklist": {"why": "x"}}, "checklist.why"),
])
def test_bad_input_is_refused_naming_the_field(store: Store, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        create_opportunity(store, _data(**changes))
    assert err.value.field == field
    assert list_opportunities(store) == []


def test_sql_with_fewer_than_three_bant_items_known_is_warned_not_blocked(store: Store) -> None:
    opp = create_opportunity(store, _data(stage="SQL", language="en"))
    assert opp["stage"] == "SQL"
    assert opp["warnings"] == ["stage is SQL but only 1 of 4 BANT items are known "
                               "(this team's SQL standard needs at least 3)"]
    assert "BANT 只明确了 1 项" in get_opportunity(store, opp["id"], lang="zh")["warnings"][0]
    fixed = update_opportunity(store, opp["id"], {"bant": {"need": {"known": True}, "timeline": {"known": True}}},
                               expected_revision=1)
    assert fixed["warnings"] == [] and fixed["bant"]["budget"]["note"] == "预算已批"


# docs/methods.md §3 / seed 001 (China SaaS survey): under 10k CNY → hacker, 0–72 h; 10k–100k →
# R2R, 2–8 weeks; 100k–300k → missile, mostly 3–6 months; above 300k about 80 % take 6–12.
@pytest.mark.parametrize("deal_size, currency, model, cycle", [
    (None, "CNY", "unknown", "deal size not given"), (0, "CNY", "hacker", "0–72 hours"),
    (9_999, "CNY", "hacker", "0–72 hours"), (10_000, "CNY", "r2r", "2–8 weeks"),
    (99_999, "CNY", "r2r", "2–8 weeks"), (100_000, "CNY", "missile", "mostly 3–6 months"),
    (299_999, "CNY", "missile", "mostly 3–6 months"),
    (300_000, "CNY", "missile", "about 80 % take 6–12 months"),
    (50_000, "USD", "missile", "about 80 % take 6–12 months"),
])
def test_growth_model_follows_the_deal_size_table(store: Store, deal_size: float | None, currency: str,
                                                  model: str, cycle: str) -> None:
    opp = create_opportunity(store, _data(deal_size=deal_size, currency=currency, language="en"))
    assert opp["growth_model"]["model"] == model
    assert cycle in opp["growth_model"]["cycle"]


def test_two_processes_editing_the_same_opportunity_the_second_gets_a_conflict(library_path) -> None:
    first, second = Store.open(library_path), Store.open(library_path)
    try:
        opp = create_opportunity(first, _data())
        seen_by_first = get_opportunity(first, opp["id"])
        seen_by_second = get_opportunity(second, opp["id"])
        update_opportunity(first, opp["id"], {"stage": "SQL"}, expected_revision=seen_by_first["revision"])
        with pytest.raises(ConflictError) as err:
            update_opportunity(second, opp["id"], {"owner": "王博"},
                               expected_revision=seen_by_second["revision"])
        assert "changed by someone else" in str(err.value) and "(revision 2, you had 1)" in str(err.value)
        final = get_opportunity(second, opp["id"])
        assert final["stage"] == "SQL" and final["owner"] == "陈思远" and final["revision"] == 2
    finally:
        first.close()
        second.close()


def test_a_refused_edit_changes_nothing(store: Store) -> None:
    opp = create_opportunity(store, _data())
    with pytest.raises(ValidationError):
        update_opportunity(store, opp["id"], {"stage": "SQL", "size": 1.5}, expected_revision=1)
    assert get_opportunity(store, opp["id"])["stage"] == "MQL"
    with pytest.raises(ValidationError):
        update_opportunity(store, opp["id"], {"revision": 9}, expected_revision=1)


def test_archive_hides_from_lists_and_stage_filter(store: Store) -> None:
    a = create_opportunity(store, _data(customer="A"))
    create_opportunity(store, _data(customer="B", stage="SQL"))
    archive_opportunity(store, a["id"])
    assert [o["customer"] for o in list_opportunities(store)] == ["B"]
    assert {o["customer"] for o in list_opportunities(store, include_archived=True)} == {"A", "B"}
    assert [o["customer"] for o in list_opportunities(store, stage="SQL")] == ["B"]
    assert get_opportunity(store, a["id"])["archived"] is True


def test_list_by_owner(store: Store) -> None:
    create_opportunity(store, _data(customer="A", owner="王博"))
    create_opportunity(store, _data(customer="B", owner="Emily Zhang"))
    assert [o["customer"] for o in list_opportunities(store, owner="王博")] == ["A"]
    assert [o["customer"] for o in list_opportunities(store, owner=" emily zhang ")] == ["B"]
    assert list_opportunities(store, owner="nobody") == []


def test_checklist_has_six_value_and_four_ladder_questions_and_stores_answers(store: Store) -> None:
    assert [q["group"] for q in CHECKLIST_QUESTIONS].count("value") == 6
    assert [q["group"] for q in CHECKLIST_QUESTIONS].count("ladder") == 4
    opp = create_opportunity(store, _data())
    opp = set_checklist_answer(store, opp["id"], "current_flow", "邮件审批报价")
    opp = set_checklist_answer(store, opp["id"], "problems", "报价慢")
    assert opp["checklist"] == {"current_flow": "邮件审批报价", "problems": "报价慢"}
    opp = set_checklist_answer(store, opp["id"], "problems", "")
    assert opp["checklist"] == {"current_flow": "邮件审批报价"}
    with pytest.raises(ValidationError):
        set_checklist_answer(store, opp["id"], "mood", "good")


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.floats(min_value=0, max_value=1e9,
                                                                         allow_nan=False))
def test_a_bigger_deal_never_falls_into_a_smaller_band(a: float, b: float) -> None:
    order = ["hacker", "r2r", "missile"]
    low, high = sorted((a, b))
    assert order.index(growth_model(low)["model"]) <= order.index(growth_model(high)["model"])
