"""The opportunity rules as the seeds define them (docs/methods.md §3, §4); each test names the
seed rule and its figure. Seed 001 is the SaaS growth book (BANT, 5A, growth models, next
steps, funnel), seed 002 the value = benefit × perception article."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.sales.next_steps import next_steps
from valuekit.sales.opportunity import (
    create_opportunity,
    get_opportunity,
    stage_history,
    update_opportunity,
)
from valuekit.sales.settings import get_settings, update_settings


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "customer": "Test Machinery", "industry": "manufacturing", "stage": "SQL", "language": "en",
        "deal_size": 380_000, "currency": "CNY", "owner": "Chen",
        "bant": {k: {"known": True} for k in ("budget", "authority", "need")},
        "decision_chain": [{"name": "Zhou", "title": "GM", "role": "decision_maker"},
                           {"name": "Shen", "title": "Sales ops", "role": "champion"}],
    }
    data.update(changes)
    return data


# -- 5A cognition (seed 001: a stage moves forward only when the customer's cognition does;
#    RL ↔ Aware/Appeal, MQL ↔ Ask, SQL/Rev ↔ Act, Retention ↔ Advocate) ------------------------
@pytest.mark.parametrize("stage, cognition, warned", [
    ("RL", "Aware", False), ("RL", "Appeal", False), ("MQL", "Appeal", True), ("MQL", "Ask", False),
    ("SQL", "Ask", True), ("SQL", "Act", False), ("Rev", "Ask", True), ("Rev", "Act", False),
    ("Retention", "Act", True), ("Retention", "Advocate", False), ("SQL", None, False),
])
def test_a_stage_ahead_of_the_customers_cognition_is_warned(store: Store, stage: str, cognition: str | None,
                                                            warned: bool) -> None:
    opp = create_opportunity(store, _data(stage=stage, cognition=cognition,
                                          bant={k: {"known": True} for k in ("budget", "authority", "need")}))
    assert any("ahead of the customer's cognition" in w for w in opp["warnings"]) is warned


def test_cognition_is_case_insensitive_and_an_unknown_step_stores_nothing(store: Store) -> None:
    opp = create_opportunity(store, _data(cognition="act"))
    assert opp["cognition"] == "Act"
    with pytest.raises(ValidationError) as err:
        update_opportunity(store, opp["id"], {"cognition": "Interest"}, expected_revision=1)
    assert err.value.field == "cognition" and "Aware, Appeal, Ask, Act, Advocate" in err.value.localized("en")
    assert get_opportunity(store, opp["id"])["revision"] == 1


# -- BANT (seed 001: an MQL meets 1–2 of BANT; an SQL "at least 3", and marketing and sales
#    may agree their own standard) ------------------------------------------------------------
def test_an_mql_with_no_bant_item_known_is_warned(store: Store) -> None:
    opp = create_opportunity(store, _data(stage="MQL", bant={}))
    assert "stage is MQL but no BANT item is known (an MQL meets 1–2 of BANT)" in opp["warnings"]
    one = update_opportunity(store, opp["id"], {"bant": {"need": {"known": True}}}, expected_revision=1)
    assert not any("MQL" in w for w in one["warnings"])


def test_the_sql_bant_minimum_is_the_teams_setting(store: Store) -> None:
    assert get_settings(store).sql_bant_min == 3  # the seed's usual standard
    opp = create_opportunity(store, _data())  # 3 of 4 known
    assert not any("BANT" in w for w in opp["warnings"])
    update_settings(store, sql_bant_min=4)
    strict = get_opportunity(store, opp["id"])
    assert "only 3 of 4 BANT items are known (this team's SQL standard needs at least 4)" in strict["warnings"][0]
    with pytest.raises(ValidationError) as err:
        update_settings(store, sql_bant_min=5)
    assert err.value.field == "sql_bant_min"
    assert get_settings(store).sql_bant_min == 4


# -- growth model of a Retention deal (our rule: a renewing customer has no sales cycle) -------
def test_a_retention_deal_shows_its_renewal_date_instead_of_a_cycle(store: Store) -> None:
    opp = create_opportunity(store, _data(stage="Retention", cognition="Advocate", close_date="2027-06-30",
                                          deal_size=1_200_000))
    assert opp["growth_model"]["model"] == "missile"
    assert opp["growth_model"]["cycle"] == "renewal on 2027-06-30" and opp["growth_model"]["cycle_months"] is None


# -- next steps (seed 001: Huawei's five actions for deals "过百万元、结单周期在 6 个月以上";
#    the three axes 拜导师、请决策者来公司考察、方案上会; demo/trial/workshop are ours) ---------
def _steps(store: Store, **changes: Any) -> list[tuple[str, str]]:
    opp = create_opportunity(store, _data(**changes))
    return [(s.source, s.action) for s in next_steps(store, opp["id"])]


def test_huawei_five_only_above_one_million_with_a_cycle_over_six_months(store: Store) -> None:
    # the stage history starts today, so the close date sets the expected cycle
    far = (date.today() + timedelta(days=300)).isoformat()  # ≈ 9.9 months
    near = (date.today() + timedelta(days=120)).isoformat()  # ≈ 3.9 months
    big_long = _steps(store, deal_size=1_350_000, close_date=far)
    assert [a for s, a in big_long if s == "huawei_five"] == [
        "company_visit", "reference_visit", "onsite_meeting", "technical_exchange", "executive_visit"]
    assert not any(s == "huawei_five" for s, _ in _steps(store, deal_size=1_350_000, close_date=near))
    assert not any(s == "huawei_five" for s, _ in _steps(store, deal_size=1_000_000, close_date=far))  # not *over*
    assert not any(s == "huawei_five" for s, _ in _steps(store, deal_size=380_000, close_date=far))
    # without a close date the >300k model's usual 6–12 months is taken (seed: ~80 % take 6–12)
    assert any(s == "huawei_five" for s, _ in _steps(store, deal_size=1_350_000))


def test_a_team_threshold_in_the_case_currency_replaces_the_rough_rate(store: Store) -> None:
    # 150,000 USD ≈ 1.08M CNY at the rough rate: over the seeds' 1,000,000
    assert any(s == "huawei_five" for s, _ in _steps(store, deal_size=150_000, currency="USD"))
    update_settings(store, large_deal_min={"USD": 200_000})
    assert not any(s == "huawei_five" for s, _ in _steps(store, deal_size=150_000, currency="USD"))


def test_missile_deals_get_the_three_axes_and_a_marked_coach_counts(store: Store) -> None:
    assert [a for s, a in _steps(store, deal_size=100_000) if s == "three_axes"] == [
        "find_coach", "decision_maker_visit", "proposal_on_agenda"]
    chain = [{"name": "Zhou", "role": "decision_maker"}, {"name": "Shen", "role": "champion", "coach": True}]
    opp = create_opportunity(store, _data(decision_chain=chain))
    coach = next(s for s in next_steps(store, opp["id"]) if s.action == "find_coach")
    assert coach.done and "Shen" in coach.why
    assert get_opportunity(store, opp["id"])["decision_chain"][1]["coach"] is True


@pytest.mark.parametrize("deal_size, actions", [
    (8_800, ["self_signup", "trial", "demo"]),  # hacker: under 10k
    (85_000, ["demo", "trial", "workshop"]),  # R2R: 10k–100k
])
def test_small_fast_deals_get_our_practice_labelled_as_ours(store: Store, deal_size: int, actions: list[str]) -> None:
    steps = _steps(store, deal_size=deal_size)
    assert steps == [("our_practice", a) for a in actions]


def test_retention_gets_renewal_expansion_referral(store: Store) -> None:
    assert _steps(store, stage="Retention", deal_size=1_200_000) == [
        ("customer_success", "renewal"), ("customer_success", "expansion"), ("customer_success", "referral")]


def test_a_won_deal_works_toward_its_first_value(store: Store) -> None:
    # docs/methods.md §7 (seed 001): stage goals of 1–3 months; the first 90 days matter most
    assert _steps(store, stage="Rev", deal_size=620_000) == [
        ("customer_success", "first_value"), ("customer_success", "stage_goals")]


def test_stage_history_records_each_stage_entered(store: Store) -> None:
    opp = create_opportunity(store, _data(stage="MQL"))
    update_opportunity(store, opp["id"], {"customer": "Renamed"}, expected_revision=1)
    update_opportunity(store, opp["id"], {"stage": "SQL"}, expected_revision=2)
    assert [h["stage"] for h in stage_history(store, opp["id"])] == ["MQL", "SQL"]


def test_a_close_date_that_is_not_a_date_stores_nothing(store: Store) -> None:
    opp = create_opportunity(store, _data())
    with pytest.raises(ValidationError) as err:
        update_opportunity(store, opp["id"], {"close_date": "next spring"}, expected_revision=1)
    assert err.value.field == "close_date"
    assert get_opportunity(store, opp["id"])["close_date"] is None
