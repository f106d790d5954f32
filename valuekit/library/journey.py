"""The team's customer journey map and the sales toolkit of a product (docs/methods.md §3–4).

Journey: for each sales stage, the cognition (5A) step, the content formats that serve
it, the channel, the segment reached, the understanding and feeling to create and the
action to prompt. ``coverage`` then counts, per stage and industry, the trustworthy
pieces that exist against the rule of about three good pieces per stage (a gap check,
not a quota). Toolkit: which of a product's basic sales tools exist, and which are missing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.recommend import STAGE_CONTENT, STAGE_STEPS
from valuekit.library.vocabulary import STAGES, canonical_value, get_facet, require_stage

RULE_OF_THREE = 3
TEXT_FIELDS = ("channel", "segment", "understanding", "feeling", "action")
FIELDS = ("cognition", "formats", *TEXT_FIELDS)
MAX_TEXT = 500
# A trustworthy piece: verified, not internal-only, not expired, not overdue for review.
TRUSTED = ("a.status = 'verified' AND a.internal_only = 0 AND (a.expires_on IS NULL OR a.expires_on >= ?)"
           " AND (a.review_due IS NULL OR a.review_due >= ?)")


@dataclass
class JourneyStage:
    stage: str
    cognition: list[str]
    formats: list[str]
    channel: str = ""
    segment: str = ""
    understanding: str = ""
    feeling: str = ""
    action: str = ""
    updated_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _default(stage: str) -> JourneyStage:
    primary, _secondary = STAGE_CONTENT[stage]
    return JourneyStage(stage, list(STAGE_STEPS[stage]), list(primary))


def _split(raw: str) -> list[str]:
    return [v for v in raw.split(",") if v]


def get_journey(conn: sqlite3.Connection) -> list[JourneyStage]:
    """The journey map, one entry per stage in funnel order (the method's defaults where
    the team has not written its own)."""
    stored = {r[0]: r for r in conn.execute(
        "SELECT stage, cognition, formats, channel, segment, understanding, feeling, action, updated_at"
        " FROM journey_stages")}
    out = []
    for stage in STAGES:
        row = stored.get(stage)
        if row is None:
            out.append(_default(stage))
        else:
            out.append(JourneyStage(stage, _split(row[1]), _split(row[2]), *row[3:]))
    return out


def set_journey_stage(store: Store, stage: str, changes: dict[str, Any]) -> JourneyStage:
    """Change some fields of one stage's journey (labels and synonyms accepted for values)."""
    conn = store.conn
    stage = canonical_value(conn, "stage", stage) or stage
    require_stage(stage)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], msg("must be a stage's journey field: {allowed}", allowed=", ".join(FIELDS)))
    current = next(j for j in get_journey(conn) if j.stage == stage)
    for name in ("cognition", "formats"):
        if name in changes:
            facet = get_facet(conn, "cognition" if name == "cognition" else "format")
            raw = changes[name]
            items = raw if isinstance(raw, list) else [v.strip() for v in str(raw).split(",") if v.strip()]
            values = []
            for item in items:
                value = canonical_value(conn, facet.name, item)
                if value is None:
                    allowed = ", ".join(r[0] for r in conn.execute(
                        "SELECT value FROM facet_values WHERE facet = ? ORDER BY position", (facet.name,)))
                    raise ValidationError(name, msg("{value!r} is not a known {name}; allowed: {allowed}", value=item, name=facet.name, allowed=allowed))
                values.append(value)
            setattr(current, name, list(dict.fromkeys(values)))
    for name in TEXT_FIELDS:
        if name in changes:
            text = str(changes[name] or "").strip()
            if len(text) > MAX_TEXT:
                raise ValidationError(name, msg("must be at most {n} characters", n=MAX_TEXT))
            setattr(current, name, text)
    current.updated_at = utc_now()
    with store.transaction():
        conn.execute(
            "INSERT OR REPLACE INTO journey_stages(stage, cognition, formats, channel, segment,"
            " understanding, feeling, action, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (stage, ",".join(current.cognition), ",".join(current.formats), current.channel,
             current.segment, current.understanding, current.feeling, current.action, current.updated_at))
    return current


