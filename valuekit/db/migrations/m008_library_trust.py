"""A library that finds the right asset and keeps it trustworthy (issue 15).

* governance: an owner, a review interval (NULL = the format's default), an optional
  expiry date and an *internal only* flag on every asset; verified assets without a next
  review date get one (verified date + interval);
* usage and rating summaries on the asset row, kept by triggers in the same transaction
  as the events (whoever writes them) so sorting by usage or usefulness reads one column;
* per-value tag counts kept by triggers, so the whole library's sidebar is a table read;
* every asset's tags as tokens of a small FTS5 table (``tag_fts``, kept by triggers except
  during bulk writes, which fill it themselves): tag filters are intersected by the engine,
  like the words of a query, instead of fetching each value's assets;
* the four column facets of each asset in a narrow table (``asset_columns``, kept by
  triggers), so counting them for a result reads a few bytes per asset, not its body;
* text extracted from attachment files, declared value synonyms, the team's journey map;
* the formats ``card`` and ``tech_spec_sheet`` (re-seeded, INSERT OR IGNORE);
* the full-text index rebuilt with NFKC, Snowball stems and a column for attachment text.
"""

from __future__ import annotations

import sqlite3

from valuekit.db.fts import FTS_SCHEMA, index_text
from valuekit.db.seed import DEFAULT_REVIEW_DAYS, FORMAT_REVIEW_DAYS, seed_builtin_vocabulary

SCHEMA = """
ALTER TABLE assets ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN review_interval_days INTEGER
    CHECK (review_interval_days IS NULL OR review_interval_days BETWEEN 1 AND 3660);
ALTER TABLE assets ADD COLUMN expires_on TEXT;
ALTER TABLE assets ADD COLUMN internal_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN use_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ratings ADD COLUMN stage TEXT;
CREATE INDEX usage_by_asset_stage ON usage(asset_seq, stage, outcome);
CREATE INDEX assets_status ON assets(status, language);
CREATE INDEX assets_owner ON assets(owner);
CREATE INDEX assets_review ON assets(review_due);
CREATE TRIGGER usage_count_add AFTER INSERT ON usage BEGIN
    UPDATE assets SET use_count = use_count + 1 WHERE seq = NEW.asset_seq; END;
CREATE TRIGGER usage_count_del AFTER DELETE ON usage BEGIN
    UPDATE assets SET use_count = use_count - 1 WHERE seq = OLD.asset_seq; END;
CREATE TRIGGER rating_sum_add AFTER INSERT ON ratings BEGIN
    UPDATE assets SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.score
    WHERE seq = NEW.asset_seq; END;
CREATE TRIGGER rating_sum_del AFTER DELETE ON ratings BEGIN
    UPDATE assets SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.score
    WHERE seq = OLD.asset_seq; END;
CREATE TABLE tag_counts (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
) WITHOUT ROWID;
CREATE TRIGGER tag_count_add AFTER INSERT ON asset_tags BEGIN
    INSERT INTO tag_counts(facet, value, n) VALUES (NEW.facet, NEW.value, 1)
    ON CONFLICT(facet, value) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER tag_count_del AFTER DELETE ON asset_tags BEGIN
    UPDATE tag_counts SET n = n - 1 WHERE facet = OLD.facet AND value = OLD.value; END;
CREATE TRIGGER tag_count_upd AFTER UPDATE OF facet, value ON asset_tags BEGIN
    UPDATE tag_counts SET n = n - 1 WHERE facet = OLD.facet AND value = OLD.value;
    INSERT INTO tag_counts(facet, value, n) VALUES (NEW.facet, NEW.value, 1)
    ON CONFLICT(facet, value) DO UPDATE SET n = n + 1; END;
CREATE INDEX assets_columns ON assets(status, language, creator, importance);
CREATE VIRTUAL TABLE tag_fts USING fts5(tags, tokenize = 'unicode61');
CREATE TABLE tag_fts_bulk (on_ INTEGER);
CREATE TRIGGER tag_fts_add AFTER INSERT ON asset_tags
WHEN NOT EXISTS (SELECT 1 FROM tag_fts_bulk) BEGIN
    DELETE FROM tag_fts WHERE rowid = NEW.asset_seq;
    INSERT INTO tag_fts(rowid, tags) SELECT NEW.asset_seq, group_concat('v' || v.rowid, ' ')
    FROM asset_tags t JOIN facet_values v ON v.facet = t.facet AND v.value = t.value
    WHERE t.asset_seq = NEW.asset_seq HAVING count(*) > 0; END;
CREATE TRIGGER tag_fts_del AFTER DELETE ON asset_tags
WHEN NOT EXISTS (SELECT 1 FROM tag_fts_bulk) BEGIN
    DELETE FROM tag_fts WHERE rowid = OLD.asset_seq;
    INSERT INTO tag_fts(rowid, tags) SELECT OLD.asset_seq, group_concat('v' || v.rowid, ' ')
    FROM asset_tags t JOIN facet_values v ON v.facet = t.facet AND v.value = t.value
    WHERE t.asset_seq = OLD.asset_seq HAVING count(*) > 0; END;
CREATE TABLE asset_columns (
    seq INTEGER PRIMARY KEY,
    status TEXT, language TEXT, creator TEXT, importance INTEGER
);
CREATE TRIGGER asset_columns_add AFTER INSERT ON assets BEGIN
    INSERT INTO asset_columns VALUES (NEW.seq, NEW.status, NEW.language, NEW.creator, NEW.importance); END;
CREATE TRIGGER asset_columns_upd AFTER UPDATE OF status, language, creator, importance ON assets BEGIN
    UPDATE asset_columns SET status = NEW.status, language = NEW.language, creator = NEW.creator,
    importance = NEW.importance WHERE seq = NEW.seq; END;
CREATE TRIGGER asset_columns_del AFTER DELETE ON assets BEGIN
    DELETE FROM asset_columns WHERE seq = OLD.seq; END;
CREATE TABLE file_text (
    sha256 TEXT PRIMARY KEY,
    text TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    error TEXT,
    extracted_at TEXT NOT NULL
);
CREATE TABLE value_synonyms (
    facet TEXT NOT NULL REFERENCES facets(name) ON UPDATE CASCADE ON DELETE CASCADE,
    synonym TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (facet, synonym)
);
CREATE TABLE journey_stages (
    stage TEXT PRIMARY KEY,
    cognition TEXT NOT NULL DEFAULT '',
    formats TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    segment TEXT NOT NULL DEFAULT '',
    understanding TEXT NOT NULL DEFAULT '',
    feeling TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT '',
    updated_at TEXT
)"""

