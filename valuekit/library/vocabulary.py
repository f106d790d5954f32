"""Tag facets and their vocabularies, with display labels in Chinese and English.

Closed facets (stage, persona, …) accept only values already in the vocabulary;
open facets (industry, product, user-defined ones by default) grow as assets are
tagged. ``format`` is closed but extensible: marketing adds a format explicitly.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from valuekit.errors import NotFoundError, ValidationError

# (name, zh, en, closed, single, values[(key, zh, en)])
BUILTIN_FACETS: list[tuple[str, str, str, bool, bool, list[tuple[str, str, str]]]] = [
    ("format", "形式", "Format", True, True, [
        ("article", "文章", "Article"),
        ("whitepaper", "白皮书", "Whitepaper"),
        ("case_study", "客户案例", "Case study"),
        ("success_story", "成功故事", "Success story"),
        ("infographic", "信息图", "Infographic"),
        ("video", "视频", "Video"),
        ("solution_deck", "解决方案演示", "Solution deck"),
        ("one_pager", "一页纸", "One-pager"),
        ("battlecard", "竞争卡片", "Battlecard"),
        ("fab_sheet", "FAB 话术表", "FAB sheet"),
        ("roi_sheet", "ROI 测算表", "ROI sheet"),
        ("demo_script", "演示脚本", "Demo script"),
        ("competitor_report", "竞品报告", "Competitor report"),
        ("brochure", "产品手册", "Brochure"),
        ("tech_sheet", "技术白皮书", "Technical sheet"),
        ("analyst_report", "第三方报告", "Analyst report"),
    ]),
    ("stage", "销售阶段", "Sales stage", True, False, [
        ("RL", "原始线索 RL", "Raw lead (RL)"),
        ("MQL", "市场合格线索 MQL", "Marketing-qualified (MQL)"),
        ("SQL", "销售合格线索 SQL", "Sales-qualified (SQL)"),
        ("Rev", "成交回款 Rev", "Revenue (Rev)"),
        ("Retention", "留存续约", "Retention"),
    ]),
    ("cognition", "客户认知 5A", "Cognition (5A)", True, False, [
        ("Aware", "了解", "Aware"),
        ("Appeal", "吸引", "Appeal"),
        ("Ask", "问询", "Ask"),
        ("Act", "行动", "Act"),
        ("Advocate", "拥护", "Advocate"),
    ]),
    ("industry", "行业", "Industry", False, False, [
        ("manufacturing", "制造业", "Manufacturing"),
        ("ict", "ICT", "ICT"),
        ("saas", "SaaS 软件", "SaaS"),
        ("healthcare", "医疗健康", "Healthcare"),
        ("fmcg", "快消品", "FMCG"),
        ("home_building", "家居建材", "Home building"),
        ("energy", "能源电力", "Energy"),
        ("logistics", "物流", "Logistics"),
        ("education", "教育培训", "Education"),
        ("professional_services", "专业服务", "Professional services"),
        ("auto_parts", "汽车零部件", "Auto parts"),
        ("chemicals", "精细化工", "Chemicals"),
        ("agriculture", "农资农贸", "Agriculture"),
    ]),
    ("persona", "决策链角色", "Persona", True, False, [
        ("decision_maker", "决策者", "Decision maker"),
        ("champion", "推动者", "Champion"),
        ("gatekeeper", "把关者", "Gatekeeper"),
        ("user", "使用者", "User"),
    ]),
    ("value_type", "价值类型", "Value type", True, False, [
        ("revenue", "开源增收", "Grow revenue"),
        ("cost", "降本提效", "Cut cost"),
        ("compliance", "合规", "Compliance"),
    ]),
    ("need_layer", "需求层次", "Need layer", True, False, [
        ("business", "业务价值", "Business"),
        ("organization", "组织价值", "Organisation"),
        ("industry", "行业价值", "Industry"),
        ("nation", "国家价值", "Nation"),
    ]),
    ("product", "产品", "Product", False, False, [
        ("crm", "领航CRM", "LinkSail CRM"),
        ("service_cloud", "服务云", "Service Cloud"),
        ("bi", "智能分析", "BI"),
        ("partner_portal", "伙伴门户", "Partner portal"),
        ("paas", "低代码平台", "Low-code PaaS"),
    ]),
]

STAGES = [v[0] for v in BUILTIN_FACETS[1][5]]
PERSONAS = ["decision_maker", "champion", "gatekeeper", "user"]

_KEY = re.compile(r"^[^\s,=]{1,60}$")


@dataclass(frozen=True)
class Facet:
    name: str
    label_zh: str
    label_en: str
    closed: bool
    single: bool
    builtin: bool

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str
    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


def seed_builtin_vocabulary(conn: sqlite3.Connection) -> None:
    """Insert the built-in facets and values (existing rows are left as they are)."""
    for pos, (name, zh, en, closed, single, values) in enumerate(BUILTIN_FACETS):
        conn.execute(
            "INSERT OR IGNORE INTO facets(name, label_zh, label_en, closed, single, builtin, position)"
            " VALUES (?, ?, ?, ?, ?, 1, ?)",
            (name, zh, en, int(closed), int(single), pos),
        )
        for vpos, (key, vzh, ven) in enumerate(values):
            conn.execute(
                "INSERT OR IGNORE INTO facet_values(facet, value, label_zh, label_en, position)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, key, vzh, ven, vpos),
            )


def list_facets(conn: sqlite3.Connection) -> list[Facet]:
    rows = conn.execute(
        "SELECT name, label_zh, label_en, closed, single, builtin FROM facets ORDER BY position, name"
    ).fetchall()
    return [Facet(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5])) for r in rows]


def get_facet(conn: sqlite3.Connection, name: str) -> Facet:
    row = conn.execute(
        "SELECT name, label_zh, label_en, closed, single, builtin FROM facets WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        known = ", ".join(f.name for f in list_facets(conn))
        raise ValidationError(f"facet {name!r}", f"unknown facet; known facets: {known}")
    return Facet(row[0], row[1], row[2], bool(row[3]), bool(row[4]), bool(row[5]))


def list_values(conn: sqlite3.Connection, facet: str) -> list[FacetValue]:
    rows = conn.execute(
        "SELECT facet, value, label_zh, label_en FROM facet_values WHERE facet = ?"
        " ORDER BY position, value",
        (facet,),
    ).fetchall()
    return [FacetValue(*r) for r in rows]


def value_labels(conn: sqlite3.Connection) -> dict[tuple[str, str], FacetValue]:
    rows = conn.execute("SELECT facet, value, label_zh, label_en FROM facet_values").fetchall()
    return {(r[0], r[1]): FacetValue(*r) for r in rows}


def check_key(field: str, key: str) -> str:
    key = key.strip() if isinstance(key, str) else key
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError(
            field, "must be 1-60 characters without spaces, commas or '=' (e.g. manufacturing)"
        )
    return key


def add_facet(
    conn: sqlite3.Connection, name: str, *, label_zh: str = "", label_en: str = "",
    closed: bool = False, single: bool = False,
) -> Facet:
    name = check_key("facet", name)
    if conn.execute("SELECT 1 FROM facets WHERE name = ?", (name,)).fetchone():
        raise ValidationError("facet", f"{name!r} already exists")
    conn.execute(
        "INSERT INTO facets(name, label_zh, label_en, closed, single, builtin) VALUES (?,?,?,?,?,0)",
        (name, label_zh or name, label_en or name, int(closed), int(single)),
    )
    return get_facet(conn, name)


def add_value(
    conn: sqlite3.Connection, facet: str, value: str, *, label_zh: str = "", label_en: str = ""
) -> FacetValue:
    get_facet(conn, facet)
    value = check_key(f"{facet} value", value)
    conn.execute(
        "INSERT INTO facet_values(facet, value, label_zh, label_en) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(facet, value) DO UPDATE SET"
        " label_zh = CASE WHEN excluded.label_zh <> '' THEN excluded.label_zh ELSE label_zh END,"
        " label_en = CASE WHEN excluded.label_en <> '' THEN excluded.label_en ELSE label_en END",
        (facet, value, label_zh or value, label_en or value),
    )
    row = conn.execute(
        "SELECT facet, value, label_zh, label_en FROM facet_values WHERE facet=? AND value=?",
        (facet, value),
    ).fetchone()
    return FacetValue(*row)


def require_value(conn: sqlite3.Connection, facet: Facet, value: str, field: str) -> str:
    """Check a tag value; add it to an open facet's vocabulary, refuse it for a closed one."""
    value = check_key(field, value)
    exists = conn.execute(
        "SELECT 1 FROM facet_values WHERE facet = ? AND value = ?", (facet.name, value)
    ).fetchone()
    if exists:
        return value
    if facet.closed:
        allowed = ", ".join(v.value for v in list_values(conn, facet.name))
        raise ValidationError(field, f"{value!r} is not a known {facet.name}; allowed: {allowed}")
    conn.execute(
        "INSERT INTO facet_values(facet, value, label_zh, label_en) VALUES (?, ?, ?, ?)",
        (facet.name, value, value, value),
    )
    return value


def require_stage(value: str, field: str = "stage") -> str:
    if value not in STAGES:
        raise ValidationError(field, f"{value!r} is not a sales stage; allowed: {', '.join(STAGES)}")
    return value


def require_persona(value: str, field: str = "persona") -> str:
    if value not in PERSONAS:
        raise ValidationError(field, f"{value!r} is not a persona; allowed: {', '.join(PERSONAS)}")
    return value


def facet_or_none(conn: sqlite3.Connection, name: str) -> Facet | None:
    try:
        return get_facet(conn, name)
    except (ValidationError, NotFoundError):
        return None
