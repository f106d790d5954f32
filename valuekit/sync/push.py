"""Sending this library's changes: rows edited here since the last agreement, usage and
ratings not yet on the server, and the attachment files those rows name. (Bringing files
down — on demand and "keep offline" — is sync/offline.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.i18n import msg
from valuekit.library.attachments import stored_path
from valuekit.sync import records, state
from valuekit.sync.engine import SyncReport, apply_rows
from valuekit.sync.transport import SyncError, Transport

PUSH_BATCH = 500
EVENT_BATCH = 2000
BLOB_ATTEMPTS = 3
Record = dict[str, Any]


@dataclass
class Outgoing:
    kind: str
    id: str
    base: int
    record: Record | None   # None: deleted here
    account: str | None = None  # a deleted account row's opportunity (from its base)

    def payload(self) -> Record:
        out: Record = {"kind": self.kind, "id": self.id, "base": self.base,
                       "deleted": self.record is None, "data": self.record}
        if self.kind not in records.LIBRARY_KINDS:
            out["account"] = records.account_of(self.kind, self.record) if self.record else self.account
        if self.kind == "opportunity" and self.record is not None:
            out["members"] = self.record.get("members") or []
        return out


def accounts(store: Store) -> set[str]:
    """Opportunities that sync: shared by their owner here, or shared with us."""
    return {r[0] for r in store.conn.execute("SELECT opportunity_id FROM sync_shares")}


def _edited_assets(store: Store, since: str) -> dict[str, Record]:
    """Assets that may differ from their agreed base: all of them on a full scan (no
    mark), else those written since the mark (every library write stamps updated_at;
    one second of slack for the stamp's precision) and those never agreed on."""
    if not since:
        return records.local_assets(store)
    ids = [r[0] for r in store.conn.execute(
        "SELECT id FROM assets WHERE updated_at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-1 second')"
        " UNION SELECT id FROM assets WHERE id NOT IN (SELECT id FROM sync_rows WHERE kind = 'asset')",
        (since,))]
    return records.local_assets(store, ids) if ids else {}


def outgoing(store: Store, since: str = "") -> list[Outgoing]:
    """Every row that differs from what this library and the server last agreed on,
    except rows with an open conflict and refused rows not edited since. ``since``: the
    scan mark of the last complete push (empty: look at every asset)."""
    conn = store.conn
    held = set(conn.execute("SELECT kind, id FROM sync_conflicts"))
    refused = {(r.kind, r.id): r.record for r in state.rejected(conn)}
    shared = accounts(store)
    curator = state.get_setting(conn, "role") == "marketing"
    out: list[Outgoing] = []
    for kind in records.KINDS:
        if kind == "asset":
            mine = _edited_assets(store, since)
            # only the candidates' bases, and the agreed assets deleted here: reading all
            # 100k bases would cost seconds on every sync
            agreed = state.bases(conn, kind, list(mine))
            gone = state.bases(conn, kind, [r[0] for r in conn.execute(
                "SELECT id FROM sync_rows WHERE kind = 'asset' AND base IS NOT NULL"
                " AND id NOT IN (SELECT id FROM assets)")])
        else:
            mine = records.local_rows(store, kind, shared)
            agreed = state.bases(conn, kind)
            gone = {i: b for i, b in agreed.items() if i not in mine}
            # an untouched built-in facet equals the seed: not an edit (records.implicit_bases)
            for row_id, seed in records.implicit_bases(kind, [i for i in mine if i not in agreed]).items():
                agreed[row_id] = state.Base(0, seed)
        for row_id, record in mine.items():
            base = agreed.get(row_id)
            if base is not None and base.record == record:
                continue
            if kind == "facet" and not curator and records.only_open_additions(
                    base.record if base else None, record):
                continue  # values added by tagging travel with the assets that use them
            out.append(Outgoing(kind, row_id, base.version if base else 0, record))
        for row_id, base in gone.items():
            if base.record is not None and (
                    kind in records.LIBRARY_KINDS or records.account_of(kind, base.record) in shared):
                out.append(Outgoing(kind, row_id, base.version, None, records.account_of(kind, base.record)))
    return [o for o in out if (o.kind, o.id) not in held
            and not ((o.kind, o.id) in refused and refused[(o.kind, o.id)] == o.record)]


def upload_blobs(store: Store, transport: Transport, rows: list[Outgoing],
                 report: SyncReport) -> None:
    """Files before the rows that name them; HEAD skips what the server already has.
    An upload the server refuses by its hash (cut off, corrupted) is sent again."""
    shas = sorted({a["sha256"] for o in rows if o.kind == "asset" and o.record
                   for a in o.record.get("attachments") or []})
    for sha in shas:
        if transport.has_blob(sha):
            continue
        path = stored_path(store, sha)
        if not path.is_file():
            continue  # never downloaded here: the server got it from whoever attached it
        for _attempt in range(BLOB_ATTEMPTS):
            answer = transport.put_blob(sha, path)
            if answer.status == 200:
                report.blobs_uploaded += 1
                break
        else:
            raise SyncError(msg("the server refused the file {sha} {n} times", sha=sha, n=BLOB_ATTEMPTS))


def push_rows(store: Store, transport: Transport, report: SyncReport) -> int:
    """Push edited rows; returns how many came back as conflicts (merged here already)."""
    mark = utc_now()  # taken before reading: an edit made during the push is seen next time
    rows = outgoing(store, state.get_setting(store.conn, "scan_mark"))
    upload_blobs(store, transport, rows, report)
    stale = 0
    for start in range(0, len(rows), PUSH_BATCH):
        batch = rows[start:start + PUSH_BATCH]
        while batch:
            answer = transport.post("/push", {"rows": [o.payload() for o in batch]})
            if answer.status == 403:  # nothing applied: set the refused rows aside, resend
                refused = {(r["kind"], r["id"]): r["reason"] for r in answer.body["refused"]}
                with store.transaction() as conn:
                    for o in batch:
                        if (o.kind, o.id) in refused:
                            state.save_rejected(conn, o.kind, o.id, o.record, refused[(o.kind, o.id)])
                            report.rejected.append({"kind": o.kind, "id": o.id,
                                                    "reason": refused[(o.kind, o.id)]})
                batch = [o for o in batch if (o.kind, o.id) not in refused]
                continue
            if answer.status != 200:
                raise SyncError(msg("the server refused the push ({status}): {error}", status=answer.status, error=(answer.body or {}).get("error", "")))
            by_key = {(o.kind, o.id): o for o in batch}
            with store.transaction() as conn:
                for applied in answer.body["applied"]:
                    o = by_key[(applied["kind"], applied["id"])]
                    if applied["version"]:
                        state.set_base(conn, o.kind, o.id, applied["version"], o.record)
                    else:
                        conn.execute("DELETE FROM sync_rows WHERE kind = ? AND id = ?", (o.kind, o.id))
                    conn.execute("DELETE FROM sync_rejected WHERE kind = ? AND id = ?", (o.kind, o.id))
                    report.pushed += 1
                if answer.body["conflicts"]:  # someone was faster: merge theirs now
                    apply_rows(store, conn, answer.body["conflicts"], report)
                    stale += len(answer.body["conflicts"])
            break
    with store.transaction() as conn:
        state.set_setting(conn, "scan_mark", mark)
    return stale


def push_events(store: Store, transport: Transport, report: SyncReport) -> None:
    """Usage and ratings by UUID: a retry after a lost answer counts nothing twice."""
    pending = list(records.local_events(store.conn))
    for start in range(0, len(pending), EVENT_BATCH):
        batch = pending[start:start + EVENT_BATCH]
        answer = transport.post("/events", {"events": batch})
        if answer.status != 200:
            raise SyncError(msg("the server refused the usage records ({status})", status=answer.status))
        with store.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO sync_events(id) VALUES (?)",
                             [(e["id"],) for e in batch])
        report.events_sent += answer.body["added"]
