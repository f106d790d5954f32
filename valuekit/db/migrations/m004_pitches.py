"""Schema for pitches and their exported versions (issue 5).

A pitch is stored as its pitch document (the JSON of ``valuekit pitch save``); every
export keeps the exact content that was exported, so what a customer received can be
shown again later even after the pitch was edited."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE pitches (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    customer TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'zh',
    -- no foreign key: opportunities are archived, not deleted, and may arrive by pack
    opportunity_id TEXT,
    data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX pitches_by_opportunity ON pitches(opportunity_id);
CREATE TABLE pitch_versions (
    id TEXT PRIMARY KEY,
    pitch_id TEXT NOT NULL REFERENCES pitches(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    exported_at TEXT NOT NULL,
    UNIQUE (pitch_id, version)
);
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the pitches and pitch_versions tables."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
