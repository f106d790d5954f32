"""The shared account's tables as sync kinds: which columns travel, how a row is named on
the server, and how an incoming row is written so it looks exactly like one made here.

Each kind is one local table. Columns that are this laptop's own bookkeeping (a local
sequence number, ``updated_at``, the opportunity's edit ``revision``) never travel. A
row's sync id joins its key columns with ``/`` (``/`` and ``%`` inside a part are
escaped); kinds whose key holds free text (a move's note, an actual's driver) use the
opportunity id and a hash of the rest instead, so an id never outgrows the server's limit.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from valuekit.db.store import utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg

Record = dict[str, Any]


@dataclass(frozen=True)
class TableKind:
    table: str
    keys: tuple[str, ...]            # the columns that name a row (the sync id)
    json_columns: tuple[str, ...]
    local_only: tuple[str, ...]      # never synced
    account: str                     # the column naming the opportunity
    unique: bool = True              # the keys are the table's primary key / a unique index
    hashed: bool = False             # the sync id is account/hash(other keys)
    question: bool = False           # the row names a SPIN question, which travels with it


# In foreign-key order: a parent is written before its children, deleted after them.
TABLES: dict[str, TableKind] = {
    "opportunity": TableKind("opportunities", ("id",), ("bant", "decision_chain", "checklist"),
                             ("revision", "updated_at"), "id"),
    "spin_plan_item": TableKind("spin_plan_items", ("opportunity_id", "question_id"), (), (),
                                "opportunity_id", question=True),
    "spin_answer": TableKind("spin_answers", ("opportunity_id", "question_id"), ("numbers",),
                             (), "opportunity_id", question=True),
    "roi_case": TableKind("roi_cases", ("id",), ("data",), ("updated_at",), "opportunity_id"),
    "pitch": TableKind("pitches", ("id",), ("data",), ("updated_at",), "opportunity_id"),
    "opportunity_stage": TableKind("opportunity_stages", ("opportunity_id", "stage", "entered_at"),
                                   (), ("seq",), "opportunity_id", unique=False),
    "opportunity_move": TableKind("opportunity_moves", ("opportunity_id", "move", "asset_id", "note"),
                                  (), (), "opportunity_id", hashed=True),
    "account_tier": TableKind("account_tiers", ("opportunity_id",), (), ("updated_at",),
                              "opportunity_id"),
    "value_plan": TableKind("value_plans", ("opportunity_id",), ("promise",), ("updated_at",),
                            "opportunity_id"),
    "value_milestone": TableKind("value_milestones", ("id",), (), (), "opportunity_id"),
    # an actual never changes except for superseded_at: every other column names it
    "value_actual": TableKind("value_actuals", ("opportunity_id", "driver", "quarter", "recorded_at",
                                                "amount", "source"), (), ("id",), "opportunity_id",
                              unique=False, hashed=True),
    "value_contact": TableKind("value_contacts", ("id",), (), (), "opportunity_id"),
    "value_nps": TableKind("value_nps", ("id",), (), (), "opportunity_id"),
    "value_story": TableKind("value_stories", ("asset_id",), (), (), "opportunity_id"),
}
_QUESTION_COLUMNS = ("kind", "text_zh", "text_en", "industries", "personas", "pain",
                     "driver_hint", "position")


def _escape(part: str) -> str:
    return part.replace("%", "%25").replace("/", "%2F")


def _unescape(part: str) -> str:
    return part.replace("%2F", "/").replace("%25", "%")


def sync_id(kind: TableKind, record: Record) -> str:
    if kind.hashed:
        rest = json.dumps([record.get(k) for k in kind.keys if k != kind.account],
                          ensure_ascii=False, separators=(",", ":"))
        return f"{record[kind.account]}/{hashlib.sha256(rest.encode('utf-8')).hexdigest()[:32]}"
    return "/".join(_escape(str(record[k])) for k in kind.keys)


def id_keys(name: str, row_id: str) -> Record:
    """The key columns a sync id fixes: all of them, or for a hashed id the account."""
    kind = TABLES[name]
    parts = [_unescape(p) for p in row_id.split("/")]
    if kind.hashed:
        return {kind.account: parts[0]}
    return dict(zip(kind.keys, parts, strict=False))


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _question(conn: sqlite3.Connection, question_id: str) -> Record | None:
    row = conn.execute(f"SELECT {', '.join(_QUESTION_COLUMNS)} FROM spin_questions WHERE id = ?",
                       (question_id,)).fetchone()
    return dict(zip(_QUESTION_COLUMNS, tuple(row), strict=True)) if row else None


def decode(name: str, row: tuple[Any, ...], cols: list[str], conn: sqlite3.Connection) -> Record:
    kind = TABLES[name]
    record = {c: v for c, v in zip(cols, row, strict=True) if c not in kind.local_only}
    for c in kind.json_columns:
        if isinstance(record.get(c), str):
            record[c] = json.loads(record[c])
    if name == "opportunity":  # whom it is shared with travels with the account
        found = conn.execute("SELECT members FROM sync_shares WHERE opportunity_id = ?",
                             (record["id"],)).fetchone()
        record["members"] = sorted(json.loads(found[0])) if found else []
    if kind.question:
        record["question"] = _question(conn, record["question_id"])
    return record


def _select(conn: sqlite3.Connection, name: str, where: str, params: list[Any]) -> dict[str, Record]:
    kind = TABLES[name]
    cols = columns(conn, kind.table)
    order = " ORDER BY superseded_at IS NULL" if name == "value_actual" else ""
    out: dict[str, Record] = {}
    # an actual corrected within the same second shares every key with the figure it
    # replaced: the current one (read last) names the pair
    for row in conn.execute(f"SELECT {', '.join(cols)} FROM {kind.table} WHERE {where}{order}", params):
        record = decode(name, tuple(row), cols, conn)
        out[sync_id(kind, record)] = record
    return out


def rows_of(conn: sqlite3.Connection, name: str, accounts: set[str]) -> dict[str, Record]:
    """The rows of one account kind that belong to the given opportunities."""
    if not accounts:
        return {}
    kind = TABLES[name]
    return _select(conn, name, f"{kind.account} IN (SELECT value FROM json_each(?))",
                   [json.dumps(sorted(accounts))])


def row_of(conn: sqlite3.Connection, name: str, row_id: str) -> Record | None:
    kind = TABLES[name]
    keys = id_keys(name, row_id)
    if kind.hashed:
        return rows_of(conn, name, {keys[kind.account]}).get(row_id)
    if len(keys) != len(kind.keys):
        return None
    found = _select(conn, name, " AND ".join(f"{k} = ?" for k in kind.keys), [keys[k] for k in kind.keys])
    return found.get(row_id)


def _where(kind: TableKind, record: Record) -> tuple[str, list[Any]]:
    return " AND ".join(f"{k} = ?" for k in kind.keys), [record.get(k) for k in kind.keys]


def _version(conn: sqlite3.Connection, name: str, record: Record) -> float:
    """The server version this library last agreed on for the row; a row never synced
    (made here) counts as the newest."""
    found = conn.execute("SELECT version FROM sync_rows WHERE kind = ? AND id = ?",
                         (name, sync_id(TABLES[name], record))).fetchone()
    return float(found[0]) if found else float("inf")


def _supersede(conn: sqlite3.Connection, values: Record) -> None:
    """An incoming current actual: the newest figure of a driver and quarter is the current
    one, as on the laptop that recorded it (recorded_at, then — for figures of the same
    second — the later server version). An older current row here is superseded at the
    time the newer one was recorded, which is what record_actual did on the other laptop;
    an incoming figure older than the current one here arrives superseded. So the partial
    unique index holds whatever order the rows come in."""
    if values.get("superseded_at") is not None:
        return
    cols = ("opportunity_id", "driver", "quarter", "recorded_at", "amount", "source", "superseded_at")
    others = [dict(zip(cols, r, strict=True)) for r in conn.execute(
        f"SELECT {', '.join(cols)} FROM value_actuals WHERE opportunity_id = ? AND driver = ? AND quarter = ?"
        " AND superseded_at IS NULL AND NOT (recorded_at = ? AND amount = ? AND source = ?)",
        (values["opportunity_id"], values["driver"], values["quarter"], values["recorded_at"],
         values["amount"], values["source"]))]
    mine = (str(values["recorded_at"]), _version(conn, "value_actual", values))
    newer = [o for o in others if (str(o["recorded_at"]), _version(conn, "value_actual", o)) > mine]
    if newer:
        values["superseded_at"] = min(str(o["recorded_at"]) for o in newer)
        return
    for o in others:
        conn.execute("UPDATE value_actuals SET superseded_at = ? WHERE opportunity_id = ? AND driver = ?"
                     " AND quarter = ? AND recorded_at = ? AND amount = ? AND source = ?"
                     " AND superseded_at IS NULL", (values["recorded_at"], *(o[c] for c in cols[:6])))


def write_row(conn: sqlite3.Connection, name: str, row_id: str, record: Record) -> None:
    kind = TABLES[name]
    if sync_id(kind, record) != row_id:
        raise ValidationError("id", msg("the row does not match its id {id}", id=row_id))
    cols = set(columns(conn, kind.table))
    values = {c: record.get(c) for c in cols if c in record and c not in kind.local_only}
    for c in kind.json_columns:
        if c in values and not isinstance(values[c], str) and values[c] is not None:
            values[c] = json.dumps(values[c], ensure_ascii=False)
    if kind.question and record.get("question"):
        question = dict(record["question"])
        conn.execute(f"INSERT OR IGNORE INTO spin_questions(id, {', '.join(_QUESTION_COLUMNS)},"
                     f" created_at) VALUES (?{',?' * len(_QUESTION_COLUMNS)}, ?)",
                     (record["question_id"], *(question.get(c) for c in _QUESTION_COLUMNS),
                      utc_now()))
    if "updated_at" in cols:
        values["updated_at"] = utc_now()
    if name == "opportunity":
        conn.execute("INSERT OR REPLACE INTO sync_shares(opportunity_id, members) VALUES (?, ?)",
                     (record["id"], json.dumps(sorted(record.get("members") or []))))
    if name == "value_actual":
        _supersede(conn, values)
    names = sorted(values)
    if not kind.unique:  # no constraint to conflict on: update the row the keys name, or add it
        where, params = _where(kind, values)
        sets = [c for c in names if c not in kind.keys]
        if sets and conn.execute(f"UPDATE {kind.table} SET {', '.join(f'{c} = ?' for c in sets)}"
                                 f" WHERE {where}", [values[c] for c in sets] + params).rowcount:
            return
        if not sets and conn.execute(f"SELECT 1 FROM {kind.table} WHERE {where}", params).fetchone():
            return
        conn.execute(f"INSERT INTO {kind.table}({', '.join(names)}) VALUES ({','.join('?' * len(names))})",
                     [values[c] for c in names])
        return
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in kind.keys)
    if "revision" in cols:
        updates += f", revision = {kind.table}.revision + 1"
    conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    conn.execute(f"INSERT INTO {kind.table}({', '.join(names)}) VALUES ({','.join('?' * len(names))})"
                 f" ON CONFLICT({', '.join(kind.keys)}) {conflict}", [values[c] for c in names])


def delete_row(conn: sqlite3.Connection, name: str, row_id: str) -> None:
    kind = TABLES[name]
    record = row_of(conn, name, row_id)
    if record is None:
        return
    where, params = _where(kind, record)
    conn.execute(f"DELETE FROM {kind.table} WHERE {where}", params)


def write_order(name: str, record: Record | None) -> tuple[Any, ...]:
    """Within one kind: superseded actuals before current ones, oldest first."""
    if name == "value_actual" and record is not None:
        return (record.get("superseded_at") is None, str(record.get("recorded_at") or ""))
    return ()
