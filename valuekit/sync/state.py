"""This library's sync bookkeeping (tables of migration m009): settings, the agreed base of
each synced row, conflicts waiting for the user, changes the server refused."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

from valuekit.db.store import Store, utc_now
from valuekit.i18n import Msg, render, user_language
from valuekit.sync.claim_events import local_claim_events

Record = dict[str, Any]


def get_setting(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM sync_settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def get_cursor(conn: sqlite3.Connection) -> int:
    """The last server version pulled. A damaged value counts as 0: the next pull is then a
    full resync, which loses nothing (rows equal to ours are only re-agreed)."""
    try:
        return max(0, int(get_setting(conn, "cursor", "0")))
    except ValueError:
        return 0


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


class Decision(TypedDict):
    """A disputed field the user already settled while others stay open: how (mine,
    theirs, edit) and the value now in this library."""
    choice: str
    value: Any


@dataclass
class Conflict:
    kind: str
    id: str
    fields: list[str]       # the disputed fields still open (dotted paths)
    base: Record | None     # what both sides started from (per open field)
    mine: Record | None
    theirs: Record | None
    theirs_by: str
    detected_at: str
    decided: dict[str, Decision] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _load(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def _fields(text: str) -> tuple[list[str], dict[str, Decision]]:
    """The ``fields`` column: a list of open paths, or, once some fields were decided,
    {"open": [...], "decided": {path: {"choice", "value"}}} (no new column needed)."""
    value = json.loads(text)
    if isinstance(value, list):
        return [str(v) for v in value], {}
    return [str(v) for v in value.get("open", [])], dict(value.get("decided", {}))


_COLUMNS = "kind, id, base, mine, theirs, fields, theirs_by, detected_at"


def _conflict(r: Any) -> Conflict:
    open_fields, decided = _fields(r[5])
    return Conflict(r[0], r[1], open_fields, _load(r[2]), _load(r[3]), _load(r[4]), r[6], r[7],
                    decided)


def conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    return [_conflict(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM sync_conflicts ORDER BY detected_at, kind, id")]


def open_conflict(conn: sqlite3.Connection, kind: str, row_id: str) -> Conflict | None:
    r = conn.execute(f"SELECT {_COLUMNS} FROM sync_conflicts WHERE kind = ? AND id = ?",
                     (kind, row_id)).fetchone()
    return _conflict(r) if r else None


def save_conflict(conn: sqlite3.Connection, kind: str, row_id: str, base: Record | None,
                  mine: Record | None, theirs: Record | None, fields: list[str], by: str,
                  decided: dict[str, Decision] | None = None, detected_at: str = "") -> None:
    def dump(value: Record | None) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    kept = json.dumps({"open": fields, "decided": decided}, ensure_ascii=False) if decided \
        else json.dumps(fields)
    conn.execute("INSERT OR REPLACE INTO sync_conflicts(kind, id, base, mine, theirs, fields,"
                 " theirs_by, detected_at) VALUES (?,?,?,?,?,?,?,?)",
                 (kind, row_id, dump(base), dump(mine), dump(theirs), kept, by,
                  detected_at or utc_now()))


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
        + count("SELECT count(*) FROM ratings WHERE id NOT IN (SELECT id FROM sync_events)") \
        + sum(1 for _ in local_claim_events(conn))
    return Status(get_setting(conn, "server"), get_setting(conn, "user"), get_setting(conn, "role"),
                  get_cursor(conn), get_setting(conn, "last_sync"),
                  get_setting(conn, "last_error"), pending,
                  count("SELECT count(*) FROM sync_conflicts"),
                  count("SELECT count(*) FROM sync_rejected"),
                  count("SELECT count(*) FROM sync_incoming"),
                  count("SELECT count(*) FROM sync_shares"))
