"""Schema for the selling methods as the seeds define them (issue 16).

- ``opportunities.cognition``: the customer's 5A step (Aware … Advocate); a stage moves
  forward only when cognition does (docs/methods.md §3).
- ``opportunity_stages``: when each stage was entered — the funnel's measured conversions
  and the monthly review read it (docs/methods.md §8). Existing opportunities get their current
  stage as entered when they were created.
- ``team_settings``: what marketing and sales agree for their team (the SQL BANT minimum,
  win probabilities per stage, the large-deal threshold per currency), one JSON value a key.
- FAB statements gain a perception part (value = benefit × perception) and, like SPIN bank
  questions, a status (draft / verified / retired); ratings and usage of both claims live in
  ``claim_ratings`` and ``claim_usage`` (only validated value counts, docs/methods.md §2).
- ``opportunity_moves``: the nine winning moves of a missile-model deal, each linked to the
  assets or notes that fulfil it.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
ALTER TABLE opportunities ADD COLUMN cognition TEXT
    CHECK (cognition IS NULL OR cognition IN ('Aware', 'Appeal', 'Ask', 'Act', 'Advocate'));
CREATE TABLE opportunity_stages (
    seq INTEGER PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX opportunity_stages_by_opp ON opportunity_stages(opportunity_id, entered_at);
INSERT INTO opportunity_stages (opportunity_id, stage, entered_at)
    SELECT id, stage, created_at FROM opportunities;
CREATE TABLE team_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value)),
    updated_at TEXT NOT NULL
);
ALTER TABLE fabs ADD COLUMN perception TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(perception));
ALTER TABLE fabs ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'verified', 'retired'));
ALTER TABLE spin_questions ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'verified', 'retired'));
CREATE TABLE claim_ratings (
    kind TEXT NOT NULL CHECK (kind IN ('fab', 'spin')),
    claim_id TEXT NOT NULL,
    rater TEXT NOT NULL,
    usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    rated_at TEXT NOT NULL,
    PRIMARY KEY (kind, claim_id, rater)
) WITHOUT ROWID;
CREATE TABLE claim_usage (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('fab', 'spin')),
    claim_id TEXT NOT NULL,
    opportunity_id TEXT,
    stage TEXT,
    used_at TEXT NOT NULL
);
CREATE INDEX claim_usage_by_claim ON claim_usage(kind, claim_id);
CREATE TABLE opportunity_moves (
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    move TEXT NOT NULL,
    asset_id TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    linked_at TEXT NOT NULL,
    PRIMARY KEY (opportunity_id, move, asset_id, note)
) WITHOUT ROWID
"""


def up(conn: sqlite3.Connection) -> None:
    """Add cognition, stage history, team settings, claim status/ratings/usage, nine moves."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
