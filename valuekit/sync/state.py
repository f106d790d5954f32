"""This library's sync bookkeeping (tables of migration m009): settings, the agreed base of
each synced row, conflicts waiting for the user, changes the server refused."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.i18n import Msg, render, user_language

Record = dict[str, Any]


def get_setting(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM sync_settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_settings(key, value) VALUES (?, ?)", (key, value))


def rescan(conn: sqlite3.Connection) -> None:
    """Make the next push look at every asset, not only those written since the last
    push: after a change of base that did not rewrite the asset (a conflict settled as
    mine, a full resync)."""
    conn.execute("DELETE FROM sync_settings WHERE key = 'scan_mark'")


@dataclass
class Base:
    version: int
    record: Record | None   # None: a tombstone on the server


def bases(conn: sqlite3.Connection, kind: str, ids: list[str] | None = None) -> dict[str, Base]:
    if ids is None:
        rows = conn.execute("SELECT id, version, base FROM sync_rows WHERE kind = ?", (kind,))
    else:
        rows = conn.execute("SELECT id, version, base FROM sync_rows WHERE kind = ? AND id IN"
                            " (SELECT value FROM json_each(?))", (kind, json.dumps(ids)))
    return {r[0]: Base(r[1], json.loads(r[2]) if r[2] is not None else None) for r in rows}


def set_base(conn: sqlite3.Connection, kind: str, row_id: str, version: int,
             record: Record | None) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_rows(kind, id, version, base) VALUES (?,?,?,?)",
                 (kind, row_id, version,
                  None if record is None else json.dumps(record, ensure_ascii=False)))


@dataclass
class Conflict:
    kind: str
    id: str
    fields: list[str]
    base: Record | None
    mine: Record | None
    theirs: Record | None
    theirs_by: str
    detected_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _load(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    return [Conflict(r[0], r[1], json.loads(r[5]), _load(r[2]), _load(r[3]), _load(r[4]),
                     r[6], r[7]) for r in conn.execute(
        "SELECT kind, id, base, mine, theirs, fields, theirs_by, detected_at FROM sync_conflicts"
        " ORDER BY detected_at, kind, id")]


def open_conflict(conn: sqlite3.Connection, kind: str, row_id: str) -> Conflict | None:
    r = conn.execute("SELECT kind, id, base, mine, theirs, fields, theirs_by, detected_at"
                     " FROM sync_conflicts WHERE kind = ? AND id = ?", (kind, row_id)).fetchone()
    return Conflict(r[0], r[1], json.loads(r[5]), _load(r[2]), _load(r[3]), _load(r[4]),
                    r[6], r[7]) if r else None


def save_conflict(conn: sqlite3.Connection, kind: str, row_id: str, base: Record | None,
                  mine: Record | None, theirs: Record | None, fields: list[str], by: str) -> None:
    def dump(value: Record | None) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    conn.execute("INSERT OR REPLACE INTO sync_conflicts(kind, id, base, mine, theirs, fields,"
                 " theirs_by, detected_at) VALUES (?,?,?,?,?,?,?,?)",
                 (kind, row_id, dump(base), dump(mine), dump(theirs), json.dumps(fields), by,
                  utc_now()))


def drop_conflict(conn: sqlite3.Connection, kind: str, row_id: str) -> None:
    conn.execute("DELETE FROM sync_conflicts WHERE kind = ? AND id = ?", (kind, row_id))


@dataclass
class Rejected:
    kind: str
    id: str
    reason: str
    record: Record | None
    rejected_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A reason this library wrote itself is kept language-neutral (the message id and its
# parameters, as JSON behind this mark) and shown in the reader's language; the server's
# reasons arrive as plain text and are shown as they came.
_MSG_MARK = "vk-msg:"


def reason_of(message: Msg) -> str:
    """A reason to store with ``save_rejected``, shown later in the reader's language."""
    return _MSG_MARK + json.dumps({"id": message.key, "params": dict(message.params)},
                                  ensure_ascii=False)


def reason_text(stored: str, lang: str | None = None) -> str:
    if not stored.startswith(_MSG_MARK):
        return stored
    try:
        found = json.loads(stored[len(_MSG_MARK):])
        message = Msg(str(found["id"]), dict(found.get("params") or {}))
    except (ValueError, KeyError, TypeError):
        return stored
    return render(message, lang or user_language())


def rejected(conn: sqlite3.Connection, lang: str | None = None) -> list[Rejected]:
    """Changes kept here that the server refused (or that could not be sent any more),
    reasons in ``lang`` (default: the user's language from the environment)."""
    return [Rejected(r[0], r[1], reason_text(r[3], lang), _load(r[2]), r[4]) for r in conn.execute(
        "SELECT kind, id, record, reason, rejected_at FROM sync_rejected ORDER BY rejected_at, id")]


def save_rejected(conn: sqlite3.Connection, kind: str, row_id: str, record: Record | None,
                  reason: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_rejected(kind, id, record, reason, rejected_at)"
                 " VALUES (?,?,?,?,?)", (kind, row_id, None if record is None else
                                         json.dumps(record, ensure_ascii=False), reason, utc_now()))


@dataclass
class Status:
    server: str
    user: str
    role: str
    cursor: int
    last_sync: str
    last_error: str
    pending_events: int
    conflicts: int
    rejected: int
    waiting_incoming: int
    shared_accounts: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def status(store: Store) -> Status:
    conn = store.conn

    def count(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    pending = count("SELECT count(*) FROM usage WHERE id NOT IN (SELECT id FROM sync_events)") \
        + count("SELECT count(*) FROM ratings WHERE id NOT IN (SELECT id FROM sync_events)")
    return Status(get_setting(conn, "server"), get_setting(conn, "user"), get_setting(conn, "role"),
                  int(get_setting(conn, "cursor", "0")), get_setting(conn, "last_sync"),
                  get_setting(conn, "last_error"), pending,
                  count("SELECT count(*) FROM sync_conflicts"),
                  count("SELECT count(*) FROM sync_rejected"),
                  count("SELECT count(*) FROM sync_incoming"),
                  count("SELECT count(*) FROM sync_shares"))
