"""Which attachment files the team server holds, as far as this library knows.

A library set up for sync receives asset rows whose attachment files stay on the server
until someone opens them or keeps the asset offline. Such a file is absent here by design,
not lost: ``library check`` and ``library backup`` must tell it apart from a file that is
truly missing. The server has a file when an asset's *agreed* sync base (the record this
library and the server last agreed on, table ``sync_rows`` of migration m009) names its
hash: a row is only agreed after the server applied it, and the client uploads a row's
files before the row. The tables are read here with plain SQL because ``library`` must
not import ``sync`` (the dependency direction runs the other way)."""

from __future__ import annotations

import sqlite3


def sync_configured(conn: sqlite3.Connection) -> bool:
    """Whether this library is set up to sync with a team server."""
    try:
        row = conn.execute("SELECT value FROM sync_settings WHERE key = 'server'").fetchone()
    except sqlite3.OperationalError:  # a database older than the sync schema
        return False
    return bool(row and row[0])


def server_files(conn: sqlite3.Connection) -> set[str]:
    """SHA-256 of every attachment the team server holds for an asset synced here
    (empty when the library is not set up for sync)."""
    if not sync_configured(conn):
        return set()
    return {str(r[0]) for r in conn.execute(
        "SELECT DISTINCT json_extract(a.value, '$.sha256') FROM sync_rows r,"
        " json_each(r.base, '$.attachments') a"
        " WHERE r.kind = 'asset' AND r.base IS NOT NULL AND r.version > 0") if r[0]}
