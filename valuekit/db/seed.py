"""The built-in tag vocabulary every library starts with (facets and their values, with
zh/en labels). It is schema seed data, so it lives with the schema: migrations seed it,
``valuekit.library.vocabulary`` reads and extends it. A later migration that adds a
built-in value calls ``seed_builtin_vocabulary`` again (it only inserts what is missing).
"""

from __future__ import annotations

import sqlite3

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
        ("card", "卡片", "Card"),
        ("tech_spec_sheet", "技术参数表", "Tech parameter sheet"),
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


# Declared synonyms of closed-facet values, as people write them (the seeds call the
# champion a 推动者 or promoter). Labels in either language are accepted anyway; these
# are the extra spellings. Compared case-insensitively after NFKC.
BUILTIN_SYNONYMS: list[tuple[str, str, str]] = [
    ("persona", "promoter", "champion"), ("persona", "sponsor", "champion"),
    ("persona", "推动人", "champion"), ("persona", "coach", "champion"),
    ("persona", "decision-maker", "decision_maker"), ("persona", "decision maker", "decision_maker"),
    ("persona", "决策人", "decision_maker"), ("persona", "end user", "user"),
    ("persona", "用户", "user"), ("persona", "把关人", "gatekeeper"),
    ("stage", "raw lead", "RL"), ("stage", "lead", "RL"), ("stage", "线索", "RL"),
    ("stage", "revenue", "Rev"), ("stage", "成交", "Rev"), ("stage", "续约", "Retention"),
    ("format", "case", "case_study"), ("format", "案例", "case_study"),
    ("format", "white paper", "whitepaper"), ("format", "deck", "solution_deck"),
    ("format", "技术规格", "tech_spec_sheet"), ("format", "参数表", "tech_spec_sheet"),
    ("format", "spec sheet", "tech_spec_sheet"), ("format", "单页", "one_pager"),
    ("format", "小视频", "video"), ("format", "短视频", "video"),
]

# How often an asset of a format must be re-checked (days) unless the asset says
# otherwise; 90 days (Guru's default) for everything not listed.
DEFAULT_REVIEW_DAYS = 90
FORMAT_REVIEW_DAYS: dict[str, int] = {
    "battlecard": 30, "competitor_report": 60, "roi_sheet": 180, "tech_spec_sheet": 180,
    "tech_sheet": 180, "video": 180, "success_story": 180, "case_study": 180,
}


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
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'value_synonyms'").fetchone():
        conn.executemany("INSERT OR IGNORE INTO value_synonyms(facet, synonym, value) VALUES (?,?,?)",
                         BUILTIN_SYNONYMS)
