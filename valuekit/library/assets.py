"""The value library: create, read and change assets, their tags, usage and ratings.

Usage count and usefulness are never stored: they are computed from the usage
log and the ratings every time, so they cannot drift from their records.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.library.model import (
    STATUSES,
    Asset,
    AssetInput,
    AssetValidator,
    Attachment,
    parse_importance,
)
from valuekit.library.review import next_review
from valuekit.library.textindex import index_text
from valuekit.library.vocabulary import get_facet, require_stage, require_value

ASSET_COLUMNS = (
    "seq, id, title, summary, body, language, creator, importance, source_url, status, "
    "status_by, status_at, review_due, created_at, updated_at, owner, review_interval_days, "
    "expires_on, internal_only"
)
OUTCOMES = ("won", "advanced", "stalled", "lost")
_JSON_LIST = "(SELECT value FROM json_each(?))"


# -- reading -----------------------------------------------------------------------
def resolve_seq(conn: sqlite3.Connection, ref: str) -> int:
    """An asset's row number from its UUID or a unique prefix of it (≥ 4 characters)."""
    ref = (ref or "").strip().lower()
    row = conn.execute("SELECT seq FROM assets WHERE id = ?", (ref,)).fetchone()
    if row:
        return int(row[0])
    if len(ref) >= 4:
        rows = conn.execute(
            "SELECT seq FROM assets WHERE id >= ? AND id < ? LIMIT 2", (ref, ref + "\uffff")
        ).fetchall()
        if len(rows) == 1:
            return int(rows[0][0])
        if len(rows) > 1:
            raise NotFoundError(msg("asset id prefix {ref!r} is ambiguous; give more characters", ref=ref))
    raise NotFoundError(msg("no asset with id {ref!r}", ref=ref))


def load_assets(conn: sqlite3.Connection, seqs: Sequence[int], *, with_body: bool = True) -> list[Asset]:
    """Assets in the order of ``seqs``, with tags and derived usage/usefulness."""
    if not seqs:
        return []
    marks = ",".join("?" * len(seqs))
    cols = ASSET_COLUMNS if with_body else ASSET_COLUMNS.replace(" body,", " '' AS body,")
    rows = conn.execute(f"SELECT {cols} FROM assets WHERE seq IN ({marks})", seqs).fetchall()
    assets = {r[0]: Asset(*r) for r in rows}
    for asset in assets.values():
        asset.internal_only = bool(asset.internal_only)  # stored as 0/1
    for seq, facet, value in conn.execute(
        f"SELECT t.asset_seq, t.facet, t.value FROM asset_tags t"
        f" LEFT JOIN facet_values v ON v.facet = t.facet AND v.value = t.value"
        f" WHERE t.asset_seq IN ({marks}) ORDER BY t.asset_seq, t.facet, v.position, t.value",
        seqs,
    ):
        assets[seq].tags.setdefault(facet, []).append(value)
    # The summaries are kept by triggers on usage/ratings (migration 6) and rebuilt by
    # the library check, so reading them is one row per asset.
    for seq, uses, count, total in conn.execute(
        f"SELECT seq, use_count, rating_count, rating_sum FROM assets WHERE seq IN ({marks})", seqs
    ):
        assets[seq].usage_count = uses
        if count:
            assets[seq].usefulness = round(total / count, 2)
            assets[seq].rating_count = count
    for seq, sha, name, size, added in conn.execute(
        f"SELECT asset_seq, sha256, filename, size, added_at FROM attachments"
        f" WHERE asset_seq IN ({marks}) ORDER BY added_at, filename",
        seqs,
    ):
        assets[seq].attachments.append(Attachment(sha, name, size, added))
    return [assets[s] for s in seqs if s in assets]


def get_asset(store: Store, ref: str) -> Asset:
    return load_assets(store.conn, [resolve_seq(store.conn, ref)])[0]


