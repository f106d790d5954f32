"""Local rows as sync records (plain JSON objects) and back.

Assets travel in the pack record format (packs.export.asset_records: the import format
plus attachments), so a pack and the server merge the same records. The account family
(an opportunity and its ROI cases, pitches and SPIN answers) travels as its table row,
JSON columns decoded; volatile bookkeeping columns (updated_at, revision) stay local.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.library.assets import write_assets
from valuekit.library.model import AssetValidator
from valuekit.packs.export import asset_records
from valuekit.packs.importer import attach_rows

Record = dict[str, Any]
ACCOUNT_KINDS = ("opportunity", "roi_case", "pitch", "spin_answer")
KINDS = ("asset", *ACCOUNT_KINDS)


@dataclass(frozen=True)
class TableKind:
    table: str
    keys: tuple[str, ...]            # primary-key columns; the sync id joins them with "/"
    json_columns: tuple[str, ...]
    local_only: tuple[str, ...]      # never synced
    account: str                     # the column naming the opportunity


TABLES: dict[str, TableKind] = {
    "opportunity": TableKind("opportunities", ("id",), ("bant", "decision_chain", "checklist"),
                             ("revision", "updated_at"), "id"),
    "roi_case": TableKind("roi_cases", ("id",), ("data",), ("updated_at",), "opportunity_id"),
    "pitch": TableKind("pitches", ("id",), ("data",), ("updated_at",), "opportunity_id"),
    "spin_answer": TableKind("spin_answers", ("opportunity_id", "question_id"), ("numbers",),
                             (), "opportunity_id"),
}
_QUESTION_COLUMNS = ("kind", "text_zh", "text_en", "industries", "personas", "pain",
                     "driver_hint", "position")


def _asset_record(raw: Record) -> Record:
    record = {k: v for k, v in raw.items() if k not in ("updated_at", "content_hash")}
    record["attachments"] = sorted(record.get("attachments") or [], key=lambda a: a["sha256"])
    return record


def local_assets(store: Store, ids: list[str] | None = None) -> dict[str, Record]:
    return {r["id"]: _asset_record(r) for r in asset_records(store, ids)}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _decode(kind: TableKind, row: sqlite3.Row | tuple[Any, ...], columns: list[str],
            conn: sqlite3.Connection) -> Record:
    record = {c: v for c, v in zip(columns, row, strict=True) if c not in kind.local_only}
    for c in kind.json_columns:
        if isinstance(record.get(c), str):
            record[c] = json.loads(record[c])
    if kind.table == "opportunities":  # whom it is shared with travels with the account
        found = conn.execute("SELECT members FROM sync_shares WHERE opportunity_id = ?",
                             (record["id"],)).fetchone()
        record["members"] = sorted(json.loads(found[0])) if found else []
    return record


def sync_id(kind: TableKind, record: Record) -> str:
    return "/".join(str(record[k]) for k in kind.keys)


def local_rows(store: Store, name: str, accounts: set[str]) -> dict[str, Record]:
    """The rows of one account kind that belong to the given opportunities."""
    kind = TABLES[name]
    if not accounts:
        return {}
    columns = _columns(store.conn, kind.table)
    marks = ",".join("?" * len(accounts))
    out = {}
    for row in store.conn.execute(f"SELECT {', '.join(columns)} FROM {kind.table} "
                                  f"WHERE {kind.account} IN ({marks})", sorted(accounts)):
        record = _decode(kind, tuple(row), columns, store.conn)
        if name == "spin_answer":
            record["question"] = _question(store.conn, record["question_id"])
        out[sync_id(kind, record)] = record
    return out


def _question(conn: sqlite3.Connection, question_id: str) -> Record | None:
    row = conn.execute(f"SELECT {', '.join(_QUESTION_COLUMNS)} FROM spin_questions WHERE id = ?",
                       (question_id,)).fetchone()
    return dict(zip(_QUESTION_COLUMNS, tuple(row), strict=True)) if row else None


def _write_table_row(conn: sqlite3.Connection, name: str, record: Record) -> None:
    kind = TABLES[name]
    columns = set(_columns(conn, kind.table))
    values = {c: record.get(c) for c in columns if c in record and c not in kind.local_only}
    for c in kind.json_columns:
        if c in values and not isinstance(values[c], str) and values[c] is not None:
            values[c] = json.dumps(values[c], ensure_ascii=False)
    if name == "spin_answer" and record.get("question"):
        question = dict(record["question"])
        conn.execute(f"INSERT OR IGNORE INTO spin_questions(id, {', '.join(_QUESTION_COLUMNS)},"
                     f" created_at) VALUES (?{',?' * len(_QUESTION_COLUMNS)}, ?)",
                     (record["question_id"], *(question.get(c) for c in _QUESTION_COLUMNS),
                      utc_now()))
    if "updated_at" in columns:
        values["updated_at"] = utc_now()
    if name == "opportunity":
        conn.execute("INSERT OR REPLACE INTO sync_shares(opportunity_id, members) VALUES (?, ?)",
                     (record["id"], json.dumps(sorted(record.get("members") or []))))
    names = sorted(values)
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in kind.keys)
    if "revision" in columns:
        updates += f", revision = {kind.table}.revision + 1"
    conn.execute(f"INSERT INTO {kind.table}({', '.join(names)}) VALUES ({','.join('?' * len(names))})"
                 f" ON CONFLICT({', '.join(kind.keys)}) DO UPDATE SET {updates}",
                 [values[c] for c in names])


def _delete_table_row(conn: sqlite3.Connection, name: str, row_id: str) -> None:
    kind = TABLES[name]
    parts = row_id.split("/")
    conn.execute(f"DELETE FROM {kind.table} WHERE "
                 + " AND ".join(f"{k} = ?" for k in kind.keys), parts)


def write_record(conn: sqlite3.Connection, kind: str, row_id: str, record: Record | None) -> None:
    """Write (or, for None, delete) one record inside the caller's transaction. Raises
    ValidationError when the record does not fit this library (e.g. an unknown facet)."""
    if kind != "asset":
        if record is None:
            _delete_table_row(conn, kind, row_id)
        else:
            _write_table_row(conn, kind, record)
        return
    if record is None:
        seq = conn.execute("SELECT seq FROM assets WHERE id = ?", (row_id,)).fetchone()
        if seq is not None:
            conn.execute("DELETE FROM asset_fts WHERE rowid = ?", (seq[0],))
            conn.execute("DELETE FROM assets WHERE seq = ?", (seq[0],))
        return
    validator = AssetValidator(conn)
    item = validator.asset(record)
    validator.add_new_values(conn)
    write_assets(conn, [item], replace=True)
    seq = conn.execute("SELECT seq FROM assets WHERE id = ?", (item.id,)).fetchone()[0]
    attach_rows(conn, seq, list(record.get("attachments") or []))


def write_records(conn: sqlite3.Connection,
                  writes: list[tuple[str, str, Record | None]]) -> None:
    """Write many records at once: assets share one validator and one batched write."""
    assets = [(i, r) for k, i, r in writes if k == "asset" and r is not None]
    for kind, row_id, record in writes:
        if kind != "asset" or record is None:
            write_record(conn, kind, row_id, record)
    if not assets:
        return
    validator = AssetValidator(conn)
    items = [validator.asset(r) for _, r in assets]
    validator.add_new_values(conn)
    write_assets(conn, items, replace=True)
    seqs = dict(conn.execute("SELECT id, seq FROM assets WHERE id IN (SELECT value FROM json_each(?))",
                             (json.dumps([i for i, _ in assets]),)))
    for (_, record), item in zip(assets, items, strict=True):
        attach_rows(conn, seqs[item.id], list(record.get("attachments") or []))


def local_record(store: Store, kind: str, row_id: str) -> Record | None:
    if kind == "asset":
        if store.conn.execute("SELECT 1 FROM assets WHERE id = ?", (row_id,)).fetchone() is None:
            return None
        return local_assets(store, [row_id])[row_id]
    spec = TABLES[kind]
    columns = _columns(store.conn, spec.table)
    row = store.conn.execute(f"SELECT {', '.join(columns)} FROM {spec.table} WHERE "
                             + " AND ".join(f"{k} = ?" for k in spec.keys),
                             row_id.split("/")).fetchone()
    if row is None:
        return None
    record = _decode(spec, tuple(row), columns, store.conn)
    if kind == "spin_answer":
        record["question"] = _question(store.conn, record["question_id"])
    return record


def account_of(kind: str, record: Record) -> str | None:
    if kind == "asset":
        return None
    return str(record[TABLES[kind].account]) if record.get(TABLES[kind].account) else None


def local_events(conn: sqlite3.Connection, sent: str = "sync_events") -> Iterator[Record]:
    """Usage and ratings not yet on the server, as events."""
    for row in conn.execute(
            "SELECT u.id, a.id, u.stage, u.customer, u.opportunity_id, u.used_at, u.who, u.outcome"
            f" FROM usage u JOIN assets a ON a.seq = u.asset_seq WHERE u.id NOT IN (SELECT id FROM {sent})"):
        yield {"id": row[0], "kind": "usage", "asset_id": row[1],
               "data": dict(zip(("stage", "customer", "opportunity_id", "used_at", "who", "outcome"),
                                tuple(row)[2:], strict=True))}
    for row in conn.execute(
            "SELECT r.id, a.id, r.score, r.by, r.comment, r.rated_at FROM ratings r"
            f" JOIN assets a ON a.seq = r.asset_seq WHERE r.id NOT IN (SELECT id FROM {sent})"):
        yield {"id": row[0], "kind": "rating", "asset_id": row[1],
               "data": dict(zip(("score", "by", "comment", "rated_at"), tuple(row)[2:], strict=True))}


def apply_event(conn: sqlite3.Connection, event: Record) -> bool:
    """Store a teammate's usage or rating here (once); False when its asset is unknown."""
    seq = conn.execute("SELECT seq FROM assets WHERE id = ?", (event["asset_id"],)).fetchone()
    if seq is None:
        return False
    d = event["data"]
    if event["kind"] == "usage":
        conn.execute("INSERT OR IGNORE INTO usage(id, asset_seq, stage, customer, opportunity_id,"
                     " used_at, who, outcome) VALUES (?,?,?,?,?,?,?,?)",
                     (event["id"], seq[0], d.get("stage") or "", d.get("customer") or "",
                      d.get("opportunity_id"), d.get("used_at") or utc_now(),
                      d.get("who") or event.get("who") or "", d.get("outcome")))
    else:
        conn.execute("INSERT OR IGNORE INTO ratings(id, asset_seq, score, by, comment, rated_at)"
                     " VALUES (?,?,?,?,?,?)",
                     (event["id"], seq[0], int(d.get("score") or 3), d.get("by") or event.get("who") or "",
                      d.get("comment") or "", d.get("rated_at") or utc_now()))
    conn.execute("INSERT OR IGNORE INTO sync_events(id) VALUES (?)", (event["id"],))
    return True
