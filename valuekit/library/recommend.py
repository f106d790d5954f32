"""Recommend the proven asset for a customer's stage, industry and persona, the way the
method says (docs/methods.md §3).

Candidates for stage S: verified, not internal-only, not expired, not overdue for review;
tagged with S — or, with no stage tag at all, of a format that is S's content type (these
rank below every tagged one); and when the asset has cognition (5A) tags, one of them is
S's step (RL: Aware/Appeal, MQL: Ask, SQL and Rev: Act, Retention: Advocate).

Score (0–110), each part named in the reason: usefulness rated at S (else overall, at half
weight) 25; uses at S that advanced or won the deal 20; industry fit 30; persona fit 10;
the format being S's own content type 10; freshness of the last verification 15.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import t
from valuekit.library.assets import load_assets
from valuekit.library.model import Asset
from valuekit.library.vocabulary import (
    canonical_value,
    require_persona,
    require_stage,
    value_labels,
)

# stage → (formats that are the stage's content, formats that also help)
STAGE_CONTENT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "RL": (("article", "infographic", "video"), ("one_pager", "brochure", "card")),
    "MQL": (("whitepaper", "analyst_report"), ("tech_sheet", "tech_spec_sheet", "article", "video")),
    "SQL": (("case_study",), ("roi_sheet", "solution_deck", "demo_script", "fab_sheet",
                              "tech_spec_sheet", "one_pager", "card")),
    "Rev": (("case_study",), ("roi_sheet", "success_story", "solution_deck")),
    "Retention": (("success_story",), ("case_study", "roi_sheet")),
}
STAGE_STEPS: dict[str, tuple[str, ...]] = {
    "RL": ("Aware", "Appeal"), "MQL": ("Ask",), "SQL": ("Act",), "Rev": ("Act",),
    "Retention": ("Advocate",),
}
GOOD_OUTCOMES = ("advanced", "won")


@dataclass
class Recommendation:
    asset: Asset
    score: float
    tagged: bool  # tagged with the stage (else only its format fits the stage)
    industry_match: int  # 2 = tagged with it, 1 = not industry-specific, 0 = another industry
    persona_match: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        a = self.asset
        return {"id": a.id, "title": a.title, "format": a.format, "tags": a.tags,
                "reason": self.reason, "score": self.score, "tagged_for_stage": self.tagged,
                "asset": a.as_dict() | {"body": None}}


@dataclass
class _Stats:
    stage_uses: int = 0
    stage_good: int = 0
    stage_rating_sum: int = 0
    stage_rating_count: int = 0


def _candidates(store: Store, stage: str, formats: list[str] | None,
                any_stage: bool = False) -> list[tuple[int, bool]]:
    primary, secondary = STAGE_CONTENT[stage]
    fits = [*primary, *secondary]
    steps = STAGE_STEPS[stage]
    today = utc_now()[:10]
    fmt_filter, fmt_params = "", []
    if formats:
        fmt_filter = (" AND EXISTS (SELECT 1 FROM asset_tags f WHERE f.asset_seq = a.seq"
                      f" AND f.facet = 'format' AND f.value IN ({','.join('?' * len(formats))}))")
        fmt_params = list(formats)
    sql = f"""
        SELECT a.seq, EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq
                              AND t.facet = 'stage' AND t.value = ?) AS tagged
        FROM assets a
        WHERE a.status = 'verified' AND a.internal_only = 0
          AND (a.expires_on IS NULL OR a.expires_on >= ?)
          AND (a.review_due IS NULL OR a.review_due >= ?)
          AND (? OR EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq
                       AND t.facet = 'stage' AND t.value = ?)
               OR (NOT EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq
                               AND t.facet = 'stage')
                   AND EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq
                               AND t.facet = 'format' AND t.value IN (SELECT value FROM json_each(?)))))
          AND (? OR NOT EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'cognition')
               OR EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'cognition'
                          AND t.value IN (SELECT value FROM json_each(?)))){fmt_filter}"""
    params = [stage, today, today, any_stage, stage, json.dumps(fits), any_stage,
              json.dumps(list(steps)), *fmt_params]
    return [(r[0], bool(r[1])) for r in store.conn.execute(sql, params)]


def _stats(store: Store, seqs: list[int], stage: str) -> dict[int, _Stats]:
    out = {s: _Stats() for s in seqs}
    chunk = json.dumps(seqs)
    for seq, uses, good in store.conn.execute(
            "SELECT asset_seq, count(*), sum(outcome IN ('advanced', 'won')) FROM usage"
            " WHERE stage = ? AND asset_seq IN (SELECT value FROM json_each(?)) GROUP BY asset_seq",
            (stage, chunk)):
        out[seq].stage_uses, out[seq].stage_good = uses, good or 0
    for seq, total, count in store.conn.execute(
            "SELECT asset_seq, sum(score), count(*) FROM ratings WHERE stage = ?"
            " AND asset_seq IN (SELECT value FROM json_each(?)) GROUP BY asset_seq", (stage, chunk)):
        out[seq].stage_rating_sum, out[seq].stage_rating_count = total, count
    return out


def _match(asset: Asset, facet: str, wanted: str | None) -> int:
    values = asset.tags.get(facet, [])
    if wanted and wanted in values:
        return 2
    return 1 if not values else 0


def _days_since(stamp: str | None) -> int:
    if not stamp:
        return 365
    return max(0, (date.fromisoformat(utc_now()[:10]) - date.fromisoformat(stamp[:10])).days)


def recommend(store: Store, stage: str, industry: str | None = None, persona: str | None = None,
              *, limit: int = 5, formats: list[str] | None = None, lang: str = "en",
              any_stage: bool = False) -> list[Recommendation]:
    """The best trustworthy assets for this stage/industry/persona, each with its reason.

    ``any_stage`` relaxes the stage and cognition rules to ranking only (tagged ones still
    first): a pitch's customer-case step needs a proven case even when the deal's stage
    has none. Verified, not expired, not overdue and never internal-only still hold.

    ``stage``, ``industry`` and ``persona`` may be given as values, labels or synonyms."""
    conn = store.conn
    stage = canonical_value(conn, "stage", stage) or stage
    require_stage(stage)
    if persona:
        persona = canonical_value(conn, "persona", persona) or persona
        require_persona(persona)
    if industry:
        industry = canonical_value(conn, "industry", industry) or industry
    if limit < 1:
        raise ValidationError("limit", "must be at least 1")
    found = _candidates(store, stage, formats, any_stage)
    tagged = dict(found)
    stats = _stats(store, list(tagged), stage)
    assets = load_assets(conn, list(tagged), with_body=False)
    primary = STAGE_CONTENT[stage][0]
    scored: list[tuple[bool, float, Asset, int, int]] = []
    for asset in assets:
        st = stats[asset.seq]
        if st.stage_rating_count:
            useful = 25 * st.stage_rating_sum / st.stage_rating_count / 5
        else:
            useful = 12.5 * (asset.usefulness or 0) / 5
        wins = 20 * st.stage_good / (st.stage_uses + 2) if st.stage_uses else 0.0
        ind, per = _match(asset, "industry", industry), _match(asset, "persona", persona)
        score = (useful + wins + {2: 30, 1: 15, 0: 0}[ind] * bool(industry)
                 + {2: 10, 1: 5, 0: 0}[per] * bool(persona) + 10 * (asset.format in primary)
                 + 15 * max(0.0, 1 - _days_since(asset.status_at) / 365))
        if any_stage:
            score += 15 * tagged[asset.seq]  # the stage tag is one reason among others
        scored.append((tagged[asset.seq], round(score, 1), asset, ind, per))
    # Tagged assets always before format-only ones (unless any_stage); then score,
    # importance, age.
    scored.sort(key=lambda r: (not (r[0] or any_stage), -r[1], -r[2].importance, r[2].seq))
    labels = value_labels(conn)

    def label(facet: str, value: str) -> str:
        known = labels.get((facet, value))
        return known.label(lang) if known else value

    out = []
    for is_tagged, score, asset, ind, per in scored[:limit]:
        reason = _reason(asset, stats[asset.seq], stage, industry, persona, is_tagged, ind, per,
                         label, lang)
        out.append(Recommendation(asset, score, is_tagged, ind, per, reason))
    return out


def _reason(asset: Asset, st: _Stats, stage: str, industry: str | None, persona: str | None,
            tagged: bool, ind: int, per: int, label: Any, lang: str) -> str:
    fmt = label("format", asset.format or "")
    others = asset.tags.get("stage", [])
    if not tagged and others:  # only with any_stage: say which stages it is tagged for
        parts = [t("rec.other_stage", lang, format=fmt, stages="/".join(others), stage=stage)]
    else:
        parts = [t("rec.tagged" if tagged else "rec.format_fits", lang, format=fmt, stage=stage)]
    steps = [s for s in asset.tags.get("cognition", []) if s in STAGE_STEPS[stage]]
    if steps:
        parts.append(t("rec.cognition", lang, step=label("cognition", steps[0])))
    if industry:
        key = {2: "rec.same_industry", 1: "rec.any_industry", 0: "rec.other_industry"}[ind]
        parts.append(t(key, lang, industry=label("industry", industry)))
    if persona and per == 2:
        parts.append(t("rec.persona", lang, persona=label("persona", persona)))
    if st.stage_rating_count:
        parts.append(t("rec.rated_stage", lang, stage=stage, count=st.stage_rating_count,
                       score=f"{st.stage_rating_sum / st.stage_rating_count:.1f}"))
    elif asset.usefulness is not None:
        parts.append(t("rec.rated", lang, score=f"{asset.usefulness:.1f}", count=asset.rating_count))
    if st.stage_uses:
        parts.append(t("rec.outcomes", lang, stage=stage, good=st.stage_good, uses=st.stage_uses))
    else:
        parts.append(t("rec.used", lang, uses=asset.usage_count))
    if asset.status_at:
        days = _days_since(asset.status_at)
        parts.append(t("rec.fresh", lang, days=days) if days else t("rec.fresh_today", lang))
    return t("rec.separator", lang).join(parts)
