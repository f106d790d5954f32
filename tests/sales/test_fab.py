"""FAB statements: refusals, product deletion, review hints and the sheet for an opportunity."""

from __future__ import annotations

from typing import Any

import pytest

from valuekit.db.store import Store
from valuekit.errors import NotFoundError, ValidationError
from valuekit.sales.fab import (
    add_fab,
    add_feature,
    add_product,
    delete_product,
    fab_hints,
    fab_sheet,
    get_fab,
    list_fabs,
    list_products,
    update_fab,
)
from valuekit.sales.opportunity import create_opportunity

GOOD_ZH = {"product": "crm", "feature": "CPQ 配置报价", "advantage": "比 Excel 手工查价少 3 轮确认",
           "benefit": "销售每周少花 5 小时改报价表，报价 1 天内发出", "language": "zh",
           "personas": ["user"], "industries": ["manufacturing"], "value_type": "cost",
           "need_layer": "business", "pains": ["slow_quotes"],
           "perception": {"service_experience": "客户当天就收到规范的报价单，感到被重视"}}


def _fab(**changes: Any) -> dict[str, Any]:
    return {**GOOD_ZH, **changes}


@pytest.mark.parametrize("changes, field", [
    ({"feature": ""}, "feature"),
    ({"benefit": "   "}, "benefit"),
    ({"personas": ["cfo"]}, "personas[0]"),
    ({"value_type": "happiness"}, "value_type"),
    ({"need_layer": "galaxy"}, "need_layer"),
    ({"language": "de"}, "language"),
    ({"roi_driver": {"kind": "magic"}}, "roi_driver.kind"),
])
def test_bad_fab_is_refused_and_nothing_is_written(store: Store, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        add_fab(store, _fab(**changes))
    assert err.value.field == field
    assert list_fabs(store) == []


def test_feature_and_product_are_created_on_first_use(store: Store) -> None:
    fab = add_fab(store, _fab())
    assert fab["feature"] == "CPQ 配置报价" and fab["product_name"] == "领航CRM"
    again = add_fab(store, _fab(benefit="报价从 5 天缩短到 1 天", personas=["champion"]))
    assert again["feature_id"] == fab["feature_id"]
    assert list_products(store) == [{"key": "crm", "name": "领航CRM", "features": 1, "fabs": 2}]
    with pytest.raises(ValidationError):
        add_feature(store, "crm", "")


def test_deleting_a_used_product_is_refused_unless_cascaded(store: Store) -> None:
    add_product(store, "bi", "智能分析")
    fab = add_fab(store, _fab(product="bi", feature="赢单分析"))
    with pytest.raises(ValidationError) as err:
        delete_product(store, "bi")
    assert "used by 1 FAB statement" in str(err.value) and fab["id"][:8] in str(err.value)
    assert get_fab(store, fab["id"])["product"] == "bi"
    assert delete_product(store, "bi", cascade=True) == {"fabs": 1, "features": 1}
    with pytest.raises(NotFoundError):
        get_fab(store, fab["id"])
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(NotFoundError):
        delete_product(store, "bi")


def test_update_keeps_what_is_not_changed(store: Store) -> None:
    fab = add_fab(store, _fab())
    updated = update_fab(store, fab["id"], {"competitor": "某国外 CRM"})
    assert updated["competitor"] == "某国外 CRM" and updated["benefit"] == GOOD_ZH["benefit"]
    with pytest.raises(ValidationError):
        update_fab(store, fab["id"], {"benefit": ""})


def test_hints_name_what_a_reviewer_would() -> None:
    assert fab_hints(GOOD_ZH, lang="zh") == []
    weak = {"feature": "Pipeline dashboard", "feature_description": "", "advantage": "It is modern and easy",
            "benefit": "A pipeline dashboard", "personas": [], "competitor": ""}
    hints = fab_hints(weak, lang="en")
    assert any("restates the feature" in h for h in hints)
    assert any("has no number" in h for h in hints)
    assert any("no point of comparison" in h for h in hints)
    assert any("no persona" in h for h in hints)
    with_competitor = {**weak, "competitor": "Brand X"}
    assert not any("comparison" in h for h in fab_hints(with_competitor, lang="en"))
    zh = fab_hints({**GOOD_ZH, "benefit": "更好用的报价"}, lang="zh")
    assert any("没有数字" in h for h in zh)
    assert any("没有数字" in h for h in fab_hints({**GOOD_ZH, "benefit": "报价流程统一，十分顺畅"}, lang="zh"))
    for counted in ("报价周期缩短一半以上，当天发出", "报价时间缩短三天，客户更满意",
                    "续约前四周看到每个风险客户"):
        assert not any("没有数字" in h for h in fab_hints({**GOOD_ZH, "benefit": counted}, lang="zh")), counted
    spelled = {**weak, "benefit": "The success lead sees at-risk accounts four weeks before renewal"}
    assert not any("has no number" in h for h in fab_hints(spelled, lang="en"))


def test_sheet_rows_fit_industry_language_and_chain_and_name_missing_personas(store: Store) -> None:
    opp = create_opportunity(store, {
        "customer": "恒锐", "industry": "manufacturing", "stage": "SQL", "language": "zh",
        "decision_chain": [{"name": "周", "role": "decision_maker"}, {"name": "何", "role": "user"}]})
    add_fab(store, _fab())
    add_fab(store, _fab(industries=["fmcg"], feature="订货门户"))
    add_fab(store, _fab(language="en", benefit="Quotes out in 1 day instead of 5"))
    sheet = fab_sheet(store, opp["id"])
    assert [list(r)[:3] for r in sheet["rows"]] == [["feature", "advantage", "benefit"]]
    assert [(r["persona"], r["feature"]) for r in sheet["rows"]] == [("user", "CPQ 配置报价")]
    assert sheet["missing_personas"] == ["decision_maker"]
    assert fab_sheet(store, opp["id"], lang="en")["rows"][0]["benefit"].startswith("Quotes")
