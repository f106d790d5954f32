"""Honest proposals from SPIN answers: the meeting-mode example of issue 14."""

from __future__ import annotations

from valuekit.db.store import Store
from valuekit.pitch.check import check_pitch
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.model import normalize
from valuekit.pitch.preflight import preflight
from valuekit.roi.proposal import investment_costs
from valuekit.roi.result import compute_json
from valuekit.sales.context import opportunity_context
from valuekit.sales.opportunity import create_opportunity, get_opportunity, update_opportunity
from valuekit.sales.spin import add_question, record_answer


def _meeting(store: Store) -> str:
    opp = create_opportunity(store, {"customer": "杭州示例零售", "industry": "ict", "stage": "SQL",
                                     "deal_size": 200_000, "language": "zh"})
    revenue = add_question(store, {"kind": "situation", "text_zh": "去年的营收是多少？"})
    people = add_question(store, {"kind": "problem", "text_zh": "多少人在手工对账？每人每周几小时？"})
    record_answer(store, opp["id"], revenue["id"], text="一亿两千万，希望提升 10%", numbers=[
        {"driver_kind": "revenue_uplift", "input": "baseline_revenue", "value": 120_000_000},
        {"driver_kind": "revenue_uplift", "input": "uplift_pct", "value": 0.1}])
    record_answer(store, opp["id"], people["id"], text="12 个人，¥150 一小时，每周 4 小时", numbers=[
        {"driver_kind": "time_saved", "input": "people", "value": 12},
        {"driver_kind": "time_saved", "input": "hourly_cost", "value": 150},
        {"driver_kind": "time_saved", "input": "hours_per_week", "value": 4}])
    return str(opp["id"])


def test_the_meeting_mode_example_is_flagged_and_step_6_is_thin(store: Store) -> None:
    opp_id = _meeting(store)
    ctx = opportunity_context(store, opp_id)
    proposal = ctx["roi_proposal"]
    revenue = next(d for d in proposal["drivers"] if d["kind"] == "revenue_uplift")
    # never a 100 % margin: an explicit, flagged assumption
    assert revenue["margin_pct"]["source"] == "assumption" and revenue["margin_pct"]["value"] < 1
    assert revenue["baseline_revenue"]["source"] == "customer"
    # the time-saved driver is kept, incomplete, and listed
    time_saved = next(d for d in proposal["drivers"] if d["kind"] == "time_saved")
    assert time_saved["incomplete"] is True
    assert ctx["roi_incomplete"][0]["needs"] == "还需要每年周数"
    assert any("每年周数" in w for w in ctx["warnings"])
    assert "每年周数" in proposal["notes"]

    figures = compute_json(proposal, "en")
    # figures from the complete driver only: 120,000,000 × 10 % × 30 % assumed margin
    annual = 120_000_000 * 0.1 * 0.3
    assert figures["annual_value"] == annual
    assert figures["incomplete"][0]["missing"] == ["weeks_per_year"]
    codes = {w["code"] for w in figures["warnings"]}
    assert {"margin_assumed", "roi_implausible"} <= codes
    # ROI = (annual × (0.5 + 0.8 + 1.0) − 3 × 200,000) / (3 × 200,000)
    expected_roi = (annual * 2.3 - 600_000) / 600_000
    assert figures["scenarios"]["expected"]["roi"] == round(expected_roi, 6)

    pitch = draft_pitch(store, opp_id)
    step6 = check_pitch(pitch, store=store)[5]
    assert step6["status"] == "thin"
    assert "毛利率为假设" in step6["reason"] and "ROI 不可信" in step6["reason"]
    # the pre-flight check before a customer export names each flag with its field
    flagged = {p.where: p for p in preflight(normalize(pitch), store=store, lang="en")
               if p.code == "roi_red_flag"}
    assert "roi.drivers[0].margin_pct" in flagged and "roi.scenarios.expected" in flagged
    assert "margin" in flagged["roi.drivers[0].margin_pct"].message
    assert all(p.step == 6 and not p.blocking for p in flagged.values())

    # acknowledging both flags with a reason lets the step pass
    pitch["roi"]["acknowledged"] = [
        {"code": "margin_assumed", "reason": "客户财务确认毛利率约 30%", "date": "2026-12-01"},
        {"code": "roi_implausible", "reason": "营收基数大，已与 CFO 逐项核对", "date": "2026-12-01"}]
    assert check_pitch(pitch, store=store)[5]["status"] == "complete"
    # acknowledged flags were answered by the seller: the pre-flight does not repeat them
    still = {p.where for p in preflight(normalize(pitch), store=store, lang="en") if p.code == "roi_red_flag"}
    assert not still & {"roi.drivers[0].margin_pct", "roi.scenarios.expected"}


def test_what_the_customer_must_invest_becomes_costs_of_the_proposal(store: Store) -> None:
    """The 6 + 4 checklist's "what must the customer invest" is priced in the ROI costs
    (docs/methods.md §4), beside the contract's yearly price, and the case says so."""
    opp_id = _meeting(store)
    update_opportunity(store, opp_id, {"checklist": {
        "investment": "实施费 30万；每年维护费 ¥50,000，IT 两人配合三个月"}},
        expected_revision=get_opportunity(store, opp_id)["revision"])
    case = opportunity_context(store, opp_id)["roi_proposal"]
    assert case["costs"]["one_time"] == [{"name": "实施费 30万", "amount": 300_000}]
    # the contract (deal size 200,000 a year) and the customer's own yearly cost
    assert [c["amount"] for c in case["costs"]["recurring"]] == [200_000, 50_000]
    assert "维护费" in case["costs"]["recurring"][1]["name"]
    assert "合同金额" in case["notes"]  # a reminder not to count the price twice
    figures = compute_json(case, "en")
    # total cost over 3 years: 300,000 once + 3 × (200,000 + 50,000)
    assert figures["scenarios"]["expected"]["total_cost"] == 300_000 + 3 * 250_000


def test_an_amount_that_cannot_be_read_is_skipped_not_guessed() -> None:
    one_time, recurring = investment_costs("培训 1,00 元; per year subscription 2.5M; 无其他")
    assert one_time == [] and recurring == [
        {"name": "per year subscription 2.5M", "amount": 2_500_000}]
