"""An account its owner stopped sharing with us: take it off this laptop, keep our edits.

Row-level security hides an unshared opportunity from the former teammate, so no row (and
no tombstone) of it ever reaches them again; the server sends a *revocation* instead, in
the same version-ordered stream as rows (server/schema.py ``_V3``). On a revocation the
opportunity and its whole family — every account kind in ``records.TABLES`` — leave this
library together with their sync bookkeeping. Nothing of ours is lost: a row edited here
and not yet on the server (or never sent at all) goes to the refused-changes list
(``sync_rejected``) with the reason, where the user can still read and copy it. Sharing
the account again later brings it back complete (the owner's ``vk_restamp_account``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from valuekit.db.store import Store
from valuekit.i18n import msg
from valuekit.sync import records, state

Record = dict[str, Any]


@dataclass
class Revoked:
    account: str
    customer: str
    revoked_by: str
    removed: int        # rows taken off this laptop
    kept: int           # of them, edits not yet on the server, kept as refused changes

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _account_kinds() -> list[str]:
    """The account family, children first and the opportunity last (roi_cases and pitches
    have no foreign key to it; the other tables on it cascade)."""
    kinds = [k for k, spec in records.TABLES.items() if spec.account and k != "opportunity"]
    return [*reversed(kinds), "opportunity"]


def _agreed_in(conn: sqlite3.Connection, kind: str, account: str) -> list[str]:
    """Rows of the account we agreed on with the server, even if deleted here since
    (SQLite reads the account out of each base: no decoding in Python)."""
    column = records.TABLES[kind].account
    return [r[0] for r in conn.execute(
        "SELECT id FROM sync_rows WHERE kind = ? AND base IS NOT NULL"
        " AND json_extract(base, ?) = ?", (kind, f"$.{column}", account))]


def forget_account(store: Store, conn: sqlite3.Connection, revocation: Record) -> Revoked:
    """Apply one revocation inside the caller's transaction."""
    account = str(revocation["account"])
    by = str(revocation.get("revoked_by") or "")
    opportunity = records.local_record(store, "opportunity", account)
    customer = str((opportunity or {}).get("customer") or account)
    reason = state.reason_of(msg("{owner} stopped sharing the account {customer} with you: it was"
                                 " removed from this laptop; this change had not reached the team"
                                 " and is kept here for you to read or copy",
                                 owner=by or "?", customer=customer))
    removed = kept = 0
    disputed = set(conn.execute("SELECT kind, id FROM sync_conflicts"))
    family = _account_kinds()
    for kind in family:
        mine = records.local_rows(store, kind, {account})
        agreed = state.bases(conn, kind, list(mine))
        for row_id, record in mine.items():
            base = agreed.get(row_id)
            if base is None or base.record != record or (kind, row_id) in disputed:
                state.save_rejected(conn, kind, row_id, record, reason)
                kept += 1
            records.write_record(conn, kind, row_id, None)
            removed += 1
        for row_id in {*mine, *_agreed_in(conn, kind, account)}:
            conn.execute("DELETE FROM sync_rows WHERE kind = ? AND id = ?", (kind, row_id))
            state.drop_conflict(conn, kind, row_id)
    conn.execute("DELETE FROM sync_shares WHERE opportunity_id = ?", (account,))
    # parked incoming rows of the account (the server names an opportunity's account too)
    conn.execute("DELETE FROM sync_incoming WHERE kind IN (SELECT value FROM json_each(?))"
                 " AND json_extract(row, '$.account') = ?", (json.dumps(family), account))
    return Revoked(account, customer, by, removed, kept)
