"""Marketing's curation tools: rename, merge and delete tag values across the
whole library, and find assets that are missing tags. Each change is one transaction.

The ``*_in`` functions do the work on a connection inside the caller's transaction, so
team sync (sync/vocab.py) applies a teammate's rename with exactly the same code."""

from __future__ import annotations

import sqlite3

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.vocabulary import check_key, get_facet


def _require_existing(conn: sqlite3.Connection, facet: str, value: str) -> None:
    if not conn.execute("SELECT 1 FROM facet_values WHERE facet=? AND value=?",
                        (facet, value)).fetchone():
        raise ValidationError(f"{facet} value", msg("{value!r} does not exist in facet {facet}", value=value, facet=facet))


def _log_rename(conn: sqlite3.Connection, facet: str, old: str, new: str) -> None:
    # Packs carry this mapping so other libraries rename the same way (issue 7); a value
    # renamed again later points straight at its newest name.
    conn.execute("UPDATE value_renames SET new_value=? WHERE facet=? AND new_value=?",
                 (new, facet, old))
    conn.execute("INSERT OR REPLACE INTO value_renames(facet, old_value, new_value, renamed_at)"
                 " VALUES (?,?,?,?)", (facet, old, new, utc_now()))


def _touch(conn: sqlite3.Connection, facet: str, value: str) -> None:
    conn.execute(
        "UPDATE assets SET updated_at=? WHERE seq IN"
        " (SELECT asset_seq FROM asset_tags WHERE facet=? AND value=?)", (utc_now(), facet, value))


def rename_value(store: Store, facet: str, old: str, new: str, *, label_zh: str = "",
                 label_en: str = "") -> int:
    """Rename a value everywhere it is used; returns the number of assets changed.

    Renaming onto a value that already exists is a merge.
    """
    new = check_key("new value", new)
    with store.transaction() as conn:
        return rename_value_in(conn, facet, old, new, label_zh=label_zh, label_en=label_en)


def rename_value_in(conn: sqlite3.Connection, facet: str, old: str, new: str, *,
                    label_zh: str = "", label_en: str = "") -> int:
    """rename_value inside the caller's transaction."""
    get_facet(conn, facet)
    _require_existing(conn, facet, old)
    if old == new:
        return 0
    if conn.execute("SELECT 1 FROM facet_values WHERE facet=? AND value=?", (facet, new)).fetchone():
        return merge_values_in(conn, facet, [old], new)
    _touch(conn, facet, old)
    changed = int(conn.execute("SELECT count(*) FROM asset_tags WHERE facet=? AND value=?",
                               (facet, old)).fetchone()[0])
    # ON UPDATE CASCADE carries the rename into asset_tags.
    conn.execute(
        "UPDATE facet_values SET value=?, label_zh=CASE WHEN ?<>'' THEN ? WHEN label_zh=value"
        " THEN ? ELSE label_zh END, label_en=CASE WHEN ?<>'' THEN ? WHEN label_en=value THEN ?"
        " ELSE label_en END WHERE facet=? AND value=?",
        (new, label_zh, label_zh, new, label_en, label_en, new, facet, old))
    _log_rename(conn, facet, old, new)
    return changed


def merge_values(store: Store, facet: str, sources: list[str], target: str) -> int:
    """Fold ``sources`` into ``target`` (which must exist); returns assets changed."""
    with store.transaction() as conn:
        return merge_values_in(conn, facet, sources, target)


def merge_values_in(conn: sqlite3.Connection, facet: str, sources: list[str], target: str) -> int:
    """merge_values inside the caller's transaction."""
    changed = 0
    f = get_facet(conn, facet)
    _require_existing(conn, facet, target)
    for source in sources:
        if source == target:
            continue
        _require_existing(conn, facet, source)
        if f.single:
            # One value per asset: an asset with both keeps only the target.
            conn.execute("DELETE FROM asset_tags WHERE facet=? AND value=? AND asset_seq IN"
                         " (SELECT asset_seq FROM asset_tags WHERE facet=? AND value=?)",
                         (facet, source, facet, target))
        _touch(conn, facet, source)
        changed += conn.execute(
            "SELECT count(*) FROM asset_tags WHERE facet=? AND value=?", (facet, source)).fetchone()[0]
        conn.execute("INSERT OR IGNORE INTO asset_tags(asset_seq, facet, value)"
                     " SELECT asset_seq, facet, ? FROM asset_tags WHERE facet=? AND value=?",
                     (target, facet, source))
        conn.execute("DELETE FROM asset_tags WHERE facet=? AND value=?", (facet, source))
        conn.execute("DELETE FROM facet_values WHERE facet=? AND value=?", (facet, source))
        _log_rename(conn, facet, source, target)
    return changed


def delete_value(store: Store, facet: str, value: str) -> int:
    """Remove a value from the vocabulary and from every asset; returns assets changed."""
    with store.transaction() as conn:
        return delete_value_in(conn, facet, value)


def delete_value_in(conn: sqlite3.Connection, facet: str, value: str) -> int:
    """delete_value inside the caller's transaction."""
    get_facet(conn, facet)
    _require_existing(conn, facet, value)
    _touch(conn, facet, value)
    changed = int(conn.execute("DELETE FROM asset_tags WHERE facet=? AND value=?", (facet, value)).rowcount)
    conn.execute("DELETE FROM facet_values WHERE facet=? AND value=?", (facet, value))
    return changed


def assets_missing(store: Store, facets: list[str]) -> list[str]:
    """Ids of assets (not retired) lacking a value in any of ``facets``; [] = no tags beyond format."""
    conn = store.conn
    if not facets:
        rows = conn.execute(
            "SELECT id FROM assets a WHERE status <> 'retired' AND NOT EXISTS (SELECT 1 FROM"
            " asset_tags t WHERE t.asset_seq = a.seq AND t.facet <> 'format') ORDER BY title"
        ).fetchall()
        return [r[0] for r in rows]
    for facet in facets:
        get_facet(conn, facet)
    clause = " OR ".join(
        "NOT EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = ?)"
        for _ in facets)
    rows = conn.execute(f"SELECT id FROM assets a WHERE status <> 'retired' AND ({clause})"
                        " ORDER BY title", facets).fetchall()
    return [r[0] for r in rows]
