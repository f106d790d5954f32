"""Content governance: who owns an asset, when it is due for review, when it expires, and
whether it may reach a customer at all.

``asset_trust_problems`` is the one question every customer-facing path asks before an
asset leaves the building (the pitch pre-flight check calls it): it lists what makes the
asset untrustworthy right now, each with a code and a message in the reader's language.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.i18n import t
from valuekit.library.assets import resolve_seq
from valuekit.library.filetext import unreadable_files
from valuekit.library.review import review_days


@dataclass
class TrustProblem:
    code: str  # not_verified, retired, expired, review_overdue, internal_only, unreadable
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _today() -> str:
    return utc_now()[:10]


def asset_trust_problems(store: Store, asset_ref: str, *, lang: str = "en") -> list[TrustProblem]:
    """What stops this asset from being put in front of a customer today ([] = nothing)."""
    conn = store.conn
    seq = resolve_seq(conn, asset_ref)
    status, expires, due, internal = conn.execute(
        "SELECT status, expires_on, review_due, internal_only FROM assets WHERE seq = ?", (seq,)).fetchone()
    today = _today()
    out: list[TrustProblem] = []
    if status == "retired":
        out.append(TrustProblem("retired", t("trust.retired", lang)))
    elif status != "verified":
        out.append(TrustProblem("not_verified", t("trust.not_verified", lang, status=status)))
    if expires and expires < today:
        out.append(TrustProblem("expired", t("trust.expired", lang, date=expires)))
    if due and due < today and status != "retired":
        out.append(TrustProblem("review_overdue", t("trust.review_overdue", lang, date=due)))
    if internal:
        out.append(TrustProblem("internal_only", t("trust.internal_only", lang)))
    for problem in unreadable_files(conn, seq):
        out.append(TrustProblem("unreadable", t("trust.unreadable", lang, name=problem.filename,
                                                 error=problem.error.render(lang))))
    return out


@dataclass
class DueItem:
    id: str
    title: str
    owner: str
    format: str | None
    status: str
    review_due: str
    days_overdue: int  # negative: due in that many days
    review_interval_days: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def review_due(store: Store, *, owner: str | None = None, within_days: int = 0) -> list[DueItem]:
    """Assets (not retired) whose review date is today + ``within_days`` or earlier, most
    overdue first; ``owner`` narrows to one person's."""
    today = date.fromisoformat(_today())
    limit = (today + timedelta(days=max(0, within_days))).isoformat()
    sql = ("SELECT a.id, a.title, a.owner, (SELECT value FROM asset_tags t WHERE t.asset_seq = a.seq"
           " AND t.facet = 'format'), a.status, a.review_due, a.review_interval_days FROM assets a"
           " WHERE a.status <> 'retired' AND a.review_due IS NOT NULL AND a.review_due <= ?")
    params: list[Any] = [limit]
    if owner is not None:
        sql += " AND a.owner = ?"
        params.append(owner)
    rows = store.conn.execute(sql + " ORDER BY a.review_due, a.title", params).fetchall()
    return [DueItem(i, title, who, fmt, status, due, (today - date.fromisoformat(due)).days,
                    review_days(fmt, interval)) for i, title, who, fmt, status, due, interval in rows]


def due_per_owner(store: Store) -> list[tuple[str, int, int]]:
    """(owner, overdue now, due within 30 days) for every owner with any, most overdue first."""
    today = date.fromisoformat(_today())
    soon = (today + timedelta(days=30)).isoformat()
    rows = store.conn.execute(
        "SELECT owner, sum(review_due < ?), sum(review_due >= ? AND review_due <= ?) FROM assets"
        " WHERE status <> 'retired' AND review_due IS NOT NULL AND review_due <= ?"
        " GROUP BY owner ORDER BY 2 DESC, 3 DESC, owner", (today.isoformat(), today.isoformat(), soon, soon))
    return [(r[0], int(r[1] or 0), int(r[2] or 0)) for r in rows]


@dataclass
class ExpiredUse:
    id: str
    title: str
    owner: str
    expires_on: str
    uses_since: int
    last_used: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def expired_but_used(conn: sqlite3.Connection) -> list[ExpiredUse]:
    """Expired assets somebody used after their expiry date (a stale claim reached a customer)."""
    rows = conn.execute(
        "SELECT a.id, a.title, a.owner, a.expires_on, count(u.id), max(u.used_at) FROM assets a"
        " JOIN usage u ON u.asset_seq = a.seq AND substr(u.used_at, 1, 10) > a.expires_on"
        " WHERE a.expires_on IS NOT NULL AND a.expires_on < ?"
        " GROUP BY a.seq ORDER BY count(u.id) DESC, a.title", (_today(),)).fetchall()
    return [ExpiredUse(*r) for r in rows]