def usage_history(store: Store, ref: str) -> list[dict[str, Any]]:
    seq = resolve_seq(store.conn, ref)
    cols = ("id", "stage", "customer", "opportunity_id", "used_at", "who", "outcome")
    rows = store.conn.execute(
        f"SELECT {', '.join(cols)} FROM usage WHERE asset_seq = ? ORDER BY used_at DESC", (seq,)
    ).fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def ratings(store: Store, ref: str) -> list[dict[str, Any]]:
    seq = resolve_seq(store.conn, ref)
    cols = ("id", "score", "by", "comment", "rated_at")
    rows = store.conn.execute(
        f"SELECT {', '.join(cols)} FROM ratings WHERE asset_seq = ? ORDER BY rated_at DESC", (seq,)
    ).fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


# -- writing -----------------------------------------------------------------------
def _fts_row(item: AssetInput | Asset, files: str = "") -> tuple[str, str, str, str]:
    return index_text(item.title), index_text(item.summary), index_text(item.body), files


def write_assets(conn: sqlite3.Connection, items: Iterable[AssetInput], *, replace: bool = False,
                 as_given: bool = False) -> int:
    """Insert validated assets (inside the caller's transaction); returns how many.

    With ``replace``, an asset whose UUID exists is overwritten in place (its usage
    and ratings stay); otherwise a duplicate UUID is an error. Rows are written in
    batches with executemany, which is what keeps a 100k import fast. ``as_given``
    stores a verified asset's missing review date as missing (team sync: a copy must
    equal the team's row, or it would look edited here and be pushed back).
    """
    now = utc_now()
    count = 0
    batch: list[AssetInput] = []
    for item in items:
        existing = conn.execute("SELECT seq FROM assets WHERE id = ?", (item.id,)).fetchone()
        if existing and not replace:
            raise ValidationError("id", msg("an asset with id {id} already exists", id=item.id))
        if existing:
            _overwrite(conn, existing[0], item, now, as_given)
        else:
            batch.append(item)
            if len(batch) >= 2000:
                _insert_batch(conn, batch, now, as_given)
                batch = []
        count += 1
    _insert_batch(conn, batch, now, as_given)
    return count


def _values(item: AssetInput, now: str, as_given: bool = False) -> tuple[Any, ...]:
    status_at = now if item.status != "draft" else None
    review_due = item.review_due
    if review_due is None and item.status == "verified" and not as_given:
        review_due = next_review(now[:10], item.tags.get("format", [None])[0],
                                 item.review_interval_days)
    return (item.title, item.summary, item.body, item.language, item.creator, item.importance,
            item.source_url, item.status, item.status_by, status_at, review_due, item.owner,
            item.review_interval_days, item.expires_on, int(item.internal_only))


def _overwrite(conn: sqlite3.Connection, seq: int, item: AssetInput, now: str,
               as_given: bool = False) -> None:
    conn.execute(
        "UPDATE assets SET title=?, summary=?, body=?, language=?, creator=?, importance=?,"
        " source_url=?, status=?, status_by=?, status_at=?, review_due=?, owner=?,"
        " review_interval_days=?, expires_on=?, internal_only=?, updated_at=?"
        " WHERE seq=?", (*_values(item, now, as_given), now, seq))
    conn.execute("DELETE FROM asset_tags WHERE asset_seq = ?", (seq,))
    files = conn.execute("SELECT files FROM asset_fts WHERE rowid = ?", (seq,)).fetchone()
    conn.execute("DELETE FROM asset_fts WHERE rowid = ?", (seq,))
    _write_tags_and_text(conn, [(seq, item)], files[0] if files else "")


def _insert_batch(conn: sqlite3.Connection, batch: list[AssetInput], now: str,
                  as_given: bool = False) -> None:
    if not batch:
        return
    first = (conn.execute("SELECT coalesce(max(seq), 0) FROM assets").fetchone()[0]) + 1
    conn.executemany(
        "INSERT INTO assets(seq, id, title, summary, body, language, creator, importance,"
        " source_url, status, status_by, status_at, review_due, owner, review_interval_days,"
        " expires_on, internal_only, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(first + n, item.id, *_values(item, now, as_given), item.created_at or now, item.created_at or now)
         for n, item in enumerate(batch)])
    _write_tags_and_text(conn, [(first + n, item) for n, item in enumerate(batch)])


