"""Validated claims: FAB statements and SPIN bank questions are the claims that fill the
pitch's steps 3 and 4, and only validated value counts (docs/methods.md §2). Like library
assets they carry a status (draft → verified → retired), usefulness ratings (1–5, one per
rater) and usage (which opportunity, in which stage).

``unverified_claims`` names the claims a pitch still relies on that nobody has verified —
the pre-flight check (pitch/check.py) lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.sales.opportunity import resolve_id, resolve_opportunity, text

KINDS = {"fab": ("fabs", "FAB statement"), "spin": ("spin_questions", "SPIN question")}
STATUSES = ("draft", "verified", "retired")
STATUS_RANK = {"verified": 0, "draft": 1, "retired": 2}  # the draft prefers verified claims


@dataclass
class ClaimStats:
    kind: str
    id: str
    status: str
    rating: float | None  # mean usefulness, None when unrated
    ratings: int
    usage: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _kind(kind: str) -> tuple[str, str]:
    if kind not in KINDS:
        raise ValidationError("kind", msg("{kind!r} is not a claim kind; allowed: {allowed}",
                                          kind=kind, allowed=", ".join(KINDS)))
    return KINDS[kind]


def _resolve(store: Store, kind: str, ref: str) -> str:
    table, what = _kind(kind)
    return resolve_id(store.conn, table, ref, what)


def set_status(store: Store, kind: str, ref: str, status: str) -> ClaimStats:
    if status not in STATUSES:
        raise ValidationError("status", msg("{status!r} is not a status; allowed: {allowed}",
                                            status=status, allowed=", ".join(STATUSES)))
    table, _ = _kind(kind)
    claim_id = _resolve(store, kind, ref)
    with store.transaction() as conn:
        conn.execute(f"UPDATE {table} SET status = ? WHERE id = ?", (status, claim_id))
    return claim_stats(store, kind, claim_id)


def rate(store: Store, kind: str, ref: str, rater: str, usefulness: Any) -> ClaimStats:
    """One rating per rater (a new one replaces the old)."""
    claim_id = _resolve(store, kind, ref)
    who = text(rater, "rater", required=True, max_len=200)
    if isinstance(usefulness, bool) or not isinstance(usefulness, int) or not 1 <= usefulness <= 5:
        raise ValidationError("usefulness", msg("must be a whole number from 1 to 5"))
    with store.transaction() as conn:
        conn.execute("INSERT INTO claim_ratings (kind, claim_id, rater, usefulness, rated_at) VALUES (?, ?, ?, ?, ?)"
                     " ON CONFLICT(kind, claim_id, rater) DO UPDATE SET usefulness = excluded.usefulness,"
                     " rated_at = excluded.rated_at", (kind, claim_id, who, usefulness, utc_now()))
    return claim_stats(store, kind, claim_id)


def record_use(store: Store, kind: str, ref: str, opp_ref: str | None = None) -> ClaimStats:
    """Count one use of the claim, with the opportunity and its stage when given."""
    claim_id = _resolve(store, kind, ref)
    opp_id = resolve_opportunity(store, opp_ref) if opp_ref else None
    stage = (store.conn.execute("SELECT stage FROM opportunities WHERE id = ?", (opp_id,)).fetchone()[0]
             if opp_id else None)
    with store.transaction() as conn:
        conn.execute("INSERT INTO claim_usage (kind, claim_id, opportunity_id, stage, used_at) VALUES (?, ?, ?, ?, ?)",
                     (kind, claim_id, opp_id, stage, utc_now()))
    return claim_stats(store, kind, claim_id)


def claim_stats(store: Store, kind: str, ref: str) -> ClaimStats:
    table, _ = _kind(kind)
    claim_id = _resolve(store, kind, ref)
    status = store.conn.execute(f"SELECT status FROM {table} WHERE id = ?", (claim_id,)).fetchone()[0]
    avg, n = store.conn.execute("SELECT avg(usefulness), count(*) FROM claim_ratings WHERE kind = ? AND claim_id = ?",
                                (kind, claim_id)).fetchone()
    used = store.conn.execute("SELECT count(*) FROM claim_usage WHERE kind = ? AND claim_id = ?",
                              (kind, claim_id)).fetchone()[0]
    return ClaimStats(kind, claim_id, status, round(avg, 2) if avg is not None else None, n, used)


def all_stats(store: Store, kind: str) -> dict[str, ClaimStats]:
    """Stats of every claim of ``kind`` in one pass (for lists and the draft's ordering)."""
    table, _ = _kind(kind)
    rows = store.conn.execute(
        f"SELECT c.id, c.status, (SELECT avg(usefulness) FROM claim_ratings r WHERE r.kind = ? AND r.claim_id = c.id),"
        f" (SELECT count(*) FROM claim_ratings r WHERE r.kind = ? AND r.claim_id = c.id),"
        f" (SELECT count(*) FROM claim_usage u WHERE u.kind = ? AND u.claim_id = c.id) FROM {table} c",
        (kind, kind, kind)).fetchall()
    return {r[0]: ClaimStats(kind, r[0], r[1], round(r[2], 2) if r[2] is not None else None, r[3], r[4])
            for r in rows}


def preference(stats: ClaimStats | None) -> tuple[int, float, int]:
    """Sort key: verified first, then better rated, then more used."""
    if stats is None:
        return (STATUS_RANK["draft"], 0.0, 0)
    return (STATUS_RANK[stats.status], -(stats.rating or 0.0), -stats.usage)


@dataclass
class UnverifiedClaim:
    kind: str
    id: str
    status: str
    text: str
    where: str  # the pitch part that uses it, e.g. "effects.enterprise"


def _items(pitch: Mapping[str, Any], part: str) -> list[tuple[str, str]]:
    out = []
    for layer, items in (pitch.get(part) or {}).items():
        for item in items or []:
            value = item.get("text") if isinstance(item, dict) else item
            if isinstance(value, str):
                out.append((f"{part}.{layer}", value.strip()))
    return out


def unverified_claims(store: Store, pitch: Mapping[str, Any]) -> list[UnverifiedClaim]:
    """The FAB statements and SPIN questions a pitch's text still relies on that are not
    verified. A FAB is used when an effect is its benefit, an advantage starts with its
    advantage, or a FAB row names its feature and benefit; a SPIN question is used when a
    pain is the pain recorded with its answer for the pitch's opportunity. Text the seller
    rewrote is the seller's own, no longer the library's claim."""
    found: dict[tuple[str, str], UnverifiedClaim] = {}
    fab_rows = store.conn.execute(
        "SELECT b.id, b.status, b.benefit, b.advantage, f.name FROM fabs b JOIN features f ON f.id = b.feature_id"
        " WHERE b.status != 'verified'").fetchall()
    effects = _items(pitch, "effects")
    advantages = [(a.get("text") if isinstance(a, dict) else a) or ""
                  for a in (pitch.get("execution") or {}).get("advantages") or []]
    rows = (pitch.get("execution") or {}).get("fab") or []
    for fab_id, status, benefit, advantage, feature in fab_rows:
        where = next((w for w, t in effects if t == benefit.strip()), None)
        if where is None and advantage and any(str(a).startswith(advantage) for a in advantages):
            where = "execution.advantages"
        if where is None and any(r.get("feature") == feature and r.get("benefit") == benefit for r in rows):
            where = "execution.fab"
        if where:
            found[("fab", fab_id)] = UnverifiedClaim("fab", fab_id, status, benefit, where)
    opp_id = pitch.get("opportunity_id")
    if opp_id:
        pains = _items(pitch, "pains")
        answer_rows = store.conn.execute(
            "SELECT q.id, q.status, a.pain, coalesce(nullif(q.text_zh, ''), q.text_en) FROM spin_answers a"
            " JOIN spin_questions q ON q.id = a.question_id WHERE a.opportunity_id = ? AND q.status != 'verified'",
            (opp_id,)).fetchall()
        for q_id, status, pain, question in answer_rows:
            where = next((w for w, t in pains if pain and t == pain.strip()), None)
            if where:
                found[("spin", q_id)] = UnverifiedClaim("spin", q_id, status, question, where)
    return list(found.values())
