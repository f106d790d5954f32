"""Schema for sharing libraries offline (issue 7): what was last exchanged through packs,
conflicts waiting for a decision, value renames to carry to other libraries, and the
high-water marks of usage reports."""

from __future__ import annotations

import sqlite3

SCHEMA = """
-- The content hash of each asset as last exported to or imported from a pack: the
-- "common version" that tells an edit made here from one made elsewhere.
CREATE TABLE pack_sync (
    asset_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
-- An incoming asset that changed both here and in the pack since the common version:
-- kept aside, never applied silently, until the user chooses.
CREATE TABLE pack_conflicts (
    asset_id TEXT PRIMARY KEY,
    incoming TEXT NOT NULL CHECK (json_valid(incoming)),
    incoming_hash TEXT NOT NULL,
    pack_name TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    detected_at TEXT NOT NULL
);
CREATE TABLE value_renames (
    facet TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    renamed_at TEXT NOT NULL,
    PRIMARY KEY (facet, old_value)
);
-- Usage reports: the last usage/rating rowid already exported, per kind.
CREATE TABLE report_marks (
    kind TEXT PRIMARY KEY,
    last_rowid INTEGER NOT NULL,
    exported_at TEXT NOT NULL
);
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the pack bookkeeping tables."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
