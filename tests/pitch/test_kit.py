"""The customer kit from the command line: brand and seller profile (bad values refused,
SVG logos sanitised), the pre-flight check, one use per asset per kit, the editable deck,
the one-pager picture, and a CLI that imports its command groups only when used."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pptx import Presentation

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.errors import ValidationError
from valuekit.library.assets import add_asset, ratings, update_asset, usage_history
from valuekit.pitch import store as pitch_store
from valuekit.pitch.brand import get_brand, read_logo, set_brand, set_profile
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.model import normalize
from valuekit.pitch.preflight import preflight
from valuekit.sales.opportunity import list_opportunities


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    """A real (tiny) PNG: signature, IHDR, IDAT, IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def manufacturing(store: Store) -> dict:
    load_demo(store)
    return next(o for o in list_opportunities(store) if o["industry"] == "manufacturing")


def with_profile(store: Store) -> None:
    set_brand(store, company="LinkSail", color="#7A1F5C")
    set_profile(store, name="Chen Siyuan", phone="+86 138 0000 1234", email="chen@linksail.example")


def test_colours_must_be_hex_and_nothing_else_reaches_the_stylesheet(store: Store) -> None:
    with pytest.raises(ValidationError) as err:
        set_brand(store, color="red;background:url(file:///etc/passwd)")
    assert err.value.field == "color"
    with pytest.raises(ValidationError) as err:
        set_brand(store, accent="#12345")
    assert err.value.field == "accent"
    assert set_brand(store, color="#aabbcc").color == "#AABBCC"


def test_logo_must_be_a_real_png_or_svg_under_two_megabytes(tmp_path: Path, store: Store) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a not a png")
    with pytest.raises(ValidationError, match="PNG"):
        read_logo(fake)
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes() + b"\x00" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError, match="2 MB"):
        read_logo(big)
    other = tmp_path / "logo.gif"
    other.write_bytes(b"GIF89a")
    with pytest.raises(ValidationError, match=".png or .svg"):
        read_logo(other)
    good = tmp_path / "ok.png"
    good.write_bytes(png_bytes())
    assert set_brand(store, logo=good).logo.startswith("data:image/png;base64,")


def test_svg_logo_is_sanitised(tmp_path: Path) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                   '<script>alert(1)</script><rect width="4" height="4" onload="x()" fill="#123456"/>'
                   '<image xlink:href="file:///etc/passwd"/><foreignObject><p>x</p></foreignObject>'
                   '<use href="http://evil.example/a.svg#x"/><circle r="2" style="fill:url(http://e/x)"/>'
                   '</svg>', encoding="utf-8")
    uri = read_logo(svg)
    clean = base64.b64decode(uri.split(",", 1)[1]).decode()
    for bad in ("script", "onload", "etc/passwd", "foreignObject", "evil.example", "http://e/"):
        assert bad not in clean, bad
    assert "rect" in clean and "#123456" in clean
    entity = tmp_path / "entity.svg"
    entity.write_text('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns='
                      '"http://www.w3.org/2000/svg">&x;</svg>', encoding="utf-8")
    with pytest.raises(ValidationError, match="DOCTYPE"):
        read_logo(entity)


def test_preflight_names_code_step_and_fix(store: Store) -> None:
    opp = manufacturing(store)
    pitch = normalize(draft_pitch(store, opp["id"], lang="zh"))
    pitch["pains"]["industry"] = [{"text": "待补充", "source": ""}]
    pitch["effects"]["enterprise"].append({"text": "Sales reps save two hours every week on reports",
                                           "source": ""})
    pitch["scenario"] = ""
    problems = {p.code: p for p in preflight(pitch, store=store, industry=opp["industry"], lang="en")}
    assert problems["placeholder"].step == 2 and problems["placeholder"].blocking
    assert problems["placeholder"].where == "pains.industry[0]"
    assert problems["other_language"].where.startswith("effects.enterprise")
    assert "Chinese" in problems["other_language"].fix
    assert problems["step_missing"].step == 1
    assert problems["profile_unset"].blocking and problems["profile_unset"].step == 0
    with_profile(store)
    codes = {p.code for p in preflight(pitch, store=store, lang="zh")}
    assert "profile_unset" not in codes and "brand_unset" not in codes


def test_cli_preflight_json_and_exit_code(cli: Callable[..., Result], store: Store) -> None:
    opp = manufacturing(store)
    pitch_id = pitch_store.save_pitch(store, draft_pitch(store, opp["id"], lang="zh"))
    result = cli("pitch", "preflight", pitch_id, "--json")
    assert result.exit_code == 2  # the seller profile is not set: blocking
    report = json.loads(result.stdout)
    assert report["ready"] is False
    assert {"code", "step", "where", "message", "fix", "blocking"} <= set(report["problems"][0])
    with_profile(store)
    result = cli("--lang", "zh", "pitch", "preflight", pitch_id)
    assert "profile_unset" not in result.stdout


