"""Conflicts a pack import kept aside, and the user's decision on each: keep mine,
take theirs, or keep both (theirs becomes a new asset next to mine)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import write_assets
from valuekit.library.attachments import stored_path
from valuekit.library.model import AssetValidator
from valuekit.packs.export import asset_records
from valuekit.packs.importer import attach_rows

CHOICES = ("mine", "theirs", "both")


def list_conflicts(store: Store) -> list[dict[str, Any]]:
    """Each conflict with both sides, for a side-by-side view."""
    rows = store.conn.execute(
        "SELECT asset_id, incoming, pack_name, created_by, detected_at FROM pack_conflicts "
        "ORDER BY detected_at, asset_id").fetchall()
    if not rows:
        return []
    mine = {r["id"]: r for r in asset_records(store, [r[0] for r in rows])}
    return [{"id": asset_id, "pack": pack, "from": who, "detected_at": when,
             "mine": mine.get(asset_id), "theirs": json.loads(incoming)}
            for asset_id, incoming, pack, who, when in rows]


def resolve_conflict(store: Store, asset_id: str, choice: str) -> str:
    """Apply the user's choice; returns the id of the asset that now holds "theirs"
    (the same id for theirs, a new id for both, the same id for mine)."""
    if choice not in CHOICES:
        raise ValidationError("choice", msg("must be one of {allowed}", allowed=', '.join(CHOICES)))
    with store.transaction() as conn:
        row = conn.execute("SELECT incoming, incoming_hash FROM pack_conflicts WHERE asset_id = ?",
                           (asset_id,)).fetchone()
        if row is None:
            raise NotFoundError(msg("no pack conflict for asset {asset_id}", asset_id=asset_id))
        incoming, incoming_hash = json.loads(row[0]), row[1]
        result = asset_id
        if choice in ("theirs", "both"):
            record = dict(incoming)
            if choice == "both":
                result = record["id"] = str(uuid.uuid4())
                record["title"] = f"{record['title']} ({record.get('creator') or 'pack'})"
            validator = AssetValidator(conn)
            item = validator.asset(record)
            validator.add_new_values(conn)
            write_assets(conn, [item], replace=True)
            seq = conn.execute("SELECT seq FROM assets WHERE id = ?", (item.id,)).fetchone()[0]
            attach_rows(conn, seq, [a for a in incoming.get("attachments") or []
                                if stored_path(store, a["sha256"]).exists()])
        # Whatever was chosen, the pack's version is now the common version, so importing
        # the same pack again does not raise the same conflict.
        conn.execute("INSERT OR REPLACE INTO pack_sync(asset_id, content_hash, synced_at)"
                     " VALUES (?,?,?)", (asset_id, incoming_hash, utc_now()))
        conn.execute("DELETE FROM pack_conflicts WHERE asset_id = ?", (asset_id,))
    return result
