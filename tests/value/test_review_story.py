"""The value review PDF, the success-story draft and the demo accounts (issue 17)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from samples import text_of

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library.assets import get_asset
from valuekit.pitch.brand import set_brand
from valuekit.pitch.value_review import export_value_review
from valuekit.value.plan import add_milestone, get_plan
from valuekit.value.report import compute_report
from valuekit.value.story import draft_story

ANLAN = "f6d8f16b-0d7b-5570-9ff8-553f8bd46d8f"
HELIX = "dbf2afca-5020-5969-a6b6-6dcf83f2c4b4"


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store)
    return store


def test_demo_accounts_one_green_one_yellow(demo: Store) -> None:
    today = date.today()
    anlan, helix = (compute_report(get_plan(demo, o), today, "en") for o in (ANLAN, HELIX))
    assert anlan["health"] == "green" and anlan["quarters"] == 4 and anlan["tier"] == "benchmark"
    assert helix["health"] == "yellow" and helix["quarters"] == 4
    assert helix["reasons"] == ["realisation 74% is below 90%"]
    lagging = {d["name"]: d["realisation"] for d in helix["drivers"]}
    # More tenders reached: 45k + 90k + 165k + 240k = 540k of 4 × 0.8 × 1,350,000 / 4 = 1,080,000
    assert lagging["More tenders reached"] == pytest.approx(540000 / 1080000)
    assert len(get_plan(demo, ANLAN).contacts) == 9 and anlan["nps"] == pytest.approx(100 * (3 - 0) / 5)


def test_loading_the_demo_again_does_not_double_anything(demo: Store) -> None:
    load_demo(demo)
    plan = get_plan(demo, HELIX)
    assert len(plan.actuals) == 12 and len(plan.contacts) == 9 and len(plan.milestones) == 6


@pytest.mark.parametrize("opp", [ANLAN, HELIX])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_pdf_is_customer_safe(demo: Store, opp: str, lang: str, tmp_path: Path) -> None:
    set_brand(demo, company="云帆软件" if lang == "zh" else "Yunfan Software")
    plan = get_plan(demo, opp)
    report = compute_report(plan, date.today(), lang)
    out = export_value_review(demo, opp, tmp_path / "qbr.pdf", lang=lang)
    text = " ".join(text_of(out.read_bytes()).split())
    assert plan.customer in text
    assert f"{report['realisation'] * 100:.1f}%" in text  # one decimal, as every customer document
    # the realised total as the formatting module prints it: 万 in Chinese, full digits in tables
    assert (f"{report['actual'] / 1e4:.1f} 万" if lang == "zh" else f"{round(report['actual']):,}") in text
    assert ("云帆软件" if lang == "zh" else "Yunfan Software") in text  # the brand's footer
    for d in report["drivers"]:
        assert d["name"][:12] in text
    assert ("价值回顾" if lang == "zh" else "value review") in text
    # internal matters stay out: the light, NPS, contact notes, tier, ids
    for word in ("NPS", "黄灯", "绿灯", "yellow", "green", "标杆客户", "Benchmark", opp[:8]):
        assert word not in text
    for contact in plan.contacts:
        if contact.note:
            assert contact.note not in text


def test_review_refused_with_a_placeholder(demo: Store, tmp_path: Path) -> None:
    add_milestone(demo, HELIX, title="Roll-out to the TODO region", due=get_plan(demo, HELIX).go_live)
    with pytest.raises(Exception) as refused:
        export_value_review(demo, HELIX, tmp_path / "qbr.pdf", lang="en")
    assert "milestones[" in str(refused.value) and "TODO" in str(refused.value)
    assert not (tmp_path / "qbr.pdf").exists()


def test_review_refused_without_actuals(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("demo").exit_code == 0
    opp = cli("opp", "create", "--customer", "Zeta", "--industry", "ict", "--stage", "Rev").output.strip()
    case = tmp_path / "c.json"
    case.write_text('{"name": "c", "currency": "CNY", "years": 1, "discount_rate": 0.08, "ramp": [1.0], '
                    '"drivers": [{"kind": "custom", "name": "A", "annual_value": 4}], '
                    '"costs": {"one_time": [], "recurring": [{"name": "fee", "amount": 1}]}}')
    assert cli("roi", "save", str(case), "--opportunity", opp).exit_code == 0
    assert cli("value", "plan", opp, "--go-live", "2025-01-01").exit_code == 0
    out = tmp_path / "r.pdf"
    result = cli("value", "review", opp, "--out", str(out))
    assert result.exit_code == 1 and "actuals:" in result.output and not out.exists()


def test_review_cli_writes_the_pdf(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("demo").exit_code == 0
    out = tmp_path / "qbr.pdf"
    result = cli("value", "review", HELIX, "--out", str(out), "--lang", "en")
    assert result.exit_code == 0 and out.read_bytes().startswith(b"%PDF")


def test_story_draft(demo: Store) -> None:
    asset = draft_story(demo, ANLAN)
    again = get_asset(demo, asset.id)
    report = compute_report(get_plan(demo, ANLAN), date.today(), "zh")
    assert again.status == "draft" and again.language == "zh"
    assert again.tags["format"] == ["success_story"] and again.tags["stage"] == ["Retention"]
    assert again.tags["industry"] == ["healthcare"] and "service_cloud" in again.tags["product"]
    assert f"¥{report['actual'] / 1e4:.1f} 万" in again.body  # 572,500 → ¥57.2 万 (formatting module)
    assert "实测" in again.body and "估算" in again.body  # the sources of the figures
    assert get_plan(demo, ANLAN).stories == (asset.id,)
