"""Schema for opportunities, FAB and SPIN (issue 4).

Nested parts of an opportunity (BANT, decision chain, checklist answers) are stored as
JSON: they are always read and written with their opportunity, never queried alone.
``revision`` grows by one on every write so an editor can detect a concurrent change.
Products and features are referenced by FAB statements with RESTRICT foreign keys, so
a product cannot be deleted under its statements (the core deletes them first only
when asked to cascade).
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE opportunities (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL CHECK (length(trim(customer)) > 0),
    industry TEXT NOT NULL,
    segment TEXT NOT NULL DEFAULT '',
    size INTEGER CHECK (size IS NULL OR size >= 0),
    region TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    owner TEXT NOT NULL DEFAULT '',
    deal_size REAL CHECK (deal_size IS NULL OR deal_size >= 0),
    currency TEXT NOT NULL DEFAULT 'CNY',
    close_date TEXT,
    bant TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(bant)),
    decision_chain TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(decision_chain)),
    checklist TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(checklist)),
    archived INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX opportunities_by_stage ON opportunities(archived, stage);
CREATE TABLE products (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
);
CREATE TABLE features (
    id TEXT PRIMARY KEY,
    product TEXT NOT NULL REFERENCES products(key) ON DELETE RESTRICT,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (product, name)
);
CREATE TABLE fabs (
    id TEXT PRIMARY KEY,
    product TEXT NOT NULL REFERENCES products(key) ON DELETE RESTRICT,
    feature_id TEXT NOT NULL REFERENCES features(id) ON DELETE RESTRICT,
    advantage TEXT NOT NULL DEFAULT '',
    competitor TEXT NOT NULL DEFAULT '',
    benefit TEXT NOT NULL CHECK (length(trim(benefit)) > 0),
    language TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    personas TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(personas)),
    industries TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(industries)),
    value_type TEXT NOT NULL,
    need_layer TEXT NOT NULL,
    pains TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pains)),
    roi_driver TEXT CHECK (roi_driver IS NULL OR json_valid(roi_driver)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX fabs_by_feature ON fabs(feature_id);
CREATE INDEX fabs_by_product ON fabs(product);
CREATE TABLE spin_questions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('situation', 'problem', 'implication', 'need_payoff')),
    text_zh TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT '',
    industries TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(industries)),
    personas TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(personas)),
    pain TEXT NOT NULL DEFAULT '',
    driver_hint TEXT CHECK (driver_hint IS NULL OR json_valid(driver_hint)),
    position INTEGER NOT NULL DEFAULT 1000,
    created_at TEXT NOT NULL,
    CHECK (length(trim(text_zh)) > 0 OR length(trim(text_en)) > 0)
);
CREATE TABLE spin_plan_items (
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL REFERENCES spin_questions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, question_id)
) WITHOUT ROWID;
CREATE TABLE spin_answers (
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL REFERENCES spin_questions(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    pain_layer TEXT CHECK (pain_layer IS NULL OR
        pain_layer IN ('individual', 'organization', 'enterprise', 'industry')),
    pain TEXT,
    pain_key TEXT,
    numbers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(numbers)),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (opportunity_id, question_id)
) WITHOUT ROWID
"""


def up(conn: sqlite3.Connection) -> None:
    """Create the tables for opportunities, FAB, SPIN."""
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