# The same words as valuekit.library.model.INTERNAL_MARKERS, frozen as they were when
# this migration shipped (a migration never imports the library).
INTERNAL_MARKERS = ("不得公开", "仅限内部", "内部使用", "internal only", "internal use only",
                    "do not send it to customers", "not for customers")


# Every asset's tags as tokens v<facet_values rowid> (a rename keeps the rowid, so the
# tokens stay right; a value's rowid never changes while it exists).
TAG_ROWS = ("SELECT t.asset_seq, group_concat('v' || v.rowid, ' ') FROM asset_tags t"
            " JOIN facet_values v ON v.facet = t.facet AND v.value = t.value GROUP BY t.asset_seq")


def _review_days_sql() -> str:
    cases = " ".join(f"WHEN '{f}' THEN {d}" for f, d in FORMAT_REVIEW_DAYS.items())
    return (f"coalesce(a.review_interval_days, (SELECT CASE t.value {cases} ELSE {DEFAULT_REVIEW_DAYS}"
            " END FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'format'),"
            f" {DEFAULT_REVIEW_DAYS})")


def up(conn: sqlite3.Connection) -> None:
    buffer = ""
    for line in (SCHEMA + ";").splitlines(keepends=True):
        buffer += line
        # Triggers hold ';' inside BEGIN … END: run a statement only once it is complete.
        if sqlite3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    seed_builtin_vocabulary(conn)
    conn.execute("UPDATE assets SET owner = creator")
    conn.execute("UPDATE assets SET use_count = (SELECT count(*) FROM usage u WHERE u.asset_seq = assets.seq)")
    conn.execute("UPDATE assets SET rating_count = (SELECT count(*) FROM ratings r WHERE r.asset_seq = assets.seq),"
                 " rating_sum = (SELECT coalesce(sum(score), 0) FROM ratings r WHERE r.asset_seq = assets.seq)")
    conn.execute("INSERT INTO tag_counts(facet, value, n) SELECT facet, value, count(*) FROM asset_tags"
                 " GROUP BY facet, value")
    marker = " OR ".join("instr(lower(body), ?) > 0" for _ in INTERNAL_MARKERS)
    conn.execute("UPDATE assets SET internal_only = 1 WHERE seq IN (SELECT asset_seq FROM asset_tags"
                 f" WHERE facet = 'format' AND value = 'battlecard') OR {marker}", INTERNAL_MARKERS)
    conn.execute(f"UPDATE assets AS a SET review_due = date(coalesce(a.status_at, a.updated_at), '+' ||"
                 f" {_review_days_sql()} || ' days') WHERE a.status = 'verified' AND a.review_due IS NULL")
    conn.execute(f"INSERT INTO tag_fts(rowid, tags) {TAG_ROWS}")
    conn.execute("INSERT INTO asset_columns SELECT seq, status, language, creator, importance FROM assets")
    conn.execute("DROP TABLE asset_fts")
    conn.execute(FTS_SCHEMA)
    # The index's own vocabulary (term, documents, occurrences): "did you mean" reads it.
    conn.execute("CREATE VIRTUAL TABLE asset_vocab USING fts5vocab(asset_fts, row)")
    rows = conn.execute("SELECT seq, title, summary, body FROM assets")
    batch: list[tuple[int, str, str, str, str]] = []
    for seq, title, summary, body in rows:
        batch.append((seq, index_text(title), index_text(summary), index_text(body), ""))
        if len(batch) >= 5000:
            conn.executemany("INSERT INTO asset_fts(rowid, title, summary, body, files) VALUES (?,?,?,?,?)", batch)
            batch = []
    conn.executemany("INSERT INTO asset_fts(rowid, title, summary, body, files) VALUES (?,?,?,?,?)", batch)
