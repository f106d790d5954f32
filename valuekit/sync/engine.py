"""One sync round: pull (and merge), push rows, push events, move blobs.

Nothing is lost on the way: the cursor and each row's agreed base are written in the same
SQLite transaction as the rows a page brought; a push only moves a base forward once the
server said it applied the row; a refused row is listed (sync_rejected) and kept here; an
incoming row this library cannot store yet waits in sync_incoming. So a sync killed at
any point simply runs again. Rows edited on both sides merge field by field (merge.py);
an edit beats a delete on either side.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.sync import credentials, records, revoke, state, tables
from valuekit.sync.conflicts import merge_incoming
from valuekit.sync.transport import SyncError, Transport

PAGE = 1000
Record = dict[str, Any]


@dataclass
class SyncReport:
    pulled: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: list[str] = field(default_factory=list)
    pushed: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)
    events_sent: int = 0
    events_received: int = 0
    blobs_uploaded: int = 0
    blobs_downloaded: int = 0
    resynced: bool = False
    # accounts their owner stopped sharing with us, removed here (revoke.Revoked dicts)
    revoked: list[dict[str, Any]] = field(default_factory=list)
    # kept-offline files that could not come down: sha256, name, problem (per language)
    download_problems: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def transport_for(store: Store) -> Transport:
    """The server this library syncs with, and the user's token from the credential
    store (credentials.py; a token an older ValueKit kept in the library moves there)."""
    server = state.get_setting(store.conn, "server")
    user = state.get_setting(store.conn, "user")
    if not server:
        raise SyncError("this library is not set up for sync: run valuekit sync setup --server URL --token T")
    credentials.migrate_library_token(store, server, user)
    token = credentials.load_token(server, user) if user else None
    if not token:
        raise SyncError(msg("this computer has no sync token for {user} on {server} (a library copied"
                            " from another computer does not bring it): run valuekit sync setup"
                            " --server {server} --token T", user=user or "?", server=server))
    return Transport(server, token)


def setup(store: Store, server: str, token: str) -> dict[str, str]:
    """Check the address and token with the server, then remember them: the address and
    user in the library, the token in the credential store, never in the library. A
    different server starts from scratch (cursor 0, no agreed bases)."""
    who = Transport(server, token).get("/whoami")
    if who.status != 200 or not isinstance(who.body, dict):
        raise SyncError("the server did not accept the token")
    server, user = server.rstrip("/"), str(who.body["name"])
    place = credentials.save_token(server, user, token)
    with store.transaction() as conn:
        if state.get_setting(conn, "server") != server:
            conn.execute("DELETE FROM sync_rows")
            state.set_setting(conn, "cursor", "0")
            state.rescan(conn)
        for key, value in (("server", server), ("user", user), ("role", str(who.body["role"]))):
            state.set_setting(conn, key, value)
    credentials.wipe_library_token(store)  # one an older ValueKit kept here
    return {"server": server, "user": user, "role": str(who.body["role"]),
            "token_kept_in": place.kind, "token_place": place.where}


# ---- pull -------------------------------------------------------------------------

def _theirs(row: Record) -> Record | None:
    if row["deleted"]:
        return None
    data = dict(row["data"])
    # the row's identity is the server's, whatever the payload claims: a record can only
    # ever land under its own id (and a child under the account it was shared through)
    kind = row["kind"]
    if kind in records.TABLES:
        spec = records.TABLES[kind]
        data.update(tables.id_keys(kind, str(row["id"])))
        if kind != "opportunity" and row.get("account"):
            data[spec.account] = row["account"]
    elif kind == "facet":
        data["name"] = row["id"]
    else:
        data["id"] = row["id"]
    if kind == "opportunity":
        data["members"] = sorted(row.get("members") or [])
    return data


def local_records(store: Store, kind: str, ids: list[str]) -> dict[str, Record]:
    if kind == "asset":
        present = [r[0] for r in store.conn.execute(
            "SELECT id FROM assets WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))]
        return records.local_assets(store, present) if present else {}
    found = {}
    for row_id in ids:
        record = records.local_record(store, kind, row_id)
        if record is not None:
            found[row_id] = record
    return found


def _decide(conn: Any, row: Record, mine: Record | None, base: state.Base | None,
            report: SyncReport) -> tuple[bool, Record | None]:
    """What to write here for one incoming row: (write?, record or None to delete)."""
    kind, row_id, theirs = row["kind"], row["id"], _theirs(row)
    version = int(row["version"])
    if mine == theirs:
        state.set_base(conn, kind, row_id, version, theirs)
        state.drop_conflict(conn, kind, row_id)
        return False, None
    pending = state.open_conflict(conn, kind, row_id)
    edited = base is None and mine is not None or base is not None and mine != base.record
    state.set_base(conn, kind, row_id, version, theirs)
    if not edited:
        report.applied += 1
        return True, theirs
    if base is not None and theirs == base.record and pending is None:
        return False, None  # only we changed it (e.g. our own push echoed back): keep ours
    if theirs is None or mine is None:  # an edit beats a delete, on either side
        if pending is not None:
            state.drop_conflict(conn, kind, row_id)
        if theirs is None:  # deleted there, edited here: the edit is pushed back
            return False, None
        report.applied += 1
        return True, theirs
    merged = merge_incoming(conn, kind, row_id, base.record if base else None, mine, theirs,
                            pending, str(row.get("modified_by") or ""))
    report.merged += 1
    if merged.conflicts:
        report.conflicts.append(f"{kind}/{row_id}")
    return merged.record != mine, merged.record


def apply_rows(store: Store, conn: Any, rows: list[Record], report: SyncReport, *,
               land_parked: bool = True) -> None:
    """Merge a batch of server rows into this library (inside the caller's transaction),
    the vocabulary first and parents before children (records.KINDS). Rows that waited
    in sync_incoming for what this batch brought (a new closed-facet value, the plan of
    a milestone) are tried again right after it."""
    writes: list[tuple[str, str, Record | None]] = []
    for kind in records.KINDS:
        batch = [r for r in rows if r["kind"] == kind]
        if not batch:
            continue
        ids = [r["id"] for r in batch]
        mine, agreed = local_records(store, kind, ids), state.bases(conn, kind, ids)
        for row_id, seed in records.implicit_bases(kind, [i for i in ids if i not in agreed]).items():
            agreed[row_id] = state.Base(0, seed)
        for row in batch:
            base = agreed.get(row["id"])
            if kind == "facet" and base is not None:
                base = state.Base(base.version, records.yielding_base(base.record, mine.get(row["id"]),
                                                                      _theirs(row)))
            write, record = _decide(conn, row, mine.get(row["id"]), base, report)
            if write:
                writes.append((kind, row["id"], record))
    if writes:
        _write_many(store, conn, writes, rows)
        if land_parked:
            _land_parked(store, conn, report)


def _land_parked(store: Store, conn: Any, report: SyncReport) -> None:
    parked = [json.loads(r[0]) for r in conn.execute("SELECT row FROM sync_incoming")]
    if parked:
        conn.execute("DELETE FROM sync_incoming")
        apply_rows(store, conn, parked, report, land_parked=False)


def _write_many(store: Store, conn: Any, writes: list[tuple[str, str, Record | None]],
                rows: list[Record]) -> None:
    try:
        with store.transaction():
            records.write_records(conn, writes)
    except (ValidationError, sqlite3.Error):  # find the rows at fault one by one
        for kind, row_id, record in writes:
            try:
                with store.transaction():
                    records.write_records(conn, [(kind, row_id, record)])
            except (ValidationError, sqlite3.Error) as exc:
                _park(conn, kind, row_id, rows, str(exc))


def _park(conn: Any, kind: str, row_id: str, rows: list[Record], problem: str) -> None:
    """Keep an incoming row this library cannot store yet; retried on every sync."""
    row = next(r for r in rows if r["kind"] == kind and r["id"] == row_id)
    conn.execute("INSERT OR REPLACE INTO sync_incoming(kind, id, row, problem) VALUES (?,?,?,?)",
                 (kind, row_id, json.dumps(row, ensure_ascii=False), problem))
    conn.execute("DELETE FROM sync_rows WHERE kind = ? AND id = ?", (kind, row_id))


def _retry_parked(store: Store, report: SyncReport) -> None:
    parked = [json.loads(r[0]) for r in store.conn.execute("SELECT row FROM sync_incoming")]
    if parked:
        with store.transaction() as conn:
            conn.execute("DELETE FROM sync_incoming")
            apply_rows(store, conn, parked, report)


def pull(store: Store, transport: Transport, report: SyncReport) -> None:
    _retry_parked(store, report)
    cursor = state.get_cursor(store.conn)
    seen: set[tuple[str, str]] | None = None
    restored = False
    while True:
        answer = transport.get("/changes", since=cursor, limit=PAGE)
        if answer.status == 410:  # our cursor predates the server's oldest kept change
            cursor, seen, report.resynced = 0, set(), True
            restored = bool((answer.body or {}).get("restored"))
            continue
        if answer.status != 200:
            raise SyncError(msg("the server refused the changes request ({status})", status=answer.status))
        page = answer.body
        with store.transaction() as conn:
            apply_rows(store, conn, page["rows"], report)
            for event in page["events"]:
                report.events_received += records.apply_event(conn, event)
            # after the page's rows: a revocation is newer than every row of its account
            # we can still see (the account is hidden from us from then on)
            for revocation in page.get("revocations") or []:
                report.revoked.append(revoke.forget_account(store, conn, revocation).as_dict())
            cursor = int(page["cursor"])
            state.set_setting(conn, "cursor", str(cursor))
        report.pulled += len(page["rows"])
        if seen is not None:
            seen |= {(r["kind"], r["id"]) for r in page["rows"]}
        if not page["more"]:
            break
    if seen is not None:
        _forget_purged(store, seen, restored)


def _forget_purged(store: Store, seen: set[tuple[str, str]], restored: bool) -> None:
    """After a full resync: a row we had agreed on that the server no longer has was
    deleted there long ago (unedited here → delete it; edited here → push it again) or,
    after the server was restored from a backup, lost there (→ push it again)."""
    with store.transaction() as conn:
        state.rescan(conn)
        for kind in records.KINDS:
            agreed = state.bases(conn, kind)
            gone = [i for i in agreed if (kind, i) not in seen]
            mine = local_records(store, kind, gone)
            for row_id in gone:
                if mine.get(row_id) is not None and (restored or mine[row_id] != agreed[row_id].record):
                    state.set_base(conn, kind, row_id, 0, None)
                    continue
                if mine.get(row_id) is not None:
                    records.write_record(conn, kind, row_id, None)
                conn.execute("DELETE FROM sync_rows WHERE kind = ? AND id = ?", (kind, row_id))
