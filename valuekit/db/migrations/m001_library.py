"""The value library: facets and their vocabularies, assets, tags, attachments,
usage records, ratings and the full-text index."""

from __future__ import annotations

import sqlite3

from valuekit.db.seed import seed_builtin_vocabulary

SCHEMA = """
CREATE TABLE facets (
    name TEXT PRIMARY KEY,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,   -- values must be added to the vocabulary first
    single INTEGER NOT NULL DEFAULT 0,   -- at most one value per asset (format)
    builtin INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 100
);
CREATE TABLE facet_values (
    facet TEXT NOT NULL REFERENCES facets(name) ON UPDATE CASCADE ON DELETE CASCADE,
    value TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 100,
    PRIMARY KEY (facet, value)
);
CREATE TABLE assets (
    seq INTEGER PRIMARY KEY,             -- stable rowid shared with the FTS index
    id TEXT NOT NULL UNIQUE,             -- UUID, so libraries can merge
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    creator TEXT NOT NULL DEFAULT '',
    importance INTEGER NOT NULL DEFAULT 3 CHECK (importance BETWEEN 1 AND 5),
    source_url TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'verified', 'retired')),
    status_by TEXT,
    status_at TEXT,
    review_due TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX assets_updated ON assets(updated_at);
CREATE INDEX assets_importance ON assets(importance);
CREATE INDEX assets_creator ON assets(creator);
CREATE TABLE asset_tags (
    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (asset_seq, facet, value),
    FOREIGN KEY (facet, value) REFERENCES facet_values(facet, value) ON UPDATE CASCADE
) WITHOUT ROWID;
CREATE INDEX asset_tags_by_value ON asset_tags(facet, value, asset_seq);
CREATE TABLE attachments (
    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (asset_seq, sha256)
);
CREATE INDEX attachments_by_hash ON attachments(sha256);
CREATE TABLE usage (
    id TEXT PRIMARY KEY,
    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    customer TEXT NOT NULL DEFAULT '',
    opportunity_id TEXT,
    used_at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    outcome TEXT
);
CREATE INDEX usage_by_asset ON usage(asset_seq);
CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    asset_seq INTEGER NOT NULL REFERENCES assets(seq) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    by TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    rated_at TEXT NOT NULL
);
CREATE INDEX ratings_by_asset ON ratings(asset_seq);
-- Text is tokenized in Python (CJK bigrams, see valuekit.library.textindex) before it
-- reaches FTS5, so unicode61 only splits on the spaces we put in.
CREATE VIRTUAL TABLE asset_fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 2');
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    seed_builtin_vocabulary(conn)
