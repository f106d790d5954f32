"""Local rows as sync records (plain JSON objects) and back.

Assets travel in the pack record format (packs.export.asset_records: the import format
plus attachments), so a pack and the server merge the same records. The library's other
team-wide kinds are the vocabulary (one ``facet`` record per facet, vocab.py) and FAB
statements (fabrec.py); a shared account's family (an opportunity and its SPIN plan and
answers, ROI cases, pitches, stage history, moves, tier and value-realisation plan) travels
as table rows (tables.py). Volatile bookkeeping columns stay local.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.library.assets import write_assets
from valuekit.library.model import AssetValidator
from valuekit.packs.export import asset_records
from valuekit.packs.importer import attach_rows
from valuekit.sync import fabrec, tables, vocab
from valuekit.sync.claim_events import apply_claim_event, local_claim_events
from valuekit.sync.tables import TABLES, TableKind, sync_id

__all__ = ["ACCOUNT_KINDS", "KINDS", "LIBRARY_KINDS", "TABLES", "TableKind", "sync_id"]

Record = dict[str, Any]
# Team-wide kinds, everyone reads them; the vocabulary comes first in a pull so an asset
# or FAB using a value marketing just added finds it.
LIBRARY_KINDS = ("facet", "fab", "asset")
ACCOUNT_KINDS = tuple(TABLES)
KINDS = (*LIBRARY_KINDS, *ACCOUNT_KINDS)


def _asset_record(raw: Record) -> Record:
    record = {k: v for k, v in raw.items() if k not in ("updated_at", "content_hash")}
    record["attachments"] = sorted(record.get("attachments") or [], key=lambda a: a["sha256"])
    return record


def local_assets(store: Store, ids: list[str] | None = None) -> dict[str, Record]:
    return {r["id"]: _asset_record(r) for r in asset_records(store, ids)}


def local_rows(store: Store, name: str, accounts: set[str]) -> dict[str, Record]:
    """The rows of one kind that sync: for an account kind those of the given
    opportunities, for the vocabulary and FABs all of them."""
    if name == "facet":
        return vocab.facet_records(store.conn)
    if name == "fab":
        return fabrec.fab_records(store.conn)
    return tables.rows_of(store.conn, name, accounts)


def implicit_bases(name: str, ids: list[str]) -> dict[str, Record]:
    """What a row never agreed on is compared with: a built-in facet with the seed every
    library starts with (so an untouched one is neither a local edit nor a conflict)."""
    if name != "facet":
        return {}
    seeds = vocab.seed_records()
    return {i: seeds[i] for i in ids if i in seeds}


def yielding_base(base: Record | None, mine: Record | None, theirs: Record | None) -> Record | None:
    return vocab.yielding_base(base, mine, theirs)


def only_open_additions(base: Record | None, record: Record | None) -> bool:
    return vocab.only_open_additions(base, record)


def _write_one(conn: sqlite3.Connection, kind: str, row_id: str, record: Record | None) -> None:
    if kind == "facet":
        if record is None:
            vocab.delete_facet(conn, row_id)
        else:
            vocab.write_facet(conn, record)
    elif kind == "fab":
        if record is None:
            fabrec.delete_fab(conn, row_id)
        else:
            fabrec.write_fab(conn, row_id, record)
    elif record is None:
        tables.delete_row(conn, kind, row_id)
    else:
        tables.write_row(conn, kind, row_id, record)


def _delete_asset(conn: sqlite3.Connection, row_id: str) -> None:
    seq = conn.execute("SELECT seq FROM assets WHERE id = ?", (row_id,)).fetchone()
    if seq is not None:
        conn.execute("DELETE FROM asset_fts WHERE rowid = ?", (seq[0],))
        conn.execute("DELETE FROM assets WHERE seq = ?", (seq[0],))


def write_record(conn: sqlite3.Connection, kind: str, row_id: str, record: Record | None) -> None:
    """Write (or, for None, delete) one record inside the caller's transaction. Raises
    ValidationError when the record does not fit this library (e.g. an unknown facet)."""
    write_records(conn, [(kind, row_id, record)])


def _ordered(writes: list[tuple[str, str, Record | None]]) -> list[tuple[str, str, Record | None]]:
    """Deletions first, children before parents; then writes, parents before children
    (foreign keys), the vocabulary before what is tagged with it."""
    rank = {k: n for n, k in enumerate(KINDS)}
    deletes = sorted((w for w in writes if w[2] is None), key=lambda w: -rank[w[0]])
    upserts = sorted((w for w in writes if w[2] is not None),
                     key=lambda w: (rank[w[0]], tables.write_order(w[0], w[2])))
    return deletes + upserts


def write_records(conn: sqlite3.Connection,
                  writes: list[tuple[str, str, Record | None]]) -> None:
    """Write many records at once in dependency order; assets share one validator and one
    batched write."""
    ordered = _ordered(writes)
    assets = [(i, r) for k, i, r in ordered if k == "asset" and r is not None]
    for kind, row_id, record in ordered:
        if kind == "asset" and record is None:
            _delete_asset(conn, row_id)
        elif kind in ("facet", "fab") or record is None:
            _write_one(conn, kind, row_id, record)
    if assets:
        validator = AssetValidator(conn)
        items = [validator.asset(r) for _, r in assets]
        validator.add_new_values(conn)
        write_assets(conn, items, replace=True, as_given=True)
        seqs = dict(conn.execute("SELECT id, seq FROM assets WHERE id IN (SELECT value FROM json_each(?))",
                                 (json.dumps([i for i, _ in assets]),)))
        for (_, record), item in zip(assets, items, strict=True):
            attach_rows(conn, seqs[item.id], list(record.get("attachments") or []))
    for kind, row_id, record in ordered:
        if kind in TABLES and record is not None:
            _write_one(conn, kind, row_id, record)


def local_record(store: Store, kind: str, row_id: str) -> Record | None:
    if kind == "asset":
        if store.conn.execute("SELECT 1 FROM assets WHERE id = ?", (row_id,)).fetchone() is None:
            return None
        return local_assets(store, [row_id])[row_id]
    if kind == "facet":
        return vocab.facet_records(store.conn, [row_id]).get(row_id)
    if kind == "fab":
        return fabrec.fab_records(store.conn, [row_id]).get(row_id)
    return tables.row_of(store.conn, kind, row_id)


def account_of(kind: str, record: Record) -> str | None:
    if kind in LIBRARY_KINDS:
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
    yield from local_claim_events(conn, sent)


def apply_event(conn: sqlite3.Connection, event: Record) -> bool:
    """Store a teammate's usage or rating here (once); False when its asset is unknown."""
    if event["kind"] in ("claim_usage", "claim_rating"):
        return apply_claim_event(conn, event)
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