def test_kit_is_refused_with_blocking_problems_unless_allowed(cli: Callable[..., Result], store: Store,
                                                              tmp_path: Path) -> None:
    opp = manufacturing(store)
    pitch_id = pitch_store.save_pitch(store, draft_pitch(store, opp["id"], lang="zh"),
                                      opportunity_id=opp["id"])
    result = cli("pitch", "kit", pitch_id, "--out", str(tmp_path / "no"), "--docs", "onepager")
    assert result.exit_code == 1 and "profile_unset" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "no").exists()


def test_a_kit_records_one_use_per_asset_and_names_files_by_customer_doc_date(
        cli: Callable[..., Result], store: Store, tmp_path: Path) -> None:
    opp = manufacturing(store)
    with_profile(store)
    pitch_id = pitch_store.save_pitch(store, draft_pitch(store, opp["id"], lang="zh"),
                                      opportunity_id=opp["id"])
    case_id = pitch_store.get_pitch(store, pitch_id)["data"]["case"]["asset_id"]
    before = len(usage_history(store, case_id))
    out = tmp_path / "kit"
    result = cli("pitch", "kit", pitch_id, "--out", str(out), "--allow-incomplete", "--json",
                 "--docs", "pitch,onepager,deck,onepager-png,notes")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    today = dt.date.today().isoformat()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{opp['customer']}-{d}-{today}.{e}" for d, e in (
            ("pitch", "pdf"), ("onepager", "pdf"), ("deck", "pptx"), ("onepager-png", "png"),
            ("notes", "pdf")))
    # four documents show the case: one use for this opportunity and stage
    assert len(usage_history(store, case_id)) == before + 1 and report["usage_recorded"] == [case_id]
    assert [v["doc"] for v in pitch_store.list_versions(store, pitch_id)] == [
        "kit:pitch,onepager,deck,onepager-png,notes"]
    # a single export of the same customer the same day is the same use
    cli("pitch", "export", pitch_id, "--doc", "onepager", "--out", str(tmp_path / "one.pdf"))
    assert len(usage_history(store, case_id)) == before + 1
    png = (out / f"{opp['customer']}-onepager-png-{today}.png").read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack(">I", png[16:20])[0] == 1080


