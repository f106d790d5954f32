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
from valuekit.library.textindex import index_text

MAX_PROBE_STEPS = 64


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
    return len(rows)


def _readable_rows(conn: sqlite3.Connection, table: str) -> tuple[list[tuple[object, ...]], int]:
    """Every row of ``table`` that can be read, and a count of the stretches skipped."""
    rows: list[tuple[object, ...]] = []
    skipped = 0
    last: int | None = None
    while True:
        where = "" if last is None else f" WHERE rowid > {last}"
        try:
            cursor = conn.execute(f'SELECT rowid, * FROM "{table}"{where} ORDER BY rowid')
            while (row := cursor.fetchone()) is not None:
                rows.append(tuple(row))
                last = int(row[0])
            return rows, skipped
        except sqlite3.DatabaseError:
            skipped += 1
            start = last if last is not None else 0
            for step in (2**n for n in range(MAX_PROBE_STEPS)):
                try:
                    conn.execute(f'SELECT rowid FROM "{table}" WHERE rowid >= ? LIMIT 1', (start + step,)).fetchone()
                except sqlite3.DatabaseError:
                    continue
                last = start + step - 1
                break
            else:
                return rows, skipped


def _count(conn: sqlite3.Connection, table: str) -> int | None:
    try:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
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
        shadow = {f"{FTS_TABLE}_{s}" for s in ("data", "idx", "content", "docsize", "config")}
        tables = [(n, s) for t, n, s in schema if t == "table" and n not in shadow]
        dst.execute("BEGIN")
        for _name, sql in tables:
            dst.execute(sql)
        for name, _sql in tables:
            if name == FTS_TABLE:
                continue
            rows, _ = _readable_rows(src, name)
            if rows:
                marks = ",".join("?" * len(rows[0]))
                columns = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
                target = ",".join(['rowid', *(f'"{c}"' for c in columns)])
                dst.executemany(f'INSERT OR IGNORE INTO "{name}"({target}) VALUES ({marks})', rows)
            recovered[name] = len(rows)
            expected = _count(src, name)
            lost[name] = max(0, expected - len(rows)) if expected is not None else -1
        for kind, name, sql in schema:
            if kind in ("index", "trigger") and not name.startswith(FTS_TABLE):
                # a unique index the salvaged rows break is left out: the table still works
                with contextlib.suppress(sqlite3.IntegrityError):
                    dst.execute(sql)
        if "assets" in {n for n, _ in tables}:
            rebuild_index(dst)
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
