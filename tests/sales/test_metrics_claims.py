"""Metric calculators with the seeds' benchmarks (docs/methods.md §8; seed 001: "优秀的 SaaS 产品一般
可以实现 NDR 大于 120%、NPS 大于 10 分", software average NPS 13, viral growth needs K > 1),
validated claims and perception (seed 002: 价值 = 利益 × 感受)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.model import normalize
from valuekit.pitch.preflight import preflight
from valuekit.sales import metrics as mt
from valuekit.sales.claims import claim_stats, rate, record_use, set_status, unverified_claims
from valuekit.sales.fab import add_fab, fab_hints, get_fab
from valuekit.sales.opportunity import create_opportunity
from valuekit.sales.spin import add_question, record_answer


def test_clv_and_cac_follow_the_formulas() -> None:
    assert mt.clv(120_000, 5).value == 600_000  # 120,000 × 5 years
    assert mt.shown(mt.clv(120_000, 5)) == "600,000"
    assert mt.cac(300_000, 500_000, 40).value == 20_000  # (300,000 + 500,000) / 40
    assert mt.shown(mt.cac(100, 0, 3)) == "33.33"
    assert mt.shown(mt.nps(1, 0, 3)) == "33.3" and mt.shown(mt.viral(5, 0.1, 3)) == "1.50"


def test_nps_against_the_seeds_benchmark() -> None:
    good = mt.nps(50, 30, 100)  # (50 − 30) / 100 × 100 = 20 > 10
    assert good.value == 20 and good.verdict == "good" and "13" in good.benchmark
    weak = mt.nps(40, 32, 100)  # 8: below the seeds' 10
    assert weak.value == 8 and weak.verdict == "below"
    with pytest.raises(ValidationError) as err:
        mt.nps(60, 50, 100)
    assert err.value.field == "respondents"


def test_nrr_against_120_percent() -> None:
    # (100,000 + 30,000 − 5,000 − 10,000) / 100,000 = 1.15 < 1.2
    assert mt.nrr(100_000, 30_000, 5_000, 10_000).value == pytest.approx(1.15)
    assert mt.nrr(100_000, 30_000, 5_000, 10_000).verdict == "below"
    assert mt.nrr(100_000, 40_000, 5_000, 10_000).verdict == "good"  # 1.25


def test_viral_k_must_exceed_one() -> None:
    assert mt.viral(5, 0.1, 3).value == pytest.approx(1.5)  # 5 × 0.1 × 3
    assert mt.viral(5, 0.1, 3).verdict == "good" and mt.viral(2, 0.2, 2).verdict == "below"  # 0.8
    with pytest.raises(ValidationError) as err:
        mt.viral(5, 1.5, 3)
    assert err.value.field == "conversion"


def test_metrics_cli_prints_the_formula_and_the_benchmark(cli: Callable[..., Result]) -> None:
    out = cli("--lang", "en", "metrics", "nps", "--promoters", "50", "--detractors", "30", "--respondents", "100")
    assert out.exit_code == 0 and "(50 − 30) / 100 × 100 = 20" in out.output and "above 10" in out.output
    bad = cli("metrics", "cac", "--marketing", "1", "--sales", "1", "--new-customers", "zero")
    assert bad.exit_code == 1 and "new_customers" in bad.output and "Traceback" not in bad.output


FAB = {"product": "crm", "feature": "CPQ", "advantage": "3 fewer rounds than Excel", "competitor": "Excel",
       "benefit": "reps save 5 hours a week on quotes", "language": "en", "personas": ["decision_maker"],
       "industries": ["manufacturing"], "pains": ["slow_quotes"]}


def test_a_benefit_without_perception_is_flagged(store: Store) -> None:
    fab = add_fab(store, FAB)
    assert any("without perception" in h for h in fab_hints(fab, lang="en"))
    felt = add_fab(store, {**FAB, "id": fab["id"],
                           "perception": {"product_experience": "the quote builds itself on the phone"}})
    assert not any("perception" in h for h in fab_hints(felt, lang="en"))
    with pytest.raises(ValidationError) as err:
        add_fab(store, {**FAB, "perception": {"mood": "happy"}})
    assert err.value.field == "perception.mood"


def _pitch_setup(store: Store) -> tuple[str, str, str]:
    opp = create_opportunity(store, {"customer": "C", "industry": "manufacturing", "stage": "SQL",
                                     "language": "en", "deal_size": 50_000,
                                     "decision_chain": [{"name": "Z", "role": "decision_maker"}]})
    q = add_question(store, {"kind": "problem", "text_en": "How long does a quote take?", "pain": "slow_quotes"})
    record_answer(store, opp["id"], q["id"], text="5 days", pain_layer="enterprise", pain="quotes take 5 days")
    fab = add_fab(store, {**FAB, "perception": {"service_experience": "the customer gets the quote the same day"}})
    return opp["id"], q["id"], fab["id"]


def test_claims_carry_status_ratings_and_usage(store: Store) -> None:
    opp_id, _, fab_id = _pitch_setup(store)
    assert claim_stats(store, "fab", fab_id).status == "draft"
    rate(store, "fab", fab_id, "Chen", 4)
    rate(store, "fab", fab_id, "Wang", 5)
    rate(store, "fab", fab_id, "Chen", 2)  # Chen changes his mind: one rating per rater
    record_use(store, "fab", fab_id, opp_id)
    stats = set_status(store, "fab", fab_id, "verified")
    assert (stats.status, stats.rating, stats.ratings, stats.usage) == ("verified", 3.5, 2, 1)  # (2 + 5) / 2
    with pytest.raises(ValidationError):
        set_status(store, "fab", fab_id, "approved")
    assert get_fab(store, fab_id)["status"] == "verified"


def test_the_draft_shows_perception_and_the_preflight_names_unverified_claims(store: Store) -> None:
    opp_id, q_id, fab_id = _pitch_setup(store)
    doc = draft_pitch(store, opp_id, lang="en")
    effect = next(i for layer in doc["effects"].values() for i in layer)
    assert effect == {"text": FAB["benefit"], "source": "FAB: crm · CPQ",
                      "perception": "the customer gets the quote the same day"}
    assert doc["execution"]["fab"][0]["perception"] == "the customer gets the quote the same day"
    names = {(c.kind, c.id) for c in unverified_claims(store, doc)}
    assert names == {("fab", fab_id), ("spin", q_id)}
    # the pre-flight check before a customer export names them, at the step that uses them
    pitch = normalize(doc)
    flagged = [p for p in preflight(pitch, store=store, lang="en") if p.code == "claim_unverified"]
    assert {p.step for p in flagged} >= {2, 3} and not any(p.blocking for p in flagged)
    assert any(FAB["benefit"][:20] in p.message and "draft" in p.message for p in flagged)
    set_status(store, "fab", fab_id, "verified")
    set_status(store, "spin", q_id, "verified")
    assert unverified_claims(store, doc) == []
    assert not [p for p in preflight(pitch, store=store, lang="en") if p.code == "claim_unverified"]


def test_the_draft_prefers_verified_claims(store: Store) -> None:
    opp_id, _, first = _pitch_setup(store)
    second = add_fab(store, {**FAB, "feature": "Approval", "benefit": "approvals in 1 hour instead of 2 days"})
    set_status(store, "fab", second["id"], "verified")
    doc = draft_pitch(store, opp_id, lang="en")
    assert doc["execution"]["fab"][0]["feature"] == "Approval"
    set_status(store, "fab", second["id"], "retired")
    assert [r["feature"] for r in draft_pitch(store, opp_id, lang="en")["execution"]["fab"]] == ["CPQ"]
    assert first