def _write_tags_and_text(conn: sqlite3.Connection, rows: list[tuple[int, AssetInput]],
                         files: str = "") -> None:
    # Bulk mode: the per-tag triggers that keep tag_fts stand aside and the rows are
    # written here once per asset (a 100k import would otherwise rewrite each row 7 times).
    conn.execute("INSERT INTO tag_fts_bulk(on_) VALUES (1)")
    conn.executemany("INSERT INTO asset_tags(asset_seq, facet, value) VALUES (?,?,?)",
                     [(seq, f, v) for seq, item in rows for f, vs in item.tags.items() for v in vs])
    seqs = json.dumps([seq for seq, _item in rows])
    conn.execute(f"DELETE FROM tag_fts WHERE rowid IN {_JSON_LIST}", (seqs,))
    conn.execute("INSERT INTO tag_fts(rowid, tags) SELECT t.asset_seq, group_concat('v' || v.rowid, ' ')"
                 " FROM asset_tags t JOIN facet_values v ON v.facet = t.facet AND v.value = t.value"
                 f" WHERE t.asset_seq IN {_JSON_LIST} GROUP BY t.asset_seq", (seqs,))
    conn.execute("DELETE FROM tag_fts_bulk")
    conn.executemany("INSERT INTO asset_fts(rowid, title, summary, body, files) VALUES (?,?,?,?,?)",
                     [(seq, *_fts_row(item, files)) for seq, item in rows])


def add_asset(store: Store, data: dict[str, Any]) -> Asset:
    """Validate and create one asset; returns it as stored."""
    with store.transaction() as conn:
        validator = AssetValidator(conn)
        item = validator.asset(data)
        if item.expires_on is not None and item.expires_on < utc_now()[:10]:
            raise ValidationError("expires_on", msg("{value} is in the past: a new asset would be expired at once; give a later date or none", value=item.expires_on))
        validator.add_new_values(conn)
        write_assets(conn, [item])
    return get_asset(store, item.id)


EDITABLE = ("title", "summary", "body", "language", "creator", "importance", "source_url", "review_due",
            "owner", "review_interval_days", "expires_on", "internal_only")


