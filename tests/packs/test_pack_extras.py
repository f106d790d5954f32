"""The optional parts of a pack — SPIN question bank, FAB statements, ROI templates —
travel between two libraries through the CLI with the same merge rules as assets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack
from valuekit.resources import DEMO_DIR
from valuekit.roi import cases as roi_store
from valuekit.sales import fab, spin

FAB = {"product": "crm", "feature": "CPQ 配置报价", "advantage": "比 Excel 手工查价少 3 轮确认",
       "benefit": "销售每周少花 5 小时改报价表", "language": "zh", "personas": ["user"],
       "industries": ["manufacturing"], "value_type": "cost", "need_layer": "business"}
QUESTION = {"kind": "problem", "text_zh": "报价从询价到发出通常要几天？",
            "text_en": "How many days does a quote take?"}


def cli(folder: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--library", str(folder), *args])
    assert result.exit_code == 0, result.output
    return result


def test_spin_fab_and_roi_travel_and_merge(tmp_path: Path) -> None:
    marketing, field = tmp_path / "marketing", tmp_path / "field"
    m = Store.open(marketing)
    question = spin.add_question(m, QUESTION)
    statement = fab.add_fab(m, FAB)
    case_id = roi_store.save_case(
        m, json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8")),
        customer="华东精密")
    m.close()
    pack = tmp_path / "kit.vkpack"
    out = cli(marketing, "pack", "export", str(pack), "--with-spin", "--with-fab", "--with-roi")
    assert "1 spin, 1 fab, 1 roi" in out.output

    first = json.loads(cli(field, "pack", "import", str(pack), "--json").output)
    assert {k: (c["added"], len(c["conflicts"])) for k, c in first["extras"].items()} == \
        {"spin": (1, 0), "fab": (1, 0), "roi": (1, 0)}
    again = json.loads(cli(field, "pack", "import", str(pack), "--json").output)
    assert all(c["skipped"] == 1 and c["added"] == 0 for c in again["extras"].values())

    f = Store.open(field)
    assert spin.get_question(f, question["id"])["text_zh"] == QUESTION["text_zh"]
    assert fab.get_fab(f, statement["id"])["benefit"] == FAB["benefit"]
    assert roi_store.get_case(f, case_id)["customer"] == "华东精密"
    # marketing sharpens the FAB; both sides reword the same SPIN question
    m = Store.open(marketing)
    fab.update_fab(m, statement["id"], {"benefit": "报价 1 天内发出"})
    spin.add_question(m, {**QUESTION, "id": question["id"], "text_zh": "报价一般要几天？"})
    m.close()
    spin.add_question(f, {**QUESTION, "id": question["id"], "text_zh": "（现场）报价几天能发？"})
    f.close()
    pack2 = tmp_path / "kit2.vkpack"
    cli(marketing, "pack", "export", str(pack2), "--with-spin", "--with-fab")
    dry = cli(field, "pack", "import", str(pack2), "--dry-run").output
    assert "fab: 0 added, 1 updated" in dry and "spin: 0 added, 0 updated, 0 skipped, 1 conflicts" in dry
    report = json.loads(cli(field, "pack", "import", str(pack2), "--json").output)
    assert report["extras"]["fab"]["updated"] == 1
    assert [c["id"] for c in report["extras"]["spin"]["conflicts"]] == [question["id"]]
    f = Store.open(field)
    assert fab.get_fab(f, statement["id"])["benefit"] == "报价 1 天内发出"
    assert spin.get_question(f, question["id"])["text_zh"] == "（现场）报价几天能发？"  # kept
    f.close()


def test_a_broken_extra_refuses_the_whole_pack(tmp_path: Path) -> None:
    src = Store.open(tmp_path / "src")
    spin.add_question(src, QUESTION)
    export_pack(src, tmp_path / "p.vkpack", with_spin=True)
    src.close()
    # rebuild the pack with a question of an unknown kind (and a manifest that matches it)
    import hashlib
    import zipfile

    bad = tmp_path / "bad.vkpack"
    with zipfile.ZipFile(tmp_path / "p.vkpack") as zin, zipfile.ZipFile(bad, "w") as zout:
        manifest = json.loads(zin.read("manifest.json"))
        for info in zin.infolist():
            if info.filename == "spin.json":
                data = json.loads(zin.read(info))
                data[0]["kind"] = "closing"
                raw = json.dumps(data).encode()
                manifest["entries"]["spin.json"] = {"sha256": hashlib.sha256(raw).hexdigest(),
                                                    "size": len(raw)}
                zout.writestr("spin.json", raw)
            elif info.filename != "manifest.json":
                zout.writestr(info, zin.read(info))
        zout.writestr("manifest.json", json.dumps(manifest))
    target = Store.open(tmp_path / "target")
    with pytest.raises(ValueKitError, match=r"spin.json\[0\].*kind"):
        import_pack(target, bad)
    assert spin.list_questions(target) == []
    assert target.conn.execute("SELECT count(*) FROM pack_sync").fetchone()[0] == 0
    target.close()
