"""The database half of ``library check``: SQLite's integrity check read row by row,
the full-text index checked against itself and against the assets table, and foreign
keys. It never dies on a malformed page: whatever SQLite managed to report before the
error is kept, and the error itself becomes a finding."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

MAX_FINDINGS = 100
FTS_TABLE = "asset_fts"


@dataclass
class IntegrityReport:
    """What ``valuekit library check`` found."""

    sqlite_ok: bool
    sqlite_messages: list[str] = field(default_factory=list)
    fts_messages: list[str] = field(default_factory=list)
    foreign_key_problems: int = 0
    missing_files: list[str] = field(default_factory=list)
    # absent here but held by the team server (downloaded on demand): information, not a problem
    on_server_files: list[str] = field(default_factory=list)
    corrupt_files: list[str] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    damaged_copy: str | None = None

    @property
    def ok(self) -> bool:
        return (self.sqlite_ok and not self.fts_messages and not self.foreign_key_problems
                and not self.missing_files and not self.corrupt_files)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "sqlite_ok": self.sqlite_ok,
            "sqlite_messages": self.sqlite_messages,
            "fts_messages": self.fts_messages,
            "foreign_key_problems": self.foreign_key_problems,
            "missing_files": self.missing_files,
            "on_server_files": self.on_server_files,
            "corrupt_files": self.corrupt_files,
            "extra_files": self.extra_files,
            "leftovers": self.leftovers,
            "cleaned": self.cleaned,
            "damaged_copy": self.damaged_copy,
        }


def _rows(conn: sqlite3.Connection, sql: str, findings: list[str]) -> list[tuple[object, ...]]:
    """Rows of ``sql`` one at a time; an error mid-way is appended as a finding."""
    out: list[tuple[object, ...]] = []
    try:
        cursor = conn.execute(sql)
        while (row := cursor.fetchone()) is not None:
            out.append(tuple(row))
    except sqlite3.DatabaseError as exc:
        findings.append(str(exc))
    return out


def _fts_findings(conn: sqlite3.Connection) -> list[str]:
    findings: list[str] = []
    tables = {r[0] for r in _rows(conn, "SELECT name FROM sqlite_master WHERE type='table'", findings)}
    if FTS_TABLE not in tables or "assets" not in tables:
        return findings
    try:
        # FTS5's own check: the index agrees with the text it stores
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        findings.append(f"full-text index: {exc}")
    missing = _rows(conn, f"SELECT count(*) FROM assets WHERE seq NOT IN (SELECT rowid FROM {FTS_TABLE})",
                    findings)
    extra = _rows(conn, f"SELECT count(*) FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT seq FROM assets)",
                  findings)
    if missing and missing[0][0]:
        findings.append(f"full-text index: {missing[0][0]} assets are missing from the search index")
    if extra and extra[0][0]:
        findings.append(f"full-text index: {extra[0][0]} index rows belong to no asset")
    return findings


def check_database(conn: sqlite3.Connection) -> IntegrityReport:
    messages: list[str] = []
    rows = _rows(conn, f"PRAGMA integrity_check({MAX_FINDINGS})", messages)
    found = [str(r[0]) for r in rows if r and r[0] != "ok"] + messages
    report = IntegrityReport(sqlite_ok=not found, sqlite_messages=found)
    report.fts_messages = _fts_findings(conn)
    fk_errors: list[str] = []
    report.foreign_key_problems = len(_rows(conn, "PRAGMA foreign_key_check", fk_errors)) + len(fk_errors)
    return report
