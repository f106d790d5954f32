"""Schema for team sync (issue 18): where the server is, the version and the record each
synced row had when this library and the server last agreed (the base of the three-way
merge), conflicts kept until the user chooses, changes the server refused, incoming rows
this library could not apply yet, events already sent, shared accounts, and the assets
whose attachments stay downloaded."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE sync_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sync_rows (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    base TEXT CHECK (base IS NULL OR json_valid(base)),   -- NULL: a tombstone on the server
    PRIMARY KEY (kind, id)
);
CREATE TABLE sync_conflicts (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    base TEXT CHECK (base IS NULL OR json_valid(base)),
    mine TEXT CHECK (mine IS NULL OR json_valid(mine)),
    theirs TEXT CHECK (theirs IS NULL OR json_valid(theirs)),
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    theirs_by TEXT NOT NULL DEFAULT '',
    detected_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE sync_rejected (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    record TEXT CHECK (record IS NULL OR json_valid(record)),
    reason TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE sync_incoming (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    row TEXT NOT NULL CHECK (json_valid(row)),
    problem TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE sync_events (id TEXT PRIMARY KEY);
CREATE TABLE sync_shares (
    opportunity_id TEXT PRIMARY KEY,
    members TEXT NOT NULL CHECK (json_valid(members))
);
CREATE TABLE sync_offline (asset_id TEXT PRIMARY KEY)
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the sync bookkeeping tables."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
