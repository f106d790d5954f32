"""The sales funnel (docs/methods.md §8; seed 001: "销售漏斗有 3 个核心应用——分解销售目标、规划销售
时间、预测销售业绩", the 60:30:10 rule, and the R2R equation) on hand-worked numbers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.sales.funnel import (
    MIN_TRANSITIONS,
    forecast,
    measured_conversions,
    plan_funnel,
    review,
    time_split,
)
from valuekit.sales.opportunity import archive_opportunity, create_opportunity
from valuekit.sales.settings import update_settings

RATES = {"RL-MQL": 0.2, "MQL-SQL": 0.3, "SQL-Rev": 0.25}


def _opp(store: Store, **changes: Any) -> dict[str, Any]:
    data = {"customer": "C", "industry": "manufacturing", "stage": "SQL", "language": "en",
            "deal_size": 100_000, "owner": "Chen"}
    data.update(changes)
    return create_opportunity(store, data)


def test_plan_reads_the_r2r_equation_backwards() -> None:
    # target 1,200,000 at 100,000 a deal → 12 deals; 12 / 0.25 = 48 SQLs; 48 / 0.3 = 160 MQLs;
    # 160 / 0.2 = 800 raw leads. (In floating point 48 / 0.3 is 160.00000000000003 — a naive
    # ceil would ask for 161.)
    plan = plan_funnel(None, 1_200_000, 100_000, RATES)
    assert (plan.deals, plan.SQL, plan.MQL, plan.RL) == (12, 48, 160, 800)
    assert plan.rate_sources == {"RL-MQL": "given", "MQL-SQL": "given", "SQL-Rev": "given"}


def test_plan_rounds_every_stage_up() -> None:
    # 1,000,000 / 150,000 = 6.67 → 7 deals; 7 / 0.3 = 23.3 → 24 SQLs; 24 / 0.4 = 60 MQLs;
    # 60 / 0.15 = 400 raw leads
    plan = plan_funnel(None, 1_000_000, 150_000, {"RL-MQL": 0.15, "MQL-SQL": 0.4, "SQL-Rev": 0.3})
    assert (plan.deals, plan.SQL, plan.MQL, plan.RL) == (7, 24, 60, 400)


@given(st.integers(1, 10**9), st.integers(1, 10**7),
       st.lists(st.integers(1, 100), min_size=3, max_size=3))
def test_the_plan_always_covers_the_target(target: int, avg: int, pct: list[int]) -> None:
    rates = dict(zip(("RL-MQL", "MQL-SQL", "SQL-Rev"), (p / 100 for p in pct), strict=True))
    plan = plan_funnel(None, target, avg, rates)
    assert plan.deals * avg >= target and (plan.deals - 1) * avg < target
    assert plan.SQL * pct[2] >= plan.deals * 100 and plan.MQL * pct[1] >= plan.SQL * 100
    assert plan.RL * pct[0] >= plan.MQL * 100


@pytest.mark.parametrize("rates, field", [
    ({**RATES, "SQL-Rev": 0}, "rate.SQL-Rev"), ({**RATES, "RL-MQL": 1.2}, "rate.RL-MQL"),
    ({**RATES, "Lead-Win": 0.2}, "rate"),
])
def test_a_rate_outside_zero_to_one_is_refused_naming_it(rates: dict[str, float], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        plan_funnel(None, 1_000_000, 100_000, rates)
    assert err.value.field == field


@pytest.mark.parametrize("target, avg, field", [(0, 100, "target"), (-5, 100, "target"), (100, 0, "avg_deal"),
                                                ("45万", 100, "target")])
def test_a_target_or_deal_size_that_is_not_positive_is_refused(target: Any, avg: Any, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        plan_funnel(None, target, avg, RATES)
    assert err.value.field == field


def test_rates_default_to_measured_conversions_once_twenty_transitions_are_recorded(store: Store) -> None:
    with pytest.raises(ValidationError) as err:
        plan_funnel(store, 1_000_000, 100_000)
    assert err.value.field == "rate.RL-MQL" and "only 0 transitions" in err.value.localized("en")
    # 20 leads: 5 became MQL and 15 were lost (archived as RL) → RL→MQL measured 5 / 20 = 0.25.
    # Of the 5 MQLs 2 reached SQL (one skipped straight from RL to SQL: it passed MQL) and 3
    # are still open at MQL (undecided, not counted) → MQL→SQL has 2 transitions: too few.
    for n in range(20):
        opp = _opp(store, stage="RL", customer=f"L{n}")
        if n < 3:
            opp = _update_stage(store, opp, "MQL")
        elif n < 4:
            opp = _update_stage(store, _update_stage(store, opp, "MQL"), "SQL")
        elif n < 5:
            opp = _update_stage(store, opp, "SQL")
        else:
            archive_opportunity(store, opp["id"])
    measured = measured_conversions(store)
    assert measured["RL-MQL"].transitions == MIN_TRANSITIONS and measured["RL-MQL"].rate == 5 / 20
    assert measured["MQL-SQL"].transitions == 2 and measured["MQL-SQL"].rate is None
    plan = plan_funnel(store, 1_200_000, 100_000, {"MQL-SQL": 0.3, "SQL-Rev": 0.25})
    # 12 deals → 48 SQLs → 160 MQLs → 160 / 0.25 = 640 raw leads, with the measured rate
    assert plan.RL == 640 and plan.rate_sources["RL-MQL"] == "measured"


def _update_stage(store: Store, opp: dict[str, Any], stage: str) -> dict[str, Any]:
    from valuekit.sales.opportunity import update_opportunity

    return update_opportunity(store, opp["id"], {"stage": stage}, expected_revision=opp["revision"])


def test_the_60_30_10_split_as_hours_per_week() -> None:
    # 40 h: 60 % = 24 h new market, 30 % = 12 h keeping customers, 10 % = 4 h planning
    assert time_split(40) == {"new_market": 24, "keep_customers": 12, "planning": 4}
    assert time_split(45) == {"new_market": 27, "keep_customers": 13.5, "planning": 4.5}


def test_forecast_weights_open_deals_closing_next_month_and_quarter(store: Store) -> None:
    as_of = "2027-01-10"
    _opp(store, stage="SQL", deal_size=200_000, close_date="2027-01-31")  # month: 200k × 0.30 = 60,000
    _opp(store, stage="MQL", deal_size=100_000, close_date="2027-02-09")  # month (end 02-10 excl.): × 0.10 = 10,000
    _opp(store, stage="RL", deal_size=400_000, close_date="2027-03-20")  # quarter only: × 0.05 = 20,000
    _opp(store, stage="SQL", deal_size=300_000, close_date="2027-04-10")  # after the quarter (end 04-10 excl.)
    _opp(store, stage="Rev", deal_size=900_000, close_date="2027-01-20")  # closed: never forecast
    _opp(store, stage="Retention", deal_size=500_000, close_date="2027-01-25")  # closed
    _opp(store, stage="SQL", deal_size=50_000, close_date="2026-12-31")  # past its close date
    _opp(store, stage="SQL", deal_size=70_000)  # no close date
    result = forecast(store, as_of=as_of)
    assert (result.next_month.start, result.next_month.end) == ("2027-01-10", "2027-02-10")
    assert result.next_month.weighted == {"CNY": pytest.approx(60_000 + 10_000)}
    assert result.next_month.unweighted == {"CNY": 300_000}
    # quarter: 60,000 + 10,000 + 20,000 = 90,000
    assert result.next_quarter.end == "2027-04-10"
    assert result.next_quarter.weighted == {"CNY": pytest.approx(90_000)}
    assert (result.undated, result.past_close) == (1, 1)


def test_win_probabilities_are_a_team_setting(store: Store) -> None:
    _opp(store, stage="SQL", deal_size=200_000, close_date="2027-01-31")
    update_settings(store, win_probability={"SQL": 0.5})
    # 200,000 × 0.5 = 100,000
    assert forecast(store, as_of="2027-01-10").next_month.weighted == {"CNY": 100_000}
    with pytest.raises(ValidationError) as err:
        update_settings(store, win_probability={"SQL": 1.5})
    assert err.value.field == "win_probability.SQL"


def test_forecast_by_owner_and_a_bad_as_of_date(store: Store) -> None:
    _opp(store, owner="Chen", close_date="2027-01-20")
    _opp(store, owner="Wang", close_date="2027-01-20")
    assert len(forecast(store, owner="wang", as_of="2027-01-10").next_month.deals) == 1
    with pytest.raises(ValidationError) as err:
        forecast(store, as_of="soon")
    assert err.value.field == "as_of"


def test_the_monthly_review_names_idle_and_overdue_deals_and_the_gap_to_plan(store: Store) -> None:
    idle = _opp(store, customer="Idle", close_date="2027-03-01")
    last_month = (date.today() - timedelta(days=20)).isoformat()
    late = _opp(store, customer="Late", close_date=last_month)
    _opp(store, customer="Fresh", stage="MQL", close_date="2027-03-01")
    store.conn.execute("UPDATE opportunities SET updated_at = '2026-11-01T09:00:00Z' WHERE id = ?", (idle["id"],))
    store.conn.execute("UPDATE opportunity_stages SET entered_at = '2026-11-01T09:00:00Z' WHERE opportunity_id = ?",
                       (idle["id"],))
    today = date.today().isoformat()
    result = review(store, "Chen", as_of=today, target=1_200_000, avg_deal=100_000, rates=RATES)
    assert result.by_stage == {"RL": 0, "MQL": 1, "SQL": 2}
    # plan: 48 SQLs, 160 MQLs, 800 RLs; held: 2 SQL, 3 MQL-or-later, 3 in all
    assert result.gaps == {"SQL": 46, "MQL": 157, "RL": 797}
    assert [r.customer for r in result.stale] == ["Idle"]
    assert [r.customer for r in result.past_close] == ["Late"] and result.past_close[0].days == 20
    assert late["close_date"] == last_month
