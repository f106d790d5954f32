"""Recommend the proven asset for a customer's stage, industry and persona.

Ranking (docs/methods.md §3): verified assets whose format is the content that works at
the stage come first (RL → short articles and graphics, MQL → whitepapers,
SQL/Rev → case studies, Retention → success stories), then the ones matching the
industry, then the persona, then the best rated and the most used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.library.assets import load_assets
from valuekit.library.model import Asset
from valuekit.library.vocabulary import require_persona, require_stage, value_labels

# stage → (formats that are the stage's content, formats that also help)
STAGE_CONTENT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "RL": (("article", "infographic", "video"), ("one_pager", "brochure")),
    "MQL": (("whitepaper", "analyst_report"), ("tech_sheet", "article", "video")),
    "SQL": (("case_study",), ("roi_sheet", "battlecard", "solution_deck", "demo_script",
                              "fab_sheet", "competitor_report")),
    "Rev": (("case_study",), ("roi_sheet", "success_story", "solution_deck")),
    "Retention": (("success_story",), ("case_study", "roi_sheet")),
}


@dataclass
class Recommendation:
    asset: Asset
    fit: int  # 2 = the stage's content type, 1 = helps at this stage
    industry_match: int  # 2 = tagged with it, 1 = not industry-specific, 0 = another industry
    persona_match: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"asset": self.asset.as_dict() | {"body": None}, "reason": self.reason,
                "fit": self.fit, "industry_match": self.industry_match,
                "persona_match": self.persona_match}


def _match_sql(facet: str) -> str:
    return (f"CASE WHEN EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq"
            f" AND t.facet = '{facet}' AND t.value = ?) THEN 2"
            f" WHEN NOT EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq"
            f" AND t.facet = '{facet}') THEN 1 ELSE 0 END")


def recommend(store: Store, stage: str, industry: str | None = None, persona: str | None = None,
              *, limit: int = 5, formats: list[str] | None = None, lang: str = "en") -> list[Recommendation]:
    """The best verified assets for this stage/industry/persona, each with a one-line reason."""
    require_stage(stage)
    if persona:
        require_persona(persona)
    if limit < 1:
        raise ValidationError("limit", "must be at least 1")
    primary, secondary = STAGE_CONTENT[stage]
    p_marks, s_marks = ",".join("?" * len(primary)), ",".join("?" * len(secondary))
    fmt_filter, fmt_params = "", []
    if formats:
        fmt_filter = f" AND fmt.value IN ({','.join('?' * len(formats))})"
        fmt_params = list(formats)
    sql = f"""
        SELECT a.seq,
          CASE WHEN fmt.value IN ({p_marks}) THEN 2
               WHEN fmt.value IN ({s_marks}) OR EXISTS (SELECT 1 FROM asset_tags t
                    WHERE t.asset_seq = a.seq AND t.facet = 'stage' AND t.value = ?) THEN 1
               ELSE 0 END AS fit,
          {_match_sql('industry')} AS ind,
          {_match_sql('persona')} AS per,
          (SELECT coalesce(avg(score), 0) FROM ratings r WHERE r.asset_seq = a.seq) AS useful,
          (SELECT count(*) FROM usage u WHERE u.asset_seq = a.seq) AS used
        FROM assets a JOIN asset_tags fmt ON fmt.asset_seq = a.seq AND fmt.facet = 'format'
        WHERE a.status = 'verified'{fmt_filter}
        ORDER BY fit DESC, ind DESC, per DESC, useful DESC, used DESC, a.importance DESC, a.seq
        LIMIT ?"""
    params = [*primary, *secondary, stage, industry or "", persona or "", *fmt_params, limit]
    rows = [r for r in store.conn.execute(sql, params).fetchall() if r[1] > 0 or formats]
    assets = {a.seq: a for a in load_assets(store.conn, [r[0] for r in rows], with_body=False)}
    labels = value_labels(store.conn)

    def label(facet: str, value: str) -> str:
        found = labels.get((facet, value))
        return found.label(lang) if found else value

    out = []
    for seq, fit, ind, per, _useful, _used in rows:
        asset = assets[seq]
        out.append(Recommendation(asset, fit, ind, per, _reason(
            asset, stage, industry, persona, fit, ind, per, label, lang)))
    return out


def _reason(asset: Asset, stage: str, industry: str | None, persona: str | None, fit: int,
            ind: int, per: int, label: Any, lang: str) -> str:
    fmt = label("format", asset.format or "")
    zh = lang == "zh"
    parts = [(f"{fmt}：{stage} 阶段最有效的内容" if zh else f"{fmt}: the content that works at {stage}")
             if fit == 2 else (f"{fmt}：适用于 {stage} 阶段" if zh else f"{fmt}: useful at {stage}")]
    if industry:
        ind_label = label("industry", industry)
        parts.append({2: f"同行业（{ind_label}）" if zh else f"same industry ({ind_label})",
                      1: "通用，不限行业" if zh else "not industry-specific",
                      0: "其他行业" if zh else "another industry"}[ind])
    if persona and per == 2:
        parts.append(f"面向{label('persona', persona)}" if zh else f"for the {label('persona', persona).lower()}")
    if asset.usefulness is not None:
        parts.append(f"好用性 {asset.usefulness:.1f}/5（{asset.rating_count} 个评分）" if zh
                     else f"rated {asset.usefulness:.1f}/5 ({asset.rating_count} ratings)")
    parts.append(f"已使用 {asset.usage_count} 次" if zh else f"used {asset.usage_count} times")
    return ("；" if zh else "; ").join(parts)
