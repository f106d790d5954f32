"""Test data and readers shared by several test files (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader

from valuekit.resources import DEMO_DIR


def sample_pitch(lang: str = "zh") -> dict[str, Any]:
    """A complete pitch document (shared by the pitch and PDF tests)."""
    roi = json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8"))
    zh = lang == "zh"
    return {
        "title": "华东精密制造 · 销售与服务一体化方案" if zh else "East China Precision: one sales and service platform",
        "customer": "华东精密制造有限公司" if zh else "East China Precision Ltd",
        "language": lang, "owner": "王磊" if zh else "Lei Wang", "date": "2025-03-18",
        "scenario": ("年营收约 8 亿元的精密零部件制造商，40 名销售分布在六个区域，报价、订单和售后记录分散在表格和群聊里。"
                     if zh else "A precision parts maker with 40 sales reps in six regions keeps quotes, "
                     "orders and service records in spreadsheets and chat groups."),
        "pains": {"individual": [{"text": "销售每周花 2.5 小时整理报表" if zh else "reps spend 2.5 h a week on reports",
                                  "source": "SPIN P2"}],
                  "organization": ["区域之间商机交接靠口头" if zh else "hand-overs between regions are verbal"],
                  "enterprise": ["大客户流失无预警" if zh else "key accounts churn without warning"],
                  "industry": ["价格战加剧" if zh else "price war in the industry"]},
        "effects": {"individual": ["周报自动生成" if zh else "weekly reports build themselves"],
                    "organization": ["商机统一视图" if zh else "one view of every opportunity"],
                    "enterprise": ["流失预警提前 60 天" if zh else "churn warnings 60 days ahead"],
                    "industry": ["以服务速度建立口碑" if zh else "known for service speed"]},
        "execution": {"phases": [{"name": "蓝图设计" if zh else "Blueprint", "owner": "双方" if zh else "both teams",
                                  "detail": "2 周" if zh else "2 weeks"}],
                      "advantages": ["制造业预置模板" if zh else "manufacturing templates out of the box"],
                      "fab": [{"feature": "周报自动生成" if zh else "Automatic weekly report",
                               "advantage": "无需二次整理" if zh else "no re-typing",
                               "benefit": "每人每周节省 2.5 小时" if zh else "2.5 h saved per rep per week"}]},
        "case": {"title": "苏州某汽车零部件企业" if zh else "An auto parts maker in Suzhou",
                 "summary": "转化率提升 3 个百分点" if zh else "conversion up 3 points", "body": ""},
        "roi": roi,
        "cta": {"action": "reference_visit", "date": "2025-04-02", "owner": "王磊" if zh else "Lei Wang"},
    }


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def outline_titles(pdf: bytes) -> list[str]:
    def walk(items: list[Any]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(PdfReader(io.BytesIO(pdf)).outline))


def headline_cny(amount: float) -> str:
    """An English headline amount as the PDFs print it: millions with one decimal, no
    cents (¥22,796,575.73 → ¥22.8M)."""
    assert amount >= 1e6
    return f"¥{round(amount / 1e6, 1):g}M"
