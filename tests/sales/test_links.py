"""The demo opportunities feed a full pitch, and the CLI shows the same context as --json."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.roi.result import compute_json
from valuekit.sales.context import opportunity_context
from valuekit.sales.fab import fab_sheet
from valuekit.sales.opportunity import PERSONAS, chain_personas, list_opportunities


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "library"
    with Store.open(path) as store:
        load_demo(store)
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Store]:
    with Store.open(demo_path) as store:
        yield store


@pytest.fixture
def run(demo_path: Path) -> Callable[..., Result]:
    from valuekit.cli import main

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--library", str(demo_path), *args])

    return invoke


def test_demo_holds_six_opportunities_in_six_industries_and_both_languages(demo: Store) -> None:
    opps = list_opportunities(demo)
    assert len(opps) >= 6 and len({o["industry"] for o in opps}) >= 6
    assert sorted(o["language"] for o in opps).count("en") >= 2
    assert {o["growth_model"]["model"] for o in opps} >= {"hacker", "r2r", "missile"}
    assert all(3 <= len(o["decision_chain"]) <= 5 for o in opps)


def test_demo_loads_again_without_duplicates(demo: Store) -> None:
    before = {t: demo.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("opportunities", "fabs", "spin_questions", "spin_answers", "roi_cases")}
    load_demo(demo)
    after = {t: demo.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before


def test_every_demo_opportunity_feeds_a_full_pitch(demo: Store) -> None:
    for opp in list_opportunities(demo):
        ctx = opportunity_context(demo, opp["id"])
        assert all(ctx["pains"][layer] for layer in ("individual", "organization", "enterprise", "industry")), opp["customer"]
        pain_texts = {p["text"] for layer in ctx["pains"].values() for p in layer}
        addressed = {t for f in ctx["fabs"] for t in f["addresses"]}
        assert addressed == pain_texts, opp["customer"]
        assert all(f["language"] == opp["language"] for f in ctx["fabs"])
        assert fab_sheet(demo, opp["id"])["missing_personas"] == []
        assert set(chain_personas(opp)) <= set(PERSONAS)
        assert 6 <= len(ctx["plan"]["items"]) <= 10 and not ctx["plan"]["warnings"]
        figures = compute_json(ctx["roi_proposal"])
        assert figures["scenarios"]["expected"]["total_benefit"] > 0
        assert len(ctx["roi_cases"]) == 1
        assert sum(1 for c in ctx["checklist"] if c["answer"]) >= 9


def test_context_traces_pains_and_roi_inputs_to_the_question_asked(demo: Store) -> None:
    hengrui = next(o for o in list_opportunities(demo) if o["customer"].startswith("苏州恒锐"))
    ctx = opportunity_context(demo, hengrui["id"])
    pain = ctx["pains"]["industry"][0]
    assert pain["source"]["kind"] == "spin_answer" and pain["source"]["question"].startswith("如果销售当天")
    people = next(i for i in ctx["roi_inputs"] if i["input"] == "people")
    assert people["value"] == 18 and people["driver_kind"] == "time_saved"
    driver = next(d for d in ctx["roi_proposal"]["drivers"] if d["kind"] == "time_saved")
    keys = ("people", "hours_per_week", "weeks_per_year", "hourly_cost")
    assert tuple(driver[k]["value"] for k in keys) == (18, 6, 46, 140)
    # every number the customer said is customer-sourced, with the question it answered
    assert {driver[k]["source"] for k in keys} == {"customer"}
    assert driver["people"]["ref"] == people["source"]["question_id"]
    assert driver["people"]["date"] == people["source"]["answered_at"][:10]
    assert ctx["roi_proposal"]["costs"]["recurring"][0]["amount"] == hengrui["deal_size"]
    english = opportunity_context(demo, hengrui["id"], lang="en")
    assert english["pains"]["industry"][0]["source"]["question"].startswith("If reps could")


def test_bant_warning_shows_on_the_small_english_deal(demo: Store) -> None:
    brightline = next(o for o in list_opportunities(demo) if o["customer"].startswith("Shenzhen Brightline"))
    assert brightline["growth_model"]["model"] == "hacker"
    assert brightline["warnings"][0].startswith("stage is SQL but only 2 of 4 BANT items are known")


def test_cli_json_shapes(run: Callable[..., Result]) -> None:
    opps = json.loads(run("opp", "list", "--json").output)
    first = opps[0]["id"]
    shown = json.loads(run("opp", "show", first[:8], "--json").output)
    assert shown["id"] == first and {"growth_model", "warnings", "context_summary"} <= set(shown)
    ctx = json.loads(run("opp", "context", first, "--json").output)
    assert set(ctx) >= {"opportunity", "pains", "fabs", "roi_inputs", "roi_proposal", "roi_cases", "plan",
                        "checklist", "warnings"}
    plan = json.loads(run("spin", "show", first, "--json").output)
    assert set(plan["items"][0]) >= {"question_id", "kind", "text", "answer"}
    sheet = json.loads(run("fab", "sheet", first, "--json").output)
    assert set(sheet) == {"opportunity", "rows", "missing_personas"}
    assert list(sheet["rows"][0])[:3] == ["feature", "advantage", "benefit"]
    checklist = json.loads(run("opp", "checklist", first, "--json").output)
    assert len(checklist) == 10
    bank = json.loads(run("spin", "bank", "--kind", "implication", "--industry", "fmcg", "--json").output)
    assert bank and all(q["kind"] == "implication" for q in bank)
    fabs = json.loads(run("fab", "list", "--persona", "gatekeeper", "--language", "en", "--json").output)
    assert fabs and all(f["language"] == "en" for f in fabs)


def test_cli_opportunity_lifecycle_and_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    created = cli("opp", "create", "--customer", "宁波测试物流", "--industry", "logistics", "--stage", "SQL",
                  "--deal-size", "85000", "--json")
    opp = json.loads(created.output)
    assert opp["growth_model"]["model"] == "r2r" and opp["warnings"]
    edited = json.loads(cli("opp", "edit", opp["id"], "--set", "bant.budget.known=true",
                            "--set", "bant.need.known=true", "--set", "bant.timeline.known=true",
                            "--set", "region=华东", "--revision", "1", "--json").output)
    assert edited["region"] == "华东" and edited["revision"] == 2
    assert edited["warnings"] == ["决策链中还没有决策者"]  # the BANT warning is gone
    stale = cli("opp", "edit", opp["id"], "--set", "owner=王博", "--revision", "1")
    assert stale.exit_code == 1 and "changed by someone else" in stale.output and "Traceback" not in stale.output
    bad = cli("opp", "edit", opp["id"], "--set", "stage=Won")
    assert bad.exit_code == 1 and bad.output.startswith("Error: stage:")
    missing = cli("opp", "show", "ffffffff")
    assert missing.exit_code == 1 and "no opportunity" in missing.output
    data = tmp_path / "opp.json"
    data.write_text(json.dumps({"customer": "X", "industry": "ict", "decision_chain": [{"name": "A", "role": "boss"}]}),
                    encoding="utf-8")
    refused = cli("opp", "create", str(data))
    assert refused.exit_code == 1 and "decision_chain[0].role" in refused.output
    archived = json.loads(cli("opp", "archive", opp["id"], "--json").output)
    assert archived["archived"] is True and json.loads(cli("opp", "list", "--json").output) == []


def test_cli_spin_answer_and_fab_product_errors(run: Callable[..., Result]) -> None:
    opp = json.loads(run("opp", "list", "--json").output)[0]["id"]
    qid = json.loads(run("spin", "show", opp, "--json").output)["items"][0]["question_id"]
    not_number = run("spin", "answer", opp, qid, "--text", "十二个人", "--number", "time_saved.people=十二")
    assert not_number.exit_code == 1 and "numbers[0].value: must be a number" in not_number.output
    no_layer = run("spin", "answer", opp, qid, "--text", "慢", "--pain", "报价慢")
    assert no_layer.exit_code == 1 and "pain_layer" in no_layer.output
    used = run("fab", "product-delete", "crm")
    assert used.exit_code == 1 and "is used by" in used.output and "--cascade" in used.output
    suggestion = json.loads(run("spin", "plan", opp, "--suggest", "--limit", "4", "--json").output)
    assert len(suggestion) == 4


def test_demo_opportunities_follow_the_seeds_rules(demo: Store) -> None:
    """Every demo opportunity has a 5A cognition, a named growth model and next steps by the
    seeds' rules: Huawei's five only over 1,000,000 CNY with a cycle over 6 months, the
    three axes for missile deals, our practice for hacker/R2R, customer success for Retention."""
    from valuekit.sales.next_steps import next_steps
    from valuekit.sales.rules import COGNITION

    for opp in list_opportunities(demo):
        assert opp["cognition"] in COGNITION, opp["customer"]
        model = opp["growth_model"]["model"]
        size = opp["deal_size"]
        assert model == ("hacker" if size < 10_000 else "r2r" if size < 100_000 else "missile")
        sources = {s.source for s in next_steps(demo, opp["id"])}
        if opp["stage"] in ("Rev", "Retention"):
            assert sources == {"customer_success"}
            if opp["stage"] == "Retention":
                assert opp["growth_model"]["cycle"].startswith("续约日期") or "renewal" in opp["growth_model"]["cycle"]
        elif model == "missile":
            assert "three_axes" in sources and "our_practice" not in sources
            assert ("huawei_five" in sources) is (size > 1_000_000)
        else:
            assert sources == {"our_practice"}
    models = {o["growth_model"]["model"] for o in list_opportunities(demo)}
    assert models == {"hacker", "r2r", "missile"}


def test_recommendations_follow_the_customers_cognition(demo: Store) -> None:
    """seed 001: the content that works per stage follows the customer's cognition — an SQL
    whose customer is still at Ask is served MQL content (whitepapers), not SQL content."""
    from valuekit.pitch.draft import draft_pitch
    from valuekit.sales.rules import content_stage

    shuwei = next(o for o in list_opportunities(demo) if o["customer"].startswith("成都蜀味"))
    assert (shuwei["stage"], shuwei["cognition"]) == ("SQL", "Ask")
    assert content_stage(shuwei) == "MQL"
    assert opportunity_context(demo, shuwei["id"])["content_stage"] == "MQL"
    case = draft_pitch(demo, shuwei["id"], lang="en")["case"]
    assert case is not None and "MQL" in case["source"]
    assert content_stage({**shuwei, "cognition": "Act"}) == "SQL"