@dataclass
class CoverageCell:
    stage: str
    industry: str  # "" = pieces not specific to an industry (they count for every industry)
    count: int
    needed: int
    titles: list[str] = field(default_factory=list)

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.count)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"gap": self.gap}


def coverage(store: Store, *, rule: int = RULE_OF_THREE) -> list[CoverageCell]:
    """Per stage and industry, the trustworthy pieces in the journey's formats for that stage.

    Industry rows count that industry's pieces plus the general ones; industries are those
    of the library's assets and opportunities."""
    conn = store.conn
    today = utc_now()[:10]
    industries = sorted({r[0] for r in conn.execute(
        "SELECT value FROM asset_tags WHERE facet = 'industry' UNION SELECT industry FROM opportunities")})
    out: list[CoverageCell] = []
    for step in get_journey(conn):
        fmt_clause, params = "", [step.stage, today, today]
        if step.formats:
            fmt_clause = (" AND EXISTS (SELECT 1 FROM asset_tags f WHERE f.asset_seq = a.seq AND"
                          f" f.facet = 'format' AND f.value IN ({','.join('?' * len(step.formats))}))")
            params += step.formats
        rows = conn.execute(
            "SELECT a.title, (SELECT group_concat(value) FROM asset_tags i WHERE i.asset_seq = a.seq"
            " AND i.facet = 'industry') FROM assets a WHERE EXISTS (SELECT 1 FROM asset_tags s"
            f" WHERE s.asset_seq = a.seq AND s.facet = 'stage' AND s.value = ?) AND {TRUSTED}{fmt_clause}"
            " ORDER BY a.title", params).fetchall()
        general = [title for title, tags in rows if not tags]
        out.append(CoverageCell(step.stage, "", len(general), rule, general))
        for industry in industries:
            titles = [title for title, tags in rows if tags and industry in tags.split(",")]
            out.append(CoverageCell(step.stage, industry, len(titles) + len(general), rule, titles))
    return out


# The basic sales toolkit of a product (docs/methods.md §4), each item with the formats that fill it.
TOOLKIT: list[tuple[str, tuple[str, ...]]] = [
    ("brochure", ("brochure",)),
    ("tech_spec_sheet", ("tech_spec_sheet", "tech_sheet")),
    ("solution_deck", ("solution_deck",)),
    ("one_pager", ("one_pager",)),
    ("card", ("card",)),
    ("short_video", ("video",)),
    ("competitor_comparison", ("competitor_report", "battlecard")),
    ("third_party_report", ("analyst_report",)),
]


@dataclass
class ToolkitItem:
    item: str
    formats: list[str]
    present: bool  # at least one trustworthy asset fills it
    assets: list[dict[str, Any]]  # id, title, format, status, trusted

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def toolkit(store: Store, product: str) -> list[ToolkitItem]:
    """Which toolkit items exist for ``product`` (value, label or synonym) and which are missing.

    Internal-only pieces (battlecards) count: the toolkit is the sales team's, not the customer's."""
    conn = store.conn
    value = canonical_value(conn, "product", product)
    if value is None:
        allowed = ", ".join(r[0] for r in conn.execute("SELECT value FROM facet_values WHERE facet='product'"))
        raise ValidationError("product", msg("{value!r} is not a known {name}; allowed: {allowed}", value=product, name="product", allowed=allowed))
    today = utc_now()[:10]
    rows = conn.execute(
        "SELECT a.id, a.title, f.value, a.status, a.status = 'verified' AND (a.expires_on IS NULL OR"
        " a.expires_on >= ?) AND (a.review_due IS NULL OR a.review_due >= ?) FROM assets a"
        " JOIN asset_tags f ON f.asset_seq = a.seq AND f.facet = 'format'"
        " JOIN asset_tags p ON p.asset_seq = a.seq AND p.facet = 'product' AND p.value = ?"
        " WHERE a.status <> 'retired' ORDER BY a.title", (today, today, value)).fetchall()
    out = []
    for item, formats in TOOLKIT:
        found = [{"id": r[0], "title": r[1], "format": r[2], "status": r[3], "trusted": bool(r[4])}
                 for r in rows if r[2] in formats]
        out.append(ToolkitItem(item, list(formats), any(a["trusted"] for a in found), found))
    return out
