"""The selling-method commands end to end on a real library: opp --cognition, next-steps,
moves, team set, funnel plan/forecast/review, claim."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _create(cli: Callable[..., Result], *args: str) -> str:
    result = cli("opp", "create", "--customer", "Test", "--industry", "manufacturing", *args)
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_cognition_growth_model_and_next_steps_from_the_cli(cli: Callable[..., Result]) -> None:
    opp_id = _create(cli, "--stage", "SQL", "--deal-size", "380,000", "--cognition", "Ask", "--language", "en")
    shown = _json(cli("opp", "show", opp_id, "--json"))
    # seed 001: 100k–300k+ a year is 导弹式 (missile); above 300k about 80 % take 6–12 months
    assert shown["growth_model"]["model"] == "missile" and "6–12 months" in shown["growth_model"]["cycle"]
    assert shown["cognition"] == "Ask" and [h["stage"] for h in shown["stage_history"]] == ["SQL"]
    assert any("ahead of the customer's cognition" in w for w in shown["warnings"])
    steps = _json(cli("opp", "next-steps", opp_id, "--json"))
    assert {s["source"] for s in steps} == {"three_axes"} and all(s["why"] for s in steps)
    edited = _json(cli("opp", "edit", opp_id, "--cognition", "Act", "--stage", "Rev", "--json"))
    assert not any("cognition" in w for w in edited["warnings"])


def test_bad_cognition_close_date_and_deal_size_store_nothing(cli: Callable[..., Result]) -> None:
    opp_id = _create(cli)
    for option, value, field in (("--cognition", "Interest", "cognition"), ("--close-date", "2027-13-40", "close_date"),
                                 ("--deal-size", "lots", "deal_size")):
        result = cli("--lang", "en", "opp", "edit", opp_id, option, value)
        assert result.exit_code == 1 and field in result.output and "Traceback" not in result.output
    assert _json(cli("opp", "show", opp_id, "--json"))["revision"] == 1


def test_team_setting_changes_the_sql_warning(cli: Callable[..., Result]) -> None:
    opp_id = _create(cli, "--stage", "SQL", "--language", "en")
    cli("opp", "edit", opp_id, "--set", "bant.budget.known=true", "--set", "bant.need.known=true")
    assert any("at least 3" in w for w in _json(cli("opp", "show", opp_id, "--json"))["warnings"])
    assert _json(cli("team", "set", "--sql-bant-min", "2", "--json"))["sql_bant_min"] == 2
    assert not any("BANT" in w for w in _json(cli("opp", "show", opp_id, "--json"))["warnings"])
    bad = cli("--lang", "en", "team", "set", "--sql-bant-min", "0")
    assert bad.exit_code == 1 and "sql_bant_min" in bad.output


def test_funnel_plan_cli_and_its_errors(cli: Callable[..., Result]) -> None:
    plan = _json(cli("funnel", "plan", "--target", "1200000", "--avg-deal", "100000", "--rate", "RL-MQL=0.2",
                     "--rate", "MQL-SQL=0.3", "--rate", "SQL-Rev=0.25", "--hours-per-week", "50", "--json"))
    # 12 deals → 12 / 0.25 = 48 SQL → 48 / 0.3 = 160 MQL → 160 / 0.2 = 800 RL; 50 h → 30 / 15 / 5
    assert (plan["deals"], plan["SQL"], plan["MQL"], plan["RL"]) == (12, 48, 160, 800)
    assert plan["time_split_hours_per_week"] == {"new_market": 30, "keep_customers": 15, "planning": 5}
    missing = cli("--lang", "en", "funnel", "plan", "--target", "1200000", "--avg-deal", "100000")
    assert missing.exit_code == 1 and "--rate RL-MQL" in missing.output
    for args, field in ((("--rate", "RL-MQL=1.5"), "rate.RL-MQL"), (("--rate", "RL-MQL=abc"), "rate.RL-MQL"),
                        (("--rate", "Lead=0.2"), "rate")):
        result = cli("--lang", "en", "funnel", "plan", "--target", "1", "--avg-deal", "1", *args)
        assert result.exit_code == 1 and field in result.output, result.output
    zero = cli("--lang", "en", "funnel", "plan", "--target", "0", "--avg-deal", "1", "--rate", "RL-MQL=0.2")
    assert zero.exit_code == 1 and "target" in zero.output


def test_forecast_and_review_cli(cli: Callable[..., Result]) -> None:
    _create(cli, "--stage", "SQL", "--deal-size", "200000", "--close-date", "2027-01-31", "--owner", "Chen")
    result = _json(cli("funnel", "forecast", "--as-of", "2027-01-10", "--json"))
    assert result["next_month"]["weighted"] == {"CNY": 60000.0}  # 200,000 × 0.30 (SQL default)
    text = cli("--lang", "en", "funnel", "review", "--owner", "Chen", "--as-of", "2027-02-15")
    assert text.exit_code == 0 and "Deals past their close date: 1" in text.output
    bad = cli("--lang", "en", "funnel", "forecast", "--as-of", "tomorrow")
    assert bad.exit_code == 1 and "as_of" in bad.output


def test_nine_moves_for_a_missile_deal(cli: Callable[..., Result]) -> None:
    opp_id = _create(cli, "--stage", "SQL", "--deal-size", "500000", "--language", "en")
    moves = _json(cli("opp", "moves", opp_id, "--note", "relationship_care", "quarterly dinner", "--json"))
    assert moves["applies"] and moves["done"] == 1
    care = next(m for m in moves["moves"] if m["key"] == "relationship_care")
    assert care["evidence"] == [{"kind": "note", "ref": "quarterly dinner", "title": "quarterly dinner"}]
    coach = next(m for m in moves["moves"] if m["key"] == "coach_file")
    assert coach["evidence"] == [] and "coach" in coach["missing"]
    bad = cli("--lang", "en", "opp", "moves", opp_id, "--note", "golf", "x")
    assert bad.exit_code == 1 and "move" in bad.output
    small = _create(cli, "--deal-size", "8000")
    assert not _json(cli("opp", "moves", small, "--json"))["applies"]


def test_metrics_json(cli: Callable[..., Result]) -> None:
    nrr = _json(cli("metrics", "nrr", "--start-mrr", "100000", "--expansion", "40000", "--churn", "10000", "--json"))
    assert nrr["value"] == 1.3 and nrr["verdict"] == "good"  # (100,000 + 40,000 − 10,000) / 100,000 > 1.2


def test_mark_a_coach_from_the_cli(cli: Callable[..., Result]) -> None:
    # seed 001, the three axes: 拜导师 — find a coach inside the customer
    opp_id = _create(cli, "--stage", "SQL", "--deal-size", "500000", "--language", "en")
    chain = [{"name": "Zhou", "role": "decision_maker"}, {"name": "Shen", "role": "champion"}]
    cli("opp", "edit", opp_id, "--set", "decision_chain=" + json.dumps(chain))
    edited = _json(cli("opp", "edit", opp_id, "--coach", "Shen", "--json"))
    assert [p["coach"] for p in edited["decision_chain"]] == [False, True]
    steps = _json(cli("opp", "next-steps", opp_id, "--json"))
    assert steps[0]["action"] == "find_coach" and steps[0]["done"] and "Shen" in steps[0]["why"]
    bad = cli("--lang", "en", "opp", "edit", opp_id, "--coach", "Nobody")
    assert bad.exit_code == 1 and "coach" in bad.output
