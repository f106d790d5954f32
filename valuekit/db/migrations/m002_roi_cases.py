"""Schema for ROI cases (issue 3): the input document as the user wrote it, linked to
an opportunity and a customer. Figures are never stored; they are recomputed from the
input, so they cannot disagree with it."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE roi_cases (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    customer TEXT NOT NULL DEFAULT '',
    -- no foreign key: opportunities arrive in a later migration and are archived, not deleted
    opportunity_id TEXT,
    data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX roi_cases_by_opportunity ON roi_cases(opportunity_id);
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the roi_cases table."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
