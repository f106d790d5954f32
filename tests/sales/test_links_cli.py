"""The builders end to end through the CLI on an empty library: FAB, SPIN, opportunity."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FAB = {"product": "crm", "feature": "CPQ 配置报价", "advantage": "比 Excel 手工查价少 3 轮确认",
       "benefit": "报价专员每周少花 5 小时改报价表", "language": "zh", "personas": ["user"],
       "industries": ["manufacturing"], "value_type": "cost", "need_layer": "business",
       "pains": ["slow_quotes"],
       "perception": {"product_experience": "在手机上点选配置，报价单当场生成"}}
QUESTIONS = [
    {"kind": "implication", "text_zh": "报价慢让你丢过单吗？", "industries": ["manufacturing"],
     "pain": "slow_quotes"},
    {"kind": "situation", "text_zh": "现在一份报价要经过几个人？", "industries": ["manufacturing"],
     "pain": "slow_quotes", "driver_hint": {"kind": "time_saved", "input": "people"}},
]


def _json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_build_an_opportunity_with_fab_and_spin_from_the_cli(cli: Callable[..., Result], tmp_path: Path) -> None:
    opp = _json(cli("opp", "create", _write(tmp_path, "opp.json", {
        "customer": "苏州测试机械", "industry": "manufacturing", "stage": "SQL", "owner": "陈思远",
        "deal_size": 380000, "decision_chain": [{"name": "何磊", "role": "user"},
                                                {"name": "周总", "role": "decision_maker"}]}), "--json"))
    assert isinstance(opp, dict) and opp["growth_model"]["model"] == "missile"
    assert [o["id"] for o in _json(cli("opp", "list", "--owner", "陈思远", "--json"))] == [opp["id"]]
    assert _json(cli("opp", "list", "--owner", "王博", "--json")) == []

    added = _json(cli("fab", "add", _write(tmp_path, "fab.json", FAB), "--json"))
    assert isinstance(added, dict) and added["feature"] == "CPQ 配置报价"
    assert _json(cli("fab", "hints", added["id"][:8], "--json")) == []
    sheet = _json(cli("fab", "sheet", opp["id"], "--json"))
    assert [r["persona"] for r in sheet["rows"]] == ["user"] and sheet["missing_personas"] == ["decision_maker"]

    ids = [_json(cli("spin", "question-add", _write(tmp_path, f"q{i}.json", q), "--json"))["id"]
           for i, q in enumerate(QUESTIONS)]
    plan = _json(cli("spin", "plan", opp["id"], "--set", *ids, "--json"))
    assert [i["kind"] for i in plan["items"]] == ["situation", "implication"]
    answer = _json(cli("spin", "answer", opp["id"], ids[1][:8], "--text", "5 个人，每人每周 6 小时",
                       "--pain-layer", "organization", "--number", "time_saved.people=5",
                       "--number", "time_saved.hours_per_week=6", "--json"))
    assert answer["pain_layer"] == "organization" and answer["pain_key"] == "slow_quotes"
    assert [n["value"] for n in answer["numbers"]] == [5, 6]
    ctx = _json(cli("opp", "context", opp["id"], "--json"))
    assert ctx["pains"]["organization"][0]["text"] == "5 个人，每人每周 6 小时"
    assert ctx["fabs"][0]["addresses"] == ["5 个人，每人每周 6 小时"]
    assert ctx["roi_proposal"] is None  # weeks_per_year and hourly_cost are still missing
    items = _json(cli("opp", "checklist", opp["id"], "--answer", "problems", "报价要 5 天", "--json"))
    assert next(i for i in items if i["key"] == "problems")["answer"] == "报价要 5 天"

    deleted = _json(cli("fab", "product-delete", "crm", "--cascade", "--json"))
    assert deleted == {"product": "crm", "deleted": {"fabs": 1, "features": 1}}
    assert _json(cli("fab", "list", "--json")) == []


def test_cli_refusals_exit_1_without_a_traceback(cli: Callable[..., Result], tmp_path: Path) -> None:
    opp = _json(cli("opp", "create", "--customer", "X", "--industry", "ict", "--json"))
    assert isinstance(opp, dict)
    cases = [
        (("fab", "add", _write(tmp_path, "f.json", {**FAB, "benefit": ""})), "benefit"),
        (("fab", "add", _write(tmp_path, "g.json", {**FAB, "personas": ["cfo"]})), "personas[0]"),
        (("opp", "create", "--customer", "Y", "--industry", "ict", "--stage", "Won"), "stage"),
        (("opp", "edit", opp["id"], "--set", "size=many"), "size"),
        (("opp", "list", "--stage", "Won"), "stage"),
        (("opp", "checklist", opp["id"], "--answer", "mood", "good"), "checklist.mood"),
        (("spin", "plan", opp["id"], "--set", "ffffffff"), "question_ids[0]"),
        (("spin", "answer", opp["id"], "ffffffff", "--text", "x"), "no question"),
        (("fab", "product-delete", "nothing"), "no product"),
        (("fab", "add", str(tmp_path / "missing.json")), "missing.json"),
    ]
    for args, expected in cases:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and expected in result.output, (args, result.output)
        assert "Traceback" not in result.output
