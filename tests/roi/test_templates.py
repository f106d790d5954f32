"""The driver template library."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

from valuekit.errors import NotFoundError
from valuekit.roi.model import DRIVER_INPUTS
from valuekit.roi.result import compute_json
from valuekit.roi.templates import all_templates, driver_from_template, list_templates

DEMO_INDUSTRIES = {"manufacturing", "healthcare", "fmcg", "logistics", "saas", "ict"}


def test_at_least_30_templates_cover_every_demo_industry() -> None:
    templates = all_templates()
    assert len(templates) >= 30
    assert len({t["id"] for t in templates}) == len(templates)
    assert {t["industry"] for t in templates} >= DEMO_INDUSTRIES
    for industry in DEMO_INDUSTRIES:
        assert len([t for t in templates if t["industry"] == industry]) >= 5, industry


@pytest.mark.parametrize("tpl", all_templates(), ids=lambda t: t["id"])
def test_each_template_is_a_complete_sensible_driver(tpl: dict) -> None:  # type: ignore[type-arg]
    assert tpl["name_zh"] and tpl["name_en"] and tpl["source_zh"] and tpl["source_en"]
    assert set(tpl["inputs"]) == set(DRIVER_INPUTS[tpl["kind"]])
    for key, r in tpl["inputs"].items():
        assert r["low"] <= r["default"] <= r["high"], key
    driver = driver_from_template(tpl["id"], "en")
    result = compute_json({"name": "t", "years": 3, "discount_rate": 0.08, "drivers": [driver],
                           "costs": {"recurring": [{"name": "x", "amount": 1}]}}, "en")
    assert result["confidence"] == {"customer_share": 0.0, "benchmark_share": 1.0, "assumption_share": 0.0}
    assert all(i["source"] == "benchmark" and "typical" in i["note"] for i in result["drivers"][0]["inputs"])


def test_industry_filter_keeps_the_generic_templates() -> None:
    saas = list_templates("saas")
    assert {t["industry"] for t in saas} == {"saas", ""}
    with pytest.raises(NotFoundError):
        driver_from_template("no-such", "zh")


def test_cli_lists_templates(cli: Callable[..., Result]) -> None:
    listed = cli("roi", "templates", "--industry", "logistics", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert {r["industry"] for r in rows} == {"logistics", ""} and len(rows) >= 6
    assert rows[0]["inputs"]
    text = cli("--lang", "zh", "roi", "templates", "--industry", "logistics")
    assert "询价转化提升" in text.output and "来源" in text.output
