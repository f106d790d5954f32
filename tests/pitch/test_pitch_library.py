"""Pitches with a library: draft from an opportunity, check, save, export (versions and
usage), and the CLI around them."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pypdf import PdfReader
from samples import outline_titles, sample_pitch, text_of

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.i18n import t
from valuekit.library.assets import get_asset, usage_history
from valuekit.pitch import store as pitch_store
from valuekit.pitch.check import check_pitch
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.model import normalize
from valuekit.resources import DEMO_DIR
from valuekit.roi.cases import save_case
from valuekit.roi.result import compute_json
from valuekit.sales.fab import add_fab
from valuekit.sales.opportunity import create_opportunity
from valuekit.sales.spin import add_question, record_answer


def make_opportunity(store: Store, *, deal_size: float = 300000, with_roi: bool = True) -> str:
    load_demo(store)
    opp = create_opportunity(store, {
        "customer": "华东精密", "industry": "manufacturing", "segment": "中型", "stage": "SQL",
        "deal_size": deal_size, "owner": "王磊", "language": "zh",
        "decision_chain": [{"name": "张总", "title": "COO", "role": "decision_maker"},
                           {"name": "李经理", "title": "销售运营", "role": "user"}]})
    q = add_question(store, {"kind": "problem", "text_zh": "整理销售报表要花多少时间？",
                             "text_en": "How long do sales reports take?"})
    record_answer(store, opp["id"], q["id"], text="每人每周 2.5 小时", pain_layer="enterprise",
                  pain="管理层看不到实时漏斗", pain_key="reporting_effort")
    add_fab(store, {"product": "crm", "feature": "周报自动生成", "advantage": "数据来自日常录入",
                    "competitor": "Excel", "benefit": "每人每周节省 2.5 小时", "language": "zh",
                    "industries": ["manufacturing"], "personas": ["decision_maker"],
                    "pains": ["reporting_effort"]})
    if with_roi:
        roi = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
        save_case(store, roi, opportunity_id=opp["id"], customer="华东精密")
    return str(opp["id"])


def test_draft_uses_spin_fab_library_and_roi(store: Store) -> None:
    opp_id = make_opportunity(store)
    doc = draft_pitch(store, opp_id, today=dt.date(2025, 3, 1))
    assert doc["pains"]["enterprise"][0]["text"] == "管理层看不到实时漏斗"
    assert "整理销售报表" in doc["pains"]["enterprise"][0]["source"]
    assert doc["effects"]["enterprise"] == [{"text": "每人每周节省 2.5 小时", "source": "FAB: crm · 周报自动生成"}]
    assert doc["execution"]["advantages"][0]["text"] == "数据来自日常录入（对比 Excel）"
    asset = get_asset(store, doc["case"]["asset_id"])
    assert asset.verified and asset.format == "case_study" and "manufacturing" in asset.tags["industry"]
    assert doc["roi"]["name"] == "华东精密制造 CRM 与服务云"
    # 300,000 CNY a year is a missile-model deal: the seeds' three axes, and of those the
    # first invitation a customer reads is "请决策者来公司考察" (visit our company)
    assert doc["cta"] == {"action": "visit_company", "date": "2025-03-15", "owner": "王磊",
                          "source": doc["cta"]["source"]}
    assert "三板斧" in doc["cta"]["source"]
    results = check_pitch(normalize(doc), store=store, industry="manufacturing")
    assert [r["status"] for r in results][4:6] == ["complete", "complete"]


def test_small_deal_suggests_a_demo_as_our_practice(store: Store) -> None:
    # 30,000 CNY a year is an R2R deal (10k–100k): demo/trial/workshop is our practice
    opp_id = make_opportunity(store, deal_size=30000, with_roi=False)
    doc = draft_pitch(store, opp_id, lang="en")
    assert doc["cta"]["action"] == "demo" and doc["language"] == "en"
    assert "our practice" in doc["cta"]["source"]


def test_check_names_what_is_missing_and_how_to_fix_it() -> None:
    doc = sample_pitch("en")
    doc["pains"]["industry"] = []
    doc["case"], doc["roi"] = None, None
    doc["cta"]["date"] = ""
    by_step = {r["step"]: r for r in check_pitch(normalize(doc), industry="manufacturing")}
    assert by_step[1]["status"] == "complete"
    assert by_step[2]["status"] == "thin" and "industry" in by_step[2]["reason"]
    assert by_step[5]["status"] == "missing" and "manufacturing" in by_step[5]["fix"]
    assert by_step[6]["status"] == "missing"
    assert by_step[7]["status"] == "thin" and "date" in by_step[7]["reason"]


def test_draft_export_keeps_versions_and_records_usage(
        store: Store, cli: Callable[..., Result], tmp_path: Path) -> None:
    opp_id = make_opportunity(store)
    result = cli("pitch", "draft", opp_id)
    assert result.exit_code == 0, result.output
    pitch_id = result.output.strip()
    saved = pitch_store.get_pitch(store, pitch_id)
    case_id = saved["data"]["case"]["asset_id"]
    before = len(usage_history(store, case_id))
    out = tmp_path / "pitch.pdf"
    result = cli("pitch", "export", pitch_id[:8], "--doc", "pitch", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["usage_recorded"] == [case_id]
    history = usage_history(store, case_id)
    assert len(history) == before + 1 and history[0]["stage"] == "SQL"
    assert history[0]["opportunity_id"] == opp_id
    pdf = out.read_bytes()
    titles = outline_titles(pdf)
    assert [t for t in titles if t[0].isdigit()][:7] == [f"{i}. {name}" for i, name in enumerate(
        ["场景", "分层痛点", "分层效果", "执行与差异化优势", "客户案例", "投资回报（ROI）", "下一步行动"], 1)]
    figures = compute_json(saved["data"]["roi"], lang="zh")
    text = text_of(pdf).replace(" ", "")
    npv = figures["scenarios"]["expected"]["npv"]
    assert f"¥{round(npv / 1e4, 1):g}万" in text  # Chinese documents print 万 (one decimal)
    # the exact exported content is kept, even after the pitch changes
    edited = dict(saved["data"], title="另一个标题")
    pitch_store.save_pitch(store, edited, pitch_id=pitch_id)
    kept = json.loads(cli("pitch", "show", pitch_id, "--version", "1").stdout)
    assert kept["title"] == saved["data"]["title"]
    assert cli("pitch", "export", pitch_id, "--doc", "spin", "--out", str(tmp_path / "s.pdf")).exit_code == 0
    assert [v["version"] for v in pitch_store.get_pitch(store, pitch_id)["versions"]] == [1, 2]


@pytest.mark.parametrize("doc", ["onepager", "roi", "fab"])
def test_render_from_a_file_without_a_library_case(doc: str, cli: Callable[..., Result],
                                                   tmp_path: Path) -> None:
    src = tmp_path / "p.json"
    src.write_text(json.dumps(sample_pitch("en"), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"{doc}.pdf"
    result = cli("pitch", "render", str(src), "--out", str(out), "--doc", doc)
    assert result.exit_code == 0, result.output
    assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) >= 1


def test_cli_user_errors_are_one_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    bad: dict[str, Any] = sample_pitch("en")
    bad["cta"]["date"] = "soon"
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(bad), encoding="utf-8")
    result = cli("pitch", "render", str(src), "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1 and "Error: cta.date: must be a date" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = cli("pitch", "save", str(src))
    assert result.exit_code == 1 and "cta.date" in result.output
    assert cli("pitch", "show", "nope").exit_code == 1


def test_every_demo_opportunity_drafts_a_complete_pitch(cli: Callable[..., Result],
                                                        store: Store) -> None:
    assert cli("demo").exit_code == 0
    opportunities = json.loads(cli("opp", "list", "--json").stdout)
    assert opportunities
    for opp in opportunities:
        if opp["stage"] == "Retention":
            continue  # a customer gets the renewal pitch (tests/pitch/test_renewal.py)
        doc = normalize(draft_pitch(store, opp["id"]))
        results = check_pitch(doc, store=store, industry=opp["industry"])
        assert [r["status"] for r in results] == ["complete"] * 7, (opp["customer"], results)
        assert all(item["source"] for layer in doc["pains"].values() for item in layer)
        # each FAB's benefit is the effect in ONE layer, not copied into all four
        effects = [item["text"] for layer in doc["effects"].values() for item in layer]
        assert len(effects) == len(set(effects)), (opp["customer"], doc["effects"])
        # effects come from FABs, or from the checklist's "what state the business reaches"
        from_checklist = t("draft.from_checklist.future_state", doc["language"])
        assert all(item["source"].startswith("FAB: ") or item["source"] == from_checklist
                   for layer in doc["effects"].values() for item in layer)


def test_draft_prefers_a_case_in_the_pitch_language(cli: Callable[..., Result], store: Store) -> None:
    assert cli("demo").exit_code == 0
    for opp in json.loads(cli("opp", "list", "--json").stdout):
        if opp["stage"] == "Retention":
            continue  # the renewal pitch's case is the customer's own realised value
        doc = draft_pitch(store, opp["id"])
        asset = get_asset(store, doc["case"]["asset_id"])
        assert opp["industry"] in asset.tags["industry"]  # the industry match comes first
        same_language = store.conn.execute(
            "SELECT count(*) FROM assets a JOIN asset_tags f ON f.asset_seq = a.seq"
            " JOIN asset_tags i ON i.asset_seq = a.seq WHERE a.status = 'verified'"
            " AND f.facet = 'format' AND f.value = 'case_study' AND i.facet = 'industry'"
            " AND i.value = ? AND a.language = ?", (opp["industry"], doc["language"])).fetchone()[0]
        if same_language:
            assert asset.language == doc["language"], opp["customer"]