def update_asset(store: Store, ref: str, changes: dict[str, Any]) -> Asset:
    """Change an asset's fields (not tags, status or history); validated as a whole."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(sorted(unknown)[0], msg("cannot be edited here; editable: {allowed}", allowed=', '.join(EDITABLE)))
    with store.transaction() as conn:
        current = get_asset(store, ref)
        merged = {k: getattr(current, k) for k in EDITABLE} | changes
        merged |= {"id": current.id, "tags": current.tags, "status": current.status}
        item = AssetValidator(conn).asset(merged)
        conn.execute(
            "UPDATE assets SET title=?, summary=?, body=?, language=?, creator=?, importance=?,"
            " source_url=?, review_due=?, owner=?, review_interval_days=?, expires_on=?,"
            " internal_only=?, updated_at=? WHERE seq=?",
            (item.title, item.summary, item.body, item.language, item.creator, item.importance,
             item.source_url, item.review_due, item.owner, item.review_interval_days,
             item.expires_on, int(item.internal_only), utc_now(), current.seq))
        files = conn.execute("SELECT files FROM asset_fts WHERE rowid = ?", (current.seq,)).fetchone()
        conn.execute("DELETE FROM asset_fts WHERE rowid = ?", (current.seq,))
        conn.execute("INSERT INTO asset_fts(rowid, title, summary, body, files) VALUES (?,?,?,?,?)",
                     (current.seq, *_fts_row(item, files[0] if files else "")))
    return get_asset(store, current.id)


def delete_asset(store: Store, ref: str) -> None:
    """Remove an asset with its tags, usage and ratings (retire it instead to keep history)."""
    with store.transaction() as conn:
        seq = resolve_seq(conn, ref)
        conn.execute("DELETE FROM asset_fts WHERE rowid = ?", (seq,))
        conn.execute("DELETE FROM assets WHERE seq = ?", (seq,))


def set_status(store: Store, ref: str, status: str, *, by: str) -> Asset:
    """Verify, retire or send back to draft, recording who and when."""
    if status not in STATUSES:
        raise ValidationError("status", msg("must be one of {allowed}", allowed=', '.join(STATUSES)))
    with store.transaction() as conn:
        seq = resolve_seq(conn, ref)
        now = utc_now()
        conn.execute(
            "UPDATE assets SET status=?, status_by=?, status_at=?, updated_at=? WHERE seq=?",
            (status, by or None, now, now, seq))
        if status == "verified":
            # Verifying is a review: the next one is due one interval from today.
            fmt, interval = conn.execute(
                "SELECT (SELECT value FROM asset_tags WHERE asset_seq = a.seq AND facet = 'format'),"
                " review_interval_days FROM assets a WHERE seq = ?", (seq,)).fetchone()
            conn.execute("UPDATE assets SET review_due = ? WHERE seq = ?",
                         (next_review(now[:10], fmt, interval), seq))
    return get_asset(store, ref)


def tag_assets(store: Store, refs: Sequence[str], facet: str, values: Sequence[str], *,
               remove: bool = False) -> int:
    """Add (or remove) tag values on a selection of assets in one transaction.

    Returns the number of tag links that changed.
    """
    if not values:
        raise ValidationError("values", "give at least one tag value")
    with store.transaction() as conn:
        f = get_facet(conn, facet)
        seqs = [resolve_seq(conn, r) for r in refs]
        if not remove:
            values = [require_value(conn, f, v, f"{facet} value") for v in values]
        if f.single and not remove and len(values) > 1:
            raise ValidationError(facet, "takes one value only")
        before = conn.total_changes
        for seq in seqs:
            if remove:
                conn.executemany("DELETE FROM asset_tags WHERE asset_seq=? AND facet=? AND value=?",
                                 [(seq, facet, v) for v in values])
                continue
            if f.single:
                conn.execute("DELETE FROM asset_tags WHERE asset_seq=? AND facet=? AND value<>?",
                             (seq, facet, values[0]))
            conn.executemany("INSERT OR IGNORE INTO asset_tags(asset_seq, facet, value) VALUES (?,?,?)",
                             [(seq, facet, v) for v in values])
        changed = conn.total_changes - before
        if changed:
            conn.executemany("UPDATE assets SET updated_at=? WHERE seq=?",
                             [(utc_now(), s) for s in seqs])
    return changed


def record_usage(store: Store, ref: str, *, stage: str, customer: str = "", who: str = "",
                 when: str | None = None, outcome: str | None = None,
                 opportunity_id: str | None = None) -> str:
    """Log that an asset was used with a customer at a sales stage."""
    require_stage(stage)
    if outcome not in (None, "", *OUTCOMES):
        raise ValidationError("outcome", msg("must be one of {allowed} or empty", allowed=', '.join(OUTCOMES)))
    usage_id = str(uuid.uuid4())
    with store.transaction() as conn:
        seq = resolve_seq(conn, ref)
        conn.execute(
            "INSERT INTO usage(id, asset_seq, stage, customer, opportunity_id, used_at, who, outcome)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (usage_id, seq, stage, customer.strip(), opportunity_id, when or utc_now(), who.strip(),
             outcome or None))
    return usage_id


def rate_asset(store: Store, ref: str, score: Any, *, by: str = "", comment: str = "",
               stage: str | None = None) -> str:
    """Rate how useful an asset was (1–5), at a sales stage when given (recommendations
    weigh a rating in the stage being recommended for)."""
    if stage:
        require_stage(stage)
    if isinstance(score, str) and score.strip().isdigit():
        score = int(score)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError("score", msg("must be a whole number from 1 to 5, got {score!r}", score=score))
    rating_id = str(uuid.uuid4())
    with store.transaction() as conn:
        seq = resolve_seq(conn, ref)
        conn.execute("INSERT INTO ratings(id, asset_seq, score, by, comment, rated_at, stage)"
                     " VALUES (?,?,?,?,?,?,?)",
                     (rating_id, seq, score, by.strip(), comment.strip(), utc_now(), stage or None))
    return rating_id


def set_importance(store: Store, ref: str, importance: Any) -> Asset:
    return update_asset(store, ref, {"importance": parse_importance(importance, "importance")})
