"""Schema for attachments on demand (issue 18): the sales stages whose assets keep their
attachment files downloaded (beside m009's ``sync_offline`` per asset), and the files
sync downloaded from the team server — only those may be removed again to free space,
never a file attached on this laptop (it may be the only copy)."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE sync_offline_stages (stage TEXT PRIMARY KEY);
CREATE TABLE sync_downloads (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL CHECK (size >= 0),
    downloaded_at TEXT NOT NULL
)
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the keep-offline-by-stage and downloaded-files tables."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