def test_deck_has_a_cover_seven_steps_an_editable_chart_and_the_cjk_font(store: Store,
                                                                          tmp_path: Path) -> None:
    from valuekit.pitch.kit import prepare_kit, render_one

    opp = manufacturing(store)
    with_profile(store)
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
                    '<rect width="20" height="20" fill="#7A1F5C"/></svg>', encoding="utf-8")
    set_brand(store, logo=logo)
    pitch = normalize(draft_pitch(store, opp["id"], lang="zh"))
    kit = prepare_kit(store, pitch, None, ["deck"])
    deck = Presentation(io.BytesIO(render_one(kit, "deck")))
    slides = list(deck.slides)
    assert len(slides) == 1 + 7
    # the SVG logo is on the cover, rasterised (python-pptx places pictures, not SVG)
    assert [s.shape_type for s in slides[0].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    titles = [next(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides[1:]]
    assert [t.split()[0] for t in titles] == [str(n) for n in range(1, 8)]
    charts = [s for slide in slides for s in slide.shapes if s.has_chart]
    assert len(charts) == 1  # a native chart: its numbers are editable in PowerPoint
    chart = charts[0].chart
    assert [s.name for s in chart.plots[0].series] == ["保守", "预期", "乐观"]
    # the pains slide is a 2 x 2 grid of the four layers
    pains = slides[2]
    boxes = [s for s in pains.shapes if s.has_text_frame and s.text_frame.text.split("\n")[0] in
             ("个人", "组织（团队/部门）", "企业", "行业")]
    assert len({(b.left, b.top) for b in boxes}) == 4
    assert len({b.left for b in boxes}) == 2 and len({b.top for b in boxes}) == 2
    # Chinese text names the bundled CJK font
    xml = pains.shapes._spTree.xml
    assert 'typeface="Noto Sans CJK SC"' in xml
    for slide in slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert "待补充" not in shape.text_frame.text and "SPIN" not in shape.text_frame.text


def test_the_cli_imports_a_command_group_only_when_it_runs(cli: Callable[..., Result]) -> None:
    code = ("import sys, valuekit.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('valuekit.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "valuekit.cli.pitch" not in out and "valuekit.cli.library" not in out
    listed = cli("--help").stdout  # every group is still listed
    assert all(name in listed for name in ("library", "pitch", "brand", "profile", "opp"))


def test_brand_and_profile_commands(cli: Callable[..., Result], store: Store, tmp_path: Path) -> None:
    logo = tmp_path / "l.png"
    logo.write_bytes(png_bytes())
    assert cli("brand", "set", "--company", "LinkSail", "--logo", str(logo), "--color", "#112233").exit_code == 0
    bad = cli("brand", "set", "--color", "red;background:url(file:///etc/passwd)")
    assert bad.exit_code == 1 and "color" in bad.output and "Traceback" not in bad.output
    assert cli("profile", "set", "--name", "Chen", "--email", "chen@x.example").exit_code == 0
    shown = json.loads(cli("brand", "show", "--json").stdout)
    assert shown["company"] == "LinkSail" and shown["color"] == "#112233"
    assert shown["profile"]["email"] == "chen@x.example" and shown["logo"].startswith("image/png")
    assert get_brand(store).profile.name == "Chen"
    assert cli("profile", "set", "--email", "not-an-email").exit_code == 1


def test_seller_only_parts_of_an_asset_never_reach_the_customer() -> None:
    from valuekit.pitch.customer import customer_body, customer_summary, seller_sections

    body = "## 客户背景\n年营收 6 亿。\n\n## 使用建议\n当客户说…时引用。\n### 预约\n提前两周。\n\n## 结果\n赢单率 +9%"
    assert customer_body(body) == "## 客户背景\n年营收 6 亿。\n\n## 结果\n赢单率 +9%"
    assert "提前两周" in seller_sections(body) and "赢单率" not in seller_sections(body)
    assert customer_summary("首版报价从 3 天降到 4 小时。适合在SQL阶段给销售副总看。") == "首版报价从 3 天降到 4 小时。"
    assert customer_summary("Lost lanes fell to 5%. Use it at SQL with service directors.") == "Lost lanes fell to 5%."


def test_cli_acts_as_the_seller_profile_not_the_login(cli: Callable[..., Result], store: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A rating or a new asset is signed by the person (the seller profile), not "root"."""
    monkeypatch.delenv("VALUEKIT_USER", raising=False)
    asset = add_asset(store, {"title": "Quote cycle case", "format": "case_study"})
    assert cli("profile", "set", "--name", "王磊", "--phone", "13800138000").exit_code == 0
    assert cli("library", "rate", asset.id, "4").exit_code == 0
    assert [r["by"] for r in ratings(store, asset.id)] == ["王磊"]
    monkeypatch.setenv("VALUEKIT_USER", "lei.wang")  # an explicit identity still wins
    assert cli("library", "rate", asset.id, "5").exit_code == 0
    assert {r["by"] for r in ratings(store, asset.id)} == {"王磊", "lei.wang"}


def test_preflight_applies_the_librarys_trust_rules_to_the_case(store: Store) -> None:
    """An internal-only or expired case never goes to a customer unconfirmed; an overdue
    review is a warning (docs/library.md: the trust rules)."""
    opp = manufacturing(store)
    pitch = normalize(draft_pitch(store, opp["id"], lang="zh"))
    case_id = pitch["case"]["asset_id"]  # type: ignore[index,typeddict-item]

    def case_codes() -> dict[str, bool]:
        return {p.code: p.blocking for p in preflight(pitch, store=store, lang="en") if p.step == 5}

    assert not {"case_internal_only", "case_expired", "case_not_verified"} & set(case_codes())
    update_asset(store, case_id, {"internal_only": True})
    assert case_codes()["case_internal_only"] is True
    update_asset(store, case_id, {"internal_only": False, "expires_on": "2020-01-31"})
    codes = case_codes()
    assert codes["case_expired"] is True and "case_internal_only" not in codes
    problem = next(p for p in preflight(pitch, store=store, lang="zh") if p.code == "case_expired")
    assert "2020-01-31" in problem.message and "过期" in problem.message


def test_preflight_names_an_invalid_roi_case_once(store: Store) -> None:
    """A broken ROI case is one blocking problem naming its field, not a crash and not a
    second "ROI missing" for the same step."""
    opp = manufacturing(store)
    pitch = normalize(draft_pitch(store, opp["id"], lang="zh"))
    assert pitch["roi"] is not None
    pitch["roi"]["discount_rate"] = 1.5  # type: ignore[typeddict-item]
    step6 = [p for p in preflight(pitch, store=store, lang="en") if p.step == 6]
    assert [(p.code, p.where, p.blocking) for p in step6] == [("roi_invalid", "roi.discount_rate", True)]
