"""Schema for after the sale (issue 17): realisation plans, milestones, actuals, contacts,
NPS answers, customer tiers and the success stories drafted from an account.

A plan stores a frozen copy of the ROI case (the *promise*): later edits of the case must
not move the yardstick the customer is measured against. An actual that is recorded
again for the same driver and quarter supersedes the old row (``superseded_at``) instead
of deleting it, so the history stays and the partial unique index makes double counting
impossible.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE value_plans (
    opportunity_id TEXT PRIMARY KEY REFERENCES opportunities(id) ON DELETE CASCADE,
    case_id TEXT,
    promise TEXT NOT NULL CHECK (json_valid(promise)),
    go_live TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE value_milestones (
    id TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES value_plans(opportunity_id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due TEXT NOT NULL,
    first_value INTEGER NOT NULL DEFAULT 0,
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX value_milestones_by_plan ON value_milestones(opportunity_id, due);
CREATE TABLE value_actuals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id TEXT NOT NULL REFERENCES value_plans(opportunity_id) ON DELETE CASCADE,
    driver TEXT NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter >= 1),
    amount REAL NOT NULL CHECK (amount >= 0),
    source TEXT NOT NULL CHECK (source IN ('measured', 'customer', 'estimated')),
    recorded_at TEXT NOT NULL,
    superseded_at TEXT
);
CREATE UNIQUE INDEX value_actuals_current ON value_actuals(opportunity_id, driver, quarter)
    WHERE superseded_at IS NULL;
CREATE TABLE value_contacts (
    id TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES value_plans(opportunity_id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'message', 'case')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX value_contacts_by_plan ON value_contacts(opportunity_id, on_date);
CREATE TABLE value_nps (
    id TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES value_plans(opportunity_id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    on_date TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE account_tiers (
    opportunity_id TEXT PRIMARY KEY REFERENCES opportunities(id) ON DELETE CASCADE,
    tier TEXT NOT NULL CHECK (tier IN ('benchmark', 'value_added', 'ordinary')),
    updated_at TEXT NOT NULL
);
CREATE TABLE value_stories (
    asset_id TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
)
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the after-the-sale tables."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
