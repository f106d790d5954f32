"""``library repair``: rebuild the search index and, for a damaged database, recover
every row SQLite can still read into a fresh file — never silently.

The damaged database is always kept aside first (``library.db.damaged-<time>``), the
rebuilt one is checked before it replaces it, and the result says how many rows of
each table were recovered and how many were lost.

Recovery reads each table in rowid order one row at a time; when a damaged page stops
the scan, it probes further rowids (doubling the step) to reach the next readable part,
the same idea as sqlite3's ``.recover`` applied to the tables we know."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from valuekit.db.integrity import FTS_TABLE, check_database
from valuekit.db.snapshots import auto_backup
from valuekit.db.store import DB_NAME, Store
from valuekit.errors import LibraryError
from valuekit.fileio import ensure_space
from valuekit.i18n import msg
from valuekit.library.check import keep_damaged
from valuekit.library.filetext import refresh_files_column
from valuekit.library.textindex import index_text

MAX_PROBE_STEPS = 64
# tag_fts (schema 8): every asset's tags as tokens v<facet_values rowid>, refilled from asset_tags
TAG_ROWS_REBUILD = ("INSERT INTO tag_fts(rowid, tags) SELECT t.asset_seq, group_concat('v' || v.rowid, ' ')"
                    " FROM asset_tags t JOIN facet_values v ON v.facet = t.facet AND v.value = t.value"
                    " GROUP BY t.asset_seq")
MAX_STRETCHES = 10_000


@dataclass
class RepairResult:
    index_rebuilt: bool = False
    recovered: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    kept_aside: str | None = None
    ok: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"index_rebuilt": self.index_rebuilt, "recovered": self.recovered, "lost": self.lost,
                "kept_aside": self.kept_aside, "ok": self.ok}


def rebuild_index(conn: sqlite3.Connection) -> int:
    """Drop and refill the full-text index from the assets table; returns rows indexed."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name=?", (FTS_TABLE,)).fetchone()
    create = sql[0] if sql else (
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, summary, body,"
        " tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    conn.execute(create)
    rows = conn.execute("SELECT seq, title, summary, body FROM assets").fetchall()
    conn.executemany(f"INSERT INTO {FTS_TABLE}(rowid, title, summary, body) VALUES (?,?,?,?)",
                     [(seq, index_text(t), index_text(s), index_text(b)) for seq, t, s, b in rows])
    # the attachments' text (issue 15) goes back into the index's files column
    refresh_files_column(conn, [r[0] for r in conn.execute(
        "SELECT DISTINCT asset_seq FROM attachments WHERE sha256 IN (SELECT sha256 FROM file_text)")])
    return len(rows)


def _readable_rows(conn: sqlite3.Connection, table: str) -> tuple[list[tuple[object, ...]], int]:
    """Every row of ``table`` that can be read, and a count of the damaged stretches
    jumped over. A scan that fails is resumed past the failing rowid with a jump that
    doubles while no new row is read, so it always ends (at most MAX_PROBE_STEPS
    doublings per stretch, MAX_STRETCHES stretches)."""
    rows: list[tuple[object, ...]] = []
    last = -(2**63)
    jump = 1
    for stretch in range(MAX_STRETCHES):
        before = last
        try:
            cursor = conn.execute(f'SELECT rowid, * FROM "{table}" NOT INDEXED WHERE rowid > ? ORDER BY rowid',
                                  (last,))
            while (row := cursor.fetchone()) is not None:
                rows.append(tuple(row))
                last = int(row[0])
            return rows, stretch
        except sqlite3.DatabaseError:
            jump = 1 if last != before else jump * 2
        for _ in range(MAX_PROBE_STEPS):
            target = min(last + jump, 2**63 - 1)
            try:
                found = conn.execute(f'SELECT rowid FROM "{table}" NOT INDEXED WHERE rowid >= ?'
                                     " ORDER BY rowid LIMIT 1", (target,)).fetchone()
            except sqlite3.DatabaseError:
                jump *= 2
                continue
            if found is None:
                return rows, stretch + 1
            last = max(last, int(found[0]) - 1)
            break
        else:
            return rows, stretch + 1
    return rows, MAX_STRETCHES


def _keyed_rows(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    """A WITHOUT ROWID table has no rowid to probe past damage: its rows are read in key
    order one at a time and reading stops at the first damaged page."""
    rows: list[tuple[object, ...]] = []
    try:
        # ordered by the primary key, SQLite reads the table's own b-tree (NOT INDEXED is
        # ignored for WITHOUT ROWID tables: it would scan a covering index, maybe the damaged one)
        info = sorted((r[5], r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5])
        order = ", ".join(f'"{name}"' for _, name in info)
        cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
        while (row := cursor.fetchone()) is not None:
            rows.append(tuple(row))
    except sqlite3.DatabaseError:
        pass
    return rows


def _drop_orphans(conn: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    """Rows whose parent was lost with a damaged page would fail the foreign-key check:
    they go too (and are counted as lost), until no table has an orphan left."""
    dropped: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for table in tables:
            keys: dict[int, list[tuple[str, str, str | None]]] = {}
            for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
                keys.setdefault(fk[0], []).append((fk[2], fk[3], fk[4]))
            for pairs in keys.values():
                parent = pairs[0][0]
                pk = [r[1] for r in sorted(conn.execute(f'PRAGMA table_info("{parent}")'), key=lambda r: r[5]) if r[5]]
                match = " AND ".join(f'p."{to or pk[i]}" = c."{col}"' for i, (_, col, to) in enumerate(pairs))
                present = " AND ".join(f'c."{col}" IS NOT NULL' for _, col, _ in pairs)
                gone = conn.execute(f'DELETE FROM "{table}" AS c WHERE {present} AND NOT EXISTS'
                                    f' (SELECT 1 FROM "{parent}" AS p WHERE {match})').rowcount
                if gone:
                    dropped[table] = dropped.get(table, 0) + gone
                    changed = True
    return dropped


def _count(conn: sqlite3.Connection, table: str) -> int | None:
    try:
        return int(conn.execute(f'SELECT count(*) FROM "{table}" NOT INDEXED').fetchone()[0])
    except sqlite3.DatabaseError:
        return None


def recover_into(damaged: Path, fresh: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Copy the schema and every readable row of ``damaged`` into the new file ``fresh``."""
    src = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(fresh, isolation_level=None)
    recovered: dict[str, int] = {}
    lost: dict[str, int] = {}
    try:
        version = int(src.execute("PRAGMA user_version").fetchone()[0])
        schema = src.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                             " AND name NOT LIKE 'sqlite_%'").fetchall()
        # Every virtual table (the text index, tag_fts, the vocabulary view) is created
        # again from its SQL; its shadow tables are its own business, and its content is
        # rebuilt from the recovered rows below, never copied from damaged pages.
        virtual = {n for t, n, s in schema if t == "table" and (s or "").upper().startswith("CREATE VIRTUAL")}
        shadow = {f"{v}_{s}" for v in virtual for s in ("data", "idx", "content", "docsize", "config")}
        tables = [(n, s) for t, n, s in schema if t == "table" and n not in shadow]
        dst.execute("BEGIN")
        for _name, sql in tables:
            dst.execute(sql)
        for name, table_sql in tables:
            if name in virtual:
                continue
            keyed = "WITHOUT ROWID" in (table_sql or "").upper()
            rows = _keyed_rows(src, name) if keyed else _readable_rows(src, name)[0]
            if rows:
                marks = ",".join("?" * len(rows[0]))
                columns = [f'"{r[1]}"' for r in src.execute(f'PRAGMA table_info("{name}")')]
                target = ",".join(columns if keyed else ["rowid", *columns])
                dst.executemany(f'INSERT OR IGNORE INTO "{name}"({target}) VALUES ({marks})', rows)
            recovered[name] = len(rows)
            expected = _count(src, name)
            lost[name] = max(0, expected - len(rows)) if expected is not None else -1
        for kind, name, sql in schema:
            if kind in ("index", "trigger") and not name.startswith(FTS_TABLE):
                # a unique index the salvaged rows break is left out: the table still works
                with contextlib.suppress(sqlite3.IntegrityError):
                    dst.execute(sql)
        for table, gone in _drop_orphans(dst, [n for n, _ in tables if n not in virtual]).items():
            recovered[table] -= gone
            if lost.get(table, -1) >= 0:
                lost[table] += gone
        if "assets" in {n for n, _ in tables}:
            rebuild_index(dst)
        if "tag_fts" in virtual:
            dst.execute(TAG_ROWS_REBUILD)
        dst.execute(f"PRAGMA user_version = {version}")
        dst.execute("COMMIT")
    finally:
        src.close()
        dst.close()
    return recovered, lost


def repair_library(folder: Path | str) -> RepairResult:
    """Repair the library in ``folder`` (closed elsewhere): rebuild the search index,
    and recover a damaged database into a fresh file. Reports everything it did."""
    folder = Path(folder).expanduser()
    result = RepairResult()
    db = folder / DB_NAME
    if not db.is_file():
        raise LibraryError(msg("{db_path} does not exist: there is no library to repair", db_path=db))
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        report = check_database(conn)
    finally:
        conn.close()
    if report.sqlite_ok:
        with Store.open(folder) as store:
            auto_backup(store.conn, db, "before-repair")
            with store.transaction() as tx:
                rebuild_index(tx)
            result.index_rebuilt = True
            result.ok = store.check_database().ok
        return result
    ensure_space(folder, db.stat().st_size * 2)
    result.kept_aside = keep_damaged(folder)
    fresh = folder / f".{DB_NAME}.recovering"
    fresh.unlink(missing_ok=True)
    result.recovered, result.lost = recover_into(db, fresh)
    result.index_rebuilt = True
    check = sqlite3.connect(fresh)
    try:
        fresh_ok = check_database(check).ok
    finally:
        check.close()
    if not fresh_ok:
        fresh.unlink(missing_ok=True)
        raise LibraryError(msg("the recovered database did not pass its check; the damaged one was left in place and kept as {aside}", aside=result.kept_aside))
    for suffix in ("-wal", "-shm", "-journal"):
        (folder / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    os.replace(fresh, db)
    with Store.open(folder) as store:
        result.ok = store.check_database().ok
    return result
