"""SPIN: bank, plan order and length, suggested plans, answers as pains and ROI numbers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.resources import DEMO_DIR
from valuekit.sales.opportunity import create_opportunity
from valuekit.sales.spin import (
    KINDS,
    add_question,
    get_plan,
    list_questions,
    record_answer,
    set_plan,
    suggest_plan,
)

BANK = json.loads((DEMO_DIR / "spin_questions.json").read_text(encoding="utf-8"))


@pytest.fixture
def banked(store: Store) -> Store:
    for q in BANK:
        add_question(store, q)
    return store


@pytest.fixture
def opp(banked: Store) -> dict[str, Any]:
    return create_opportunity(banked, {
        "customer": "恒锐", "industry": "manufacturing", "stage": "SQL", "language": "zh",
        "decision_chain": [{"name": "周", "role": "decision_maker"}, {"name": "何", "role": "user"}]})


def test_shipped_bank_is_useful() -> None:
    industries = {i for q in BANK for i in q["industries"]}
    assert len(BANK) >= 80 and len(industries) >= 6
    assert {q["kind"] for q in BANK} == set(KINDS)
    assert all(q["text_zh"] and q["text_en"] for q in BANK)


def test_bank_filters_and_order(banked: Store) -> None:
    found = list_questions(banked, industry="logistics", persona="gatekeeper")
    assert found and all(not q["industries"] or "logistics" in q["industries"] for q in found)
    kinds = [KINDS.index(q["kind"]) for q in found]
    assert kinds == sorted(kinds)
    with pytest.raises(ValidationError):
        list_questions(banked, kind="closing")


def test_plan_is_kept_in_s_p_i_n_order_whatever_order_it_is_given(banked: Store, opp: dict[str, Any]) -> None:
    by_kind = {k: [q["id"] for q in list_questions(banked, kind=k, industry="manufacturing")] for k in KINDS}
    given = [by_kind["need_payoff"][0], by_kind["situation"][0], by_kind["implication"][0], by_kind["problem"][0]]
    plan = set_plan(banked, opp["id"], given)
    assert [i["kind"] for i in plan["items"]] == list(KINDS)
    assert plan["warnings"] == []
    assert plan["items"][0]["text"] and plan["items"][0]["answer"] is None


def test_more_than_twelve_questions_is_warned(banked: Store, opp: dict[str, Any]) -> None:
    ids = [q["id"] for q in list_questions(banked)][:13]
    plan = set_plan(banked, opp["id"], ids)
    assert len(plan["items"]) == 13
    assert any("13" in w and "12" in w for w in plan["warnings"])
    assert len(set_plan(banked, opp["id"], ids[:12])["items"]) == 12
    assert not any("12" in w for w in get_plan(banked, opp["id"])["warnings"])


def test_suggested_plan_fits_industry_and_runs_s_to_n(banked: Store, opp: dict[str, Any]) -> None:
    suggested = suggest_plan(banked, opp["id"], limit=8)
    assert len(suggested) == 8
    assert [q["kind"] for q in suggested] == sorted((q["kind"] for q in suggested), key=KINDS.index)
    assert {q["kind"] for q in suggested} == set(KINDS)
    assert sum("manufacturing" in q["industries"] for q in suggested) >= 6
    with pytest.raises(ValidationError):
        suggest_plan(banked, opp["id"], limit=0)


def test_answer_as_pain_with_numbers(banked: Store, opp: dict[str, Any]) -> None:
    q = list_questions(banked, kind="problem", industry="manufacturing")[0]
    answer = record_answer(banked, opp["id"], q["id"], text="12 人每周各花 3 小时做报表",
                           pain_layer="individual",
                           numbers=[{"driver_kind": "time_saved", "input": "people", "value": 12},
                                    {"driver_kind": "time_saved", "input": "hours_per_week", "value": 3}])
    assert answer["pain"] == "12 人每周各花 3 小时做报表" and answer["pain_key"] == q["pain"]
    assert answer["numbers"][0] == {"driver_kind": "time_saved", "input": "people", "value": 12.0}
    plan = get_plan(banked, opp["id"])
    assert plan["items"][0]["answer"]["text"].startswith("12 人")


@pytest.mark.parametrize("kwargs, field", [
    ({"pain": "报价慢"}, "pain_layer"),
    ({"pain_key": "slow_quotes"}, "pain_layer"),
    ({"pain_layer": "personal"}, "pain_layer"),
    ({"numbers": [{"driver_kind": "time_saved", "input": "people", "value": "十二"}]}, "numbers[0].value"),
    ({"numbers": [{"driver_kind": "time_saved", "input": "people", "value": float("nan")}]}, "numbers[0].value"),
    ({"numbers": [{"driver_kind": "time_saved", "input": "salary", "value": 1}]}, "numbers[0].input"),
    ({"numbers": [{"driver_kind": "luck", "input": "people", "value": 1}]}, "numbers[0].driver_kind"),
    ({"numbers": [{"driver_kind": "cost_reduction", "input": "reduction_pct", "value": 30}]},
     "numbers[0].value"),
    ({"text": ""}, "text"),
])
def test_bad_answers_are_refused(banked: Store, opp: dict[str, Any], kwargs: dict[str, Any], field: str) -> None:
    q = list_questions(banked, kind="problem")[0]
    kwargs = {"text": "答案", **kwargs}
    with pytest.raises(ValidationError) as err:
        record_answer(banked, opp["id"], q["id"], **kwargs)
    assert err.value.field == field
    assert get_plan(banked, opp["id"])["items"] == []


def test_question_needs_a_kind_and_text(store: Store) -> None:
    with pytest.raises(ValidationError):
        add_question(store, {"kind": "closing", "text_en": "Shall we sign?"})
    with pytest.raises(ValidationError):
        add_question(store, {"kind": "situation"})
    with pytest.raises(ValidationError):
        add_question(store, {"kind": "situation", "text_en": "How many?", "personas": ["cfo"]})
    q = add_question(store, {"kind": "situation", "text_en": "How many reps?",
                             "driver_hint": {"kind": "time_saved", "input": "people"}})
    assert list_questions(store) == [q]
