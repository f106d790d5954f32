"""Brand and seller profile: one row per setting of the library (``brand.color``,
``profile.email`` …), so every customer document of this library carries them."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS library_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the settings table."""
    conn.execute(SCHEMA)
