"""What a person reads of a conflict (sync/conflicts.py): field names and values in their
language, nested values as "name: value" pairs — never raw JSON or vocabulary keys — and
readable fallbacks for kinds and fields this version has no names for. The conflict is
written as a pull leaves it; no server is needed to check the wording."""

from __future__ import annotations

from pathlib import Path

from valuekit.db.store import Store
from valuekit.sales.opportunity import create_opportunity
from valuekit.sync import records, state
from valuekit.sync.conflicts import Labels, describe_all, editable_text, title_of


def _opportunity_conflict(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "lib")
    opp = create_opportunity(store, {
        "customer": "ACME Bank", "industry": "finance", "stage": "SQL", "language": "en",
        "owner": "sam", "deal_size": 1200000,
        "decision_chain": [{"name": "Li Wei", "title": "CFO", "role": "decision_maker"}],
        "bant": {"budget": {"known": True, "note": "2M in FY27"}}})
    mine = records.local_record(store, "opportunity", opp["id"]) or {}
    person = dict(mine["decision_chain"][0], role="champion", persona="champion")
    theirs = dict(mine, stage="MQL", deal_size=950000.0, decision_chain=[person],
                  bant=dict(mine["bant"], budget={"known": False, "note": "cut"}))
    with store.transaction() as conn:
        state.save_conflict(conn, "opportunity", opp["id"], mine, mine, theirs,
                            ["bant.budget", "deal_size", "decision_chain", "stage"], "sue")
    return store


def test_an_opportunity_conflict_reads_in_chinese_without_keys_or_json(tmp_path: Path) -> None:
    store = _opportunity_conflict(tmp_path)
    [c] = describe_all(store, "zh")
    assert (c.kind_label, c.title, c.theirs_by) == ("商机", "ACME Bank", "sue")
    rows = {f.label: (f.mine_text, f.theirs_text) for f in c.fields}
    assert rows["BANT · 预算"] == ("已确认：是；备注：2M in FY27", "已确认：否；备注：cut")
    assert rows["销售阶段"] == ("销售合格线索 SQL", "市场合格线索 MQL")
    assert rows["决策链"][1] == "姓名：Li Wei；职务：CFO；决策角色：推动者；角色：推动者；教练：否"
    assert rows["商机金额"] == ("1,200,000", "950,000")   # deal_size, 950000.0 shown as a whole number
    for mine_text, theirs_text in rows.values():
        assert "{" not in mine_text + theirs_text and "_" not in mine_text + theirs_text
    # a stage is typed back by its key (the stage check wants it), tags by label
    assert {f.path: f.mine_edit for f in c.fields}["stage"] == "SQL"
    store.close()


def test_the_same_conflict_in_english(tmp_path: Path) -> None:
    store = _opportunity_conflict(tmp_path)
    [c] = describe_all(store, "en")
    rows = {f.path: (f.label, f.base_text, f.theirs_text) for f in c.fields}
    assert rows["bant.budget"] == ("BANT · budget", "known: yes; note: 2M in FY27", "known: no; note: cut")
    assert rows["stage"] == ("Stage", "Sales-qualified (SQL)", "Marketing-qualified (MQL)")
    store.close()


def test_unknown_kinds_fields_and_values_fall_back_to_readable_text(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib")
    labels = Labels(store.conn, "zh")
    assert labels.kind("partner_deal") == "partner deal"        # a kind added later
    assert labels.kind("value_plan") == "价值实现计划"
    assert title_of({"name": "industry", "label_zh": "行业", "label_en": "Industry"}, "industry", "zh") == "行业"
    assert labels.field("values.energy.label_zh") == "取值 · energy · 中文名称"
    assert labels.field("milestones.due_quarter") == "Milestones · due quarter"
    assert labels.value("milestones", [{"due_quarter": "2027Q1", "done": True}]) == \
        "due quarter：2027Q1；done：是"
    assert labels.value("x", None) == "（空）" and labels.value("x", 2.0) == "2"
    assert editable_text(["a", "b"]) == "a, b" and editable_text({"k": 1}) == '{"k": 1}'
    store.close()
