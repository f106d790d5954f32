"""What the CLI and the GUI call: sync now, share an account, resolve a conflict, undo a
refused change."""

from __future__ import annotations

import json
from collections.abc import Mapping

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError
from valuekit.i18n import msg
from valuekit.sync import records, state
from valuekit.sync.engine import SyncReport, pull, transport_for
from valuekit.sync.offline import fetch_offline
from valuekit.sync.push import push_events, push_rows
from valuekit.sync.resolve import Choice, Resolution, resolve_conflict
from valuekit.sync.transport import Offline, Transport

ROUNDS = 3


def sync_now(store: Store, transport: Transport | None = None) -> SyncReport:
    """Pull and merge, push rows and events, fetch files kept offline. Raises Offline
    when the server cannot be reached (everything stays here, to sync later)."""
    transport = transport or transport_for(store)
    report = SyncReport()
    try:
        for _round in range(ROUNDS):
            pull(store, transport, report)
            push_events(store, transport, report)
            if not push_rows(store, transport, report):
                break
        fetch_offline(store, transport, report)
    except Offline as exc:
        with store.transaction() as conn:
            state.set_setting(conn, "last_error", str(exc))
        raise
    with store.transaction() as conn:
        state.set_setting(conn, "last_sync", utc_now())
        state.set_setting(conn, "last_error", "")
    return report


def share(store: Store, opportunity_id: str, members: list[str]) -> list[str]:
    """Share an opportunity (and its SPIN answers, ROI cases and pitches) with named
    teammates; an empty list keeps it shared with nobody but its owner. Unshared
    opportunities never leave this laptop."""
    found = store.conn.execute("SELECT id FROM opportunities WHERE id = ? OR id LIKE ?",
                               (opportunity_id, opportunity_id + "%")).fetchall()
    if len(found) != 1:
        raise NotFoundError(msg("no single opportunity matches {ref}", ref=opportunity_id))
    clean = sorted({m.strip() for m in members if m.strip()})
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO sync_shares(opportunity_id, members) VALUES (?, ?)",
                     (found[0][0], json.dumps(clean)))
    return clean


def resolve(store: Store, kind: str, row_id: str,
            choices: str | Mapping[str, Choice]) -> Resolution:
    """Settle a conflict: per disputed field ``mine``, ``theirs`` or an ``Edited`` value
    (sync/resolve.py), or ``"mine"``/``"theirs"`` for every open field at once. Fields not
    named stay open; once none is left the result is pushed at the next sync."""
    return resolve_conflict(store, kind, row_id, choices)


def revert(store: Store, kind: str, row_id: str) -> None:
    """Give up a change the server refused: the row goes back to the server's version."""
    with store.transaction() as conn:
        if not conn.execute("SELECT 1 FROM sync_rejected WHERE kind = ? AND id = ?",
                            (kind, row_id)).fetchone():
            raise NotFoundError(msg("no refused change for {kind} {id}", kind=kind, id=row_id))
        base = state.bases(conn, kind, [row_id]).get(row_id)
        records.write_record(conn, kind, row_id, base.record if base else None)
        conn.execute("DELETE FROM sync_rejected WHERE kind = ? AND id = ?", (kind, row_id))
